import VeloEngine
import VeloSQL

/// velo-test's file-only mode: when every source and sink of every job in the SQL is a file, the whole SQL
/// runs as it is (each job reads its files and writes its file sinks, upstream first), and the spec's
/// assertions are then checked against what each job wrote. The spec's inputs are not fed: the SQL's own
/// files are the input, as on Velostream (docs/test-spec.md, "File-only mode").
extension ExecSpecRunner {
    /// Whether every job reads only files (streams, tables) and writes a file sink.
    package var isFileOnly: Bool {
        let jobs = app.checked.jobs
        guard !jobs.isEmpty else { return false }
        return jobs.allSatisfy { job in
            let statement = app.statement(job)
            func isFile(_ name: String) -> Bool {
                (try? ExecBinding.Endpoint(name: name, statement: statement, sqlDirectory: app.sqlDirectory).isFile) == true
            }
            guard let target = statement.target?.value, isFile(target) else { return false }
            return job.sources.allSatisfy { isFile($0.name) }
        }
    }

    /// The job a spec query names in file-only mode. One spec often covers several SQL files (Velostream's
    /// `demo/quickstart`), so a query whose name matches no job here belongs to another file (nil); only
    /// when no query of the spec names a job does the file's only job stand for each of them, as in `job(named:)`.
    package func fileOnlyJob(for query: SpecQuery) -> SQLJob? {
        if let job = exactJob(named: query.name) { return job }
        let anyNamed = spec.queries.contains { !$0.skip && exactJob(named: $0.name) != nil }
        return anyNamed ? nil : job(named: query.name)
    }

    /// Runs every job of the SQL in dependency order, then gives each spec query the result of its job
    /// (or a skip reason when its job is in another SQL file). Stops early on Ctrl+C.
    package func runFileOnly() throws -> (results: [String: QueryRunResult], interrupted: Bool) {
        var byJob: [String: QueryRunResult] = [:]
        var interrupted = false
        ExecSignals.reset()
        for job in app.graph.order {
            var query = SpecQuery(name: job.name)
            query.timeoutMs = spec.queries.first { fileOnlyJob(for: $0)?.name == job.name }?.timeoutMs
            byJob[job.name] = try run(query, previous: byJob)
            if ExecSignals.interrupted != 0 { interrupted = true; break }
            ExecSignals.reset()
        }
        var results: [String: QueryRunResult] = [:]
        for query in spec.queries where !query.skip {
            guard let job = fileOnlyJob(for: query) else {
                var skipped = QueryRunResult(name: query.name)
                skipped.skipReason = "not in \(app.fileLabel) (file-only mode checks the queries of the SQL it runs)"
                results[query.name] = skipped
                continue
            }
            guard var result = byJob[job.name] else { continue } // not reached before Ctrl+C
            result.name = query.name
            let main = result.primarySink.flatMap { result.outputs[$0] } ?? []
            let times = result.primarySink.flatMap { result.outputTimes[$0] } ?? []
            for name in [query.name] + query.outputs.map(\.sink) where result.outputs[name] == nil {
                result.outputs[name] = main
                result.outputTimes[name] = times
            }
            results[query.name] = result
        }
        return (results, interrupted)
    }
}
