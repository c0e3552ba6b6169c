import VeloJSON
import VeloSpec

/// Performance assertions from a job's last run (`velo-run --metrics` JSON in the session), each with a
/// stated margin: a test runs a small generated input on any machine, so the limits are loose enough to
/// hold there and tight enough to catch a job that got many times slower or bigger.
package enum PerformanceThresholds {
    /// Throughput at least this share of the last run's.
    package static let throughputShare = 0.1
    /// Peak memory at most this many times the last run's, and never under `memoryFloorMB`.
    package static let memoryFactor = 2.0
    package static let memoryFloorMB = 256.0
    /// Wall time at most this many times the last run's, and never under `timeFloorMs`.
    package static let timeFactor = 10
    package static let timeFloorMs = 5_000

    package static let margins =
        "throughput ≥ \(Int(throughputShare * 100))% of the last run's, peak memory ≤ \(Int(memoryFactor))× the last run's (at least \(Int(memoryFloorMB)) MB), time ≤ \(timeFactor)× the last run's (at least \(timeFloorMs / 1000) s)"

    package static func assertions(from metrics: JSONValue) -> [SpecAssertion] {
        var out: [SpecAssertion] = []
        if let rate = number(metrics, "throughput_records_per_sec"), rate > 0 {
            let floor = (rate * throughputShare).rounded(.down)
            if floor >= 1 { out.append(SpecAssertion("throughput", JSONObject([("min_records_per_second", .int(Int64(floor)))]))) }
        }
        if let peak = number(metrics, "peak_memory_bytes"), peak > 0 {
            let mb = max(memoryFloorMB, (peak * memoryFactor / 1_048_576).rounded(.up))
            out.append(SpecAssertion("memory_usage", JSONObject([("max_mb", .int(Int64(mb)))])))
        }
        if let ms = number(metrics, "duration_ms"), ms >= 0 {
            out.append(SpecAssertion("execution_time", JSONObject([("max_ms", .int(Int64(max(timeFloorMs, Int(ms) * timeFactor))))])))
        }
        return out
    }

    /// A figure of the metrics JSON, at the top level or under `totals`/`jobs[0]` (app runs nest it).
    static func number(_ metrics: JSONValue, _ key: String) -> Double? {
        if let v = metrics[key]?.doubleValue { return v }
        if let v = metrics["totals"]?[key]?.doubleValue { return v }
        return nil
    }
}
