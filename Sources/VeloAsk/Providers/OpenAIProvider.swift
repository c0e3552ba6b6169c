import Foundation
import VeloBase
import VeloJSON
import VeloSession

/// Any OpenAI-compatible chat-completions endpoint (llama.cpp's llama-server, Ollama, vLLM, OpenAI) over
/// libcurl, so drafts can come from a local model and no data leaves the machine. Caps the reply with
/// `max_tokens` (what local servers read; Ollama ignores the other) or, on api.openai.com, with
/// `max_completion_tokens` (its reasoning models refuse `max_tokens`); a server that refuses the field sent
/// and names the other gets the request once more with that one. Tools go as functions; streams are
/// `data:` chunks up to `[DONE]`.
package struct OpenAIProvider: ModelProvider {
    package static let defaultBaseURL = "http://127.0.0.1:8080/v1"

    package let name = "openai"
    package var model: String
    package var baseURL: String
    package var key: String?
    package var transport: ProviderTransport

    package init(model: String, baseURL: String?, key: String?, client: CurlClient) {
        self.model = model
        self.baseURL = baseURL ?? Self.defaultBaseURL
        self.key = key
        transport = ProviderTransport(
            client: client, label: "the OpenAI-compatible server", keyHint: "the OPENAI_API_KEY environment variable",
            secrets: key.map { [$0] } ?? [])
    }

    var url: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/chat/completions") { return base }
        return base.hasSuffix("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions"
    }

    /// The field that caps the reply's tokens: `max_completion_tokens` for OpenAI's own API, else `max_tokens`.
    package var tokenField: String {
        let host = URL(string: url)?.host ?? ""
        return host == "api.openai.com" || host.hasSuffix(".openai.azure.com") ? Self.completionTokens : Self.maxTokens
    }
    static let maxTokens = "max_tokens"
    static let completionTokens = "max_completion_tokens"

    /// The other token field when a 400 says the one sent is not supported (OpenAI: `param` names it,
    /// `code` is `unsupported_parameter`, the message says "Use 'max_completion_tokens' instead").
    package static func otherTokenField(sent: String, refusal body: [UInt8]) -> String? {
        let other = sent == maxTokens ? completionTokens : maxTokens
        let text = String(decoding: body, as: UTF8.self)
        let error = (try? JSONParser.parse(text))?["error"]
        let message = error?["message"]?.stringValue ?? text
        let named = error?["param"]?.stringValue == sent || message.contains("'\(sent)'") || message.contains("\"\(sent)\"")
        let refused =
            error?["code"]?.stringValue == "unsupported_parameter" || message.contains(other) || message.lowercased().contains("not supported")
        return named && refused ? other : nil
    }

    package func body(_ c: ModelConversation, stream: Bool) -> JSONValue {
        body(c, stream: stream, tokenField: tokenField)
    }

    func body(_ c: ModelConversation, stream: Bool, tokenField: String) -> JSONValue {
        var messages: [JSONValue] = [["role": "system", "content": .string(c.staticSystem + "\n\n" + c.dynamicSystem)]]
        for m in c.messages { messages += Self.messages(m) }
        let tools: [JSONValue] = c.tools.map {
            ["type": "function", "function": ["name": .string($0.name), "description": .string($0.description), "parameters": $0.inputSchema]]
        }
        var body: JSONObject = JSONObject([
            ("model", .string(model)), ("messages", .array(messages)), (tokenField, .int(Int64(c.maxTokens))),
            ("tools", .array(tools)), ("stream", .bool(stream))
        ])
        if stream { body.append("stream_options", ["include_usage": true]) }
        return .object(body)
    }

    /// One turn as chat messages: tool results become `tool` messages, tool uses `tool_calls`.
    static func messages(_ m: ModelMessage) -> [JSONValue] {
        var out: [JSONValue] = []
        let text = m.blocks.compactMap { if case .text(let t) = $0 { return t } else { return nil } }.joined(separator: "\n")
        if m.role == "assistant" {
            let calls: [JSONValue] = m.blocks.compactMap {
                guard case .toolUse(let id, let name, let input) = $0 else { return nil }
                var writer = JSONWriter()
                writer.write(input)
                return [
                    "id": .string(id), "type": "function",
                    "function": ["name": .string(name), "arguments": .string(String(decoding: writer.buffer, as: UTF8.self))]
                ]
            }
            var message = JSONObject([("role", "assistant"), ("content", text.isEmpty ? .null : .string(text))])
            if !calls.isEmpty { message.append("tool_calls", .array(calls)) }
            out.append(.object(message))
        } else {
            for case .toolResult(let id, let content, _) in m.blocks {
                out.append(["role": "tool", "tool_call_id": .string(id), "content": .string(content)])
            }
            if !text.isEmpty { out.append(["role": "user", "content": .string(text)]) }
        }
        return out
    }

    package func complete(_ c: ModelConversation, onText: ((String) -> Void)?) throws -> ModelReply {
        var headers = [("content-type", "application/json")]
        if let key, !key.isEmpty { headers.append(("authorization", "Bearer \(key)")) }
        func request(_ field: String) -> HTTPRequest {
            var writer = JSONWriter()
            writer.write(body(c, stream: onText != nil, tokenField: field))
            return HTTPRequest(url: url, headers: headers, body: writer.buffer)
        }
        let sent = tokenField
        let amend = { (refusal: HTTPResponse) in Self.otherTokenField(sent: sent, refusal: refusal.body).map(request) }
        guard let onText else {
            let response = try transport.send(request(sent), onData: nil, emitted: { false }, amend: amend)
            return try reply(fromBody: response.body)
        }
        let stream = OpenAIStream(onText: onText)
        _ = try transport.send(request(sent), onData: { try stream.feed($0) }, emitted: { stream.emitted }, amend: amend)
        return try stream.finish(model: model)
    }

    func reply(fromBody body: [UInt8]) throws -> ModelReply {
        guard let json = try? JSONParser.parse(bytes: body), let choice = json["choices"]?.arrayValue?.first else {
            throw VeloError("the OpenAI-compatible server sent a response without choices", hint: "check --base-url", exit: .unavailable)
        }
        let message = choice["message"]
        var calls: [SessionToolCall] = []
        for call in message?["tool_calls"]?.arrayValue ?? [] {
            let arguments = call["function"]?["arguments"]?.stringValue ?? "{}"
            calls.append(
                SessionToolCall(
                    id: call["id"]?.stringValue ?? "", name: call["function"]?["name"]?.stringValue ?? "",
                    input: (try? JSONParser.parse(arguments.isEmpty ? "{}" : arguments)) ?? [:]))
        }
        let usage = SessionUsage(
            inputTokens: Int(json["usage"]?["prompt_tokens"]?.intValue ?? 0), outputTokens: Int(json["usage"]?["completion_tokens"]?.intValue ?? 0))
        return ModelReply(
            text: message?["content"]?.stringValue ?? "", toolCalls: calls, stopReason: choice["finish_reason"]?.stringValue, usage: usage,
            model: json["model"]?.stringValue ?? model)
    }
}

