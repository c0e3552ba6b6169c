import Foundation
import VeloBase
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
        guard
            let app = try ExecApp.load(
                options, console: console,
                topics: ExecTopics(options: options, environment: ProcessInfo.processInfo.environment, console: console))
        else { return .invalidInput }
        if options.job == nil && app.checked.jobs.count > 1 { return try runApp(app) }
        let job = try pickJob(app.checked.jobs, options.job)
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
        var sink = try ExecBinding.sink(
            for: plan, statement: statement, events: events, topics: app.topics,
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
        ending.warnOfFailedRecords(
            metrics.failedRecords, exit: exit,
            hint: "see 'failed' above; --metrics FILE lists each reason with its first offset")
        return exit
    }

    /// The `profile` event of `--events` when the run was profiled.
    private static func profileEvent(_ metrics: RunMetrics) -> [(type: String, key: String, json: String)] {
        guard let profile = metrics.profile, let data = try? JSONEncoder().encode(profile) else { return [] }
        return [("profile", "profile", String(decoding: data, as: UTF8.self))]
    }

    package static func pickJob(_ jobs: [SQLJob], _ name: String?) throws -> SQLJob {
        if let name {
            guard let job = jobs.first(where: { $0.name == name }) else {
                throw VeloError("no job named '\(name)'", hint: "jobs in this file: " + jobs.map(\.name).joined(separator: ", "), exit: .usage)
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
