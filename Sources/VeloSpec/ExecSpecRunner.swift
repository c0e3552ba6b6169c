import Foundation
import VeloBase
import VeloEngine
import VeloJSON
import VeloSQL

/// Runs the queries of a test spec over the spec's inputs and captures what each wrote: the executor side
/// of `velo-run --spec` (docs/test-spec.md, "Wiring"). Inputs are held in memory; nothing is read from or
/// written to a topic (a source the spec does not feed must be a file bound in WITH).
package struct ExecSpecRunner {
    package let app: ExecApp
    package let spec: TestSpec
    package let seed: UInt64
    package let nowMs: Int64
    package let schemaFolders: [String]?

    package init(app: ExecApp, spec: TestSpec, seed: UInt64, nowMs: Int64, schemaFolders: [String]?) {
        self.app = app
        self.spec = spec
        self.seed = seed
        self.nowMs = nowMs
        self.schemaFolders = schemaFolders
    }

    /// Why a spec cannot be run at all (exit 3): a schema or data file it names is missing or invalid.
    package struct Fatal: Error {
        package let error: any VeloReportable
    }

    /// Runs every query in execution order; stops early (returning what ran) on Ctrl+C.
    package func runAll(order: [SpecQuery]) throws -> (results: [String: QueryRunResult], interrupted: Bool) {
        var results: [String: QueryRunResult] = [:]
        ExecSignals.reset()
        for query in order where !query.skip {
            let result = try run(query, previous: results)
            results[query.name] = result
            if ExecSignals.interrupted != 0 { return (results, true) }
            ExecSignals.reset() // a query's timeout must not stop the next one
        }
        return (results, false)
    }

    /// The job a spec query names: its CREATE name or its @name.
    package func job(named name: String) -> SQLJob? {
        // velo-test runs a file's only job for any query name (its specs often name the output sink instead).
        exactJob(named: name) ?? (app.checked.jobs.count == 1 ? app.checked.jobs[0] : nil)
    }

    /// The job whose CREATE name or @name is `name` (any case), without the only-job rule.
    package func exactJob(named name: String) -> SQLJob? {
        app.checked.jobs.first { job in
            job.name.lowercased() == name.lowercased()
                || ExecAppGraph.output(of: job, script: app.checked.script)?.lowercased() == name.lowercased()
        }
    }

    package func run(_ query: SpecQuery, previous: [String: QueryRunResult]) throws -> QueryRunResult {
        var result = QueryRunResult(name: query.name)
        guard let job = job(named: query.name) else {
            result.error = "no job named '\(query.name)' in \(app.fileLabel) (jobs: \(app.checked.jobs.map(\.name).joined(separator: ", ")))"
            return result
        }
        // Inputs: what the spec gives, then the outputs of queries that already ran for the names they make.
        var lines: [String: [String]] = [:]
        var times: [String: [Int64?]] = [:]
        for (index, input) in query.inputs.enumerated() {
            let records: [JSONValue]
            do {
                (records, times[input.source]) = try SpecInputs.timedRecords(
                    for: input, spec: spec, previous: previous, seed: seed &+ UInt64(index) &* 7919,
                    nowMs: nowMs, schemaFolders: schemaFolders)
            } catch let error as VeloReportable where error.exitCode == .invalidInput || error.exitCode == .usage {
                throw Fatal(error: error)
            } catch {
                result.error = "input '\(input.source)': \(error)"
                return result
            }
            result.inputs[input.source] = records
            lines[input.source] = records.map(\.description)
        }
        for source in job.sources where lines[source.name] == nil {
            guard let producer = app.graph.producer(of: source.name), producer.name != job.name,
                let earlier = previous.values.first(where: { self.job(named: $0.name)?.name == producer.name }),
                let sink = earlier.primarySink, let records = earlier.outputs[sink]
            else { continue }
            result.inputs[source.name] = records
            lines[source.name] = records.map(\.description)
            times[source.name] = earlier.outputTimes[sink]
        }

        let statement = app.statement(job)
        do {
            let plan = try app.plan(job)
            var settings = ExecSettings(statement: statement, script: app.checked.script, options: app.options, console: app.console)
            settings.timeoutMs = Int64(query.timeoutMs ?? spec.defaultTimeoutMs)
            let sources = SpecSources(lines: lines, times: times, app: app, job: job, query: query.name)
            let source = try plan.sourceName.map { try sources.open($0) }
            let encoder = ObjectEncoder(names: plan.outputNames, primaryKey: plan.primaryKey)
            let collected = CollectingSink(encoder: encoder)
            var sink: any RecordSink = collected
            for file in try fileSinks(query, plan: plan, statement: statement, encoder: encoder) { sink = TeeSink(sink, file) }
            result.startMemoryBytes = ProcessMemory.residentBytes()
            let begin = MonotonicClock.nanoseconds()
            let outcome = try ExecJobRunner.run(plan: plan, source: source, sink: sink, sources: sources, events: nil, settings: settings)
            result.durationMs = Double(MonotonicClock.nanoseconds() &- begin) / 1e6
            result.capturedAtMs = Int64(Date().timeIntervalSince1970 * 1000)
            result.metrics = outcome.metrics
            let declared = ExecSpecMetrics.declared(in: statement)
            if !declared.isEmpty {
                let measured = ExecSpecMetrics.measure(declared, output: collected.collected.map(\.description))
                result.customMetrics = measured.metrics
                measured.problems.forEach { app.console.warning("query '\(query.name)': \($0)") }
            }
            if case .failedBatch(let reason) = outcome.end { result.error = "stopped at the first failed record (FailBatch): \(reason)" }
            if outcome.end == .timedOut { result.error = "timed out after \(settings.timeoutMs ?? 0) ms" }
            // The main output under the query's name, and under every sink name the spec or WITH gives it.
            var names = [query.name] + query.outputs.map(\.sink)
            if let target = statement.target?.value {
                names.append(target)
                if let topic = try? ExecBinding.Endpoint(name: target, statement: statement, sqlDirectory: app.sqlDirectory).topic {
                    names.append(topic)
                }
            }
            for name in names where result.outputs[name] == nil {
                result.outputs[name] = collected.collected
                result.outputTimes[name] = collected.timestamps
                if collected.keys.contains(where: { $0 != nil }) { result.outputKeys[name] = collected.keys }
            }
        } catch let error as VeloReportable {
            result.error = error.diagnostic.render(tool: nil, color: false)
        } catch let issue as SQLIssue {
            result.error = app.source.diagnostic(issue).render(tool: nil, color: false)
        } catch {
            result.error = String(describing: error)
        }
        return result
    }

    /// Files the query's output is also written to: the spec's `output: {sink_type: {type: file, …}}` (relative
    /// to the spec), and a file sink bound in WITH (as velo-run writes it).
    package func fileSinks(_ query: SpecQuery, plan: ExecPlan, statement: SQLStatement, encoder: ObjectEncoder) throws -> [any RecordSink] {
        var sinks: [any RecordSink] = []
        if let out = query.sinkType, out.kind == .file, let path = out.path {
            let resolved = SpecDataFile.resolve(path, relativeTo: spec.directory)
            // The spec names where its file assertions look; make the folder as velo-test's file sink does.
            let folder = (resolved as NSString).deletingLastPathComponent
            if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            switch SpecDataFile.format(named: out.format, path: resolved) {
            case .csv, .csvNoHeader:
                sinks.append(try CSVSink(name: query.name, names: plan.outputNames, path: resolved, delimiter: UInt8(ascii: ",")))
            case .jsonLines, .json:
                sinks.append(try NDJSONSink(name: query.name, encoder: encoder, path: resolved))
            }
        }
        if let target = statement.target?.value,
            try ExecBinding.Endpoint(name: target, statement: statement, sqlDirectory: app.sqlDirectory).isFile
        {
            sinks.append(
                try ExecBinding.sink(
                    for: plan, statement: statement, events: nil, topics: app.topics,
                    sqlDirectory: app.sqlDirectory))
        }
        return sinks
    }
}