/// Assembles streamed chat-completion chunks: `delta.content` goes out at once, tool calls merge by index
/// (id and name once, arguments concatenated), usage comes from the last chunk; `[DONE]` ends it.
final class OpenAIStream: @unchecked Sendable {
    private var parser = SSEParser()
    private let onText: (String) -> Void
    private(set) var emitted = false
    private var text = ""
    private var calls: [Int: (id: String, name: String, arguments: String)] = [:]
    private var usage = SessionUsage()
    private var finishReason: String?
    private var model: String?
    private var done = false

    init(onText: @escaping (String) -> Void) { self.onText = onText }

    func feed(_ bytes: [UInt8]) throws {
        for event in parser.feed(bytes) {
            if event.data == "[DONE]" { done = true; continue }
            guard let json = try? JSONParser.parse(event.data) else {
                throw VeloError("the OpenAI-compatible server sent a malformed stream chunk", hint: "try again", exit: .unavailable)
            }
            if let error = json["error"] {
                throw VeloError(
                    "the OpenAI-compatible server stopped the stream: \(error["message"]?.stringValue ?? event.data)", hint: "try again",
                    exit: .unavailable)
            }
            model = json["model"]?.stringValue ?? model
            if let u = json["usage"], case .object = u {
                usage = SessionUsage(inputTokens: Int(u["prompt_tokens"]?.intValue ?? 0), outputTokens: Int(u["completion_tokens"]?.intValue ?? 0))
            }
            for choice in json["choices"]?.arrayValue ?? [] {
                if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
                let delta = choice["delta"]
                if let piece = delta?["content"]?.stringValue, !piece.isEmpty {
                    text += piece
                    emitted = true
                    onText(piece)
                }
                for call in delta?["tool_calls"]?.arrayValue ?? [] {
                    let index = Int(call["index"]?.intValue ?? 0)
                    var entry = calls[index] ?? ("", "", "")
                    if let id = call["id"]?.stringValue { entry.id = id }
                    if let name = call["function"]?["name"]?.stringValue { entry.name = name }
                    entry.arguments += call["function"]?["arguments"]?.stringValue ?? ""
                    calls[index] = entry
                }
            }
        }
    }

    func finish(model fallback: String) throws -> ModelReply {
        guard done || finishReason != nil else {
            throw VeloError(
                "the OpenAI-compatible server's stream ended early (truncated)", hint: "try again; the draft was not written", exit: .unavailable)
        }
        let toolCalls = try calls.keys.sorted().map { index -> SessionToolCall in
            let c = calls[index]!
            guard let input = try? JSONParser.parse(c.arguments.isEmpty ? "{}" : c.arguments) else {
                throw VeloError(
                    "the OpenAI-compatible server streamed tool arguments that are not JSON (\(c.name))", hint: "try again", exit: .unavailable)
            }
            return SessionToolCall(id: c.id, name: c.name, input: input)
        }
        return ModelReply(text: text, toolCalls: toolCalls, stopReason: finishReason, usage: usage, model: model ?? fallback)
    }
}
