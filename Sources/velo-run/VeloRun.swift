import ArgumentParser
import Shared

@main
struct VeloRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-run",
        abstract: "Check and format Velostream SQL (running queries comes in a later release).",
        discussion: """
            --check parses and analyzes a .sql file: exit 0 with a summary of its jobs (name, kind, sources, \
            sinks, window, emit mode) on stderr, or exit 3 with compiler-style diagnostics. --json prints the \
            same as JSON on stdout. --format prints the file as canonical SQL. FILE may be - for stdin.
            """)

    @Argument(help: "The .sql file, or - for stdin.")
    var file: String?

    @Flag(help: "Parse and analyze the SQL; report jobs or errors.")
    var check = false

    @Flag(help: "Print the SQL in canonical form (annotations kept, plain comments dropped).")
    var format = false

    @Option(help: ArgumentHelp("A directory of .schema.yaml files describing the sources.", valueName: "DIR"))
    var schemas: String?

    @Flag(help: "With --check: print the report as JSON on stdout.")
    var json = false

    @Flag(name: .customLong("no-color"), help: "Never color the output.")
    var noColor = false

    @Flag(help: "Print the grammar summary (the text the AI prompt and the docs use) and exit.")
    var grammar = false

    func run() throws {
        let console = Console(tool: "velo-run", noColorFlag: noColor)
        if grammar {
            print(SQLGrammar.summary)
            return
        }
        guard let file else {
            console.error("missing the .sql file to read", hint: "velo-run --check app.sql (or - for stdin)")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        if check && format {
            console.error("choose one of --check and --format")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        if json && !check {
            console.error("--json goes with --check", hint: "velo-run --check --json \(file)")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        guard check || format else {
            console.error("running queries is not available yet: this velo-run can only check and format SQL",
                          hint: "velo-run --check \(file)   or   velo-run --format \(file)")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        let options = SQLCommand.Options(file: file, mode: check ? .check : .format, schemas: schemas, json: json)
        let code = SQLCommand.run(options, console: console)
        if code != .ok { throw ExitCode(code.rawValue) }
    }
}
