import Foundation
import VeloBase

/// What `--metrics FILE` holds after a run of several jobs: each job's `RunMetrics` (the single-job
/// document, in run order) and totals summed over the jobs. Version 1, snake_case keys.
public struct AppRunMetrics: Codable, Sendable, Equatable {
    public var version: Int = 1
    /// `@application`/`@app`, else the `-- SQL Application:` header, else the file's name.
    public var application: String?
    public var startedAt: String
    public var durationMs: Double
    public var jobs: [RunMetrics]
    public var totals: Totals

    public struct Totals: Codable, Sendable, Equatable {
        public var jobs: Int
        /// Summed over the jobs (a record read by two jobs counts twice).
        public var recordsIn: Int64
        public var recordsOut: Int64
        public var failedRecords: Int64
        public var lateRecords: Int64
        public var peakMemoryBytes: Int?

        package enum CodingKeys: String, CodingKey {
            case jobs
            case recordsIn = "records_in"
            case recordsOut = "records_out"
            case failedRecords = "failed_records"
            case lateRecords = "late_records"
            case peakMemoryBytes = "peak_memory_bytes"
        }

        package init(jobs: Int, recordsIn: Int64, recordsOut: Int64, failedRecords: Int64, lateRecords: Int64, peakMemoryBytes: Int? = nil) {
            self.jobs = jobs
            self.recordsIn = recordsIn
            self.recordsOut = recordsOut
            self.failedRecords = failedRecords
            self.lateRecords = lateRecords
            self.peakMemoryBytes = peakMemoryBytes
        }
    }

    package enum CodingKeys: String, CodingKey {
        case version, application, jobs, totals
        case startedAt = "started_at"
        case durationMs = "duration_ms"
    }

    public init(application: String?, startedAt: String, durationMs: Double, jobs: [RunMetrics]) {
        self.application = application
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.jobs = jobs
        totals = Totals(
            jobs: jobs.count, recordsIn: jobs.reduce(0) { $0 + $1.recordsIn },
            recordsOut: jobs.reduce(0) { $0 + $1.recordsOut },
            failedRecords: jobs.reduce(0) { $0 + $1.failedRecords },
            lateRecords: jobs.reduce(0) { $0 + $1.lateRecords },
            peakMemoryBytes: jobs.compactMap(\.peakMemoryBytes).max())
    }

    public func jsonText(pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> AppRunMetrics {
        try JSONDecoder().decode(AppRunMetrics.self, from: Data(text.utf8))
    }

    /// The stderr summary: a head line, then one line per job (records in → out, time, where it wrote),
    /// with late and failed records when there are any.
    public func summary(style: TextStyle, tool: String = "velo-run") -> String {
        var lines = [
            style.bold("\(tool): ") + "\(jobs.count) jobs in " + HumanFormat.duration(seconds: durationMs / 1000)
                + (totals.peakMemoryBytes.map { ", peak memory " + HumanFormat.bytes($0) } ?? "")
        ]
        let width = min(32, jobs.map { ($0.job ?? "").count }.max() ?? 0)
        for m in jobs {
            let name = m.job ?? "select"
            var line = "  " + style.dim("job") + " " + name + String(repeating: " ", count: max(0, width - name.count))
            line += "  \(HumanFormat.grouped(Int(m.recordsIn))) in → \(HumanFormat.grouped(Int(m.recordsOut))) out"
            line += " in " + HumanFormat.duration(seconds: m.durationMs / 1000)
            if m.latencyMs.count > 0 { line += ", p99 " + HumanFormat.duration(seconds: m.latencyMs.p99 / 1000) }
            let from = m.sources.map { "\($0.name) (\($0.kind))" }.joined(separator: ", ")
            let to = m.sinks.map { "\($0.name) (\($0.kind))" }.joined(separator: " + ")
            line += style.dim("  " + (from.isEmpty ? "" : from + " ") + "→ " + to)
            if m.lateRecords > 0 { line += ", " + style.yellow("\(HumanFormat.grouped(Int(m.lateRecords))) late") }
            if m.failedRecords > 0 {
                line += ", " + style.red("\(HumanFormat.grouped(Int(m.failedRecords))) failed")
                if let first = m.failures.first { line += " (\(first.reason))" }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
