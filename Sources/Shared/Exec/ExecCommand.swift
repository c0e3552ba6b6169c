import Foundation

/// `velo-run app.sql`: check the SQL, plan one job, bind its source and sink, run it, report metrics.
/// The executable only parses arguments into `Options` and calls `run`.
public enum ExecCommand {
    public struct Options: Sendable {
        public var file: String
        /// `name=path` (or just `path` for the only source).
        public var inputs: [String] = []
        /// Read the job's source from this topic of the local store.
        public var topic: String?
        public var follow = false
        public var metricsFile: String?
        public var profile = false
        public var events = false
        public var quiet = false
        public var job: String?
        public var schemas: String?
        /// The local store directory (else VELO_HOME, else .velo).
        public var store: String?
        /// `--kafka`/`-b`, `-X`, `--kafka-config` (the role is set per source and sink).
        public var kafka = TopicBackends.KafkaOptions()
        /// `--group G`: join Kafka consumer group G (Kafka only).
        public var group: String?
        public init(file: String) { self.file = file }
    }

    public static func run(_ options: Options, console: Console) -> VeloExit {
        do {
            return try execute(options, console: console)
        } catch let error as SQLIssue {
            console.error(error.message, hint: error.hint)
            return .invalidInput
        } catch {
            return console.report(error: error)
        }
    }

    static func execute(_ options: Options, console: Console) throws -> VeloExit {
        let text = try SQLCommand.readText(options.file)
        let fileLabel = options.file == "-" ? "<stdin>" : options.file
        var provider: (any SQLSchemaProvider)? = nil
        if let dir = options.schemas {
            let loaded = try SchemaLoader.loadDirectory(dir)
            if !options.quiet { loaded.diagnostics.forEach(console.report) }
            provider = SQLSchemaSet(loaded)
        }
        let checked = SQLFrontEnd.check(text, file: fileLabel, schemas: provider)
        let source = checked.source
        for issue in checked.issues where issue.severity == .error || !options.quiet {
            console.report(source.diagnostic(issue))
        }
        if checked.hasErrors { return .invalidInput }
        guard !checked.jobs.isEmpty else {
            console.error("\(fileLabel) has no statement to run", hint: "write SELECT … FROM source, or CREATE STREAM name AS SELECT …")
            return .invalidInput
        }
        let job = try pickJob(checked.jobs, options.job)
        let statement = checked.script.statements[job.statementIndex]
        let plan: ExecPlan
        do {
            plan = try ExecPlan.make(statement, job: job, script: checked.script)
        } catch let issue as SQLIssue {
            console.report(source.diagnostic(issue))
            return .invalidInput
        }
        let settings = ExecSettings(statement: statement, script: checked.script, options: options, console: console)
        let topics = ExecTopics(options: options, environment: ProcessInfo.processInfo.environment, console: console)
        let sqlDirectory = options.file == "-" ? nil : URL(fileURLWithPath: options.file).deletingLastPathComponent().path
        let recordSource = try ExecBinding.source(for: plan, statement: statement, options: options, topics: topics,
                                                  sqlDirectory: sqlDirectory, known: job.sources.map(\.name))
        let events = options.events ? EventStream() : nil
        let sink = try ExecBinding.sink(for: plan, statement: statement, events: events, topics: topics,
                                        sqlDirectory: sqlDirectory)
        let kafkaGiven = options.kafka.bootstrap != nil || !options.kafka.overrides.isEmpty || options.kafka.configFile != nil
        if kafkaGiven && recordSource?.kind != "topic" && sink.kind != "topic" {
            sink.abort()
            throw VeloError("--kafka, -X and --kafka-config need a topic, but this job reads \(recordSource?.label ?? "no source") and writes \(sink.name)",
                            hint: "add --topic TOPIC, or bind a kafka_source/kafka_sink in WITH", exit: .usage)
        }
        let sources = BoundSources(statement: statement, options: options, topics: topics, sqlDirectory: sqlDirectory)
        let runtime = try ExecRuntime(plan: plan, source: recordSource, sink: sink, events: events,
                                      profiler: StageProfiler(enabled: settings.profile, sampleRate: settings.sampleRate),
                                      sources: sources)
        ExecSignals.reset()
        ExecSignals.install(releaseStdin: recordSource?.kind == "stdin")
        let watcher = ExecWatcher(source: recordSource, timeout: settings.timeoutMs)
        watcher.start()

        let started = Date()
        var end: RunEnd
        do {
            end = try runtime.run()
        } catch is JSONWriter.Closed {
            end = .finished // the reader of our output went away (`| head`)
        } catch {
            sink.abort()
            watcher.stop()
            throw error
        }
        watcher.stop()
        let metrics = ExecReport.metrics(runtime, plan: plan, source: recordSource, sink: sink, started: started)
        if let path = options.metricsFile {
            do { try AtomicFile.write(try metrics.jsonText() + "\n", to: path) } catch { _ = console.report(error: error) }
        }
        if let events {
            try? events.eventRaw("metrics", key: "metrics", json: (try? metrics.jsonText(pretty: false)) ?? "null")
            if let profile = metrics.profile, let data = try? JSONEncoder().encode(profile) {
                try? events.eventRaw("profile", key: "profile", json: String(decoding: data, as: UTF8.self))
            }
        }
        if !options.quiet { Console.writeStderr(MetricsSummary.render(metrics, style: console.style)) }
        switch end {
        case .failedBatch(let reason):
            console.error("stopped at the first failed record (failure_strategy FailBatch): \(reason)",
                          hint: "fix the record or use failure_strategy LogAndContinue to count failures and go on")
            return .failed
        case .interrupted:
            return .interrupted
        case .timedOut:
            if !options.quiet { console.line("velo-run: stopped after @timeout \(DurationValue(milliseconds: settings.timeoutMs ?? 0))") }
        case .finished:
            break
        }
        if metrics.failedRecords > 0 {
            if !options.quiet {
                console.warning("\(metrics.failedRecords) record\(metrics.failedRecords == 1 ? "" : "s") failed",
                                hint: "see 'failed' above; --metrics FILE lists each reason with its first offset")
            }
            return .partial
        }
        return .ok
    }

