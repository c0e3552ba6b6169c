import Foundation
import Testing
import VeloJSON
import VeloTestSupport

/// velo-repl with the model played by ai-mock-server over the real Anthropic API: the tools it asks for
/// run for real, their results go back, and the final draft is shown; schema Q&A and optimize advice.
@Suite(.serialized) struct ReplModelTests {
    static let hotSQL = """
        -- @name: hot_devices
        CREATE STREAM hot_devices AS
        SELECT device_id, temperature_c FROM sensor_readings WHERE temperature_c > 30;
        """

    @Test func toolCallsRunTheMatchingToolsAndTheirResultsGoBackToTheModel() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(500)
        let model = try ModelServer(
            [
                ModelServer.step("First the schemas.", tool: "load_schemas", input: ["path": "schemas"]),
                ModelServer.step("Which topics are there?", tool: "list_topics"),
                ModelServer.step(
                    "A quick look at hot readings.", tool: "run_query",
                    input: ["sql": "SELECT device_id, temperature_c FROM sensor_readings WHERE temperature_c > 30;"]),
                ModelServer.step("Hot devices, as a stream.\n```sql\n\(Self.hotSQL)\n```")
            ], in: f.dir)
        let r = try f.script("which devices run hot?\nr\nstatus\n", environment: model.environment)
        #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
        // Each tool ran, in the order asked, and showed what it did.
        let out = r.stdout
        let order = [
            "→ load_schemas", "Loaded 1 schema", "→ list_topics", "| 1 | sensor_readings |      500 |", "→ run_query", "Output (", "🤖 Hot devices"
        ]
        let positions = order.map { out.range(of: $0)?.lowerBound }
        #expect(!positions.contains(nil), "\(order.filter { !out.contains($0) }) missing in:\n\(out)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "out of order:\n\(out)")
        #expect(out.contains("🤖 First the schemas.\n→ load_schemas"), "the model's words are shown as they stream")
        #expect(!out.contains("```"), "the SQL block is shown once, highlighted, not as the model wrote it")
        #expect(out.components(separatedBy: "CREATE STREAM hot_devices AS").count == 2, "the draft is shown once:\n\(out)")
        #expect(out.contains("CREATE STREAM hot_devices AS"))
        #expect(out.contains("[r] run  [e] edit  [n] try again"))
        #expect(out.contains("job 1: hot_devices"), "r ran the final draft:\n\(out)")
        #expect(out.contains(/usage +[1-9][0-9,]* tokens in, [1-9][0-9,]* out, ≈ \$[0-9]+\.[0-9]{4}/), "status counts the tokens:\n\(out)")
        #expect(!out.contains("≈ $0.0000"), "and their cost")
        // The results went back to the model, each after the tool_use it answers.
        #expect(try model.requests().count == 4)
        func toolResult(_ n: Int) throws -> String {
            let blocks = try model.blocks(ofRequest: n)
            let result = try #require(blocks.last { $0.block["type"]?.stringValue == "tool_result" })
            #expect(result.role == "user")
            // Request n answers the call of request n (each round's call has its own id).
            #expect(result.block["tool_use_id"]?.stringValue == String(format: "toolu_fake%02d", n))
            #expect(blocks.last?.block["text"]?.stringValue == "which devices run hot?", "the request's words come last")
            return result.block["content"]?.stringValue ?? result.block["content"]?.arrayValue?.first?["text"]?.stringValue ?? ""
        }
        #expect(try toolResult(1) == "loaded: sensor_readings")
        #expect(try toolResult(2) == "sensor_readings: 500 messages")
        let run = try toolResult(3).split(separator: "\n").map(String.init)
        let hot = try #require(Int(run.first?.split(separator: " ").first ?? ""), "\(run)")
        #expect(run.first == "\(hot) records" && hot > 0 && hot < 500, "\(run)")
        #expect(run.dropFirst().prefix(10).allSatisfy { $0.hasPrefix("{\"device_id\":\"SENSOR-") }, "the first records, as JSON:\n\(run)")
        #expect(run.contains("(\(hot - 10) more)"))
        #expect(run.last?.hasPrefix("metrics: {") == true && run.last?.contains("\"records_in\":500") == true, "\(run)")
        // The schemas the tool loaded are in the system prompt of the next request.
        let system = try model.requests()[1]["body"]?["system"]?.arrayValue?.last?["text"]?.stringValue ?? ""
        #expect(system.contains("temperature_c"))
        #expect(!r.stdout.contains(ModelServer.key) && !r.stderr.contains(ModelServer.key))
    }

    @Test func aDraftStillInvalidAfterTheRepairsIsShownWithItsProblems() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(100)
        let bad = Self.hotSQL.replacingOccurrences(of: "temperature_c > 30", with: "temprature > 30")
        let model = try ModelServer([ModelServer.step("Hot devices.\n```sql\n\(bad)\n```")], in: f.dir)
        let r = try f.script("load schemas from schemas\nwhich devices run hot?\nr\n", environment: model.environment)
        #expect(r.status == 1)
        #expect(try model.requests().count == 3, "the first draft and two repairs")
        #expect(r.stdout.contains("the draft is invalid; asking for repair 2 of 2"), "\(r.stdout)")
        #expect(r.stdout.contains("  ! "), "the draft's problems are listed:\n\(r.stdout)")
        #expect(r.stdout.contains("unknown column 'temprature'"))
        #expect(r.stdout.contains("[r] run  [e] edit  [n] try again"))
        #expect(
            r.stderr.contains("unknown column 'temprature'\nSELECT device_id, temperature_c FROM sensor_readings WHERE temprature > 30;"),
            "\(r.stderr)")
        #expect(r.stderr.contains("hint: e edits it, n asks for another draft"))
    }

    @Test func whileTheModelThinksTheShellSaysSoAndCtrlCStopsIt() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let model = try ModelServer(
            [.object(JSONObject([("stall_ms", 6000), ("reply", "too late")])), ModelServer.step("Here.\n```sql\n\(Self.hotSQL)\n```")], in: f.dir)
        let t = try f.terminal(["--schemas", "schemas", "--history", f.dir.appendingPathComponent("h").path], environment: model.environment)
        try t.waitFor("velo> ")
        try t.typeLine("which devices run hot?")
        try t.waitFor("🤖 thinking… (Ctrl+C stops)")
        // Ctrl+C once the request is with the model (which stalls), not before velo-ask has sent it.
        let sent = Date().addingTimeInterval(30)
        while try model.requests().isEmpty, Date() < sent { Thread.sleep(forTimeInterval: 0.1) }
        try t.press("C-c")
        let screen = try t.waitFor("hint: nothing was drafted; n asks again")
        #expect(screen.contains("velo-ask interrupted"))
        #expect(!screen.contains("thinking…"), "the waiting line is erased:\n\(screen)")
        try t.typeLine("n")
        try t.waitFor("[r] run  [e] edit  [n] try again")
        #expect(try t.screen().contains("CREATE STREAM hot_devices AS"))
    }

    @Test func theModelGetsTheDiagnosticsOfItsSQLAndTheMessagesItPeeksAt() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(100)
        let model = try ModelServer(
            [
                ModelServer.step("Checking.", tool: "validate_query", input: ["sql": "SELECT devce_id FROM sensor_readings;"]),
                ModelServer.step("Looking.", tool: "peek_messages", input: ["topic": "sensor_readings", "count": 2]),
                ModelServer.step("Done looking.")
            ], in: f.dir)
        let r = try f.script("load schemas from schemas\nlook at my data\n", environment: model.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("unknown column 'devce_id'"), "the person sees the diagnostics too")
        let invalid = try #require(try model.blocks(ofRequest: 1).last { $0.block["type"]?.stringValue == "tool_result" }?.block)
        #expect(invalid["is_error"]?.boolValue == true)
        #expect(invalid["content"]?.stringValue == "the SQL is not valid:\n1:8: unknown column 'devce_id' (did you mean 'device_id'?)", "\(invalid)")
        let peeked = try #require(try model.blocks(ofRequest: 2).last { $0.block["type"]?.stringValue == "tool_result" }?.block)
        let lines = peeked["content"]?.stringValue?.split(separator: "\n") ?? []
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("{\"device_id\":\"SENSOR-") }, "\(peeked)")
    }

    @Test func anAPIErrorIsSaidOnceWithVeloAsksHintAndTheShellsWayOut() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let model = try ModelServer([.object(JSONObject([("status", 401)]))], in: f.dir)
        let r = try f.script("load schemas from schemas\ncount faults per device\nstatus\n", environment: model.environment)
        #expect(r.status == 1)
        #expect(r.stderr.components(separatedBy: "401 authentication_error").count == 2, "said once:\n\(r.stderr)")
        #expect(r.stderr.contains("hint: the key was refused"))
        #expect(r.stdout.contains("(velo-repl --provider offline drafts without a model)"))
        #expect(r.stdout.contains("drafting   Claude"), "the shell stayed up")
        #expect(!r.stderr.contains(ModelServer.key) && !r.stdout.contains(ModelServer.key))
    }

    @Test func aToolTheShellRefusesGoesBackAsAnError() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let model = try ModelServer(
            [
                ModelServer.step("Saving it.", tool: "save_file", input: ["path": "x.sql", "content": "SELECT 1;"]),
                ModelServer.step("Looking at a topic.", tool: "peek_messages", input: ["topic": "nowhere"]),
                ModelServer.step("I could not save; type save.")
            ], in: f.dir)
        let r = try f.script("save it for me\n", environment: model.environment)
        #expect(r.status == 0, "an answer in words is an answer: \(r.stderr)")
        #expect(r.stdout.contains("🤖 I could not save; type save."))
        #expect(r.stdout.contains("→ peek_messages\n  ! no topic 'nowhere' (sent back to the model)"), "\(r.stdout)")
        #expect(!FileManager.default.fileExists(atPath: f.dir.appendingPathComponent("x.sql").path))
        let refused = try #require(try model.blocks(ofRequest: 1).last { $0.block["type"]?.stringValue == "tool_result" }?.block)
        #expect(refused["is_error"]?.boolValue == true)
        #expect(refused["content"]?.stringValue?.contains("save") == true)
        let missing = try #require(try model.blocks(ofRequest: 2).last { $0.block["type"]?.stringValue == "tool_result" }?.block)
        #expect(missing["is_error"]?.boolValue == true)
        #expect(missing["content"]?.stringValue?.contains("no topic 'nowhere'") == true, "\(missing)")
    }

    @Test func createSchemaAsksTheModelsQuestionsAndSendsTheAnswers() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let yaml = """
            name: parcels
            key_field: parcel_id
            fields:
              - name: parcel_id
                type: string
              - name: weight_kg
                type: float
            """
        let model = try ModelServer(
            [
                ModelServer.step("A few questions first.\nWhat does one record describe?\nAbout how many records per test?"),
                ModelServer.step("Here it is.\n```yaml\n\(yaml)\n```")
            ], in: f.dir)
        let r = try f.script("create schema for deliveries\na parcel scan\n5000\nshow schemas\nshow schema parcels\n", environment: model.environment)
        #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
        #expect(r.stdout.contains("🤖 What does one record describe?\n> a parcel scan"), "\(r.stdout)")
        #expect(r.stdout.contains("🤖 About how many records per test?\n> 5000"))
        #expect(r.stdout.contains("✓ schema parcels (2 fields) is in the session"))
        #expect(r.stdout.contains("• parcels (2 fields: parcel_id, weight_kg)"))
        let second = try #require(try model.requests().last?["body"])
        let system = second["system"]?.arrayValue?.compactMap { $0["text"]?.stringValue }.joined() ?? ""
        #expect(system.contains("Answers to your questions: q1=a parcel scan, q2=5000"), "\(system.suffix(400))")
    }

    @Test func createSchemaOfflineAsksWithNumberedChoices() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let r = try f.script("create schema for my things\n3\nwidgets\n2\nshow schemas\n", environment: ["ANTHROPIC_API_KEY": ""])
        #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
        #expect(r.stdout.contains("🤖 What does one record describe?\n  [1] "), "\(r.stdout)")
        #expect(r.stdout.contains("  [1] 1000\n  [2] 10000\n  [3] 100000"))
        #expect(r.stdout.contains(/✓ schema widgets \([0-9]+ fields\) is in the session/), "\(r.stdout)")
        #expect(r.stdout.contains("record_count: 10000"))
        #expect(r.stdout.contains("• widgets ("))
    }

    @Test func offlineQuestionsAskAgainForAnAnswerNotAmongTheChoices() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let t = try f.terminal(["--history", f.dir.appendingPathComponent("h").path], environment: ["ANTHROPIC_API_KEY": ""])
        try t.waitFor("velo> ")
        try t.typeLine("create schema for my things")
        try t.waitFor("🤖 The request names no domain I have a template for")
        try t.waitFor("[6] payments")
        try t.typeLine("y")
        try t.waitFor("pick 1 to 6, or type one of the names")
        try t.typeLine("Trades")
        try t.waitFor("What should the record (and topic) be called?")
        try t.typeLine("fills")
        try t.waitFor("About how many records should a test run generate?")
        try t.typeLine("5000")
        try t.waitFor("Keep this schema? [y/n]: ")
        #expect(try t.screen().contains("record_count: 5000"))
        try t.typeLine("y")
        try t.waitFor("✓ schema fills (")
    }

    @Test func optimizeAdvisesFromTheLastRunsMetrics() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(2000)
        let offline = try f.script(
            """
            load schemas from schemas
            SELECT device_id, AVG(temperature_c) AS t FROM sensor_readings GROUP BY device_id;
            optimize this query
            """, environment: ["ANTHROPIC_API_KEY": ""])
        #expect(offline.status == 0, "\(offline.stderr)\n\(offline.stdout)")
        let advice = try #require(offline.stdout.components(separatedBy: "velo> optimize this query\n").last)
        #expect(advice.hasPrefix("🤖 "), "the offline advisor reads the run's figures:\n\(advice)")
        let model = try ModelServer(
            [ModelServer.step("Two ideas.\n- Add a window because: the GROUP BY never closes\n- Filter early because: 2,000 records in")], in: f.dir)
        let r = try f.script(
            """
            load schemas from schemas
            SELECT device_id, AVG(temperature_c) AS t FROM sensor_readings GROUP BY device_id;
            optimize it
            """, environment: model.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("🤖 Two ideas.\n- Add a window because: the GROUP BY never closes\n"), "\(r.stdout)")
        #expect(!r.stdout.contains("  • Add a window"), "the streamed words are not repeated")
        let body = try #require(try model.requests().first?["body"])
        let system = body["system"]?.arrayValue?.compactMap { $0["text"]?.stringValue }.joined() ?? ""
        #expect(system.contains("Metrics of "), "the last run's metrics go with the request")
        #expect(system.contains("\"records_in\":2000"))
    }
}
