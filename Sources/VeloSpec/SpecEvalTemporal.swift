import Foundation
import VeloBase

/// Temporal and statistical assertions: windows, distributions, percentiles, event order.
extension SpecEvaluator {
    package static func windowBoundary(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let startField = a.string("window_start_field") ?? "", endField = a.string("window_end_field") ?? ""
        let tsField = a.string("timestamp_field")
        let size = a.number("window_size_ms").map { Int64($0) }
        let tolerance = Int64(a.int("tolerance_ms") ?? 0)
        let containment = a.bool("verify_containment") ?? true
        let alignment = a.bool("verify_alignment") ?? false
        var bad: [String] = []
        for (i, r) in t.records.enumerated() {
            guard let s = SpecValue.epochMs(r[startField]), let e = SpecValue.epochMs(r[endField]) else {
                bad.append("#\(i + 1) has no \(startField)/\(endField)"); continue
            }
            if e < s { bad.append("#\(i + 1) ends before it starts"); continue }
            if let size, abs((e - s) - size) > tolerance { bad.append("#\(i + 1) spans \(e - s) ms, not \(size)") }
            if alignment, let size, size > 0, abs(Timestamps.floorMod(s, size)) > tolerance, size - Timestamps.floorMod(s, size) > tolerance {
                bad.append("#\(i + 1) starts at \(s), not a multiple of \(size)")
            }
            if containment, let tsField {
                guard let ts = SpecValue.epochMs(r[tsField]) else { bad.append("#\(i + 1) has no \(tsField)"); continue }
                if ts < s - tolerance || ts >= e + tolerance { bad.append("#\(i + 1) \(tsField)=\(ts) outside [\(s), \(e))") }
            }
        }
        var want = ["\(startField) ≤ \(endField)"]
        if let size { want.append("size \(size) ms") }
        if alignment { want.append("aligned") }
        if containment, let tsField { want.append("\(tsField) inside") }
        return result(
            a, bad.isEmpty,
            bad.isEmpty
                ? "\(plural(t.records.count, "window")) within bounds" : "\(plural(bad.count, "record")) break window bounds: \(examples(bad))",
            expected: want.joined(separator: ", "), actual: bad.first ?? "all within")
    }

    package static func distribution(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let field = a.string("field") ?? "", type = a.string("distribution_type") ?? "custom"
        let values = SpecStatistics.numbers(field, t.records)
        let minRecords = a.int("min_records") ?? 100
        if values.count < minRecords {
            return result(
                a, true, "not judged: \(plural(values.count, "value")) of '\(field)', min_records is \(minRecords)", actual: "\(values.count) values")
        }
        let tolerance = a.number("tolerance") ?? 0.1
        let mean = SpecStatistics.mean(values), sd = SpecStatistics.stdDev(values)
        let lo = values.min()!, hi = values.max()!
        var want: [String] = [], problems: [String] = []
        func near(_ label: String, _ actual: Double, _ target: Double, scale: Double) {
            want.append("\(label) \(show(target)) ± \(show(tolerance * 100))%")
            if abs(actual - target) > tolerance * max(abs(scale), 1e-12) { problems.append("\(label) \(HumanFormat.fixed(actual, digits: 3))") }
        }
        if let min = a.number("min_value") { want.append("min ≥ \(show(min))"); if lo < min { problems.append("min \(show(lo))") } }
        if let max = a.number("max_value") { want.append("max ≤ \(show(max))"); if hi > max { problems.append("max \(show(hi))") } }
        switch type {
        case "normal":
            if let m = a.number("mean") { near("mean", mean, m, scale: a.number("std_dev") ?? m) }
            if let s = a.number("std_dev") { near("std_dev", sd, s, scale: s) }
        case "uniform":
            let a0 = a.number("min_value") ?? lo, b0 = a.number("max_value") ?? hi
            near("mean", mean, (a0 + b0) / 2, scale: b0 - a0)
            near("std_dev", sd, (b0 - a0) / 12.squareRoot(), scale: b0 - a0)
        case "exponential":
            if let m = a.number("mean") { near("mean", mean, m, scale: m); near("std_dev", sd, m, scale: m) }
        default:
            if let m = a.number("mean") { near("mean", mean, m, scale: a.number("std_dev") ?? m) }
            if let s = a.number("std_dev") { near("std_dev", sd, s, scale: s) }
        }
        let actual = "mean \(HumanFormat.fixed(mean, digits: 3)), std_dev \(HumanFormat.fixed(sd, digits: 3)), range \(show(lo))..\(show(hi))"
        return result(
            a, problems.isEmpty,
            "'\(field)' (\(type), \(plural(values.count, "value"))): " + (problems.isEmpty ? actual : "off: \(problems.joined(separator: ", "))"),
            expected: want.joined(separator: ", "), actual: actual)
    }

