import Foundation
import VeloBase
import VeloJSON

/// Assertions about how the run went: time, memory, throughput, latency, failures, freshness, metrics.
extension SpecEvaluator {
    package static func executionTime(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let ms = t.result.durationMs
        var want: [String] = [], ok = true
        if let max = a.number("max_ms") { want.append("≤ \(show(max)) ms"); ok = ok && ms <= max }
        if let min = a.number("min_ms") { want.append("≥ \(show(min)) ms"); ok = ok && ms >= min }
        let actual = String(format: "%.1f ms", ms)
        return result(
            a, ok, "query '\(t.result.name)' ran in \(actual)" + (ok ? "" : ", expected \(want.joined(separator: " and "))"),
            expected: want.joined(separator: " and "), actual: actual)
    }

    package static func memoryUsage(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        guard let peak = t.result.metrics?.peakMemoryBytes else {
            return result(a, false, "peak memory was not measured for '\(t.result.name)'", actual: "not measured")
        }
        var want: [String] = [], ok = true
        if let max = a.number("max_bytes") { want.append("peak ≤ \(HumanFormat.bytes(Int(max)))"); ok = ok && Double(peak) <= max }
        if let mb = a.number("max_mb") { want.append("peak ≤ \(show(mb)) MB"); ok = ok && Double(peak) <= mb * 1_048_576 }
        var actual = "peak \(HumanFormat.bytes(peak))"
        if let growthMax = a.number("max_growth_bytes") {
            want.append("growth ≤ \(HumanFormat.bytes(Int(growthMax)))")
            guard let start = t.result.startMemoryBytes else {
                return result(
                    a, false, "memory growth was not measured for '\(t.result.name)' (no start figure)",
                    expected: want.joined(separator: ", "), actual: actual)
            }
            let growth = peak - start
            actual += ", growth \(HumanFormat.bytes(max(0, growth)))"
            ok = ok && Double(growth) <= growthMax
        }
        return result(
            a, ok, actual + (ok ? "" : ", expected \(want.joined(separator: ", "))"),
            expected: want.joined(separator: ", "), actual: actual)
    }

    /// Records per second: the run's metrics, else records in over the duration.
    package static func recordsPerSecond(_ r: QueryRunResult) -> Double {
        if let m = r.metrics, m.throughputRecordsPerSec > 0 { return m.throughputRecordsPerSec }
        let n = r.metrics.map { Double($0.recordsIn) } ?? Double(r.inputCount)
        return r.durationMs > 0 ? n / (r.durationMs / 1000) : 0
    }

    package static func throughput(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let rate = recordsPerSecond(t.result)
        var want: [String] = [], ok = true
        if let min = a.number("min_records_per_second") { want.append("≥ \(show(min)) rec/s"); ok = ok && rate >= min }
        if let max = a.number("max_records_per_second") { want.append("≤ \(show(max)) rec/s"); ok = ok && rate <= max }
        if let expected = a.number("expected_records_per_second") {
            let tolerance = a.number("tolerance_percent") ?? 20
            want.append("\(show(expected)) rec/s ± \(show(tolerance))%")
            ok = ok && abs(rate - expected) <= expected * tolerance / 100
        }
        let actual = "\(HumanFormat.fixed(rate, digits: 1)) rec/s"
        return result(
            a, ok, "throughput \(actual)" + (ok ? "" : ", expected \(want.joined(separator: " and "))"),
            expected: want.joined(separator: " and "), actual: actual)
    }

    package static func latency(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let minRecords = a.int("min_records") ?? 10
        var samples: [Double]
        let source: String
        if let field = a.string("timestamp_field") {
            // Latency of each output record: capture time minus the time the record carries.
            let now = t.result.capturedAtMs ?? t.context.nowMs
            samples = t.records.compactMap { SpecValue.epochMs($0[field]).map { Double(now - $0) } }.sorted()
            source = "'\(field)' of \(plural(samples.count, "record"))"
        } else if let m = t.result.metrics?.latencyMs, m.count > 0 {
            samples = []
            source = "run metrics"
            return latencyChecks(
                a, count: Int(m.count), minRecords: minRecords, avg: m.avg, p50: m.p50, p95: m.p95, p99: m.p99, max: m.max, source: source)
        } else {
            return result(a, false, "latency was not measured for '\(t.result.name)'", actual: "not measured")
        }
        guard !samples.isEmpty else {
            return latencyChecks(a, count: 0, minRecords: minRecords, avg: 0, p50: 0, p95: 0, p99: 0, max: 0, source: source)
        }
        return latencyChecks(
            a, count: samples.count, minRecords: minRecords, avg: SpecStatistics.mean(samples),
            p50: SpecStatistics.percentile(samples, 50), p95: SpecStatistics.percentile(samples, 95),
            p99: SpecStatistics.percentile(samples, 99), max: samples.last!, source: source)
    }

