import VeloJSON
import VeloSession

/// The offline provider for kind `optimize`: rules over velo-run's `--metrics` JSON (with its profile),
/// each suggestion naming the figure that prompted it. No rule fires on a healthy run, and then it says so.
package enum OfflineAdvisor {
    package static func advise(_ request: AskRequest) -> AskDraft {
        var suggestions: [AskSuggestion] = []
        let runs = request.session.runs.sorted { $0.key < $1.key }
        for (job, run) in runs { suggestions += rules(job: job, metrics: run.metrics, multiple: runs.count > 1) }
        let explanation: String
        if runs.isEmpty {
            explanation = "No run to look at: run the job with velo-run --metrics FILE --profile and keep the metrics in the session's runs."
        } else if suggestions.isEmpty {
            explanation = "Nothing in the last run's figures calls for a change."
        } else {
            explanation = "\(suggestions.count) suggestion\(suggestions.count == 1 ? "" : "s") from the last run's metrics."
        }
        return AskDraft(kind: .optimize, explanation: explanation, actions: ["edit"], suggestions: suggestions, provider: "offline")
    }

    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    static func rules(job: String, metrics m: JSONValue, multiple: Bool) -> [AskSuggestion] {
        var out: [AskSuggestion] = []
        let prefix = multiple ? "\(job): " : ""
        func add(_ text: String, _ because: String) { out.append(AskSuggestion(text: prefix + text, because: because)) }
        let recordsIn = m["records_in"]?.doubleValue ?? 0
        let recordsOut = m["records_out"]?.doubleValue ?? 0
        let peak = m["peak_memory_bytes"]?.doubleValue ?? 0
        if let state = m["window_state"], let bytes = state["estimated_bytes"]?.doubleValue, peak > 0, bytes / peak >= 0.5 {
            add(
                "Shorten the window or filter records before the window (WHERE) so fewer groups are kept open",
                "window state is \(percent(bytes / peak)) of peak memory (\(Int(bytes)) of \(Int(peak)) bytes)")
        }
        if let state = m["window_state"], let groups = state["peak_groups"]?.doubleValue, recordsIn > 0, groups / recordsIn >= 0.5 {
            add(
                "Group by fewer or coarser keys: almost every record opens its own group, so the aggregate saves little",
                "peak groups \(Int(groups)) for \(Int(recordsIn)) records in (\(percent(groups / recordsIn)))")
        }
        if let failed = m["failed_records"]?.doubleValue, failed > 0, recordsIn > 0 {
            let reason = m["failures"]?.arrayValue?.first?["reason"]?.stringValue ?? "see failures in the metrics"
            add("Fix the failing records first: \(reason)", "\(Int(failed)) of \(Int(recordsIn)) records failed (\(percent(failed / recordsIn)))")
        }
        if let late = m["late_records"]?.doubleValue, late > 0, recordsIn > 0, late / recordsIn >= 0.01 {
            add(
                "Allow more out-of-orderness (a longer watermark delay) or use 'late.data.strategy' = 'dead_letter' to keep late records",
                "\(Int(late)) late records (\(percent(late / recordsIn)) of input) were dropped")
        }
        if recordsIn >= 1000, recordsOut / recordsIn > 0.9, m["window_state"] == nil || m["window_state"]?["kind"] == nil {
            add(
                "Filter earlier (WHERE) or aggregate: the job passes on nearly everything it reads",
                "\(Int(recordsOut)) of \(Int(recordsIn)) records out (\(percent(recordsOut / recordsIn)))")
        }
        for stage in m["profile"]?["stages"]?.arrayValue ?? [] {
            guard let name = stage["stage"]?.stringValue, let share = stage["percent"]?.doubleValue else { continue }
            if name == "deserialize", share >= 40 {
                add(
                    "Select only the fields the job needs (no SELECT *): decoding dominates", "deserialize takes \(Int(share.rounded()))% of the time"
                )
            } else if name == "where" || name == "filter", share >= 30 {
                add(
                    "Simplify the WHERE clause (cheap comparisons first, no functions on the field)",
                    "the filter takes \(Int(share.rounded()))% of the time")
            } else if name == "read", share >= 80, let rate = m["throughput_records_per_sec"]?.doubleValue {
                add(
                    "The job waits on its input: read from a topic or a file instead of a pipe, or give Kafka more partitions",
                    "reading takes \(Int(share.rounded()))% of the time at \(Int(rate)) records/s")
            }
        }
        if let p99 = m["latency_ms"]?["p99"]?.doubleValue, let p50 = m["latency_ms"]?["p50"]?.doubleValue, p50 > 0, p99 / p50 >= 50, p99 >= 10 {
            add(
                "Look for pauses: latency has a long tail (windows firing many groups at once, or a slow sink)",
                "p99 latency \(p99) ms is \(Int(p99 / p50))× p50 \(p50) ms")
        }
        return out
    }
}
