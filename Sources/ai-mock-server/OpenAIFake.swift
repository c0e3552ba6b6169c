import Foundation
import VeloJSON

/// An OpenAI-compatible chat-completions server's checks and answers (ai-apis.md §2).
struct OpenAIFake {
    let step: JSONValue
    let delayMs: Int

    /// A stream's lines with the step's line ending: `"line_end": "cr"` or `"crlf"` (the SSE spec allows both), else LF.
    func ends(_ text: String) -> String {
        switch step["line_end"]?.stringValue {
        case "cr": return text.replacingOccurrences(of: "\n", with: "\r")
        case "crlf": return text.replacingOccurrences(of: "\n", with: "\r\n")
        default: return text
        }
    }

    func error(_ status: Int, _ message: String, on c: MockConnection, headers: [(String, String)] = []) {
        var w = JSONWriter()
        let type = status == 401 ? "authentication_error" : status == 429 ? "rate_limit_error" : status >= 500 ? "api_error" : "invalid_request_error"
        w.write(["error": ["message": .string(message), "type": .string(type), "param": .null, "code": .null]])
        c.respond(status: status, headers: headers, body: String(decoding: w.buffer, as: UTF8.self))
    }

    static func problem(_ r: MockRequest) -> (Int, String)? {
        if r.method != "POST" || r.path != "/v1/chat/completions" { return (404, "Not found: \(r.method) \(r.path)") }
        guard r.headers["content-type"]?.hasPrefix("application/json") == true else { return (400, "content-type must be application/json") }
        guard let body = try? JSONParser.parse(String(decoding: r.body, as: UTF8.self)) else {
            return (400, "We could not parse the JSON body of your request.")
        }
        guard body["model"]?.stringValue?.isEmpty == false else { return (400, "you must provide a model parameter") }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else { return (400, "messages: empty array") }
        var callIDs: Set<String> = []
        for (i, m) in messages.enumerated() {
            switch m["role"]?.stringValue {
            case "system", "user": guard m["content"]?.stringValue != nil else { return (400, "messages[\(i)].content: required") }
            case "assistant":
                for call in m["tool_calls"]?.arrayValue ?? [] {
                    guard let id = call["id"]?.stringValue, call["function"]?["arguments"]?.stringValue != nil else {
                        return (400, "messages[\(i)].tool_calls: id and function.arguments (a JSON string) are required")
                    }
                    callIDs.insert(id)
                }
            case "tool":
                guard let id = m["tool_call_id"]?.stringValue, callIDs.contains(id) else {
                    return (400, "messages[\(i)]: a tool message must answer a preceding tool_calls id")
                }
            default: return (400, "messages[\(i)].role: invalid")
            }
        }
        for (i, tool) in (body["tools"]?.arrayValue ?? []).enumerated()
        where tool["type"]?.stringValue != "function" || tool["function"]?["name"] == nil {
            return (400, "tools[\(i)]: type 'function' with function.name required")
        }
        return nil
    }

    func answer(_ r: MockRequest, on c: MockConnection) {
        if let stall = step["stall_ms"]?.intValue { usleep(UInt32(stall) * 1000) }
        if let (status, message) = Self.problem(r) { return error(status, message, on: c) }
        let body = (try? JSONParser.parse(String(decoding: r.body, as: UTF8.self))) ?? .null
        if let key = step["key"]?.stringValue, r.headers["authorization"] != "Bearer \(key)" {
            return error(401, "Incorrect API key provided", on: c)
        }
        if step["reasoning"]?.boolValue == true, body["max_tokens"] != nil {
            // What OpenAI's reasoning models answer to the deprecated field.
            var w = JSONWriter()
            w.write([
                "error": [
                    "message": "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
                    "type": "invalid_request_error", "param": "max_tokens", "code": "unsupported_parameter"
                ]
            ])
            return c.respond(status: 400, body: String(decoding: w.buffer, as: UTF8.self))
        }
        if let status = step["status"]?.intValue {
            return error(
                Int(status), "fake error for the test", on: c, headers: step["retry_after"]?.intValue.map { [("retry-after", String($0))] } ?? [])
        }
        let model = body["model"]?.stringValue ?? "local"
        let text = step["reply"]?.stringValue ?? ""
        let tool = step["tool"]
        var arguments = "{}"
        if let input = tool?["input"] {
            var w = JSONWriter()
            w.write(input)
            arguments = String(decoding: w.buffer, as: UTF8.self)
        }
        let usage: JSONValue = [
            "prompt_tokens": .int(Int64(r.body.count / 4)), "completion_tokens": .int(Int64(text.count / 4 + 1)), "total_tokens": 0
        ]
        if body["stream"]?.boolValue == true {
            c.startStream()
            func chunk(_ delta: JSONValue, finish: JSONValue = .null) {
                var w = JSONWriter()
                w.write([
                    "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": .string(model),
                    "choices": [["index": 0, "delta": delta, "finish_reason": finish]]
                ])
                c.write(ends("data: \(String(decoding: w.buffer, as: UTF8.self))\n\n"))
                usleep(UInt32(delayMs) * 1000)
            }
            chunk(["role": "assistant", "content": ""])
            if step["malformed"]?.boolValue == true { c.write("data: {\"choices\": [\n\n"); return }
            let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let cut = step["truncate"]?.boolValue == true ? words.count / 2 : words.count
            for (i, word) in words.prefix(cut).enumerated() { chunk(["content": .string(i == words.count - 1 ? word : word + " ")]) }
            if cut < words.count { return }
            if let tool {
                chunk([
                    "tool_calls": [["index": 0, "id": "call_fake1", "type": "function", "function": ["name": tool["name"] ?? "", "arguments": ""]]]
                ])
                chunk(["tool_calls": [["index": 0, "function": ["arguments": .string(arguments)]]]])
            }
            chunk([:], finish: tool == nil ? "stop" : "tool_calls")
            var w = JSONWriter()
            w.write(["id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": .string(model), "choices": [], "usage": usage])
            c.write(ends("data: \(String(decoding: w.buffer, as: UTF8.self))\n\ndata: [DONE]\n\n"))
            return
        }
        var message = JSONObject([("role", "assistant"), ("content", text.isEmpty ? .null : .string(text))])
        if let tool {
            message.append(
                "tool_calls", [["id": "call_fake1", "type": "function", "function": ["name": tool["name"] ?? "", "arguments": .string(arguments)]]])
        }
        var w = JSONWriter()
        w.write([
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 1, "model": .string(model),
            "choices": [["index": 0, "message": .object(message), "finish_reason": tool == nil ? "stop" : "tool_calls"]], "usage": usage
        ])
        c.respond(status: 200, body: String(decoding: w.buffer, as: UTF8.self))
    }
}