    private static func latencyChecks(
        _ a: SpecAssertion, count: Int, minRecords: Int, avg: Double, p50: Double, p95: Double,
        p99: Double, max: Double, source: String
    ) -> AssertionResult {
        if count < minRecords {
            // Too few samples to say anything: Velo reports it and does not fail the test.
            return result(
                a, true, "not judged: latency from \(source) has \(plural(count, "sample")), min_records is \(minRecords)",
                actual: "\(count) samples")
        }
        let checks: [(String, String, Double)] = [
            ("max_latency_ms", "max", max), ("p99_latency_ms", "p99", p99),
            ("p95_latency_ms", "p95", p95), ("p50_latency_ms", "p50", p50),
            ("avg_latency_ms", "avg", avg)
        ]
        var want: [String] = [], got: [String] = [], ok = true
        for (key, label, value) in checks {
            guard let limit = a.number(key) else { continue }
            want.append("\(label) ≤ \(show(limit)) ms")
            got.append("\(label) \(HumanFormat.fixed(value, digits: 2)) ms")
            ok = ok && value <= limit
        }
        if want.isEmpty { got = ["p99 \(HumanFormat.fixed(p99, digits: 2)) ms"] }
        return result(
            a, ok, "latency (\(source)): \(got.joined(separator: ", "))" + (ok ? "" : ", expected \(want.joined(separator: ", "))"),
            expected: want.joined(separator: ", "), actual: got.joined(separator: ", "))
    }

    /// Failed records of the run whose kind or reason names one of `types` (all when `types` is empty).
    package static func failures(_ r: QueryRunResult, types: [String]) -> Int64 {
        guard let m = r.metrics else { return 0 }
        if types.isEmpty { return m.failedRecords }
        return m.failures.filter { f in types.contains { f.kind == $0 || f.reason.localizedCaseInsensitiveContains($0) } }
            .reduce(0) { $0 + $1.count }
    }

    package static func dlqCount(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let topic = a.string("topic") ?? "\(t.sink)-dlq"
        let types = a.strings("error_types") ?? []
        let count: Int
        let from: String
        if let records = t.result.outputs[topic] {
            count =
                types.isEmpty
                ? records.count
                : records.filter { r in
                    let kind = SpecValue.text(r["error_type"] ?? r["kind"] ?? r["error"] ?? .null)
                    return types.contains { kind.localizedCaseInsensitiveContains($0) }
                }.count
            from = "'\(topic)'"
        } else {
            count = Int(failures(t.result, types: types))
            from = "failed records of '\(t.result.name)' (no '\(topic)' captured)"
        }
        var want: [String] = [], ok = true
        if let v = a.int("equals") { want.append("= \(v)"); ok = ok && count == v }
        if let v = a.int("max") { want.append("≤ \(v)"); ok = ok && count <= v }
        if let v = a.int("min") { want.append("≥ \(v)"); ok = ok && count >= v }
        if want.isEmpty { want.append("= 0"); ok = count == 0 }
        return result(
            a, ok, "\(plural(count, "dead-letter record")) in \(from)" + (ok ? "" : ", expected \(want.joined(separator: " and "))"),
            expected: want.joined(separator: " and "), actual: String(count))
    }

    package static func errorRate(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let total = t.result.metrics.map { Int($0.recordsIn) } ?? t.result.inputCount
        let errors = Int(failures(t.result, types: a.strings("error_types") ?? []))
        let minRecords = a.int("min_records") ?? 10
        if total < minRecords {
            return result(a, true, "not judged: \(plural(total, "record")) processed, min_records is \(minRecords)", actual: "\(errors) of \(total)")
        }
        let rate = total == 0 ? 0 : Double(errors) / Double(total)
        var want: [String] = [], ok = true
        if let max = a.number("max_rate") { want.append("≤ \(show(max))"); ok = ok && rate <= max }
        if let max = a.number("max_percent") { want.append("≤ \(show(max))%"); ok = ok && rate * 100 <= max }
        if want.isEmpty { want.append("0"); ok = errors == 0 }
        let actual = String(format: "%.2f%% (%d of %d)", rate * 100, errors, total)
        return result(
            a, ok, "error rate \(actual)" + (ok ? "" : ", expected \(want.joined(separator: " and "))"),
            expected: want.joined(separator: " and "), actual: actual)
    }