/// A spec query's sources: the records the spec feeds (or an earlier query made), else a file bound in
/// WITH. Topics are never opened: a test must not read a real cluster's data unless the spec says so.
package final class SpecSources: ExecSources {
    package let lines: [String: [String]]
    /// Each fed record's event time (message timestamp), when the spec gives one.
    package let times: [String: [Int64?]]
    package let app: ExecApp
    package let job: SQLJob
    package let query: String

    package init(lines: [String: [String]], times: [String: [Int64?]] = [:], app: ExecApp, job: SQLJob, query: String) {
        self.lines = lines
        self.times = times
        self.app = app
        self.job = job
        self.query = query
    }

    package func open(_ name: String) throws -> any RecordSource {
        if let records = lines[name] { return MemorySource(name: name, lines: records, timestamps: times[name] ?? []) }
        let statement = app.statement(job)
        if try ExecBinding.Endpoint(name: name, statement: statement, sqlDirectory: app.sqlDirectory).isFile {
            return try ExecBinding.source(
                named: name, main: false, statement: statement, options: app.options,
                topics: app.topics, sqlDirectory: app.sqlDirectory)
        }
        throw VeloError(
            "query '\(query)' reads '\(name)', but the spec gives it no input",
            hint: "add an input with source: \(name) (records from its schema, data_file, or from_previous: QUERY), or bind it to a file in WITH",
            exit: .failed)
    }
}
