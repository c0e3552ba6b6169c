import Foundation
import VeloJSON

#if canImport(Glibc)
import Glibc
#endif

// A fake Anthropic Messages API (or, with --api openai, an OpenAI-compatible chat-completions server) on
// 127.0.0.1 for velo-ask's tests and bench. It checks each request's headers and body the way the real API
// does (400/401 with the real error shapes when they are wrong) and answers with the next step of a
// script: text (streamed when the request asks), a tool call, an error status, a stalled, truncated or
// malformed stream. It prints its port on stdout, logs each request as a JSON line (--log, keys masked),
// and exits after --max-seconds.
//
//   ai-mock-server --api anthropic --script steps.json --log requests.ndjson [--max-seconds 120]
//
// A script is a JSON array of steps, used in order (the last repeats):
//   {"reply": "text"}                      the answer (```sql blocks and all)
//   {"reply": "…", "tool": {"name": "list_topics", "input": {}}}   a tool_use after the text
//   {"status": 429, "retry_after": 1}      an error status (401 403 429 500 529 …) in the API's shape
//   {"reply": "…", "truncate": true}       a stream cut before its end
//   {"malformed": true}                    a stream event that is not JSON
//   {"stream_error": "overloaded_error"}   an error event after HTTP 200
//   {"stall_ms": 3000, "reply": "…"}       wait before answering
//   {"key": "K"}                           (first step only) the key the server accepts; default any
//   {"reply": "…", "line_end": "cr"}       stream lines ended by CR (or "crlf") instead of LF
//   {"reasoning": true, "reply": "…"}      (openai) refuse `max_tokens` as OpenAI's reasoning models do

struct Options {
    var api = "anthropic"
    var script: [JSONValue] = [["reply": "ok"]]
    var log: String?
    var maxSeconds = 120.0
    var delayMs = 15
}

func parseOptions() -> Options {
    var options = Options()
    var args = CommandLine.arguments.dropFirst().makeIterator()
    while let arg = args.next() {
        switch arg {
        case "--api": options.api = args.next() ?? "anthropic"
        case "--log": options.log = args.next()
        case "--max-seconds": options.maxSeconds = Double(args.next() ?? "") ?? 120
        case "--delay-ms": options.delayMs = Int(args.next() ?? "") ?? 15
        case "--script":
            let path = args.next() ?? ""
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), let json = try? JSONParser.parse(text), let steps = json.arrayValue,
                !steps.isEmpty
            else {
                FileHandle.standardError.write(Data("ai-mock-server: --script \(path) is not a JSON array of steps\n".utf8))
                exit(2)
            }
            options.script = steps
        default:
            FileHandle.standardError.write(Data("ai-mock-server: unknown argument \(arg)\n".utf8))
            exit(2)
        }
    }
    return options
}

let options = parseOptions()
let server = try MockListener()
FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))
let started = Date()
var step = 0
var previousTool: Set<String> = []
while Date().timeIntervalSince(started) < options.maxSeconds {
    guard let connection = server.accept(timeout: 0.2) else { continue }
    defer { connection.close() }
    guard let request = connection.readRequest() else { continue }
    let current = options.script[min(step, options.script.count - 1)]
    step += 1
    log(request, to: options.log)
    if options.api == "openai" {
        OpenAIFake(step: current, delayMs: options.delayMs).answer(request, on: connection)
    } else {
        AnthropicFake(step: current, delayMs: options.delayMs, toolID: String(format: "toolu_fake%02d", step))
            .answer(request, on: connection)
    }
}

/// One line per request: method, path, headers (keys masked) and the body as JSON (or as text).
func log(_ request: MockRequest, to path: String?) {
    guard let path else { return }
    var headers = JSONObject()
    for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
        let secret = name == "x-api-key" || name == "authorization"
        headers.append(name, .string(secret ? "<set, \(value.count) characters>" : value))
    }
    let body = (try? JSONParser.parse(String(decoding: request.body, as: UTF8.self))) ?? .string(String(decoding: request.body, as: UTF8.self))
    var writer = JSONWriter()
    writer.write(["method": .string(request.method), "path": .string(request.path), "headers": .object(headers), "body": body])
    let line = String(decoding: writer.buffer, as: UTF8.self) + "\n"
    if let handle = FileHandle(forWritingAtPath: path) {
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        handle.closeFile()
    } else {
        FileManager.default.createFile(atPath: path, contents: Data(line.utf8))
    }
}
