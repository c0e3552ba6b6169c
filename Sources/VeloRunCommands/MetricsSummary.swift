import VeloBase
import VeloEngine

/// The human summary of a run for stderr, e.g.
///
///     velo-run: 2,000,000 records in → 1,204 out in 1.31s (1.5M/s)
///       source   orders (file) 2,000,000
///       sink     stdout 1,204
///       latency  avg 0.6µs · p50 0.5µs · p95 1µs · p99 2µs · max 1.2ms
///       memory   peak 45.1 MiB
///       windows  tumbling: 0 open, 0 groups (peak 2 windows, 1,000 groups), fired 3,600
///       late     12 (drop)
///       failed   3 — division by zero ×2 (first orders@17) …
public enum MetricsSummary {
    public static func render(_ m: RunMetrics, style: TextStyle, tool: String = "velo-run") -> String {
        var lines: [String] = []
        let head =
            "\(HumanFormat.grouped(Int(m.recordsIn))) record\(m.recordsIn == 1 ? "" : "s") in → \(HumanFormat.grouped(Int(m.recordsOut))) out in "
            + HumanFormat.duration(seconds: m.durationMs / 1000) + " (" + HumanFormat.rate(m.throughputRecordsPerSec) + ")"
        lines.append(style.bold("\(tool): ") + head)
        func row(_ label: String, _ text: String) { lines.append("  " + style.dim(label.padRight(8)) + " " + text) }
        for s in m.sources {
            let skipped = s.tombstones.map { " (\(HumanFormat.grouped(Int($0))) tombstone\($0 == 1 ? "" : "s") skipped)" } ?? ""
            row("source", "\(s.name) (\(s.kind)) \(HumanFormat.grouped(Int(s.records)))" + skipped)
        }
        for s in m.sinks { row("sink", "\(s.name) (\(s.kind)) \(HumanFormat.grouped(Int(s.records)))") }
        if m.latencyMs.count > 0 {
            let l = m.latencyMs
            func ms(_ v: Double) -> String { HumanFormat.duration(seconds: v / 1000) }
            row("latency", "avg \(ms(l.avg)) · p50 \(ms(l.p50)) · p95 \(ms(l.p95)) · p99 \(ms(l.p99)) · max \(ms(l.max))")
        }
        if let peak = m.peakMemoryBytes { row("memory", "peak " + HumanFormat.bytes(peak)) }
        if let w = m.windowState {
            row(
                "windows",
                "\(w.kind): \(HumanFormat.grouped(w.openWindows)) open, \(HumanFormat.grouped(w.groups)) groups, "
                    + "\(HumanFormat.bytes(w.estimatedBytes)) (peak \(HumanFormat.grouped(w.peakOpenWindows)) windows, "
                    + "\(HumanFormat.grouped(w.peakGroups)) groups), fired \(HumanFormat.grouped(Int(w.firedWindows)))")
        }
        if m.lateRecords > 0 {
            row("late", style.yellow(HumanFormat.grouped(Int(m.lateRecords))) + (m.lateStrategy.map { " (\($0))" } ?? ""))
        }
        if m.failedRecords > 0 {
            let top = m.failures.prefix(3).map { f -> String in
                var t = "\(f.reason) ×\(HumanFormat.grouped(Int(f.count)))"
                if let o = f.firstOffset { t += " (first \(f.firstSource ?? "input")\(f.firstPartition.map { "[\($0)]" } ?? "")@\(o))" }
                return t
            }.joined(separator: "; ")
            row("failed", style.red(HumanFormat.grouped(Int(m.failedRecords))) + " — " + top + (m.failures.count > 3 ? " …" : ""))
        }
        if let p = m.profile, !p.stages.isEmpty {
            let rate = p.sampleRate >= 1 ? "every record" : "sampled 1 in \(Int((1 / p.sampleRate).rounded()))"
            row("profile", style.dim("(\(rate))"))
            lines.append("    " + style.dim("Stage".padRight(16) + "Time".padLeft(10) + "Records".padLeft(14) + "% Total".padLeft(9)))
            for s in p.stages {
                lines.append(
                    "    " + s.stage.padRight(16) + HumanFormat.duration(seconds: s.timeMs / 1000).padLeft(10)
                        + HumanFormat.grouped(Int(s.records)).padLeft(14)
                        + (HumanFormat.fixed(s.percent, digits: 1) + "%").padLeft(9))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

fileprivate extension String {
    func padRight(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func padLeft(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
