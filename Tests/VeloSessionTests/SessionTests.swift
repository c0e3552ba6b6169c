import Foundation
import Testing
import VeloBase
import VeloJSON
import VeloSession

@Suite struct SessionTests {
    @Test func aFullSessionRoundTrips() throws {
        let session = Session(
            app: SessionApp(name: "iot", description: "device temperatures"),
            conversation: [
                SessionMessage(role: "user", text: "average temperature per device"),
                SessionMessage(
                    role: "assistant", text: "Loading schemas.",
                    toolCalls: [SessionToolCall(id: "t1", name: "load_schemas", input: ["dir": "schemas"])]),
                SessionMessage(role: "tool", text: "", toolResults: [SessionToolResult(id: "t1", content: "1 schema", isError: false)])
            ],
            schemas: [SessionSchema(name: "sensor", yaml: "name: sensor\nfields: []\n", path: "schemas/sensor.schema.yaml")],
            topics: [SessionTopic(name: "sensor", count: 20_000, schema: "sensor")],
            jobs: [SessionJob(name: "avg_temp", sql: "SELECT 1 AS x FROM sensor;", file: "app.sql")],
            files: [SessionFile(path: "app.sql", modified: true)],
            lastDraft: SessionDraft(sql: "SELECT 1 AS x FROM sensor;", jobName: "avg_temp", explanation: "one"),
            runs: ["avg_temp": SessionRun(metrics: ["records_in": 20_000, "sources": ["sensor"], "throughput": 1234.5], exitCode: 0)],
            usage: SessionUsage(inputTokens: 1200, outputTokens: 300, costUSD: 0.0081),
            backend: "local")
        let data = try session.encoded()
        let back = try Session.load(from: data, source: "s.json")
        #expect(back == session)
        #expect(String(decoding: data, as: UTF8.self).contains("\"last_draft\""))
    }

    @Test func aMinimalSessionGetsDefaults() throws {
        let session = try Session.load(from: Data(#"{"jobs":[{"name":"a","sql":"SELECT x FROM t;"}]}"#.utf8), source: "s.json")
        #expect(session.version == Session.currentVersion)
        #expect(session.jobs.map(\.name) == ["a"])
        #expect(session.conversation.isEmpty && session.runs.isEmpty && session.usage.inputTokens == 0)
    }

    @Test func aNewerVersionIsRefused() {
        #expect(throws: VeloError.self) { try Session.load(from: Data(#"{"version":99}"#.utf8), source: "s.json") }
    }

    @Test func errorsNameTheFileAndField() throws {
        do {
            _ = try Session.load(from: Data(#"{"jobs":[{"name":"a"}]}"#.utf8), source: "s.json")
            Issue.record("a job without sql was accepted")
        } catch let error as VeloError {
            let text = error.description
            #expect(text.contains("s.json") && text.contains("jobs[0].sql"))
            #expect(error.exitCode == .invalidInput)
        }
    }

    @Test func integersStayIntegersInArbitraryJSON() throws {
        // Keys in sorted order: Foundation's decoder does not keep an object's key order.
        let value: JSONValue = ["a": [true, "s"], "big": .int(9_007_199_254_740_993), "f": 0.5, "n": nil]
        let data = try JSONEncoder().encode(value)
        let back = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(back["big"] == .int(9_007_199_254_740_993) && back["f"] == .double(0.5))
        #expect(back["n"] == .null && back["a"] == [true, "s"])
    }
}
