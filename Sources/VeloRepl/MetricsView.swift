import VeloBase
import VeloJSON
import VeloTerminal

/// velo-run's metrics for people: figures colored good / warning / bad, the latency distribution and the
/// profile drawn as bars. Thresholds are for a laptop-sized test run (docs/velo-repl.md lists them).
package enum MetricsView {
    package enum Grade { case good, warning, bad }

    package static func grade(latencyP99Ms ms: Double) -> Grade { ms < 10 ? .good : ms < 100 ? .warning : .bad }
    package static func grade(memoryBytes bytes: Int) -> Grade { bytes < 512 << 20 ? .good : bytes < 2 << 30 ? .warning : .bad }
    package static func grade(failed: Int, late: Int) -> Grade { failed > 0 ? .bad : late > 0 ? .warning : .good }

    static func paint(_ text: String, _ grade: Grade, _ style: TextStyle) -> String {
        switch grade {
        case .good: return style.green(text)
        case .warning: return style.yellow(text)
        case .bad: return style.red(text)
        }
    }

    package static func render(_ m: JSONValue, style: TextStyle) -> String {
        // A run of several jobs reports totals; show those and each job's line.
        if let jobs = m["jobs"]?.arrayValue {
            return jobs.map { render($0, style: style) }.joined()
        }
        var out = style.bold("Metrics" + (m["job"]?.stringValue.map { " (\($0))" } ?? "") + ":") + "\n"
        func row(_ label: String, _ text: String) { out += "  " + style.dim(label.padded(to: 11)) + text + "\n" }
        let recordsIn = Int(m["records_in"]?.intValue ?? 0)
        let recordsOut = Int(m["records_out"]?.intValue ?? 0)
        let failed = Int(m["failed_records"]?.intValue ?? 0)
        let late = Int(m["late_records"]?.intValue ?? 0)
        let seconds = (m["duration_ms"]?.doubleValue ?? 0) / 1000
        row(
            "records",
            "\(HumanFormat.grouped(recordsIn)) in → \(HumanFormat.grouped(recordsOut)) out in \(HumanFormat.duration(seconds: seconds))"
                + " · " + paint("\(HumanFormat.grouped(late)) late · \(HumanFormat.grouped(failed)) failed", grade(failed: failed, late: late), style)
        )
        if let rate = m["throughput_records_per_sec"]?.doubleValue {
            row("throughput", HumanFormat.grouped(Int(rate)) + " records/s")
        }
        let latency = m["latency_ms"]
        if let p99 = latency?["p99"]?.doubleValue, (latency?["count"]?.intValue ?? 0) > 0 {
            func ms(_ key: String) -> String { HumanFormat.duration(seconds: (latency?[key]?.doubleValue ?? 0) / 1000) }
            row(
                "latency",
                "avg \(ms("avg")) · p50 \(ms("p50")) · p95 \(ms("p95")) · " + paint("p99 \(ms("p99"))", grade(latencyP99Ms: p99), style)
                    + " · max \(ms("max"))")
        }
        if let peak = m["peak_memory_bytes"]?.intValue {
            row("memory", paint("peak " + HumanFormat.bytes(Int(peak)), grade(memoryBytes: Int(peak)), style))
        }
        if let w = m["window_state"], !w.isNull, w["kind"]?.stringValue == "none" {
            // A GROUP BY without a window keeps one state per group, and no windows.
            row(
                "groups",
                "\(HumanFormat.grouped(Int(w["peak_groups"]?.intValue ?? 0))) at peak, state \(HumanFormat.bytes(Int(w["estimated_bytes"]?.intValue ?? 0)))"
            )
        } else if let w = m["window_state"], !w.isNull {
            row(
                "windows",
                "\(w["kind"]?.stringValue ?? "window"): \(HumanFormat.grouped(Int(w["peak_open_windows"]?.intValue ?? 0))) open at peak, "
                    + "\(HumanFormat.grouped(Int(w["peak_groups"]?.intValue ?? 0))) groups, state \(HumanFormat.bytes(Int(w["estimated_bytes"]?.intValue ?? 0)))"
            )
        }
        if let latency, (latency["count"]?.intValue ?? 0) > 0 {
            out += style.dim("  latency distribution (log scale)") + "\n"
            let bars = ["p50", "p95", "p99", "max"].map { key in
                let v = latency[key]?.doubleValue ?? 0
                return BarChart.Bar(label: key, value: v, text: HumanFormat.duration(seconds: v / 1000))
            }
            out += BarChart(bars, width: 24, logFloor: 0.001).render(style: style, indent: "    ") // from 1 µs
        }
        if let stages = m["profile"]?["stages"]?.arrayValue, !stages.isEmpty {
            out += style.bold("Profile:") + "\n"
            let rows = stages.map { s in
                [
                    s["stage"]?.stringValue ?? "?",
                    HumanFormat.duration(seconds: (s["time_ms"]?.doubleValue ?? 0) / 1000),
                    HumanFormat.grouped(Int(s["records"]?.intValue ?? 0)),
                    HumanFormat.fixed(s["percent"]?.doubleValue ?? 0, digits: 1) + "%"
                ]
            }
            out += TableView(columns: ["Stage", "Time", "Records", "% Total"], rows: rows).render(style: style)
            let bars = stages.map { s in
                BarChart.Bar(
                    label: s["stage"]?.stringValue ?? "?", value: s["percent"]?.doubleValue ?? 0,
                    text: HumanFormat.fixed(s["percent"]?.doubleValue ?? 0, digits: 1) + "%")
            }
            out += BarChart(bars, width: 24).render(style: style, indent: "  ")
        }
        return out
    }
}
