import Foundation
import VeloBase
import VeloCommands
import VeloEngine
import VeloJSON
import VeloProject
import VeloSession
import VeloSpec

/// `velo-save`: writes a project from a session (docs/velo-save.md), or lists and edits the jobs of an SQL
/// app in place. Saving prints the manifest (`SaveManifest`) as JSON on stdout; `--list` prints the jobs
/// (`SQLJobEntry`), `--show N` one job's text. Exit 0 ok, 1 the folder exists or cannot be written, 2 usage,
/// 3 invalid session or SQL (nothing is written).
public enum SaveCommand: VeloToolCommand {
    public enum Action: Sendable, Equatable {
        /// Save the session (a file, or - for stdin) as a project under `out`.
        case save(session: String)
        case list(file: String)
        case show(file: String, number: Int)
        case append(file: String, sql: String)
        case replace(file: String, number: Int, sql: String)
        case delete(file: String, number: Int)
    }

    public struct Options: Sendable {
        public var action: Action
        /// The folder the project folder goes in.
        public var out: String
        public var force: Bool
        public var tests: Bool
        public var environment: [String: String]
        public init(action: Action, out: String = ".", force: Bool = false, tests: Bool = true, environment: [String: String] = [:]) {
            self.action = action
            self.out = out
            self.force = force
            self.tests = tests
            self.environment = environment
        }
    }

    public static func run(_ options: Options, console: Console) -> VeloExit {
        do {
            switch options.action {
            case .save(let session): try save(session, options, console: console)
            case .list(let file):
                let entries = SQLAppEditor(text: try TextInput.read(file), file: file).list()
                Console.writeStdoutVerbatim(SQLJobListJSON.text(entries))
            case .show(let file, let n):
                let text = try SQLAppEditor(text: try TextInput.read(file), file: file).show(n)
                Console.writeStdout(text)
            case .append(let file, let sql): try edit(file, .append(sql), console: console)
            case .replace(let file, let n, let sql): try edit(file, .replace(n, sql), console: console)
            case .delete(let file, let n): try edit(file, .delete(n), console: console)
            }
            return .ok
        } catch let problems as SQLProblems {
            problems.diagnostics.forEach(console.report)
            return problems.exitCode
        } catch {
            return console.report(error: error)
        }
    }

    static func save(_ sessionPath: String, _ options: Options, console: Console) throws {
        if sessionPath == "-" && Terminal.isTTY(0) {
            throw VeloError("no session given", hint: "velo-save SESSION.json, or pipe one: velo-repl … | velo-save", exit: .usage)
        }
        let text = try TextInput.read(sessionPath)
        let session = try Session.load(from: Data(text.utf8), source: sessionPath == "-" ? "<stdin>" : sessionPath)
        var project = try Project(session: session, tests: options.tests, environment: options.environment)
        project.warnings.forEach(console.report)
        // What velo-run would refuse to run, as `velo-run --check` reports it.
        ExecPlan.refusals(project.check).forEach { console.report(project.check.source.diagnostic($0)) }
        let target = (options.out as NSString).appendingPathComponent(project.app)
        var files = project.files
        let staged = try ProjectFolder.stage(files, for: target, force: options.force)
        do {
            if let spec = project.spec {
                let (calibrated, notes) = try SaveCalibration.calibrate(
                    spec, sqlFile: staged + "/sql/\(project.app).sql", specFile: staged + "/test_spec.yaml",
                    schemas: project.schemas.schemas.isEmpty ? nil : staged + "/schemas", console: console)
                if calibrated != spec || !notes.isEmpty {
                    project.spec = calibrated
                    project.notes += notes
                    let before = files
                    files = project.files
                    try ProjectFolder.rewrite(files.filter { !before.contains($0) }, in: staged)
                }
            }
            try ProjectFolder.publish(staged, to: target, force: options.force)
        } catch {
            ProjectFolder.discard(staged)
            throw error
        }
        let manifest = SaveManifest(app: project.app, path: target, files: files.map(\.saved))
        Console.writeStdoutVerbatim(try json(manifest))
    }

    static func edit(_ file: String, _ edit: SQLAppEditor.Edit, console: Console) throws {
        guard file != "-" else { throw VeloError("edits write the file back, so give a file, not stdin", exit: .usage) }
        let editor = SQLAppEditor(text: try TextInput.read(file), file: file)
        let result = try editor.apply(edit)
        try AtomicFile.write(result, to: file)
        let jobs = SQLAppEditor(text: result, file: file).list()
        switch edit {
        case .append: console.line("appended job \(jobs.count) (\(jobs.last?.name ?? "")) to \(file)")
        case .replace(let n, _): console.line("replaced job \(n) (\(jobs[n - 1].name)) in \(file)")
        case .delete(let n): console.line("deleted job \(n) from \(file); \(jobs.count) left")
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
