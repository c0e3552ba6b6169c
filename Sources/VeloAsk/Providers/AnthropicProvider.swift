import VeloBase
import VeloJSON
import VeloSession

/// Anthropic's Messages API (`POST /v1/messages`, `anthropic-version: 2023-06-01`) over libcurl. The static
/// system part carries `cache_control` (ephemeral), so tools and the static prompt are cached across the
/// turns of a conversation. With a text handler it streams (server-sent events) and passes each text delta
/// on as it arrives.
package struct AnthropicProvider: ModelProvider {
    package static let defaultModel = "claude-sonnet-5-5"
    package static let defaultBaseURL = "https://api.anthropic.com"
    package static let version = "2023-06-01"

    package let name = "anthropic"
    package var model: String
    package var baseURL: String
    package var key: String
    package var transport: ProviderTransport

    package init(model: String?, baseURL: String?, key: String, client: CurlClient) {
        self.model = model ?? Self.defaultModel
        self.baseURL = baseURL ?? Self.defaultBaseURL
        self.key = key
        transport = ProviderTransport(
            client: client, label: "the Anthropic API", keyHint: "the ANTHROPIC_API_KEY environment variable", secrets: [key])
    }

    var url: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base.hasSuffix("/v1") ? base + "/messages" : base + "/v1/messages"
    }

    package func body(_ c: ModelConversation, stream: Bool) -> JSONValue {
        let system: JSONValue = [
            ["type": "text", "text": .string(c.staticSystem), "cache_control": ["type": "ephemeral"]],
            ["type": "text", "text": .string(c.dynamicSystem)]
        ]
        let tools: [JSONValue] = c.tools.map { ["name": .string($0.name), "description": .string($0.description), "input_schema": $0.inputSchema] }
        return [
            "model": .string(model), "max_tokens": .int(Int64(c.maxTokens)), "system": system,
            "messages": .array(c.messages.map(Self.message)), "tools": .array(tools), "stream": .bool(stream)
        ]
    }

    static func message(_ m: ModelMessage) -> JSONValue {
        let blocks: [JSONValue] = m.blocks.map { block in
            switch block {
            case .text(let t): return ["type": "text", "text": .string(t)]
            case .toolUse(let id, let name, let input): return ["type": "tool_use", "id": .string(id), "name": .string(name), "input": input]
            case .toolResult(let id, let content, let isError):
                return ["type": "tool_result", "tool_use_id": .string(id), "content": .string(content), "is_error": .bool(isError)]
            }
        }
        return ["role": .string(m.role), "content": .array(blocks)]
    }

    package func complete(_ c: ModelConversation, onText: ((String) -> Void)?) throws -> ModelReply {
        var writer = JSONWriter()
        writer.write(body(c, stream: onText != nil))
        var headers = [("x-api-key", key), ("anthropic-version", Self.version), ("content-type", "application/json")]
        if onText != nil { headers.append(("accept", "text/event-stream")) }
        let request = HTTPRequest(url: url, headers: headers, body: writer.buffer)
        guard let onText else {
            let response = try transport.send(request, onData: nil, emitted: { false })
            return try reply(fromBody: response.body)
        }
        let stream = AnthropicStream(onText: onText)
        let response = try transport.send(request, onData: { try stream.feed($0) }, emitted: { stream.emitted })
        _ = response
        return try stream.finish(model: model)
    }

    /// A whole (not streamed) Messages response.
    func reply(fromBody body: [UInt8]) throws -> ModelReply {
        guard let json = try? JSONParser.parse(bytes: body), json["type"]?.stringValue == "message" else {
            throw VeloError("the Anthropic API sent a response that is not a message", hint: "check ANTHROPIC_BASE_URL", exit: .unavailable)
        }
        var text = ""
        var calls: [SessionToolCall] = []
        for block in json["content"]?.arrayValue ?? [] {
            switch block["type"]?.stringValue {
            case "text": text += block["text"]?.stringValue ?? ""
            case "tool_use":
                calls.append(
                    SessionToolCall(id: block["id"]?.stringValue ?? "", name: block["name"]?.stringValue ?? "", input: block["input"] ?? [:]))
            default: break // thinking and unknown blocks
            }
        }
        let model = json["model"]?.stringValue ?? self.model
        return ModelReply(
            text: text, toolCalls: calls, stopReason: json["stop_reason"]?.stringValue, usage: Self.usage(json["usage"], model: model),
            model: model)
    }

    static func usage(_ u: JSONValue?, model: String, output: Int? = nil) -> SessionUsage {
        let input = Int(u?["input_tokens"]?.intValue ?? 0)
        let write = Int(u?["cache_creation_input_tokens"]?.intValue ?? 0)
        let read = Int(u?["cache_read_input_tokens"]?.intValue ?? 0)
        let out = output ?? Int(u?["output_tokens"]?.intValue ?? 0)
        return SessionUsage(
            inputTokens: input + write + read, outputTokens: out,
            costUSD: ModelPricing.cost(model: model, input: input, output: out, cacheWrite: write, cacheRead: read))
    }
}
