import Foundation
import VeloBase
import VeloJSON
import VeloSQL
import VeloSchema

/// A checked SQL file ready to run, with its job graph: what the single-job command, a run of every job
/// (`ExecAppRunner`) and a test spec (`ExecSpecRunner`) share.
package struct ExecApp {
    package let options: ExecOptions
    package let console: Console
    package let checked: SQLCheckResult
    package let source: SQLSourceText
    package let fileLabel: String
    package let sqlDirectory: String?
    package let graph: ExecAppGraph
    package let topics: any TopicResolver
    /// `--schemas`: each schema's field types by source name (the FROM source's go to its decoder).
    package var sourceTypes: [String: [String: FieldType]] = [:]

    /// Reads and checks the file. Returns nil after printing its diagnostics when the SQL is invalid (exit 3).
    package static func load(_ options: ExecOptions, console: Console, topics: any TopicResolver) throws -> ExecApp? {
        let text = try TextInput.read(options.file)
        let fileLabel = options.file == "-" ? "<stdin>" : options.file
        var provider: (any SQLSchemaProvider)? = nil
        var sourceTypes: [String: [String: FieldType]] = [:]
        if let dir = options.schemas {
            let loaded = try SchemaLoader.loadDirectory(dir)
            if !options.quiet { loaded.diagnostics.forEach(console.report) }
            provider = SQLSchemaSet(loaded)
            for schema in loaded.schemas {
                sourceTypes[schema.name] = Dictionary(schema.fields.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
            }
        }
        let checked = SQLFrontEnd.check(text, file: fileLabel, schemas: provider)
        let source = checked.source
        for issue in checked.issues where issue.severity == .error || !options.quiet {
            console.report(source.diagnostic(issue))
        }
        if checked.hasErrors { return nil }
        guard !checked.jobs.isEmpty else {
            console.error("\(fileLabel) has no statement to run", hint: "write SELECT … FROM source, or CREATE STREAM name AS SELECT …")
            return nil
        }
        let graph = try ExecAppGraph(jobs: checked.jobs, script: checked.script, source: source)
        let sqlDirectory = options.file == "-" ? nil : URL(fileURLWithPath: options.file).deletingLastPathComponent().path
        return ExecApp(
            options: options, console: console, checked: checked, source: source, fileLabel: fileLabel,
            sqlDirectory: sqlDirectory, graph: graph, topics: topics, sourceTypes: sourceTypes)
    }

    package func statement(_ job: SQLJob) -> SQLStatement { checked.script.statements[job.statementIndex] }

    /// The statement whose WITH says where `job`'s output goes: its own when it binds its target there, else
    /// the first job writing the same name that does — an `INSERT INTO s` writes where `CREATE STREAM s`
    /// declared `s`'s sink, not to a store topic of its own.
    package func sinkStatement(of job: SQLJob) -> SQLStatement {
        let own = statement(job)
        guard let target = own.target?.value else { return own }
        func binds(_ statement: SQLStatement) -> Bool {
            guard let endpoint = try? ExecBinding.Endpoint(name: target, statement: statement, sqlDirectory: sqlDirectory) else {
                return false
            }
            return endpoint.isFile || endpoint.isTopic
        }
        if binds(own) { return own }
        return (graph.writers[target.lowercased()] ?? []).lazy.map(statement).first(where: binds) ?? own
    }

    /// The other jobs that write `job`'s output name (a CREATE STREAM and its INSERT INTOs), in file order.
    package func otherWriters(of job: SQLJob) -> [SQLJob] {
        guard let target = ExecAppGraph.output(of: job, script: checked.script) else { return [] }
        return (graph.writers[target.lowercased()] ?? []).filter { $0.statementIndex != job.statementIndex }
    }

    /// Plans a job; SQL the engine cannot run becomes an error at its place in the file (exit 3).
    package func plan(_ job: SQLJob) throws -> ExecPlan {
        do {
            let plan = try ExecPlan.make(statement(job), job: job, script: checked.script)
            plan.schemaTypes = sourceTypes
            return plan
        } catch let issue as SQLIssue {
            var error = VeloError(issue.message, exit: .invalidInput)
            error.diagnostic = source.diagnostic(issue)
            throw error
        }
    }

    /// Where other jobs' outputs are for a run of `job` alone (`--job`): each job's WITH sink, else its
    /// topic in the local store.
    package func upstream(forJob job: SQLJob) throws -> ExecUpstream {
        let upstream = ExecUpstream(graph: graph, storeDirectory: options.store, topics: topics, follow: options.follow)
        upstream.fileLabel = fileLabel
        for other in checked.jobs where other.name != job.name {
            // A job whose WITH cannot be read (a missing config file) is not this run's concern unless read.
            guard let output = ExecAppGraph.output(of: other, script: checked.script),
                let place = try? ExecUpstream.place(of: sinkStatement(of: other), sqlDirectory: sqlDirectory)
            else { continue }
            upstream.places[output.lowercased()] = place
        }
        if !options.quiet { upstream.console = console }
        return upstream
    }

    /// `--input` may name any source the given jobs read.
    package func checkInputs(known jobs: [SQLJob], main: String?) throws {
        let names = Set(jobs.flatMap { $0.sources.map(\.name) } + (main.map { [$0] } ?? []))
        let inputs = ExecBinding.inputPaths(options, main: main)
        if let other = inputs.keys.sorted().first(where: { !names.contains($0) }) {
            throw VeloError(
                "--input names '\(other)', but the jobs read " + names.sorted().map { "'\($0)'" }.joined(separator: ", "),
                hint: "write --input NAME=PATH with one of those names", exit: .usage)
        }
    }

    /// The job's FROM stream: `--input name=path` (and, for one job, `--topic`), else another job's output,
    /// else as velo-run binds it (`--topic`, WITH, stdin).
    package func mainSource(_ plan: ExecPlan, job: SQLJob, upstream: ExecUpstream, topicFlag: Bool = false) throws -> (any RecordSource)? {
        guard let name = plan.sourceName else { return nil }
        if ExecBinding.inputPaths(options, main: nil)[name] == nil, !(topicFlag && options.topic != nil),
            let source = try upstream.open(name, main: true)
        {
            return source
        }
        return try ExecBinding.source(
            named: name, main: true, statement: statement(job), options: options, topics: topics,
            sqlDirectory: sqlDirectory)
    }

    /// The job's other named sources (joined tables and streams), other jobs' outputs included.
    package func otherSources(_ job: SQLJob, upstream: ExecUpstream) -> BoundSources {
        let sources = BoundSources(statement: statement(job), options: options, topics: topics, sqlDirectory: sqlDirectory)
        sources.upstream = upstream
        return sources
    }

    /// The store topic a job keeps its output in, when its output has no sink in WITH.
    package func storeTopic(of job: SQLJob) throws -> String? {
        if case .store(let topic)? = try ExecUpstream.place(of: sinkStatement(of: job), sqlDirectory: sqlDirectory) { return topic }
        return nil
    }
}

/// Runs one planned job over bound sources and a sink, with Ctrl+C and `@timeout` around the loop.
package enum ExecJobRunner {
    package struct Outcome {
        package var metrics: RunMetrics
        package var end: RunEnd
        /// Columns of the FROM source that no record had a value for (with a "did you mean").
        package var neverSeen: [(name: String, suggestion: String?)] = []
    }

    package static func run(
        plan: ExecPlan, source: (any RecordSource)?, sink: any RecordSink, sources: any ExecSources,
        events: EventStream?, settings: ExecSettings, deadLetter: (any RecordSink)? = nil
    ) throws -> Outcome {
        let runtime = try ExecRuntime(
            plan: plan, source: source, sink: sink, events: events,
            profiler: StageProfiler(enabled: settings.profile, sampleRate: settings.sampleRate),
            sources: sources)
        runtime.lateData?.deadLetter = deadLetter // 'late.data.strategy' = 'dead_letter' (ExecLateData.swift)
        ExecSignals.install(releaseStdin: source?.kind == "stdin")
        let watcher = ExecWatcher(source: source, timeout: settings.timeoutMs)
        watcher.start()
        let started = Date()
        var end: RunEnd
        do {
            end = try runtime.run()
        } catch is JSONWriter.Closed {
            end = .finished // the reader of our output went away (`| head`)
        } catch {
            sink.abort()
            runtime.lateData?.abort()
            watcher.stop()
            throw error
        }
        watcher.stop()
        var metrics = ExecReport.metrics(runtime, plan: plan, source: source, sink: sink, started: started)
        if let tee = sink as? TeeSink { metrics.sinks = tee.endpoints + metrics.sinks.dropFirst() } // keeps a dead-letter output
        return Outcome(metrics: metrics, end: end, neverSeen: runtime.neverSeenColumns)
    }
}
