import Foundation
import VeloBase
import VeloCommands
import VeloEngine
import VeloSQL
import VeloTopics

/// `velo-run app.sql`: check the SQL, plan one job, bind its source and sink, run it, report metrics.
/// A file of several jobs runs them all (`RunCommand+App.swift`); both end through `RunEnding`.
public enum RunCommand: VeloToolCommand {
    public static func run(_ options: ExecOptions, console: Console) -> VeloExit {
        do {
            return try execute(options, console: console)
        } catch let error as SQLIssue {
            console.error(error.message, hint: error.hint)
            return .invalidInput
        } catch {
            return console.report(error: error)
        }
    }

    package static func execute(_ options: ExecOptions, console: Console) throws -> VeloExit {
        // Before the run, not after it: a long run whose metrics cannot be saved is wasted.
        if let path = options.metricsFile { try AtomicFile.checkWritable(path) }
        guard
            let app = try ExecApp.load(
                options, console: console,
                topics: ExecTopics(options: options, environment: ProcessInfo.processInfo.environment, console: console))
        else { return .invalidInput }
        if options.job == nil && app.checked.jobs.count > 1 { return try runApp(app) }
        let job = try pickJob(app.checked.jobs, options.job, line: { app.checked.source.line(of: $0) })
        let statement = app.statement(job)
        let plan = try app.plan(job)
        if options.follow && !plan.unionBranches.isEmpty {
            throw VeloError(
                "a UNION runs its SELECTs one after another, so it cannot follow a stream (--follow)",
                hint: "run each SELECT as a job of its own with --follow, writing to the same sink", exit: .usage)
        }
        let settings = ExecSettings(statement: statement, script: app.checked.script, options: options, console: console)
        try app.checkInputs(known: [job], main: plan.sourceName)
        let upstream = try app.upstream(forJob: job)
        let recordSource = try app.mainSource(plan, job: job, upstream: upstream, topicFlag: true)
        let events = options.events ? EventStream() : nil
        try refuseToReplaceOtherWriters(app, job: job)
        var sink = try ExecBinding.sink(
            for: plan, statement: app.sinkStatement(of: job), events: events, topics: app.topics,
            sqlDirectory: app.sqlDirectory)
        let deadLetter = try ExecLateData.deadLetterSink(
            for: plan, mainSink: sink, statement: statement,
            topics: app.topics, sqlDirectory: app.sqlDirectory)
        // `--job NAME` keeps the job's output in the store when later jobs of the file read it.
        if options.job != nil, let topic = try app.storeTopic(of: job), !app.graph.readers(of: job).isEmpty {
            let encoder = ObjectEncoder(names: plan.outputNames, primaryKey: plan.primaryKey)
            sink = TeeSink(
                try StoreTopicSink(
                    topic: topic, store: LocalTopicStore(directory: options.store), encoder: encoder,
                    replace: !options.follow), sink)
        }
        if options.kafka.isGiven && recordSource?.kind != "topic" && sink.kind != "topic" {
            sink.abort()
            throw VeloError(
                "--kafka, -X and --kafka-config need a topic, but this job reads \(recordSource?.label ?? "no source") and writes \(sink.name)",
                hint: "add --topic TOPIC, or bind a kafka_source/kafka_sink in WITH", exit: .usage)
        }
        ExecSignals.reset()
        let outcome = try ExecJobRunner.run(
            plan: plan, source: recordSource, sink: sink,
            sources: app.otherSources(job, upstream: upstream), events: events, settings: settings,
            deadLetter: deadLetter)
        let metrics = outcome.metrics
        let ending = RunEnding(options: options, console: console, events: events)
        let exit = RunEnding.exitCode(after: outcome.end, failedRecords: metrics.failedRecords)
        ending.publish(
            metrics, eventType: "metrics", extra: profileEvent(metrics),
            summary: MetricsSummary.render(metrics, style: console.style))
        ending.warnOfLateDrops(metrics)
        ending.reportStop(outcome.end, job: nil, timeoutMs: settings.timeoutMs)
        if options.schemas == nil && !options.quiet {
            warnOfNeverSeen(outcome.neverSeen, source: plan.sourceName, records: metrics.recordsIn, console: console)
        }
        ending.warnOfFailedRecords(
            metrics.failedRecords, exit: exit,
            hint: "see 'failed' above; --metrics FILE lists each reason with its first offset")
        return exit
    }

