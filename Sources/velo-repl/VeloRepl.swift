import ArgumentParser
import VeloBase
import VeloCLI
import VeloRepl

@main
struct VeloReplTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-repl",
        abstract: "The conversational shell for streaming SQL: schemas, data, drafts, runs, metrics and saving, in one session.",
        discussion: """
            velo-repl keeps a session and runs the other tools for each command (velo-ask, velo-gen, velo-infer, \
            velo-run, velo-save, found next to velo-repl, then on PATH); -v prints each as the shell command it \
            equals, and `export FILE` writes them as a script. Type help for the commands. \
            When stdin is not a terminal, commands are read from it: velo-repl < demo.velo.
            Without --kafka, topics live in the local store (VELO_HOME, else .velo). Without an API key, drafts come \
            from velo-ask's offline drafter.
            Exit codes: 0 ok, 1 a scripted command failed, 2 usage, 3 a --resume session is invalid.
            """)

    @OptionGroup(title: "Kafka")
    var kafka: KafkaCommandOptions

    @Option(help: ArgumentHelp("Load the schemas of DIR at start.", valueName: "DIR"))
    var schemas: String?

    @Option(help: ArgumentHelp("Load an SQL file at start (repeatable).", valueName: "FILE"))
    var load: [String] = []

    @Option(help: ArgumentHelp("The model velo-ask uses.", valueName: "MODEL"))
    var model: String?

    @Option(help: ArgumentHelp("velo-ask's provider: anthropic, openai or offline (default: anthropic with a key, else offline).", valueName: "NAME"))
    var provider: String?

    @Flag(name: .customLong("no-color"), help: "Never color the output (NO_COLOR does the same).")
    var noColor = false

    @Option(help: ArgumentHelp("The history file (default: ~/.velostream/ai_history).", valueName: "FILE"))
    var history: String?

    @Option(help: ArgumentHelp("Continue a session saved with `save session FILE`.", valueName: "FILE"))
    var resume: String?

    @Flag(name: .shortAndLong, help: "Print each tool velo-repl runs as the shell command it equals.")
    var verbose = false

    static func main() { veloMain(tool: "velo-repl") }

    func validate() throws {
        if let provider, !["anthropic", "openai", "offline"].contains(provider) {
            throw ValidationError.usage("unknown provider '\(provider)'", hint: "--provider anthropic, openai or offline")
        }
    }

    func run() throws {
        let options = ReplOptions(
            kafka: kafka.options(role: .consumer), schemas: schemas, load: load, model: model, provider: provider,
            noColor: noColor, history: history, resume: resume, verbose: verbose)
        let code = ReplCommand.run(options)
        if code != .ok { throw ExitCode(code.rawValue) }
    }
}