    package static func percentile(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let field = a.string("field") ?? ""
        let values = SpecStatistics.numbers(field, t.records).sorted()
        let minRecords = a.int("min_records") ?? 10
        if values.count < minRecords {
            return result(
                a, true, "not judged: \(plural(values.count, "value")) of '\(field)', min_records is \(minRecords)", actual: "\(values.count) values")
        }
        let greater = a.string("mode") == "greater_than"
        var want: [String] = [], got: [String] = [], ok = true
        for (key, p) in [("p50", 50.0), ("p75", 75), ("p90", 90), ("p95", 95), ("p99", 99), ("p999", 99.9)] {
            guard let limit = a.number(key) else { continue }
            let v = SpecStatistics.percentile(values, p)
            want.append("\(key) \(greater ? ">" : "<") \(show(limit))")
            got.append("\(key) \(show(v))")
            ok = ok && (greater ? v > limit : v < limit)
        }
        return result(
            a, ok, "'\(field)': \(got.joined(separator: ", "))" + (ok ? "" : ", expected \(want.joined(separator: ", "))"),
            expected: want.joined(separator: ", "), actual: got.joined(separator: ", "))
    }

    package static func eventOrdering(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let field = a.string("timestamp_field") ?? ""
        let partition = a.string("partition_field")
        let descending = a.string("direction") == "descending"
        let window = Int64(a.int("window_size_ms") ?? 0)
        let allowGaps = a.bool("allow_gaps") ?? true
        let maxGap = a.number("max_gap_ms").map { Int64($0) }
        var newest: [String: Int64] = [:]
        var outOfOrder = 0, counted = 0
        var gaps: [String] = [], late: [String] = []
        for (i, r) in t.records.enumerated() {
            guard let ts = SpecValue.epochMs(r[field]) else { continue }
            counted += 1
            let p = partition.map { SpecValue.text(r[$0] ?? .null) } ?? ""
            if let last = newest[p] {
                let behind = descending ? ts - last : last - ts
                if behind > window {
                    outOfOrder += 1
                    late.append("#\(i + 1) (\(behind) ms behind)")
                }
                let gap = descending ? last - ts : ts - last
                if let maxGap, gap > maxGap, !allowGaps || a.params["max_gap_ms"] != nil { gaps.append("#\(i + 1) (gap \(gap) ms)") }
                newest[p] = descending ? min(last, ts) : max(last, ts)
            } else {
                newest[p] = ts
            }
        }
        let percent = counted == 0 ? 0 : Double(outOfOrder) / Double(counted) * 100
        let maxPercent = a.number("max_out_of_order_percent") ?? 0
        let ok = percent <= maxPercent && gaps.isEmpty
        var problems: [String] = []
        if percent > maxPercent { problems.append("\(outOfOrder) out of order: \(examples(late))") }
        if !gaps.isEmpty { problems.append("\(plural(gaps.count, "gap")) over \(maxGap ?? 0) ms: \(examples(gaps))") }
        let actual = String(format: "%.1f%% out of order", percent)
        return result(
            a, ok,
            ok ? "\(plural(counted, "event")) in \(descending ? "descending" : "ascending") order (\(actual))" : problems.joined(separator: "; "),
            expected: "≤ \(show(maxPercent))% out of order" + (maxGap.map { ", gaps ≤ \($0) ms" } ?? ""), actual: actual)
    }
}