    static func pickJob(_ jobs: [SQLJob], _ name: String?) throws -> SQLJob {
        if let name {
            guard let job = jobs.first(where: { $0.name == name }) else {
                throw VeloError("no job named '\(name)'", hint: "jobs in this file: " + jobs.map(\.name).joined(separator: ", "), exit: .usage)
            }
            return job
        }
        guard jobs.count == 1 else {
            throw VeloError("this file has \(jobs.count) jobs; running several jobs together is not supported yet",
                            hint: "pick one with --job NAME (" + jobs.map(\.name).joined(separator: ", ") + ")", exit: .usage)
        }
        return jobs[0]
    }
}

/// Annotations and flags that shape a run.
struct ExecSettings {
    var profile = false
    var sampleRate = 1.0
    var timeoutMs: Int64?

    init(statement: SQLStatement, script: SQLScript, options: ExecCommand.Options, console: Console) {
        func annotation(_ key: String) -> String? { statement.annotation(key) ?? script.annotation(key) }
        let profiling = annotation("profiling")?.lowercased()
        profile = options.profile || ["detailed", "enabled", "on", "true", "basic", "prod", "dev"].contains(profiling ?? "")
        if let rate = annotation("profiling_sample_rate") {
            if let r = Double(rate), r > 0, r <= 1 { sampleRate = r } else {
                console.warning("@profiling_sample_rate '\(rate)' is not a number in (0, 1]; profiling every record")
            }
        }
        if let timeout = annotation("timeout") {
            if let d = DurationValue(parsing: timeout), d.milliseconds > 0 { timeoutMs = d.milliseconds } else {
                console.warning("@timeout '\(timeout)' is not a duration (like 60s or 5m); no timeout")
            }
        }
    }
}

/// A helper thread for a run: it ends the run after `@timeout`, and stops a following topic consumer once
/// Ctrl+C has set the stop flag (the consumer may be waiting for messages).
final class ExecWatcher: @unchecked Sendable {
    let source: (any RecordSource)?
    let timeout: Int64?
    private let lock = NSLock()
    private var done = false

    init(source: (any RecordSource)?, timeout: Int64?) {
        self.source = source
        self.timeout = timeout
    }

    func start() {
        guard timeout != nil || source?.kind == "topic" else { return }
        let thread = Thread { [self] in
            let begin = MonotonicClock.nanoseconds()
            while true {
                usleep(20_000)
                lock.lock()
                let finished = done
                lock.unlock()
                if finished { return }
                if let timeout, MonotonicClock.nanoseconds() &- begin >= UInt64(timeout) * 1_000_000, !ExecSignals.stopRequested {
                    ExecSignals.requestStop()
                }
                if ExecSignals.stopRequested {
                    source?.stop()
                    return
                }
            }
        }
        thread.start()
    }

    func stop() {
        lock.lock()
        done = true
        lock.unlock()
    }
}
