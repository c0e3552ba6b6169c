import Foundation
import VeloBase
import VeloJSON

/// Assertions about the records a sink received.
extension SpecEvaluator {
    package static func recordCount(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let n = t.records.count
        var expected: [String] = []
        var ok = true
        if let v = a.int("equals") { expected.append("= \(v)"); ok = ok && n == v }
        if let v = a.int("greater_than") { expected.append("> \(v)"); ok = ok && n > v }
        if let v = a.int("less_than") { expected.append("< \(v)"); ok = ok && n < v }
        if let b = a.params["between"]?.arrayValue, b.count == 2, let lo = b[0].doubleValue, let hi = b[1].doubleValue {
            expected.append("between \(show(lo)) and \(show(hi))")
            ok = ok && Double(n) >= lo && Double(n) <= hi
        }
        if let e = a.string("expression") {
            expected.append(e)
            do {
                let v = try SpecExpression.evaluate(e, variables: countVariables(t), context: t.context)
                if case .flag(let b) = v {
                    ok = ok && b
                } else if case .number(let want) = v {
                    ok = ok && Double(n) == want; expected[expected.count - 1] = "= \(show(want)) (\(e))"
                } else {
                    return result(a, false, "record_count expression '\(e)' is neither true/false nor a number", expected: e, actual: String(n))
                }
            } catch {
                return result(a, false, "record_count expression: \(error)", expected: e, actual: String(n))
            }
        }
        // No bound at all passes, as velo-test's record_count does (it only reports the count).
        if expected.isEmpty { expected.append("any count") }
        let want = expected.joined(separator: " and ")
        return result(
            a, ok, ok ? "\(plural(n, "record")) in '\(t.sink)'" : "'\(t.sink)' has \(plural(n, "record")), expected \(want)",
            expected: want, actual: String(n))
    }

    /// Names an expression can use besides template paths.
    package static func countVariables(_ t: Target) -> [String: SpecExpression.Value] {
        [
            "count": .number(Double(t.records.count)), "record_count": .number(Double(t.records.count)),
            "output_count": .number(Double(t.records.count)), "input_count": .number(Double(t.result.inputCount))
        ]
    }

