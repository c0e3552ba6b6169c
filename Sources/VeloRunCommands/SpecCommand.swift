import Foundation
import VeloBase
import VeloCommands
import VeloEngine
import VeloSpec

/// `velo-run --spec [SPEC] app.sql`: runs a Velostream test spec (docs/test-spec.md) against the SQL file, as
/// `velo-test run` does, and reports as text, JSON or JUnit XML. Exit 0 when every assertion passed, 1 when
/// one failed or a query errored, 3 when the spec (or the SQL) is invalid, 130 on Ctrl+C.
public enum SpecCommand: VeloToolCommand {
    public struct Options: Sendable {
        public var sqlFile: String
        /// The spec; nil = `<sql>.test.yaml`, `<sql>.spec.yaml`, then `test_spec.yaml` beside the SQL.
        public var spec: String?
        public var format: SpecReportFormat = .text
        /// Also write the report (in `format`) to this file; stdout then gets the text report.
        public var reportFile: String?
        public var seed: UInt64 = 42
        /// Schemas for the SQL analyzer and for generating inputs (searched before the spec's own folders).
        public var schemas: String?
        /// Run only these queries (and nothing else; their `from_previous` queries must be listed too).
        public var queries: [String] = []
        public var quiet = false
        public var noColor = false
        public var store: String?

        public init(sqlFile: String) { self.sqlFile = sqlFile }
    }

    public static func run(_ options: Options, console: Console) -> VeloExit {
        do {
            return try execute(options, console: console)
        } catch let error as SpecError {
            error.diagnostics.forEach(console.report)
            return .invalidInput
        } catch let fatal as ExecSpecRunner.Fatal {
            console.report(fatal.error.diagnostic)
            return .invalidInput
        } catch {
            return console.report(error: error)
        }
    }

    package static func execute(_ options: Options, console: Console) throws -> VeloExit {
        guard options.sqlFile != "-" else {
            throw VeloError("--spec needs the SQL as a file", hint: "velo-run --spec app.test.yaml app.sql", exit: .usage)
        }
        guard let specPath = options.spec ?? SpecDiscovery.find(forSQL: options.sqlFile) else {
            throw VeloError(
                "no test spec found for \(options.sqlFile)",
                hint: "looked for " + SpecDiscovery.candidates(forSQL: options.sqlFile).joined(separator: ", ")
                    + "; pass one: velo-run --spec SPEC \(options.sqlFile)", exit: .usage)
        }
        let loaded = try SpecLoader.load(path: specPath)
        var spec = loaded.spec
        let order = SpecExecutionOrder(spec)
        if !options.quiet { (loaded.warnings + order.warnings).forEach(console.report) }
        if !options.queries.isEmpty {
            let unknown = options.queries.filter { spec.query(named: $0) == nil }
            if !unknown.isEmpty {
                throw VeloError(
                    "the spec has no query named " + unknown.map { "'\($0)'" }.joined(separator: ", "),
                    hint: "queries in \(specPath): " + spec.queries.map(\.name).joined(separator: ", "), exit: .usage)
            }
            for i in spec.queries.indices where !options.queries.contains(spec.queries[i].name) { spec.queries[i].skip = true }
        }

        // Never the user's cluster: no Kafka from the environment or flags, and a throwaway store.
        var execOptions = ExecOptions(file: options.sqlFile)
        execOptions.schemas = options.schemas
        execOptions.quiet = true
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("velo-spec-\(getpid())").path
        execOptions.store = options.store ?? scratch
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var environment = ProcessInfo.processInfo.environment
        environment["VELO_KAFKA"] = nil
        guard
            let app = try ExecApp.load(
                execOptions, console: console,
                topics: ExecTopics(options: execOptions, environment: environment, console: console))
        else { return .invalidInput }

        // A query runs after the queries whose jobs its job reads, even without `from_previous`.
        let probe = ExecSpecRunner(app: app, spec: spec, seed: 0, nowMs: 0, schemaFolders: nil)
        for i in spec.queries.indices {
            guard let job = probe.job(named: spec.queries[i].name) else { continue }
            for upstreamIndex in app.graph.needs[job.statementIndex] ?? [] {
                guard let producer = spec.queries.first(where: { probe.job(named: $0.name)?.statementIndex == upstreamIndex }),
                    producer.name != spec.queries[i].name, !spec.queries[i].dependencies.contains(producer.name)
                else { continue }
                spec.queries[i].dependencies.append(producer.name)
            }
        }

        let startMs = Int64(Date().timeIntervalSince1970 * 1000)
        var folders: [String]? = nil
        if let dir = options.schemas { folders = [dir] + SpecGeneration.defaultSchemaFolders(for: spec) }
        let runner = ExecSpecRunner(app: app, spec: spec, seed: options.seed, nowMs: startMs, schemaFolders: folders)
        let fileOnly = runner.isFileOnly
        if fileOnly && !options.quiet, spec.queries.contains(where: { $0.inputs.contains { $0.sourceType?.kind != .file } }) {
            console.warning(
                "every source and sink of \(app.fileLabel) is a file: the SQL runs on its own files (file-only mode) and the spec's inputs are not fed"
            )
        }
        let (results, interrupted) = try fileOnly ? runner.runFileOnly() : runner.runAll(order: SpecExecutionOrder(spec).queries)
        let endMs = Int64(Date().timeIntervalSince1970 * 1000)
        let runId = String(format: "%08x", UInt32.random(in: 0...UInt32.max))
        let report = SpecReport.evaluate(spec, results: results, runId: runId, startMs: startMs, endMs: endMs)

        let color = Terminal.useColor(fd: 1, noColorFlag: options.noColor)
        if let file = options.reportFile {
            try options.format.write(report, to: file)
            if !options.quiet || report.exitCode != .ok { Console.writeStdout(report.text(color: color)) }
        } else {
            Console.writeStdout(options.format.render(report, color: color))
        }
        return interrupted ? .interrupted : report.exitCode
    }
}
