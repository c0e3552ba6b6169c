import Foundation
import VeloJSON
import VeloTestSupport

/// ai-mock-server speaking the real Anthropic Messages API, playing the model with a script of steps (its
/// header lists them); velo-repl's velo-ask children reach it through ANTHROPIC_BASE_URL.
final class ModelServer {
    let process: RunningProcess
    let port: Int
    let log: URL
    static let key = "sk-ant-repl-test-KEY-7"

    init(_ steps: [JSONValue], in directory: URL) throws {
        var w = JSONWriter()
        w.write(.array(steps))
        let script = directory.appendingPathComponent("model-script.json")
        try Data(w.buffer).write(to: script)
        log = directory.appendingPathComponent("model-requests.ndjson")
        process = try ProcessRunner.start(
            BuiltProducts.url("ai-mock-server"), ["--script", script.path, "--log", log.path, "--max-seconds", "120", "--delay-ms", "2"])
        guard process.waitForStdout(timeout: 20, until: { $0.contains(UInt8(ascii: "\n")) }),
            let port = Int(String(decoding: process.stdoutSoFar, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw TmuxError(text: "ai-mock-server did not print its port") }
        self.port = port
    }

    deinit {
        process.terminate()
        _ = try? process.wait(timeout: 5)
    }

    /// What velo-repl needs to ask this server: the key and the base URL.
    var environment: [String: String] { ["ANTHROPIC_API_KEY": Self.key, "ANTHROPIC_BASE_URL": "http://127.0.0.1:\(port)"] }

    /// The requests the server received, as it logged them (keys masked).
    func requests() throws -> [JSONValue] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    /// The blocks of every message of request `n`, flattened: (role, block).
    func blocks(ofRequest n: Int) throws -> [(role: String, block: JSONValue)] {
        let requests = try requests()
        guard n < requests.count else { return [] }
        return (requests[n]["body"]?["messages"]?.arrayValue ?? []).flatMap { message -> [(role: String, block: JSONValue)] in
            let role = message["role"]?.stringValue ?? ""
            if let text = message["content"]?.stringValue { return [(role, ["type": "text", "text": .string(text)])] }
            return (message["content"]?.arrayValue ?? []).map { (role, $0) }
        }
    }

    /// A step: the model says `text` and, optionally, asks for a tool.
    static func step(_ text: String, tool: String? = nil, input: JSONValue = [:]) -> JSONValue {
        var object = JSONObject([("reply", .string(text))])
        if let tool { object.append("tool", ["name": .string(tool), "input": input]) }
        return .object(object)
    }
}
