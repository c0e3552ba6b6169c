import VeloBase
import VeloJSON
import VeloSession

/// Assembles a streamed Messages response from its events: text deltas go out at once, tool inputs are
/// gathered from `input_json_delta` pieces and parsed at `content_block_stop`, usage comes from
/// `message_start` and the cumulative `message_delta`. An `error` event, bad JSON, or an end without
/// `message_stop` is an error (exit 4).
final class AnthropicStream: @unchecked Sendable {
    private var parser = SSEParser()
    private let onText: (String) -> Void
    private(set) var emitted = false
    private var text = ""
    private var blocks: [Int: (type: String, id: String, name: String, json: String)] = [:]
    private var calls: [SessionToolCall] = []
    private var startUsage: JSONValue?
    private var outputTokens: Int?
    private var stopReason: String?
    private var model: String?
    private var stopped = false

    init(onText: @escaping (String) -> Void) { self.onText = onText }

    func feed(_ bytes: [UInt8]) throws {
        for event in parser.feed(bytes) { try handle(event) }
    }

    func handle(_ event: SSEParser.Event) throws {
        guard let json = try? JSONParser.parse(event.data) else {
            throw VeloError("the Anthropic API sent a malformed stream event (\(event.name ?? "no name"))", hint: "try again", exit: .unavailable)
        }
        switch json["type"]?.stringValue ?? event.name {
        case "message_start":
            startUsage = json["message"]?["usage"]
            model = json["message"]?["model"]?.stringValue
        case "content_block_start":
            let index = Int(json["index"]?.intValue ?? 0)
            let block = json["content_block"]
            blocks[index] = (block?["type"]?.stringValue ?? "", block?["id"]?.stringValue ?? "", block?["name"]?.stringValue ?? "", "")
            if let t = block?["text"]?.stringValue, !t.isEmpty { append(t) }
        case "content_block_delta":
            let index = Int(json["index"]?.intValue ?? 0)
            let delta = json["delta"]
            switch delta?["type"]?.stringValue {
            case "text_delta": append(delta?["text"]?.stringValue ?? "")
            case "input_json_delta": blocks[index]?.json += delta?["partial_json"]?.stringValue ?? ""
            default: break
            }
        case "content_block_stop":
            let index = Int(json["index"]?.intValue ?? 0)
            if let block = blocks[index], block.type == "tool_use" {
                let input: JSONValue
                if block.json.isEmpty {
                    input = [:]
                } else if let parsed = try? JSONParser.parse(block.json) {
                    input = parsed
                } else {
                    throw VeloError("the Anthropic API streamed tool input that is not JSON (\(block.name))", hint: "try again", exit: .unavailable)
                }
                calls.append(SessionToolCall(id: block.id, name: block.name, input: input))
            }
        case "message_delta":
            if let reason = json["delta"]?["stop_reason"]?.stringValue { stopReason = reason }
            if let out = json["usage"]?["output_tokens"]?.intValue { outputTokens = Int(out) }
        case "message_stop":
            stopped = true
        case "error":
            let type = json["error"]?["type"]?.stringValue ?? "error"
            let message = json["error"]?["message"]?.stringValue ?? event.data
            throw VeloError(
                "the Anthropic API stopped the stream: \(type): \(message)",
                hint: type == "overloaded_error" ? "the API is overloaded: try again in a minute" : "try again", exit: .unavailable)
        default:
            break // ping and events this build does not know
        }
    }

    private func append(_ piece: String) {
        guard !piece.isEmpty else { return }
        text += piece
        emitted = true
        onText(piece)
    }

    func finish(model fallback: String) throws -> ModelReply {
        guard stopped else {
            throw VeloError(
                "the Anthropic API's stream ended before message_stop (truncated)\(parser.hasPartialEvent ? " in the middle of an event" : "")",
                hint: "try again; the draft was not written", exit: .unavailable)
        }
        let model = self.model ?? fallback
        return ModelReply(
            text: text, toolCalls: calls, stopReason: stopReason,
            usage: AnthropicProvider.usage(startUsage, model: model, output: outputTokens), model: model)
    }
}
