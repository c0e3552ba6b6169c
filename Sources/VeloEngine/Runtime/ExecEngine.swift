import VeloJSON
import VeloSQL

/// Runs one SQL statement over records held in memory and returns its output: what tests and programs
/// embedding the engine (the REPL's quick previews) use. The command-line path is `ExecCommand`.
public enum ExecEngine {
    public struct Result: Sendable {
        public var records: [JSONValue]
        public var metrics: RunMetrics
        /// Late records written to the dead-letter output (`'late.data.strategy' = 'dead_letter'`).
        public var deadLetters: [JSONValue] = []
    }

    /// - Parameters:
    ///   - sql: one statement (the first job runs; `job` picks another).
    ///   - records: NDJSON lines of the FROM source.
    ///   - inputs: NDJSON lines of the other sources by name (joined tables and streams, subqueries' tables).
    /// - Throws: the first `SQLIssue` for invalid SQL or SQL the engine cannot run.
    public static func run(_ sql: String, records: [String], inputs: [String: [String]] = [:], job: String? = nil) throws -> Result {
        let checked = SQLFrontEnd.check(sql)
        if let error = checked.issues.first(where: { $0.severity == .error }) { throw error }
        let chosen = job.flatMap { name in checked.jobs.first { $0.name == name } } ?? checked.jobs[0]
        let statement = checked.script.statements[chosen.statementIndex]
        let plan = try ExecPlan.make(statement, job: chosen, script: checked.script)
        let source = plan.sourceName.map { MemorySource(name: $0, lines: records) }
        let sink = CollectingSink(encoder: ObjectEncoder(names: plan.outputNames, primaryKey: plan.primaryKey))
        let runtime = try ExecRuntime(
            plan: plan, source: source, sink: sink, events: nil,
            profiler: StageProfiler(enabled: false), sources: MemorySources(inputs))
        let deadLetters = plan.lateStrategy == .deadLetter ? CollectingSink(encoder: ObjectEncoder(names: [])) : nil
        runtime.lateData?.deadLetter = deadLetters
        _ = try runtime.run()
        let metrics = ExecReport.metrics(runtime, plan: plan, source: source, sink: sink, started: .now)
        return Result(records: sink.collected, metrics: metrics, deadLetters: deadLetters?.collected ?? [])
    }
}

/// NDJSON lines from memory.
package final class MemorySource: RecordSource {
    package let name: String
    package let kind = "memory"
    package let format = RecordFormat.ndjson
    package let label = "<memory>"
    package private(set) var bytesRead: Int64 = 0
    private var lines: [[UInt8]]
    /// Each line's message timestamp (a spec's simulated or upstream event time); nil: none.
    private let timestamps: [Int64?]
    private var index = 0
    private var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0)

    package init(name: String, lines: [String], timestamps: [Int64?] = []) {
        self.name = name
        self.lines = lines.map { Array($0.utf8) }
        self.timestamps = timestamps
    }

    deinit { buffer.deallocate() }

    package func next(_ record: inout RawRecord) throws -> Bool {
        guard index < lines.count else { return false }
        buffer.deallocate()
        buffer = .allocate(capacity: lines[index].count)
        _ = buffer.initialize(from: lines[index])
        index += 1
        bytesRead += Int64(buffer.count + 1)
        record.bytes = UnsafeBufferPointer(buffer)
        record.line = index
        record.offset = Int64(index)
        record.timestamp = index <= timestamps.count ? timestamps[index - 1] : nil
        return true
    }

    package func stop() {}
}

/// Keeps output rows as JSON values.
package final class CollectingSink: RecordSink {
    package let name = "memory"
    package let kind = "memory"
    package var records: Int64 { Int64(collected.count) }
    package private(set) var collected: [JSONValue] = []
    /// The message key each row would get on a topic (its PRIMARY KEY columns), for spec key checks.
    package private(set) var keys: [String?] = []
    /// Each row's event time (the message timestamp it would get on a topic).
    package private(set) var timestamps: [Int64?] = []
    package let encoder: ObjectEncoder

    package init(encoder: ObjectEncoder) { self.encoder = encoder }

    package func write(_ record: OutputRecord) throws {
        var w = JSONWriter()
        encoder.write(record, to: &w)
        collected.append(try JSONParser.parse(bytes: w.buffer))
        keys.append(encoder.key(record).map { String(decoding: $0, as: UTF8.self) })
        timestamps.append(record.timestamp)
    }

    package func finish() throws {}
    package func abort() {}
}
