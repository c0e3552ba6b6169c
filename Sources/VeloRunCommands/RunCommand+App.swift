import Foundation
import VeloBase
import VeloEngine
import VeloTopics

/// `velo-run app.sql` on a file of several jobs: every job runs, one after another in dependency order
/// (a bounded run reads each source to its end). A job whose output has no sink in WITH keeps it in the
/// local store under its name, where later jobs (and later `--job` runs) read it; the output of the jobs no
/// other job reads also goes to stdout (as record events with `--events`, each carrying its job's name).
extension RunCommand {
    package static func runApp(_ app: ExecApp) throws -> VeloExit {
        let options = app.options, console = app.console
        let order = app.graph.order
        if options.follow {
            throw VeloError(
                "--follow runs one job per process, and \(app.fileLabel) has \(order.count) jobs",
                hint: "start each job in its own process, upstream first: "
                    + order.map { "velo-run \(app.fileLabel) --job \($0.name) --follow" }.joined(separator: " & ")
                    + " (they pass records through the local store's topics)",
                exit: .usage)
        }
        // Plan every job before running any, so SQL the engine cannot run fails before anything is written.
        let plans = try order.map { try app.plan($0) }
        // Jobs whose FROM stream is not another job's output: `--topic` and a bare `--input PATH` feed those.
        let external = zip(order, plans).filter { job, plan in
            guard let name = plan.sourceName else { return false }
            return (app.graph.writers[name.lowercased()] ?? []).allSatisfy { $0.statementIndex == job.statementIndex }
        }
        try app.checkInputs(known: order, main: nil)
        let bare = options.inputs.contains { !$0.contains("=") || $0.hasPrefix("/") }
        if (options.topic != nil || bare) && external.count > 1 {
            throw VeloError(
                "--topic and a bare --input PATH feed one FROM stream, but \(external.count) jobs read their own: "
                    + external.map { "\($0.0.name) (\($0.1.sourceName ?? ""))" }.joined(separator: ", "),
                hint: "name the source: --input NAME=PATH, or run one job with --job NAME", exit: .usage)
        }

        let upstream = ExecUpstream(graph: app.graph, storeDirectory: options.store, topics: app.topics, follow: false)
        upstream.fileLabel = app.fileLabel
        let store = LocalTopicStore(directory: options.store)
        let events = options.events ? EventStream() : nil
        let started = Date()
        let begin = MonotonicClock.nanoseconds()
        var jobMetrics: [RunMetrics] = []
        var written = Set<String>() // store topics this run has replaced; later writers (INSERT INTO) append
        var writtenFiles = Set<String>() // the same for file sinks
        var lastEnd = RunEnd.finished
        let ending = RunEnding(options: options, console: console, events: events)
        ExecSignals.reset()
        for (job, plan) in zip(order, plans) {
            let statement = app.statement(job)
            let settings = ExecSettings(statement: statement, script: app.checked.script, options: options, console: console)
            events?.job = job.name
            let source = try app.mainSource(plan, job: job, upstream: upstream)
            let sinkStatement = app.sinkStatement(of: job) // an INSERT INTO writes where its CREATE declared
            let place = try ExecUpstream.place(of: sinkStatement, sqlDirectory: app.sqlDirectory)
            let encoder = ObjectEncoder(names: plan.outputNames, primaryKey: plan.primaryKey)
            var sink: any RecordSink
            if case .store(let topic)? = place {
                sink = try StoreTopicSink(topic: topic, store: store, encoder: encoder, replace: !written.contains(topic.lowercased()))
                written.insert(topic.lowercased())
                if app.graph.readers(of: job).isEmpty {
                    let out: any RecordSink =
                        try events.map { EventSink(events: $0, encoder: encoder) }
                        ?? NDJSONSink(name: "stdout", encoder: encoder, path: nil)
                    sink = TeeSink(sink, out)
                }
            } else {
                var append = false
                if case .file(let path, _)? = place { append = !writtenFiles.insert(path).inserted }
                sink = try ExecBinding.sink(
                    for: plan, statement: sinkStatement, events: events, topics: app.topics,
                    sqlDirectory: app.sqlDirectory, append: append)
            }
            let deadLetter = try ExecLateData.deadLetterSink(
                for: plan, mainSink: sink, statement: statement,
                topics: app.topics, sqlDirectory: app.sqlDirectory)
            let outcome: ExecJobRunner.Outcome
            do {
                outcome = try ExecJobRunner.run(
                    plan: plan, source: source, sink: sink,
                    sources: app.otherSources(job, upstream: upstream), events: events, settings: settings,
                    deadLetter: deadLetter)
            } catch let error as VeloError {
                var named = error
                named.diagnostic.message = "job '\(job.name)': " + error.diagnostic.message
                throw named
            }
            var metrics = outcome.metrics
            metrics.job = job.name // the name --job takes
            jobMetrics.append(metrics)
            if options.schemas == nil && !options.quiet {
                warnOfNeverSeen(
                    outcome.neverSeen, source: plan.sourceName.map { "\($0) (job '\(job.name)')" },
                    records: metrics.recordsIn, console: console)
            }
            if let output = ExecAppGraph.output(of: job, script: app.checked.script), let place {
                if case .topic(let topic, let endpoint, _) = place {
                    var last = metrics.recordsOut
                    if case .topic(_, _, let earlier?)? = upstream.places[output.lowercased()] { last += earlier }
                    upstream.places[output.lowercased()] = .topic(topic: topic, endpoint: endpoint, last: last)
                } else {
                    upstream.places[output.lowercased()] = place
                }
            }
            if let events { try? events.eventRaw("metrics", key: "metrics", json: (try? metrics.jsonText(pretty: false)) ?? "null") }
            lastEnd = outcome.end
            ending.reportStop(outcome.end, job: job.name, timeoutMs: settings.timeoutMs)
            if outcome.end == .finished { continue }
            if outcome.end == .timedOut {
                ExecSignals.reset() // the next job gets its own @timeout
                continue
            }
            break // FailBatch or Ctrl+C: later jobs do not run
        }
        events?.job = nil

        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let script = app.checked.script
        let application =
            script.annotation("application") ?? script.annotation("app") ?? script.applicationHeader
            ?? URL(fileURLWithPath: app.fileLabel).deletingPathExtension().lastPathComponent
        let appMetrics = AppRunMetrics(
            application: application, startedAt: formatter.string(from: started),
            durationMs: Double(MonotonicClock.nanoseconds() &- begin) / 1e6, jobs: jobMetrics)
        let exit = RunEnding.exitCode(after: lastEnd, failedRecords: appMetrics.totals.failedRecords)
        ending.publish(appMetrics, eventType: "app_metrics", summary: appMetrics.summary(style: console.style))
        for metrics in jobMetrics { ending.warnOfLateDrops(metrics, job: metrics.job ?? "?") }
        ending.warnOfFailedRecords(
            appMetrics.totals.failedRecords, exit: exit,
            hint: "--metrics FILE lists each job's failures with their first offset")
        return exit
    }
}
