import ArgumentParser
import VeloAskCommands
import VeloBase
import VeloCLI
import VeloSession

extension AskRequest.Kind: ExpressibleByArgument {}
extension AskCommand.Provider: ExpressibleByArgument {}

@main
struct VeloAskTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-ask",
        abstract: "Draft streaming SQL (or a schema, or optimization advice) from natural language: a request in, a draft out.",
        discussion: """
            The request is JSON on stdin (docs/velo-ask.md), or --prompt TEXT with the session from --context FILE. \
            The draft is JSON on stdout; with --stream, NDJSON events: the model's text as it arrives, then the draft. \
            Every SQL draft is checked by the SQL front end against the session's schemas (as velo-run --check), \
            and an invalid one goes back to the model with the diagnostics, at most twice.
            Providers: anthropic (default when ANTHROPIC_API_KEY is set; ANTHROPIC_BASE_URL overrides the endpoint), \
            openai (any OpenAI-compatible server: --base-url, --model; OPENAI_API_KEY if it needs one), offline \
            (the default without a key: a deterministic drafter over the session's schemas; no network).
            Examples:
              velo-ask --prompt "average temperature per device every 5 minutes" --context session.json
              velo-ask --kind schema --prompt "IoT sensors"
              velo-ask --provider openai --base-url http://127.0.0.1:8080/v1 --model qwen --prompt "…" --context s.json
              velo-ask --print-prompt --prompt "…" --context session.json
            Exit codes: 0 a valid draft (or schema, questions, advice), 1 no valid SQL (the draft says why), \
            2 usage, 3 invalid request or session, 4 the model's service failed (auth, rate limit, timeout, network, broken stream).
            """)

    @Option(help: ArgumentHelp("The request in words (else a request JSON is read from stdin).", valueName: "TEXT"))
    var prompt: String?

    @Option(help: ArgumentHelp("The session document (docs/session.md) the request runs in.", valueName: "SESSION.json"))
    var context: String?

    @Option(help: ArgumentHelp("What to draft: sql, schema or optimize (default: the request's, else sql).", valueName: "KIND"))
    var kind: AskRequest.Kind?

    @Option(help: ArgumentHelp("anthropic, openai or offline (default: anthropic with ANTHROPIC_API_KEY set, else offline).", valueName: "NAME"))
    var provider: AskCommand.Provider?

    @Option(help: ArgumentHelp("The model (default for anthropic: claude-sonnet-5-5; required for openai).", valueName: "NAME"))
    var model: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The API's base URL (openai: http://127.0.0.1:8080/v1 by default).", valueName: "URL"))
    var baseURL: String?

    @Option(name: .customLong("max-tokens"), help: ArgumentHelp("Most tokens the model may write (default: 4096).", valueName: "N"))
    var maxTokens: Int = 4096

    @Flag(help: "Write NDJSON events: text as the model writes it, then the draft.")
    var stream = false

    @Flag(name: .customLong("print-prompt"), help: "Print the exact request body that would be sent, and exit.")
    var printPrompt = false

    @Option(help: ArgumentHelp("Seconds without data from the API before an attempt fails (default: 60).", valueName: "SECONDS"))
    var timeout: Int = 60

    @Flag(name: .customLong("no-color"), help: "Never color the output.")
    var noColor = false

    static func main() {
        // When the words ask a model, libcurl loads on another core while the arguments are parsed and the
        // request read; a wrong guess costs only that CPU (AskCommand.preloadIfAskingModel).
        let preloading = AskCommand.preloadIfAskingModel(arguments: Array(CommandLine.arguments.dropFirst()))
        veloMain(tool: "velo-ask", beforeExit: { if preloading { AskCommand.finishLoading() } })
    }

    func validate() throws {
        if maxTokens < 1 { throw ValidationError.usage("--max-tokens must be at least 1", hint: "velo-ask --max-tokens 4096") }
        if timeout < 1 { throw ValidationError.usage("--timeout must be at least 1 second", hint: "velo-ask --timeout 60") }
        if let prompt, prompt.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError.usage("--prompt is empty", hint: "velo-ask --prompt \"average temperature per device every 5 minutes\"")
        }
    }

    func run() throws {
        let options = AskCommand.Options(
            prompt: prompt, context: context, kind: kind, provider: provider, model: model, baseURL: baseURL, maxTokens: maxTokens,
            stream: stream, printPrompt: printPrompt, timeout: timeout)
        try perform(AskCommand.self, options, console: Console(tool: "velo-ask", noColorFlag: noColor))
    }
}
