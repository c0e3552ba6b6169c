import Foundation
import VeloJSON

/// The Messages API's checks and answers (docs: /work/shared/reference/ai-apis.md §1).
struct AnthropicFake {
    let step: JSONValue
    let delayMs: Int
    /// The id of the tool call this answer makes: one per request (`toolu_fake01`, `toolu_fake02` …), so a
    /// client that answers the wrong round's call is caught by `problem`'s id check.
    let toolID: String

    static let errorTypes = [
        400: "invalid_request_error", 401: "authentication_error", 403: "permission_error", 404: "not_found_error",
        429: "rate_limit_error", 500: "api_error", 529: "overloaded_error"
    ]

    func error(_ status: Int, _ message: String, on c: MockConnection, headers: [(String, String)] = []) {
        let type = Self.errorTypes[status] ?? "api_error"
        var w = JSONWriter()
        w.write(["type": "error", "error": ["type": .string(type), "message": .string(message)], "request_id": "req_fake0001"])
        c.respond(status: status, headers: [("request-id", "req_fake0001")] + headers, body: String(decoding: w.buffer, as: UTF8.self))
    }

    /// What the real API would refuse in this request, as its message; nil when it is well formed.
    static func problem(_ r: MockRequest) -> (Int, String)? {
        if r.method != "POST" || r.path != "/v1/messages" { return (404, "Not found: \(r.method) \(r.path)") }
        let key = r.headers["x-api-key"] ?? r.headers["authorization"].map { String($0.dropFirst("Bearer ".count)) }
        if key == nil || key!.isEmpty { return (401, "x-api-key header is required") }
        guard r.headers["anthropic-version"] != nil else { return (400, "anthropic-version: header is required") }
        guard r.headers["content-type"]?.hasPrefix("application/json") == true else { return (400, "content-type must be application/json") }
        guard let body = try? JSONParser.parse(String(decoding: r.body, as: UTF8.self)), case .object = body else {
            return (400, "There was an issue with the request body: not valid JSON")
        }
        guard body["model"]?.stringValue?.isEmpty == false else { return (400, "model: Field required") }
        guard let max = body["max_tokens"]?.intValue, max >= 1 else { return (400, "max_tokens: Field required") }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else { return (400, "messages: at least one message is required") }
        for key in ["temperature", "top_p", "top_k"] where body[key] != nil { return (400, "\(key): not supported by this model") }
        if let stream = body["stream"], stream.boolValue == nil { return (400, "stream: Input should be a valid boolean") }
        if let system = body["system"] {
            if let blocks = system.arrayValue {
                for (i, b) in blocks.enumerated() {
                    guard b["type"]?.stringValue == "text", b["text"]?.stringValue != nil else { return (400, "system.\(i): expected a text block") }
                    if let cache = b["cache_control"], cache["type"]?.stringValue != "ephemeral" {
                        return (400, "system.\(i).cache_control.type: must be 'ephemeral'")
                    }
                }
            } else if system.stringValue == nil {
                return (400, "system: Input should be a valid string or list")
            }
        }
        for (i, tool) in (body["tools"]?.arrayValue ?? []).enumerated() {
            let name = tool["name"]?.stringValue ?? ""
            guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                return (400, "tools.\(i).name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'")
            }
            guard tool["input_schema"]?["type"]?.stringValue == "object" else {
                return (400, "tools.\(i).input_schema.type: Input should be 'object'")
            }
        }
        if messages.first?["role"]?.stringValue != "user" { return (400, "messages.0.role: the first message must use the user role") }
        var toolUses: Set<String> = []
        for (i, m) in messages.enumerated() {
            let role = m["role"]?.stringValue ?? ""
            guard role == "user" || role == "assistant" else { return (400, "messages.\(i).role: Input should be 'user' or 'assistant'") }
            if m["content"]?.stringValue != nil { continue }
            guard let blocks = m["content"]?.arrayValue else { return (400, "messages.\(i).content: Field required") }
            var uses: Set<String> = []
            for (j, b) in blocks.enumerated() {
                switch b["type"]?.stringValue {
                case "text": if b["text"]?.stringValue == nil { return (400, "messages.\(i).content.\(j).text: Field required") }
                case "tool_use":
                    guard role == "assistant", let id = b["id"]?.stringValue, b["name"] != nil, case .object = b["input"] ?? .null else {
                        return (400, "messages.\(i).content.\(j): tool_use blocks need id, name and an object input, in assistant turns")
                    }
                    uses.insert(id)
                case "tool_result":
                    guard role == "user", let id = b["tool_use_id"]?.stringValue else {
                        return (400, "messages.\(i).content.\(j).tool_use_id: Field required")
                    }
                    if !toolUses.contains(id) {
                        return (
                            400,
                            "messages.\(i).content.\(j): unexpected `tool_use_id` found in `tool_result` blocks: \(id). Each `tool_result` block must have a corresponding `tool_use` block in the previous message."
                        )
                    }
                default: return (400, "messages.\(i).content.\(j).type: unknown block type")
                }
            }
            toolUses = role == "assistant" ? uses : []
        }
        return nil
    }

    func answer(_ r: MockRequest, on c: MockConnection) {
        if let stall = step["stall_ms"]?.intValue { usleep(UInt32(stall) * 1000) }
        if let (status, message) = Self.problem(r) { return error(status, message, on: c) }
        if let key = step["key"]?.stringValue, r.headers["x-api-key"] != key { return error(401, "invalid x-api-key", on: c) }
        if let status = step["status"]?.intValue {
            var headers: [(String, String)] = []
            if let after = step["retry_after"]?.intValue { headers.append(("retry-after", String(after))) }
            return error(Int(status), "fake \(Self.errorTypes[Int(status)] ?? "error") for the test", on: c, headers: headers)
        }
        let body = (try? JSONParser.parse(String(decoding: r.body, as: UTF8.self))) ?? .null
        let model = body["model"]?.stringValue ?? "claude-sonnet-5-5"
        let text = step["reply"]?.stringValue ?? ""
        let tool = step["tool"]
        let inputTokens = r.body.count / 4
        let cached = body["system"]?.arrayValue?.contains { $0["cache_control"] != nil } == true
        if body["stream"]?.boolValue == true {
            stream(text, tool: tool, model: model, inputTokens: inputTokens, cached: cached, on: c)
            return
        }
        var content: [JSONValue] = text.isEmpty ? [] : [["type": "text", "text": .string(text)]]
        if let tool { content.append(["type": "tool_use", "id": .string(toolID), "name": tool["name"] ?? "", "input": tool["input"] ?? [:]]) }
        var w = JSONWriter()
        w.write([
            "id": "msg_fake01", "type": "message", "role": "assistant", "model": .string(model), "content": .array(content),
            "stop_reason": tool == nil ? "end_turn" : "tool_use", "stop_sequence": .null,
            "usage": Self.usage(inputTokens, output: text.count / 4 + 1, cached: cached)
        ])
        c.respond(status: 200, headers: [("request-id", "req_fake0001")], body: String(decoding: w.buffer, as: UTF8.self))
    }

    static func usage(_ input: Int, output: Int, cached: Bool) -> JSONValue {
        // The static part is written to the cache on the first call of a conversation: report it so.
        [
            "input_tokens": .int(Int64(input / 5)), "output_tokens": .int(Int64(output)),
            "cache_creation_input_tokens": .int(Int64(cached ? input * 4 / 5 : 0)), "cache_read_input_tokens": 0
        ]
    }

    func event(_ name: String, _ data: JSONValue, on c: MockConnection) -> Bool {
        var w = JSONWriter()
        w.write(data)
        var frame = "event: \(name)\ndata: \(String(decoding: w.buffer, as: UTF8.self))\n\n"
        // The SSE spec lets a server end lines with CR or CRLF as well as LF.
        switch step["line_end"]?.stringValue {
        case "cr": frame = frame.replacingOccurrences(of: "\n", with: "\r")
        case "crlf": frame = frame.replacingOccurrences(of: "\n", with: "\r\n")
        default: break
        }
        let ok = c.write(frame)
        usleep(UInt32(delayMs) * 1000)
        return ok
    }

    func stream(_ text: String, tool: JSONValue?, model: String, inputTokens: Int, cached: Bool, on c: MockConnection) {
        c.startStream(headers: [("request-id", "req_fake0001")])
        var start = Self.usage(inputTokens, output: 1, cached: cached)
        _ = start
        start = Self.usage(inputTokens, output: 1, cached: cached)
        _ = event(
            "message_start",
            [
                "type": "message_start",
                "message": [
                    "id": "msg_fake01", "type": "message", "role": "assistant", "model": .string(model), "content": [],
                    "stop_reason": .null, "stop_sequence": .null, "usage": start
                ]
            ], on: c)
        if step["malformed"]?.boolValue == true {
            c.write("event: content_block_start\ndata: {\"type\": \"content_block_start\", \"index\": 0, \n\n")
            return
        }
        if let kind = step["stream_error"]?.stringValue {
            _ = event("error", ["type": "error", "error": ["type": .string(kind), "message": "Overloaded"]], on: c)
            return
        }
        _ = event("content_block_start", ["type": "content_block_start", "index": 0, "content_block": ["type": "text", "text": ""]], on: c)
        _ = event("ping", ["type": "ping"], on: c)
        // Text in pieces of a few words, as the API sends it.
        var pieces: [String] = []
        var current = ""
        for ch in text {
            current.append(ch)
            if ch == " " || ch == "\n", current.count >= 12 { pieces.append(current); current = "" }
        }
        if !current.isEmpty { pieces.append(current) }
        let cut = step["truncate"]?.boolValue == true ? pieces.count / 2 : pieces.count
        for piece in pieces.prefix(cut) {
            _ = event(
                "content_block_delta", ["type": "content_block_delta", "index": 0, "delta": ["type": "text_delta", "text": .string(piece)]], on: c)
        }
        if cut < pieces.count { return }
        _ = event("content_block_stop", ["type": "content_block_stop", "index": 0], on: c)
        if let tool {
            var w = JSONWriter()
            w.write(tool["input"] ?? [:])
            let json = String(decoding: w.buffer, as: UTF8.self)
            _ = event(
                "content_block_start",
                [
                    "type": "content_block_start", "index": 1,
                    "content_block": [
                        "type": "tool_use", "id": .string(toolID), "name": tool["name"] ?? "", "input": [:]
                    ]
                ], on: c)
            let half = json.index(json.startIndex, offsetBy: json.count / 2)
            for part in ["", String(json[..<half]), String(json[half...])] {
                _ = event(
                    "content_block_delta",
                    ["type": "content_block_delta", "index": 1, "delta": ["type": "input_json_delta", "partial_json": .string(part)]], on: c)
            }
            _ = event("content_block_stop", ["type": "content_block_stop", "index": 1], on: c)
        }
        _ = event(
            "message_delta",
            [
                "type": "message_delta", "delta": ["stop_reason": tool == nil ? "end_turn" : "tool_use", "stop_sequence": .null],
                "usage": ["output_tokens": .int(Int64(text.count / 4 + 1))]
            ], on: c)
        _ = event("message_stop", ["type": "message_stop"], on: c)
    }
}
