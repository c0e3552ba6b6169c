import Foundation
import Testing
import VeloJSON
import VeloTestSupport

/// velo-ask with no key: the offline drafter, schema templates and advice, and request handling.
@Suite struct OfflineToolTests {
    func run(_ arguments: [String], stdin: String = "") throws -> ProcessResult {
        try ProcessRunner.run(
            BuiltProducts.url("velo-ask"), arguments, stdin: .text(stdin), environment: ["ANTHROPIC_API_KEY": "", "NO_COLOR": "1"])
    }

    func session() throws -> String {
        let api = try FakeAPI([FakeAPI.reply("unused")])
        let path = try api.session()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("velo-ask-session-\(UUID().uuidString).json")
        try FileManager.default.copyItem(atPath: path, toPath: copy.path)
        return copy.path
    }

    @Test func aRequestOnStdinGivesAValidOfflineDraft() throws {
        var w = JSONWriter()
        w.write(.string(FakeAPI.sensorYAML))
        let request = """
            {"version": 1, "kind": "sql", "prompt": "max temprature per device every 10 seconds",
             "session": {"schemas": [{"name": "sensor_readings", "yaml": \(String(decoding: w.buffer, as: UTF8.self))}]}}
            """
        let r = try run([], stdin: request)
        #expect(r.status == 0, "\(r.stderr)")
        let draft = try JSONParser.parse(r.stdout)
        #expect(draft["provider"]?.stringValue == "offline")
        #expect(draft["sql"]?.stringValue?.contains("MAX(temperature_c)") == true)
        #expect(draft["sql"]?.stringValue?.contains("INTERVAL '10' SECOND") == true)
        #expect(draft["validation"]?["valid"]?.boolValue == true)
    }

    @Test func aFieldThatDoesNotExistGetsAnHonestAnswer() throws {
        let r = try run(["--prompt", "average pressure per device", "--context", try session()])
        #expect(r.status == 1)
        let draft = try JSONParser.parse(r.stdout)
        #expect(draft["sql"] == nil || draft["sql"]?.isNull == true)
        #expect(draft["explanation"]?.stringValue?.contains("'pressure'") == true)
        #expect(draft["explanation"]?.stringValue?.contains("temperature_c") == true)
    }

    @Test func streamModeEndsWithTheDraftEvent() throws {
        let r = try run(["--prompt", "FAULT readings", "--context", try session(), "--stream"])
        #expect(r.status == 0, "\(r.stderr)")
        let events = try lines(r.stdout)
        #expect(events.count == 1 && events[0]["type"]?.stringValue == "draft")
        #expect(events[0]["draft"]?["sql"]?.stringValue?.contains("WHERE status = 'FAULT'") == true)
    }

    @Test func aVagueSchemaRequestAsksQuestionsThenDrafts() throws {
        let vague = try run(["--kind", "schema", "--prompt", "make me a schema for my app"])
        #expect(vague.status == 0)
        let questions = try JSONParser.parse(vague.stdout)["questions"]?.arrayValue ?? []
        #expect(questions.map { $0["id"]?.stringValue ?? "" } == ["domain", "name", "records"])
        #expect(questions[0]["choices"]?.arrayValue?.contains("iot") == true)
        let answered = try run(
            [],
            stdin:
                #"{"kind": "schema", "prompt": "make me a schema for my app", "answers": {"domain": "iot", "name": "plant sensors", "records": "5000"}}"#
        )
        #expect(answered.status == 0, "\(answered.stderr)")
        let draft = try JSONParser.parse(answered.stdout)
        let yaml = draft["schema_yaml"]?.stringValue ?? ""
        #expect(yaml.contains("name: plant_sensors") && yaml.contains("record_count: 5000"))
        #expect(draft["validation"]?["valid"]?.boolValue == true)
    }

    @Test func aNamedDomainDraftsASchemaAtOnce() throws {
        let r = try run(["--kind", "schema", "--prompt", "create schema for IoT sensors"])
        #expect(r.status == 0)
        let draft = try JSONParser.parse(r.stdout)
        #expect(draft["schema_yaml"]?.stringValue?.contains("temperature_c") == true)
        #expect(draft["questions"]?.arrayValue?.isEmpty == true)
    }

    @Test func adviceNamesTheFiguresBehindIt() throws {
        let request = """
            {"kind": "optimize", "prompt": "why is it slow?", "session": {"runs": {"avg_temp": {"metrics": {
              "records_in": 100000, "records_out": 500, "peak_memory_bytes": 100000000, "late_records": 5000,
              "window_state": {"kind": "tumbling", "estimated_bytes": 80000000, "peak_groups": 90000},
              "profile": {"stages": [{"stage": "deserialize", "percent": 55.0}]}}}}}}
            """
        let r = try run([], stdin: request)
        #expect(r.status == 0, "\(r.stderr)")
        let suggestions = try JSONParser.parse(r.stdout)["suggestions"]?.arrayValue ?? []
        let because = suggestions.compactMap { $0["because"]?.stringValue }
        #expect(because.contains { $0.contains("window state is 80% of peak memory") })
        #expect(because.contains { $0.contains("peak groups 90000") })
        #expect(because.contains { $0.contains("5000 late records (5% of input)") })
        #expect(because.contains { $0.contains("deserialize takes 55%") })
    }

    @Test func badInputIsNamed() throws {
        let notJSON = try run([], stdin: #"{"kind": "poem", "prompt": "x"}"#)
        #expect(notJSON.status == 3)
        #expect(notJSON.stderr.contains("kind"), "\(notJSON.stderr)")
        let empty = try run([])
        #expect(empty.status == 2)
        let missing = try run(["--prompt", "x", "--context", "/nonexistent/session.json"])
        #expect(missing.status == 2 || missing.status == 3, "\(missing.stderr)")
        let noKey = try run(["--provider", "anthropic", "--prompt", "x"])
        #expect(noKey.status == 2 && noKey.stderr.contains("ANTHROPIC_API_KEY"))
    }
}