    package static func schemaContains(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let fields = a.strings("fields") ?? []
        guard !t.records.isEmpty else {
            return result(
                a, false, "'\(t.sink)' has no records to check the fields of", expected: fields.joined(separator: ", "), actual: "no records")
        }
        var missing: [String: Int] = [:]
        var firstMissing: [String: Int] = [:]
        for (i, record) in t.records.enumerated() {
            for field in fields where record[field] == nil {
                missing[field, default: 0] += 1
                if firstMissing[field] == nil { firstMissing[field] = i + 1 }
            }
        }
        var problems = fields.filter { missing[$0] != nil }.map {
            "'\($0)' missing in \(plural(missing[$0]!, "record")) (first #\(firstMissing[$0]!))"
        }
        if let key = a.string("key_field") {
            let keys = t.result.outputKeys[t.sink]
            let bad = t.records.indices.filter { i in
                if let keys, i < keys.count { return keys[i] == nil }
                return t.records[i][key]?.isNull ?? true
            }
            if !bad.isEmpty { problems.append("key field '\(key)' empty in \(plural(bad.count, "record")) (first #\(bad[0] + 1))") }
        }
        let present = Set(t.records.first?.objectValue?.keys ?? [])
        let actual = present.isEmpty ? "no fields" : t.records[0].objectValue!.keys.joined(separator: ", ")
        let suggestions = fields.filter { missing[$0] != nil }.compactMap { f in Suggest.closest(to: f, among: present).map { "'\($0)' for '\(f)'" } }
        let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.joined(separator: ", "))?)"
        return result(
            a, problems.isEmpty,
            problems.isEmpty
                ? "every record has \(fields.joined(separator: ", "))"
                : problems.joined(separator: "; ") + hint,
            expected: fields.joined(separator: ", "), actual: actual)
    }

    package static func noNulls(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        var fields = a.strings("fields") ?? []
        if fields.isEmpty {
            var seen: [String] = []
            for r in t.records { for k in r.objectValue?.keys ?? [] where !seen.contains(k) { seen.append(k) } }
            fields = seen
        }
        var nulls: [(String, Int, Int)] = [] // field, count, first record
        for field in fields {
            var count = 0, first = 0
            // Only a NULL that is there fails, as in velo-test: a record without the field is not a null.
            for (i, r) in t.records.enumerated() where r[field]?.isNull == true {
                count += 1
                if first == 0 { first = i + 1 }
            }
            if count > 0 { nulls.append((field, count, first)) }
        }
        let which = fields.isEmpty ? "any field" : fields.joined(separator: ", ")
        if nulls.isEmpty {
            return result(a, true, "no nulls in \(which) over \(plural(t.records.count, "record"))", expected: "no nulls", actual: "0 nulls")
        }
        let text = nulls.map { "'\($0.0)' null in \(plural($0.1, "record")) (first #\($0.2))" }.joined(separator: "; ")
        return result(a, false, text, expected: "no nulls in \(which)", actual: "\(nulls.reduce(0) { $0 + $1.1 }) nulls")
    }

    package static func fieldInSet(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let field = a.string("field") ?? ""
        let allowed = Set(a.strings("values") ?? [])
        var bad: [String] = []
        var distinct: [String] = []
        for (i, r) in t.records.enumerated() {
            let v = r[field].map(SpecValue.text) ?? "missing"
            if !allowed.contains(v) {
                bad.append("#\(i + 1) (\(field)=\(v))")
                if !distinct.contains(v) { distinct.append(v) }
            }
        }
        let want = (a.strings("values") ?? []).joined(separator: ", ")
        if bad.isEmpty { return result(a, true, "every '\(field)' is one of \(want)", expected: want, actual: "all in set") }
        return result(
            a, false, "\(plural(bad.count, "record")) with '\(field)' outside the set: \(examples(bad))",
            expected: "one of \(want)", actual: distinct.prefix(5).joined(separator: ", "))
    }

    package static func fieldValues(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let field = a.string("field") ?? ""
        let op = a.string("operator") ?? "equals"
        let want = a.params["value"] ?? .null
        let regex: Regex<AnyRegexOutput>? = op == "matches" ? try? Regex(SpecValue.text(want)) : nil
        if op == "matches", regex == nil {
            return result(a, false, "'\(SpecValue.text(want))' is not a valid regular expression", expected: SpecValue.text(want))
        }
        var bad: [String] = []
        for (i, r) in t.records.enumerated() {
            // A record without the field is skipped, as velo-test does.
            guard let v = r[field] else { continue }
            if !check(v, op, want, regex: regex) { bad.append("#\(i + 1) (\(field)=\(SpecValue.text(v)))") }
        }
        let expected = "\(field) \(op) \(SpecValue.text(want))"
        if t.records.isEmpty {
            return result(a, true, "no records in '\(t.sink)'; nothing violates \(expected)", expected: expected, actual: "0 records")
        }
        if bad.isEmpty {
            return result(a, true, "all \(plural(t.records.count, "record")) have \(expected)", expected: expected, actual: "all match")
        }
        return result(
            a, false, "\(bad.count) of \(plural(t.records.count, "record")) fail \(expected): \(examples(bad))",
            expected: expected, actual: bad.first)
    }

    /// `value op want` with field_values' operators.
    package static func check(_ v: JSONValue, _ op: String, _ want: JSONValue, regex: Regex<AnyRegexOutput>? = nil) -> Bool {
        let text = SpecValue.text(v), wantText = SpecValue.text(want)
        switch op {
        case "equals", "==": return SpecValue.equal(v, want, tolerance: 1e-9)
        case "not_equals", "!=": return !SpecValue.equal(v, want, tolerance: 1e-9)
        case "greater_than", ">": return !v.isNull && SpecValue.compare(v, want) > 0
        case "less_than", "<": return !v.isNull && SpecValue.compare(v, want) < 0
        case "greater_than_or_equals", ">=": return !v.isNull && SpecValue.compare(v, want) >= 0
        case "less_than_or_equals", "<=": return !v.isNull && SpecValue.compare(v, want) <= 0
        case "contains": return wantText.isEmpty || text.contains(wantText)
        case "starts_with": return text.hasPrefix(wantText)
        case "ends_with": return text.hasSuffix(wantText)
        case "matches": return !v.isNull && (try? regex?.firstMatch(in: text)) != nil
        default: return false
        }
    }

    package static func aggregateCheck(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let function = a.string("function") ?? "SUM", field = a.string("field") ?? ""
        let written = a.string("expected") ?? ""
        let what = "\(function)(\(field))"
        let expectedText: String
        do { expectedText = try SpecTemplate.render(written, context: t.context) } catch {
            return result(a, false, "\(what): \(error)", expected: written)
        }
        guard let expected = Double(expectedText.trimmingCharacters(in: .whitespaces)) else {
            return result(a, false, "\(what): expected value '\(expectedText)' is not a number", expected: expectedText)
        }
        guard let actual = SpecStatistics.aggregate(function, field: field, records: t.records) else {
            return result(a, false, "\(what) has no value: '\(t.sink)' has no numbers in '\(field)'", expected: show(expected), actual: "none")
        }
        let tolerance = a.number("tolerance") ?? 1e-9 * max(1, abs(expected))
        let ok = abs(actual - expected) <= tolerance
        let want = show(expected) + (a.number("tolerance").map { " ± \(show($0))" } ?? "")
        return result(
            a, ok, ok ? "\(what) = \(show(actual))" : "\(what) = \(show(actual)), expected \(want)",
            expected: want, actual: show(actual))
    }

    /// The share of left records that found a partner: output records whose right-only fields (fields of the
    /// right input that the left lacks) are set, over left input records. Without such fields, output
    /// records over left records.
    package static func joinCoverage(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let minRate = a.number("min_match_rate") ?? 0
        let names = t.result.inputs.keys.sorted()
        let leftName = a.string("left_source") ?? names.first
        let rightName = a.string("right_source") ?? names.first { $0 != leftName }
        guard let leftName, let left = t.result.inputs[leftName] else {
            return result(
                a, false, "join_coverage: no left input '\(leftName ?? "?")' in query '\(t.result.name)'",
                expected: "≥ \(show(minRate))", actual: "no input")
        }
        let leftKeys = Set(left.flatMap { $0.objectValue?.keys ?? [] })
        let rightOnly = Set((rightName.flatMap { t.result.inputs[$0] } ?? []).flatMap { $0.objectValue?.keys ?? [] }).subtracting(leftKeys)
        let matched: Int
        if rightOnly.isEmpty {
            matched = t.records.count
        } else {
            matched = t.records.filter { r in rightOnly.contains { !(r[$0]?.isNull ?? true) } }.count
        }
        let rate = left.isEmpty ? (matched > 0 ? 1 : 0) : min(1, Double(matched) / Double(left.count))
        let ok = rate >= minRate
        let actual = String(format: "%.1f%%", rate * 100)
        return result(
            a, ok,
            "\(matched) of \(plural(left.count, "'\(leftName)' record")) matched\(rightName.map { " in '\($0)'" } ?? "") (\(actual))"
                + (ok ? "" : ", below \(show(minRate * 100))%"),
            expected: "≥ \(show(minRate * 100))%", actual: actual)
    }

    package static func template(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let e = a.string("expression") ?? ""
        let label = a.string("description").map { "\($0): " } ?? ""
        do {
            let v = try SpecExpression.evaluate(e, variables: countVariables(t), context: t.context)
            guard case .flag(let ok) = v else {
                return result(
                    a, false, "\(label)'\(e)' gives \(SpecExpression.show(v)), not true or false", expected: "true", actual: SpecExpression.show(v))
            }
            return result(a, ok, "\(label)\(e) is \(ok)", expected: "true", actual: ok ? "true" : "false")
        } catch {
            return result(a, false, "\(label)\(error)", expected: "true", actual: "error")
        }
    }

    package static func noDuplicates(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let keyFields = a.strings("key_fields") ?? []
        let allowUpdates = a.bool("allow_updates") ?? false
        let maxPercent = a.number("max_duplicate_percent") ?? 0
        var seen: [String: [String]] = [:] // key -> whole records seen
        var duplicates: [String] = []
        for (i, r) in t.records.enumerated() {
            let whole = SpecValue.text(r)
            let key = keyFields.isEmpty ? whole : keyFields.map { SpecValue.text(r[$0] ?? .null) }.joined(separator: "\u{1F}")
            if let previous = seen[key] {
                // With allow_updates a key may come back with new values (a table's changelog); only an
                // identical record is a duplicate.
                if !allowUpdates || previous.contains(whole) {
                    duplicates.append(
                        "#\(i + 1)"
                            + (keyFields.isEmpty ? "" : " (\(keyFields.map { "\($0)=\(SpecValue.text(r[$0] ?? .null))" }.joined(separator: ", ")))"))
                }
                seen[key]!.append(whole)
            } else {
                seen[key] = [whole]
            }
        }
        let percent = t.records.isEmpty ? 0 : Double(duplicates.count) / Double(t.records.count) * 100
        let ok = percent <= maxPercent
        let actual = "\(duplicates.count) (\(String(format: "%.1f", percent))%)"
        let by = keyFields.isEmpty ? "whole record" : keyFields.joined(separator: ", ")
        return result(
            a, ok, duplicates.isEmpty ? "no duplicates by \(by)" : "\(plural(duplicates.count, "duplicate")) by \(by): \(examples(duplicates))",
            expected: "≤ \(show(maxPercent))% duplicates", actual: actual)
    }

    package static func ordering(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let field = a.string("field") ?? ""
        let descending = a.string("direction") == "descending"
        let allowEqual = a.bool("allow_equal") ?? true
        let partition = a.string("partition_by")
        var last: [String: (JSONValue, Int)] = [:]
        var bad: [String] = []
        for (i, r) in t.records.enumerated() {
            guard let v = r[field], !v.isNull else { bad.append("#\(i + 1) (no '\(field)')"); continue }
            let p = partition.map { SpecValue.text(r[$0] ?? .null) } ?? ""
            if let (prev, j) = last[p] {
                let c = SpecValue.compare(v, prev) * (descending ? -1 : 1)
                if c < 0 || (c == 0 && !allowEqual) {
                    bad.append("#\(i + 1) (\(field)=\(SpecValue.text(v)) after #\(j + 1) \(SpecValue.text(prev)))")
                }
            }
            last[p] = (v, i)
        }
        let want = "\(field) \(descending ? "descending" : "ascending")\(allowEqual ? "" : " strictly")\(partition.map { " per \($0)" } ?? "")"
        return result(
            a, bad.isEmpty, bad.isEmpty ? "records ordered by \(want)" : "\(plural(bad.count, "record")) out of order: \(examples(bad))",
            expected: want, actual: bad.isEmpty ? "ordered" : bad[0])
    }

    package static func completeness(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let minimum = a.number("min_completeness") ?? 1.0
        var shares: [(String, Double)] = []
        if let key = a.string("key_field") {
            let sourceName = a.string("input_source") ?? t.result.inputs.keys.sorted().first
            guard let sourceName, let input = t.result.inputs[sourceName] else {
                return result(
                    a, false, "completeness: no input '\(a.string("input_source") ?? "?")' in query '\(t.result.name)'",
                    expected: "≥ \(show(minimum * 100))%", actual: "no input")
            }
            let wanted = Set(input.compactMap { $0[key].flatMap { $0.isNull ? nil : SpecValue.text($0) } })
            let got = Set(t.records.compactMap { $0[key].map(SpecValue.text) })
            let share = wanted.isEmpty ? 1 : Double(wanted.intersection(got).count) / Double(wanted.count)
            shares.append(("\(wanted.intersection(got).count) of \(wanted.count) '\(key)' values of '\(sourceName)' reached '\(t.sink)'", share))
        }
        if let required = a.strings("required_fields"), !required.isEmpty {
            let full = t.records.filter { r in required.allSatisfy { !(r[$0]?.isNull ?? true) } }.count
            let share = t.records.isEmpty ? 0 : Double(full) / Double(t.records.count)
            shares.append(("\(full) of \(plural(t.records.count, "record")) have \(required.joined(separator: ", "))", share))
        }
        if shares.isEmpty {
            let inCount = t.result.inputCount
            let share = inCount == 0 ? 1 : min(1, Double(t.records.count) / Double(inCount))
            shares.append(("\(t.records.count) of \(plural(inCount, "input record")) came out", share))
        }
        let worst = shares.map(\.1).min() ?? 1
        let ok = worst >= minimum
        return result(
            a, ok, shares.map(\.0).joined(separator: "; "), expected: "≥ \(show(minimum * 100))%",
            actual: String(format: "%.1f%%", worst * 100))
    }

    package static func dataQuality(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        var problems: [String] = []
        var badRecords = Set<Int>()
        func flag(_ i: Int, _ what: String) {
            if badRecords.insert(i).inserted, problems.count < 5 { problems.append("#\(i + 1) \(what)") }
        }
        let references: [(String, Set<String>)] = a.objects("referential_integrity").map { rule in
            let source = rule["reference_source"]?.stringValue ?? ""
            let field = rule["reference_field"]?.stringValue ?? rule["field"]?.stringValue ?? ""
            let records = t.result.inputs[source] ?? t.context.allResults[source].flatMap { r in r.primarySink.flatMap { r.outputs[$0] } } ?? []
            return (source, Set(records.compactMap { $0[field].map(SpecValue.text) }))
        }
        let patterns: [(String, Regex<AnyRegexOutput>?, String)] = a.objects("string_patterns").map {
            let p = $0["pattern"]?.stringValue ?? ""
            return ($0["field"]?.stringValue ?? "", try? Regex(p), p)
        }
        for (field, regex, p) in patterns where regex == nil {
            return result(a, false, "data_quality: pattern '\(p)' for '\(field)' is not a valid regular expression")
        }
        for (i, r) in t.records.enumerated() {
            for f in a.strings("no_nulls_in") ?? [] where r[f]?.isNull ?? true { flag(i, "\(f) is null") }
            for f in a.strings("no_empty_strings_in") ?? [] where r[f]?.stringValue?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                flag(i, "\(f) is empty")
            }
            for range in a.objects("numeric_ranges") {
                let f = range["field"]?.stringValue ?? ""
                guard let v = SpecValue.number(r[f]) else { flag(i, "\(f) is not a number"); continue }
                if let lo = range["min"]?.doubleValue, v < lo { flag(i, "\(f)=\(show(v)) < \(show(lo))") }
                if let hi = range["max"]?.doubleValue, v > hi { flag(i, "\(f)=\(show(v)) > \(show(hi))") }
            }
            for (f, regex, p) in patterns {
                let text = r[f].map(SpecValue.text) ?? ""
                if (try? regex!.wholeMatch(in: text)) == nil { flag(i, "\(f)='\(text)' does not match \(p)") }
            }
            for (rule, (source, values)) in zip(a.objects("referential_integrity"), references) {
                let f = rule["field"]?.stringValue ?? ""
                let v = r[f].map(SpecValue.text) ?? "null"
                if !values.contains(v) { flag(i, "\(f)=\(v) not in \(source)") }
            }
        }
        let score = t.records.isEmpty ? 1 : 1 - Double(badRecords.count) / Double(t.records.count)
        let minimum = a.number("min_quality_score")
        let ok = minimum.map { score >= $0 } ?? badRecords.isEmpty
        let actual = String(format: "%.3f", score)
        let message =
            badRecords.isEmpty
            ? "all \(plural(t.records.count, "record")) pass the quality rules"
            : "\(badRecords.count) of \(plural(t.records.count, "record")) break a rule: \(problems.joined(separator: ", "))"
        return result(a, ok, message + " (score \(actual))", expected: minimum.map { "score ≥ \(show($0))" } ?? "no violations", actual: actual)
    }
}
