import Foundation
import VeloJSON
import VeloTestSupport

/// ai-mock-server started with a script of steps (see its header), and velo-ask run against it.
final class FakeAPI {
    let process: RunningProcess
    let port: Int
    let directory: URL
    let log: URL
    static let key = "sk-ant-test-KEY-4242"

    init(_ steps: [String], api: String = "anthropic", delayMs: Int = 5) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("velo-ask-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("script.json")
        try Data(("[" + steps.joined(separator: ",") + "]").utf8).write(to: script)
        log = directory.appendingPathComponent("requests.ndjson")
        process = try ProcessRunner.start(
            BuiltProducts.url("ai-mock-server"),
            ["--api", api, "--script", script.path, "--log", log.path, "--max-seconds", "60", "--delay-ms", String(delayMs)])
        guard process.waitForStdout(timeout: 20, until: { $0.contains(UInt8(ascii: "\n")) }),
            let port = Int(String(decoding: process.stdoutSoFar, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw CocoaError(.fileReadUnknown) }
        self.port = port
    }

    deinit {
        process.terminate()
        _ = try? process.wait(timeout: 5)
        try? FileManager.default.removeItem(at: directory)
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// The requests the server received, as it logged them.
    func requests() throws -> [JSONValue] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    /// velo-ask with the Anthropic key and this server's URL.
    func ask(_ arguments: [String], stdin: String = "", key: String = FakeAPI.key, extra: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(
            BuiltProducts.url("velo-ask"), arguments, stdin: .text(stdin),
            environment: ["ANTHROPIC_API_KEY": key, "ANTHROPIC_BASE_URL": url, "NO_COLOR": "1", "OPENAI_API_KEY": ""].merging(extra) { $1 },
            timeout: 60)
    }

    /// A step's JSON: a reply with text.
    static func reply(_ text: String, _ more: String = "") -> String {
        var w = JSONWriter()
        w.write(.string(text))
        return "{\"reply\": \(String(decoding: w.buffer, as: UTF8.self))\(more.isEmpty ? "" : ", " + more)}"
    }

    static let sensorYAML = """
        name: sensor_readings
        key_field: device_id
        fields:
          - name: device_id
            type: string
          - name: temperature_c
            type: float
          - name: status
            type: string
            constraints: {enum_values: {values: [OK, FAULT]}}
          - name: event_time
            type: integer
            constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}
        """

    /// A session file with the sensor schema (and optionally more JSON fields), in this server's directory.
    func session(_ extra: String = "") throws -> String {
        var w = JSONWriter()
        w.write(.string(Self.sensorYAML))
        let json = "{\"version\": 1, \"schemas\": [{\"name\": \"sensor_readings\", \"yaml\": \(String(decoding: w.buffer, as: UTF8.self))}]\(extra)}"
        let path = directory.appendingPathComponent("session.json")
        try Data(json.utf8).write(to: path)
        return path.path
    }

    static let goodSQL = """
        ```sql
        -- @name: avg_temp
        CREATE TABLE avg_temp AS
        SELECT device_id, AVG(temperature_c) AS avg_t
        FROM sensor_readings
        GROUP BY device_id
        WINDOW TUMBLING(event_time, INTERVAL '5' MINUTE)
        EMIT FINAL
        WITH ('event.time.field' = 'event_time');
        ```
        """
    static let badSQL = goodSQL.replacingOccurrences(of: "AVG(temperature_c)", with: "AVG(temprature)")
}

func lines(_ text: String) throws -> [JSONValue] {
    try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
}
