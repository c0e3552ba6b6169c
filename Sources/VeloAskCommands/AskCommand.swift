import Foundation
import VeloAsk
import VeloBase
import VeloCommands
import VeloEngine
import VeloGenerate
import VeloJSON
import VeloSession

/// `velo-ask`: one request in (JSON on stdin, or `--prompt` with `--context SESSION.json`), one draft out
/// (JSON on stdout, or NDJSON events with `--stream`). Keeps no state. Exit 0 a valid draft (or schema,
/// questions, advice), 1 no valid SQL (the draft says why), 2 usage, 3 invalid request, 4 the model's
/// service failed (nothing but an error event is written then).
package enum AskCommand: VeloToolCommand {
    package enum Provider: String, Sendable, CaseIterable {
        case anthropic, openai, offline
    }

    package struct Options: Sendable {
        package var prompt: String?
        package var context: String?
        package var kind: AskRequest.Kind?
        package var provider: Provider?
        package var model: String?
        package var baseURL: String?
        package var maxTokens: Int
        package var stream: Bool
        package var printPrompt: Bool
        /// Seconds without a byte from the API before giving up on an attempt.
        package var timeout: Int
        /// The environment (keys, ANTHROPIC_BASE_URL); the process's own unless a test gives one.
        package var environment: [String: String]

        package init(
            prompt: String? = nil, context: String? = nil, kind: AskRequest.Kind? = nil, provider: Provider? = nil, model: String? = nil,
            baseURL: String? = nil, maxTokens: Int = 4096, stream: Bool = false, printPrompt: Bool = false, timeout: Int = 60,
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.prompt = prompt
            self.context = context
            self.kind = kind
            self.provider = provider
            self.model = model
            self.baseURL = baseURL
            self.maxTokens = maxTokens
            self.stream = stream
            self.printPrompt = printPrompt
            self.timeout = timeout
            self.environment = environment
        }
    }

    package static func run(_ options: Options, console: Console) -> VeloExit {
        // The provider is chosen first so that libcurl loads while the request is read and the prompt built
        // (if `preloadIfAskingModel` did not start it already); its errors still come after the request's.
        var provider: (any ModelProvider)?
        var providerError: (any Error)?
        do { provider = try makeProvider(options) } catch { providerError = error }
        let preloading = !options.printPrompt && provider != nil
        if preloading { CurlClient.preload() }
        defer { if preloading { CurlClient.finishLoading() } }
        do {
            let request = try readRequest(options)
            let catalog = AskCatalog(session: request.session)
            for problem in catalog.problems { console.warning("schema not loaded: \(problem)") }
            if let providerError { throw providerError }
            if options.printPrompt {
                let shown = provider ?? AnthropicProvider(model: options.model, baseURL: nil, key: "", client: CurlClient())
                var writer = JSONWriter()
                writer.write(shown.body(AskPrompt.conversation(request, catalog: catalog, maxTokens: options.maxTokens), stream: options.stream))
                Console.writeStdout(String(decoding: writer.buffer, as: UTF8.self))
                return .ok
            }
            let validator = DraftValidator(catalog: catalog) { result in ExecPlan.refusals(result) }
            let templates = GenExamples.all.map { SchemaTemplate(name: $0.name, aliases: $0.aliases, summary: $0.summary, yaml: $0.yaml) }
            let service = AskService(provider: provider, catalog: catalog, validator: validator, templates: templates, maxTokens: options.maxTokens)
            let onEvent: ((AskStreamEvent) -> Void)? = options.stream ? { writeEvent($0) } : nil
            let draft = try service.draft(request, onEvent: onEvent)
            if options.stream {
                writeEvent(AskStreamEvent(type: "draft", draft: draft))
            } else {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                Console.writeStdout(String(decoding: try encoder.encode(draft), as: UTF8.self))
            }
            return exitCode(draft)
        } catch {
            // With --stream the last line is always a draft or an error event.
            if options.stream {
                let message = (error as? any VeloReportable)?.diagnostic.message ?? String(describing: error)
                writeEvent(AskStreamEvent(type: "error", message: message))
            }
            return console.report(error: error)
        }
    }

    /// Starts loading libcurl (`CurlClient.preload`) when the command line, read before ArgumentParser does,
    /// asks a model: a key in the environment or `--provider anthropic|openai`, and none of `--provider offline`,
    /// `--print-prompt`, `--help`. A guess only: `run` preloads anyway once the options say a model will be
    /// asked, and a wrong guess loads libcurl for nothing. True when it started; then `finishLoading()` must
    /// run before the process exits.
    package static func preloadIfAskingModel(
        arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        guard asksModel(arguments: arguments, environment: environment) else { return false }
        CurlClient.preload()
        return true
    }

    package static func asksModel(arguments: [String], environment: [String: String]) -> Bool {
        let quitting: Set<String> = ["--print-prompt", "-h", "--help", "--version", "--generate-completion-script", "--experimental-dump-help"]
        if arguments.contains(where: { quitting.contains($0) || $0.hasPrefix("--generate-completion-script=") }) { return false }
        var provider: String?
        for (index, argument) in arguments.enumerated() {
            if argument == "--provider", index + 1 < arguments.count { provider = arguments[index + 1] }
            if argument.hasPrefix("--provider=") { provider = String(argument.dropFirst("--provider=".count)) }
        }
        switch provider {
        case "openai": return true
        case nil, "anthropic": return environment["ANTHROPIC_API_KEY"].map { !$0.isEmpty } ?? false
        default: return false
        }
    }

    /// Waits for a preload to end (`CurlClient.finishLoading`).
    package static func finishLoading() { CurlClient.finishLoading() }

    static func exitCode(_ draft: AskDraft) -> VeloExit {
        if !draft.toolCalls.isEmpty { return .ok }
        switch draft.kind {
        case .sql: return draft.validation?.valid == true ? .ok : .failed
        case .schema: return draft.validation?.valid == true || !draft.questions.isEmpty ? .ok : .failed
        case .optimize: return .ok
        }
    }

    /// One NDJSON line, written whole.
    static func writeEvent(_ event: AskStreamEvent) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(event) else { return }
        Console.writeStdout(String(decoding: data, as: UTF8.self))
    }

    static func readRequest(_ options: Options) throws -> AskRequest {
        var request: AskRequest
        if let prompt = options.prompt {
            request = AskRequest(kind: options.kind ?? .sql, prompt: prompt)
        } else {
            let text = try TextInput.read("-")
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw VeloError(
                    "no request: stdin is empty", hint: "give --prompt TEXT, or a request JSON on stdin (docs/velo-ask.md)", exit: .usage)
            }
            do {
                request = try JSONDecoder().decode(AskRequest.self, from: Data(text.utf8))
            } catch let error as DecodingError {
                throw VeloError(
                    "<stdin>: not a velo-ask request: \(describe(error))", hint: "docs/velo-ask.md shows the request format", exit: .invalidInput)
            }
            if let kind = options.kind { request.kind = kind }
        }
        if let path = options.context {
            let text = try TextInput.read(path)
            request.session = try Session.load(from: Data(text.utf8), source: path)
        }
        return request
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let c): return "missing field '\((c.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            let at = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return (at.isEmpty ? "" : "field '\(at)': ") + c.debugDescription
        @unknown default: return "\(error)"
        }
    }

    /// The model's provider: the flag, else Anthropic when ANTHROPIC_API_KEY is set, else offline (nil).
    static func makeProvider(_ options: Options) throws -> (any ModelProvider)? {
        let env = options.environment
        let key = env["ANTHROPIC_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let choice = options.provider ?? (key != nil ? .anthropic : .offline)
        let client = CurlClient(idleTimeout: options.timeout)
        switch choice {
        case .offline:
            return nil
        case .anthropic:
            guard let key else {
                if options.printPrompt { return AnthropicProvider(model: options.model, baseURL: nil, key: "", client: client) }
                throw VeloError(
                    "--provider anthropic needs an API key, and ANTHROPIC_API_KEY is not set",
                    hint: "export ANTHROPIC_API_KEY=… (from console.anthropic.com), or use --provider offline", exit: .usage)
            }
            let base = options.baseURL ?? env["ANTHROPIC_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            return AnthropicProvider(model: options.model, baseURL: base, key: key, client: client)
        case .openai:
            guard let model = options.model ?? env["OPENAI_MODEL"] else {
                throw VeloError(
                    "--provider openai needs --model (the name the server serves, e.g. llama3.2:3b for Ollama)",
                    hint: "velo-ask --provider openai --base-url http://127.0.0.1:8080/v1 --model NAME", exit: .usage)
            }
            let base = options.baseURL ?? env["OPENAI_BASE_URL"]
            return OpenAIProvider(model: model, baseURL: base, key: env["OPENAI_API_KEY"], client: client)
        }
    }
}
