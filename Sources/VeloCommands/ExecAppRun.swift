import Foundation
import VeloBase
import VeloEngine
import VeloTopics

/// `velo-run app.sql` on a file of several jobs: every job runs, one after another in dependency order
/// (a bounded run reads each source to its end). A job whose output has no sink in WITH keeps it in the
/// local store under its name, where later jobs (and later `--job` runs) read it; the output of the jobs no
/// other job reads also goes to stdout (as record events with `--events`, each carrying its job's name).
package enum ExecAppRunner {
    package static func run(_ app: ExecApp) throws -> VeloExit {
        let options = app.options, console = app.console
        let order = app.graph.order
        if options.follow {
            throw VeloError("--follow runs one job per process, and \(app.fileLabel) has \(order.count) jobs",
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
            throw VeloError("--topic and a bare --input PATH feed one FROM stream, but \(external.count) jobs read their own: "
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
        var exit = VeloExit.ok
        ExecSignals.reset()
        for (job, plan) in zip(order, plans) {
            let statement = app.statement(job)
            let settings = ExecSettings(statement: statement, script: app.checked.script, options: options, console: console)
            events?.job = job.name
            let source = try app.mainSource(plan, job: job, upstream: upstream)
            let place = try ExecUpstream.place(of: statement, sqlDirectory: app.sqlDirectory)
            let encoder = ObjectEncoder(names: plan.outputNames, primaryKey: plan.primaryKey)
            var sink: any RecordSink
            if case .store(let topic)? = place {
                sink = try StoreTopicSink(topic: topic, store: store, encoder: encoder, replace: !written.contains(topic.lowercased()))
                written.insert(topic.lowercased())
                if app.graph.readers(of: job).isEmpty {
                    let out: any RecordSink = try events.map { EventSink(events: $0, encoder: encoder) }
                        ?? NDJSONSink(name: "stdout", encoder: encoder, path: nil)
                    sink = TeeSink(sink, out)
                }
            } else {
                sink = try ExecBinding.sink(for: plan, statement: statement, events: events, topics: app.topics,
                                            sqlDirectory: app.sqlDirectory)
            }
            let deadLetter = try ExecLateData.deadLetterSink(for: plan, mainSink: sink, statement: statement,
                                                             topics: app.topics, sqlDirectory: app.sqlDirectory)
            let outcome: ExecJobRunner.Outcome
            do {
                outcome = try ExecJobRunner.run(plan: plan, source: source, sink: sink,
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
            if metrics.failedRecords > 0 { exit = .partial }
            switch outcome.end {
            case .finished: continue
            case .timedOut:
                if !options.quiet { console.line("velo-run: job '\(job.name)' stopped after @timeout \(DurationValue(milliseconds: settings.timeoutMs ?? 0))") }
                ExecSignals.reset()
                continue
            case .failedBatch(let reason):
                console.error("job '\(job.name)' stopped at the first failed record (failure_strategy FailBatch): \(reason)",
                              hint: "fix the record or use failure_strategy LogAndContinue; later jobs did not run")
                exit = .failed
            case .interrupted:
                exit = .interrupted
            }
            break
        }
        events?.job = nil

        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let script = app.checked.script
        let application = script.annotation("application") ?? script.annotation("app") ?? script.applicationHeader
            ?? URL(fileURLWithPath: app.fileLabel).deletingPathExtension().lastPathComponent
        let appMetrics = AppRunMetrics(application: application, startedAt: formatter.string(from: started),
                                       durationMs: Double(MonotonicClock.nanoseconds() &- begin) / 1e6, jobs: jobMetrics)
        if let path = options.metricsFile {
            do { try AtomicFile.write(try appMetrics.jsonText() + "\n", to: path) } catch { _ = console.report(error: error) }
        }
        if let events { try? events.eventRaw("app_metrics", key: "metrics", json: (try? appMetrics.jsonText(pretty: false)) ?? "null") }
        if !options.quiet {
            Console.writeStderr(appMetrics.summary(style: console.style))
            for m in jobMetrics { if let late = m.lateDropWarning { console.warning("job '\(m.job ?? "?")': " + late.message, hint: late.hint) } }
            if exit == .partial {
                console.warning("\(appMetrics.totals.failedRecords) record\(appMetrics.totals.failedRecords == 1 ? "" : "s") failed",
                                hint: "--metrics FILE lists each job's failures with their first offset")
            }
        }
        return exit
    }
}