    /// The newest time a record carries (`_event_time`, `_timestamp`, `timestamp`, `event_time`).
    package static func newestTime(_ records: [JSONValue]) -> Int64? {
        records.compactMap { r in
            ["_event_time", "_timestamp", "event_time", "timestamp"].lazy.compactMap { SpecValue.epochMs(r[$0]) }.first
        }.max()
    }

    package static func tableFreshness(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let table = a.string("table") ?? t.sink
        let records =
            t.result.outputs[table]
            ?? (table == t.sink ? t.records : t.context.allResults[table].flatMap { r in r.primarySink.flatMap { r.outputs[$0] } } ?? [])
        if let min = a.int("min_records"), records.count < min {
            return result(
                a, false, "table '\(table)' has \(plural(records.count, "record")), expected at least \(min)",
                expected: "≥ \(min) records", actual: String(records.count))
        }
        var want: [String] = [], got: [String] = [], ok = true
        let newest = newestTime(records)
        if let maxAge = a.number("max_age_ms") {
            guard let newest else {
                return result(a, false, "table '\(table)' has no record times (_event_time, _timestamp) to judge freshness", actual: "no times")
            }
            let age = Double((t.result.capturedAtMs ?? t.context.nowMs) - newest)
            want.append("age ≤ \(show(maxAge)) ms"); got.append("age \(show(age)) ms")
            ok = ok && age <= maxAge
        }
        if let maxLag = a.number("max_lag_ms") {
            let inputNewest = newestTime(t.result.inputs.values.flatMap { $0 })
            guard let newest, let inputNewest else {
                return result(a, false, "table '\(table)' or its inputs carry no record times to measure lag", actual: "no times")
            }
            let lag = Double(inputNewest - newest)
            want.append("lag ≤ \(show(maxLag)) ms"); got.append("lag \(show(lag)) ms")
            ok = ok && lag <= maxLag
        }
        if got.isEmpty { got.append("\(plural(records.count, "record"))") }
        return result(
            a, ok, "table '\(table)': \(got.joined(separator: ", "))" + (ok ? "" : ", expected \(want.joined(separator: ", "))"),
            expected: want.joined(separator: ", "), actual: got.joined(separator: ", "))
    }

    package static func metric(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        let name = a.string("name") ?? ""
        let all = t.result.customMetrics + (t.result.metrics.map(SpecMetric.derived) ?? [])
        guard let m = all.first(where: { $0.name == name }) else {
            let s = Suggest.closest(to: name, among: all.map(\.name))
            return result(
                a, false, "no metric '\(name)'\(s.map { " (did you mean '\($0)'?)" } ?? "")",
                expected: a.type == "metric_exists" ? "exists" : nil, actual: "missing")
        }
        if a.type == "metric_exists" {
            if let type = a.string("expected_type"), type != m.kind.rawValue {
                return result(a, false, "metric '\(name)' is a \(m.kind.rawValue), expected a \(type)", expected: type, actual: m.kind.rawValue)
            }
            return result(a, true, "metric '\(name)' exists (\(m.kind.rawValue) = \(show(m.value)))", expected: "exists", actual: show(m.value))
        }
        let kind = a.type == "metric_counter" ? SpecMetric.Kind.counter : .gauge
        if m.kind != kind {
            return result(
                a, false, "metric '\(name)' is a \(m.kind.rawValue), not a \(kind.rawValue)", expected: kind.rawValue, actual: m.kind.rawValue)
        }
        let op = a.string("operator") ?? "equals", value = a.number("value") ?? 0
        let ok = check(.double(m.value), op, .double(value))
        return result(
            a, ok, "\(kind.rawValue) '\(name)' = \(show(m.value))" + (ok ? "" : ", expected \(op) \(show(value))"),
            expected: "\(op) \(show(value))", actual: show(m.value))
    }
}