    /// Without `--schemas` nothing checks column names before the run: a misspelled one is NULL in every
    /// record. Said at the end, when the records have shown which names exist.
    package static func warnOfNeverSeen(
        _ columns: [(name: String, suggestion: String?)], source: String?, records: Int64, console: Console
    ) {
        for (name, suggestion) in columns {
            console.warning(
                "column '\(name)' had no value in any of the \(HumanFormat.grouped(Int(records))) record\(records == 1 ? "" : "s") of \(source ?? "the input")",
                hint: (suggestion.map { "did you mean '\($0)'? " } ?? "") + "--schemas DIR checks column names before a run")
        }
    }

    /// The `profile` event of `--events` when the run was profiled.
    private static func profileEvent(_ metrics: RunMetrics) -> [(type: String, key: String, json: String)] {
        guard let profile = metrics.profile, let data = try? JSONEncoder().encode(profile) else { return [] }
        return [("profile", "profile", String(decoding: data, as: UTF8.self))]
    }

    /// `--job NAME` when other jobs write the same stream (an INSERT INTO beside its CREATE STREAM): a file
    /// sink, or the store topic later jobs read, would be replaced by this job's part alone. A topic sink, or
    /// a store topic under `--follow`, is appended to, so that run is fine.
    private static func refuseToReplaceOtherWriters(_ app: ExecApp, job: SQLJob) throws {
        let options = app.options
        let others = app.otherWriters(of: job)
        guard options.job != nil, !others.isEmpty, let output = ExecAppGraph.output(of: job, script: app.checked.script) else { return }
        let place = try ExecUpstream.place(of: app.sinkStatement(of: job), sqlDirectory: app.sqlDirectory)
        let replaced: String
        switch place {
        case .file(let path, _)?: replaced = "the file '\(path)'"
        case .store(let topic)? where !options.follow && !app.graph.readers(of: job).isEmpty:
            replaced = "the local store topic '\(topic)' that later jobs read"
        default: return
        }
        let listed = others.map { "'\($0.name)' (line \(app.checked.source.line(of: $0.span.start)))" }.joined(separator: ", ")
        throw VeloError(
            "job '\(job.name)' writes '\(output)', as \(listed) \(others.count == 1 ? "does" : "do"): run alone, it would replace \(replaced) with its part",
            hint: "run the whole file (velo-run \(app.fileLabel)) so that every job writing '\(output)' runs", exit: .usage)
    }

    package static func pickJob(_ jobs: [SQLJob], _ name: String?, line: (Int) -> Int = { _ in 0 }) throws -> SQLJob {
        if let name {
            let named = jobs.filter { $0.name == name }
            guard let job = named.first else {
                throw VeloError("no job named '\(name)'", hint: "jobs in this file: " + jobs.map(\.name).joined(separator: ", "), exit: .usage)
            }
            // A CREATE STREAM and INSERT INTOs writing one name: running only the first would replace the
            // stream's store topic with part of its records, so later jobs would read too little.
            if named.count > 1 {
                let kinds: [SQLStatement.Kind: String] = [
                    .createStream: "CREATE STREAM", .createTable: "CREATE TABLE", .insert: "INSERT INTO", .select: "SELECT"
                ]
                throw VeloError(
                    "\(named.count) jobs write '\(name)': "
                        + named.map { "\(kinds[$0.kind] ?? $0.kind.rawValue) (line \(line($0.span.start)))" }.joined(separator: ", "),
                    hint: "run the whole file (without --job) so that every one of them runs", exit: .usage)
            }
            return job
        }
        guard jobs.count == 1 else {
            throw VeloError(
                "this file has \(jobs.count) jobs", hint: "pick one with --job NAME (" + jobs.map(\.name).joined(separator: ", ") + ")", exit: .usage)
        }
        return jobs[0]
    }
}
