import Foundation
import VeloBase
import VeloJSON

/// Assertions about files a query wrote (paths relative to the spec's folder).
extension SpecEvaluator {
    package static func path(_ a: SpecAssertion, _ key: String, _ t: Target) -> String {
        SpecDataFile.resolve(a.string(key) ?? "", relativeTo: t.context.directory)
    }

    package static func fileExistsCheck(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let file = path(a, "path", t)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
            let size = (attributes[.size] as? NSNumber)?.intValue
        else {
            return result(a, false, "file '\(file)' does not exist", expected: "exists", actual: "missing")
        }
        var want: [String] = ["exists"], ok = true
        if let min = a.int("min_size_bytes") { want.append("≥ \(min) bytes"); ok = ok && size >= min }
        if let max = a.int("max_size_bytes") { want.append("≤ \(max) bytes"); ok = ok && size <= max }
        return result(
            a, ok, "file '\(file)' has \(plural(size, "byte"))" + (ok ? "" : ", expected \(want.dropFirst().joined(separator: " and "))"),
            expected: want.joined(separator: ", "), actual: "\(size) bytes")
    }

    /// Reads a file for an assertion, or gives the failing result.
    package static func records(_ a: SpecAssertion, _ key: String, _ t: Target) -> Result<[JSONValue], AssertionFailure> {
        let file = path(a, key, t)
        let format = SpecDataFile.format(named: a.string("format"), path: file)
        do { return .success(try SpecDataFile.read(file, format: format)) } catch let error as VeloReportable {
            return .failure(AssertionFailure(result: result(a, false, error.diagnostic.message, actual: "unreadable")))
        } catch {
            return .failure(AssertionFailure(result: result(a, false, "cannot read '\(file)': \(error)", actual: "unreadable")))
        }
    }

    package struct AssertionFailure: Error { package var result: AssertionResult }

    package static func fileRowCount(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let file = path(a, "path", t)
        guard let data = FileManager.default.contents(atPath: file) else {
            return result(a, false, "file '\(file)' does not exist", actual: "missing")
        }
        let format = SpecDataFile.format(named: a.string("format"), path: file)
        let rows: Int
        switch format {
        case .csv, .csvNoHeader:
            let (all, bad) = CSVRows.read(Array(data), header: format == .csv)
            if let first = bad.first {
                return result(a, false, "'\(file)' line \(first.line): \(first.message)", actual: "unreadable")
            }
            let skip = a.bool("skip_header") ?? (format == .csv)
            rows = max(0, all.count - (skip ? 1 : 0))
        default:
            switch records(a, "path", t) {
            case .success(let list): rows = list.count
            case .failure(let f): return f.result
            }
        }
        var want: [String] = [], ok = true
        if let v = a.int("equals") { want.append("= \(v)"); ok = ok && rows == v }
        if let v = a.int("greater_than") { want.append("> \(v)"); ok = ok && rows > v }
        if let v = a.int("less_than") { want.append("< \(v)"); ok = ok && rows < v }
        return result(
            a, ok, "file '\(file)' has \(plural(rows, "row"))" + (ok ? "" : ", expected \(want.joined(separator: " and "))"),
            expected: want.joined(separator: " and "), actual: String(rows))
    }

    package static func fileContains(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let list: [JSONValue]
        switch records(a, "path", t) {
        case .success(let l): list = l
        case .failure(let f): return f.result
        }
        let field = a.string("field") ?? ""
        let wanted = a.strings("expected_values") ?? []
        let present = Set(list.compactMap { $0[field].map(SpecValue.text) })
        // Numbers written as 1.0 in one place and 1 in another still match.
        func has(_ w: String) -> Bool { present.contains(w) || (Double(w).map { d in present.contains { Double($0) == d } } ?? false) }
        let found = wanted.filter(has), missing = wanted.filter { !has($0) }
        let all = a.string("mode") != "any"
        let ok = all ? missing.isEmpty : !found.isEmpty
        let file = a.string("path") ?? ""
        return result(
            a, ok,
            ok
                ? "'\(file)' \(field) has \(all ? "all of" : "one of") \(wanted.joined(separator: ", "))"
                : "'\(file)' \(field) lacks \(all ? missing.joined(separator: ", ") : "every one of " + wanted.joined(separator: ", "))",
            expected: "\(all ? "all" : "any") of \(wanted.joined(separator: ", "))",
            actual: found.isEmpty ? "none found" : "found \(found.joined(separator: ", "))")
    }

    package static func fileMatches(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let actual: [JSONValue], expected: [JSONValue]
        switch records(a, "actual_path", t) {
        case .success(let l): actual = l;
        case .failure(let f): return f.result
        }
        switch records(a, "expected_path", t) {
        case .success(let l): expected = l;
        case .failure(let f): return f.result
        }
        let ignore = Set(a.strings("ignore_fields") ?? [])
        let fields = (a.strings("compare_fields") ?? (expected.first?.objectValue?.keys ?? [])).filter { !ignore.contains($0) }
        let tolerance = a.number("numeric_tolerance") ?? 0
        func row(_ r: JSONValue) -> [JSONValue] { fields.map { r[$0] ?? .null } }
        var left = actual.map(row), right = expected.map(row)
        if a.bool("ignore_order") ?? true {
            let key: ([JSONValue]) -> String = { $0.map(SpecValue.text).joined(separator: "\u{1F}") }
            left.sort { key($0) < key($1) }
            right.sort { key($0) < key($1) }
        }
        let names = (a.string("actual_path") ?? "", a.string("expected_path") ?? "")
        if left.count != right.count {
            return result(
                a, false, "'\(names.0)' has \(plural(left.count, "row")), '\(names.1)' has \(right.count)",
                expected: "\(right.count) rows", actual: "\(left.count) rows")
        }
        for (i, (x, y)) in zip(left, right).enumerated() {
            for f in fields.indices where !SpecValue.equal(x[f], y[f], tolerance: tolerance) {
                return result(
                    a, false, "row \(i + 1) differs in '\(fields[f])': \(SpecValue.text(x[f])) vs expected \(SpecValue.text(y[f]))",
                    expected: SpecValue.text(y[f]), actual: SpecValue.text(x[f]))
            }
        }
        return result(
            a, true, "'\(names.0)' matches '\(names.1)' on \(fields.joined(separator: ", ")) (\(plural(left.count, "row")))",
            expected: "\(right.count) rows", actual: "\(left.count) rows")
    }
}
