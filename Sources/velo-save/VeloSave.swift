import ArgumentParser
import Foundation
import VeloBase
import VeloCLI
import VeloSaveCommands

@main
struct VeloSave: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-save",
        abstract: "Save a session as a runnable Velostream project, or edit one job of an SQL app in place.",
        discussion: """
            Reads a session JSON (docs/session.md; a file or stdin) and writes <out>/<app>/: sql/<app>.sql, \
            schemas/*.schema.yaml, test_spec.yaml, configs/, Makefile and README.md, then prints a JSON manifest. \
            An existing folder is replaced only with --force. With --list/--show/--append/--replace/--delete it \
            edits FILE.sql instead, keeping every byte outside the job; a bad edit leaves the file as it was.

            Examples:
              velo-save session.json --out projects
              velo-repl … | velo-save --force
              velo-save --list app.sql
              velo-save --show 2 app.sql
              velo-save --replace 2 "CREATE STREAM big AS SELECT * FROM orders WHERE amount > 500;" app.sql
              velo-save --append - app.sql < job.sql
              velo-save --delete 3 app.sql

            Exit codes: 0 ok, 1 the folder exists or cannot be written, 2 usage, 3 invalid session or SQL.
            """)

    @Argument(help: "The session JSON ('-' or nothing: stdin); with an edit flag, the .sql file.")
    var file: String?

    @Option(help: ArgumentHelp("The folder to write the project folder in.", valueName: "DIR"))
    var out: String = "."

    @Flag(help: "Replace an existing project folder (atomically).")
    var force = false

    @Flag(help: "Write no test_spec.yaml.")
    var noTests = false

    @Flag(help: "Print the jobs of FILE.sql as JSON (number, name, kind, annotations, lines).")
    var list = false

    @Option(help: ArgumentHelp("Print job N of FILE.sql exactly as written.", valueName: "N"))
    var show: Int?

    @Option(help: ArgumentHelp("Add a job at the end of FILE.sql ('-': read it from stdin).", valueName: "SQL"))
    var append: String?

    @Option(help: ArgumentHelp("Replace job N of FILE.sql with SQL ('-': stdin).", valueName: "N SQL"))
    var replace: Int?

    /// The SQL of `--replace N SQL` (`main` moves it here, so SQL starting with '--' stays a value).
    @Option(name: .customLong("replace-sql"), help: .hidden)
    var replaceSQL: String?

    @Option(help: ArgumentHelp("Remove job N from FILE.sql.", valueName: "N"))
    var delete: Int?

    @Flag(name: .customLong("no-color"), help: "Never color the output.")
    var noColor = false

    static func main() { veloMain(tool: "velo-save", arguments: sqlValuesKept(Array(CommandLine.arguments.dropFirst()))) }

    /// SQL values often start with a comment (`-- @name: …`), which would read as an option: `--append SQL`
    /// becomes `--append=SQL` and `--replace N SQL` becomes `--replace=N --replace-sql=SQL`.
    static func sqlValuesKept(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--append", i + 1 < arguments.count {
                out.append("--append=" + arguments[i + 1])
                i += 2
            } else if a == "--replace", i + 2 < arguments.count {
                out += ["--replace=" + arguments[i + 1], "--replace-sql=" + arguments[i + 2]]
                i += 3
            } else {
                out.append(a)
                i += 1
            }
        }
        return out
    }

    mutating func validate() throws {
        if (replace == nil) != (replaceSQL == nil) {
            throw ValidationError.usage("--replace takes a job number and its SQL", hint: "velo-save --replace 2 \"CREATE STREAM …;\" app.sql")
        }
        let edits = [list, show != nil, append != nil, replace != nil, delete != nil].filter { $0 }.count
        guard edits <= 1 else {
            throw ValidationError.usage("give one of --list, --show, --append, --replace, --delete", hint: "one edit at a time")
        }
        if edits == 1 {
            guard file != nil else { throw ValidationError.usage("\(editName) needs the .sql file", hint: "velo-save \(editName) … app.sql") }
            if force || noTests || out != "." {
                throw ValidationError.usage("--out, --force and --no-tests are for saving a session", hint: "edits change FILE.sql in place")
            }
        }
        for n in [show, delete, replace].compactMap({ $0 }) where n < 1 {
            throw ValidationError.usage("job numbers start at 1", hint: "velo-save --list FILE shows them")
        }
    }

    private var editName: String {
        list ? "--list" : show != nil ? "--show" : append != nil ? "--append" : replace == nil ? "--delete" : "--replace"
    }

    func run() throws {
        let console = Console(tool: "velo-save", noColorFlag: noColor)
        let path = file ?? "-"
        let action: SaveCommand.Action
        if list {
            action = .list(file: path)
        } else if let show {
            action = .show(file: path, number: show)
        } else if let append {
            action = .append(file: path, sql: try sqlText(append))
        } else if let replace, let replaceSQL {
            action = .replace(file: path, number: replace, sql: try sqlText(replaceSQL))
        } else if let delete {
            action = .delete(file: path, number: delete)
        } else {
            action = .save(session: path)
        }
        let options = SaveCommand.Options(
            action: action, out: out, force: force, tests: !noTests, environment: ProcessInfo.processInfo.environment)
        try perform(SaveCommand.self, options, console: console)
    }

    /// SQL given on the command line, or stdin for '-'.
    private func sqlText(_ value: String) throws -> String {
        guard value == "-" else { return value }
        return try TextInput.read("-")
    }
}
