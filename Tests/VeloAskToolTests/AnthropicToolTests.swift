import Foundation
import Testing
import VeloJSON
import VeloTestSupport

/// velo-ask against a fake Messages API that checks each request as the real one does.
@Suite struct AnthropicToolTests {
    let prompt = ["--prompt", "average temperature per device every 5 minutes"]

    @Test func aDraftFromTheAPIIsValidatedAndPricedAndTheRequestIsCached() throws {
        let api = try FakeAPI([FakeAPI.reply("The 5-minute average.\n" + FakeAPI.goodSQL)])
        let r = try api.ask(prompt + ["--context", api.session()])
        #expect(r.status == 0, "\(r.stderr)")
        let draft = try JSONParser.parse(r.stdout)
        #expect(draft["provider"]?.stringValue == "anthropic")
        #expect(draft["model"]?.stringValue == "claude-sonnet-5-5")
        #expect(draft["job_name"]?.stringValue == "avg_temp")
        #expect(draft["validation"]?["valid"]?.boolValue == true)
        #expect(draft["explanation"]?.stringValue == "The 5-minute average.")
        #expect((draft["usage"]?["input_tokens"]?.intValue ?? 0) > 0)
        #expect((draft["usage"]?["cost_usd"]?.doubleValue ?? 0) > 0)
        let requests = try api.requests()
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request["headers"]?["anthropic-version"]?.stringValue == "2023-06-01")
        #expect(request["headers"]?["x-api-key"]?.stringValue == "<set, \(FakeAPI.key.count) characters>")
        let body = try #require(request["body"])
        #expect(body["stream"]?.boolValue == false)
        #expect(body["system"]?.arrayValue?.first?["cache_control"]?["type"]?.stringValue == "ephemeral")
        #expect(body["system"]?.arrayValue?.first?["text"]?.stringValue?.contains("TUMBLING(_event_time, INTERVAL '5' MINUTE)") == true)
        #expect(body["system"]?.arrayValue?.last?["text"]?.stringValue?.contains("temperature_c float") == true)
        let tools = body["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(tools.count == 10 && tools.contains("validate_query") && tools.contains("ask_questions") && tools.contains("get_session_state"))
        #expect(!r.stdout.contains(FakeAPI.key) && !r.stderr.contains(FakeAPI.key))
    }

    @Test func streamedTextReachesStdoutBeforeTheReplyEnds() throws {
        let api = try FakeAPI([FakeAPI.reply("Here is a first sentence of the draft, then more words. " + FakeAPI.goodSQL)], delayMs: 150)
        let child = try ProcessRunner.start(
            BuiltProducts.url("velo-ask"), prompt + ["--context", api.session(), "--stream"],
            environment: ["ANTHROPIC_API_KEY": FakeAPI.key, "ANTHROPIC_BASE_URL": api.url])
        // The first text event arrives while the server is still sending (≈ 40 events × 150 ms).
        #expect(child.waitForStdout(timeout: 20) { String(decoding: $0, as: UTF8.self).contains("\"type\":\"text\"") })
        #expect(!String(decoding: child.stdoutSoFar, as: UTF8.self).contains("\"type\":\"draft\""))
        let r = try child.wait(timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        let events = try lines(r.stdout)
        #expect(events.last?["type"]?.stringValue == "draft")
        let text = events.filter { $0["type"]?.stringValue == "text" }.compactMap { $0["text"]?.stringValue }.joined()
        #expect(text.hasPrefix("Here is a first sentence") && text.contains("AVG(temperature_c)"))
        #expect(events.last?["draft"]?["validation"]?["valid"]?.boolValue == true)
        #expect(try api.requests().first?["body"]?["stream"]?.boolValue == true)
    }

    @Test(arguments: [false, true])
    func anInvalidDraftGoesBackWithTheDiagnostics(stream: Bool) throws {
        let api = try FakeAPI([FakeAPI.reply("First try.\n" + FakeAPI.badSQL), FakeAPI.reply("Fixed.\n" + FakeAPI.goodSQL)])
        let r = try api.ask(prompt + ["--context", api.session()] + (stream ? ["--stream"] : []))
        #expect(r.status == 0, "\(r.stderr)")
        let draft = stream ? try lines(r.stdout).last?["draft"] : try JSONParser.parse(r.stdout)
        #expect(draft?["validation"]?["repairs"]?.intValue == 1)
        #expect(draft?["validation"]?["valid"]?.boolValue == true)
        let requests = try api.requests()
        #expect(requests.count == 2)
        let messages = requests.last?["body"]?["messages"]?.arrayValue ?? []
        #expect(messages.count == 3)
        #expect(messages[1]["role"]?.stringValue == "assistant")
        let repair = messages[2]["content"]?.arrayValue?.first?["text"]?.stringValue ?? ""
        #expect(repair.contains("unknown column 'temprature'") && repair.contains("draft.sql:3:"))
    }

    /// With a key set, libcurl starts loading before the arguments are read; every way out waits for it and
    /// exits as before: help, a usage error, a request that is not JSON.
    @Test func earlyExitsWithAKeySetStayClean() throws {
        let api = try FakeAPI([FakeAPI.reply(FakeAPI.goodSQL)])
        let help = try api.ask(["--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: velo-ask"), "\(help.stderr)")
        let usage = try api.ask(prompt + ["--max-tokens", "0"])
        #expect(usage.status == 2 && usage.stdout.isEmpty && usage.stderr.contains("--max-tokens must be at least 1"))
        let bad = try api.ask([], stdin: "{not json")
        #expect(bad.status == 3 && bad.stdout.isEmpty && bad.stderr.contains("not a velo-ask request"), "\(bad.stderr)")
        #expect(try api.requests().isEmpty)
    }

    @Test func afterTwoRepairsAnInvalidDraftIsReturnedAsInvalid() throws {
        let api = try FakeAPI([FakeAPI.reply(FakeAPI.badSQL)])
        let r = try api.ask(prompt + ["--context", api.session()])
        #expect(r.status == 1)
        let draft = try JSONParser.parse(r.stdout)
        #expect(draft["validation"]?["valid"]?.boolValue == false)
        #expect(draft["validation"]?["repairs"]?.intValue == 2)
        #expect(draft["validation"]?["diagnostics"]?.arrayValue?.first?.stringValue?.contains("temprature") == true)
        #expect(draft["actions"]?.arrayValue?.contains("run") == false)
        #expect(try api.requests().count == 3)
    }

    @Test(arguments: [false, true])
    func toolCallsAreReturnedForTheCaller(stream: Bool) throws {
        let api = try FakeAPI([
            FakeAPI.reply("Let me look at the topics.", #""tool": {"name": "peek_messages", "input": {"topic": "sensor_readings", "count": 3}}"#)
        ])
        let r = try api.ask(prompt + ["--context", api.session()] + (stream ? ["--stream"] : []))
        #expect(r.status == 0, "\(r.stderr)")
        let events = stream ? try lines(r.stdout) : []
        let draft = stream ? events.last?["draft"] : try JSONParser.parse(r.stdout)
        let call = draft?["tool_calls"]?.arrayValue?.first
        #expect(call?["name"]?.stringValue == "peek_messages")
        #expect(call?["id"]?.stringValue == "toolu_fake01")
        #expect(call?["input"]?["topic"]?.stringValue == "sensor_readings")
        #expect(call?["input"]?["count"]?.intValue == 3)
        if stream { #expect(events.contains { $0["type"]?.stringValue == "tool_call" && $0["text"]?.stringValue == "peek_messages" }) }
    }

    @Test func toolResultsInTheConversationGoBackAsToolResultBlocks() throws {
        let api = try FakeAPI([FakeAPI.reply(FakeAPI.goodSQL)])
        let conversation = """
            , "conversation": [
              {"role": "user", "text": "what topics are there?"},
              {"role": "assistant", "text": "Checking.", "tool_calls": [{"id": "toolu_9", "name": "list_topics", "input": {}}]},
              {"role": "tool", "text": "", "tool_results": [{"id": "toolu_9", "content": "sensor_readings (20000)"}]}
            ]
            """
        let r = try api.ask(prompt + ["--context", api.session(conversation)])
        #expect(r.status == 0, "\(r.stderr)")
        let messages = try api.requests().first?["body"]?["messages"]?.arrayValue ?? []
        #expect(messages.map { $0["role"]?.stringValue ?? "" } == ["user", "assistant", "user"])
        let last = messages.last?["content"]?.arrayValue ?? []
        #expect(last.first?["type"]?.stringValue == "tool_result" && last.first?["tool_use_id"]?.stringValue == "toolu_9")
        #expect(last.last?["text"]?.stringValue == "average temperature per device every 5 minutes")
    }

    @Test(arguments: [(401, "ANTHROPIC_API_KEY"), (403, "permissions")])
    func aRefusedKeyIsNamedButNeverShown(status: Int, hint: String) throws {
        let api = try FakeAPI(["{\"status\": \(status)}"])
        for stream in [false, true] {
            let r = try api.ask(prompt + ["--context", api.session()] + (stream ? ["--stream"] : []))
            #expect(r.status == 4)
            #expect(r.stderr.contains("\(status)") && r.stderr.contains(hint), "\(r.stderr)")
            #expect(!r.stderr.contains(FakeAPI.key) && !r.stdout.contains(FakeAPI.key))
            if stream {
                #expect(try lines(r.stdout).map { $0["type"]?.stringValue } == ["error"])
            } else {
                #expect(r.stdout.isEmpty)
            }
        }
        #expect(try api.requests().count == 2) // 401/403 are not retried
    }

    @Test func rateLimitsAreRetriedAfterTheirRetryAfter() throws {
        let api = try FakeAPI([#"{"status": 429, "retry_after": 1}"#, FakeAPI.reply(FakeAPI.goodSQL)])
        let started = Date()
        let r = try api.ask(prompt + ["--context", api.session()])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Date().timeIntervalSince(started) >= 1)
        #expect(try api.requests().count == 2)
    }

    @Test(arguments: [529, 500])
    func overloadAndServerErrorsGiveUpAfterThreeAttempts(status: Int) throws {
        let api = try FakeAPI(["{\"status\": \(status)}"])
        let r = try api.ask(prompt + ["--context", api.session()])
        #expect(r.status == 4)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("\(status)") && r.stderr.contains("after 3 attempts"), "\(r.stderr)")
        #expect(try api.requests().count == 3)
    }

    @Test func aStalledAPITimesOut() throws {
        let api = try FakeAPI([FakeAPI.reply(FakeAPI.goodSQL, #""stall_ms": 2500"#)])
        let r = try api.ask(prompt + ["--context", api.session(), "--timeout", "1"])
        #expect(r.status == 4)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("did not answer in time"), "\(r.stderr)")
    }

    @Test func noServerMeansNoNetworkExit4() throws {
        let api = try FakeAPI([FakeAPI.reply("unused")])
        let r = try api.ask(prompt + ["--context", api.session()], extra: ["ANTHROPIC_BASE_URL": "http://127.0.0.1:9"])
        #expect(r.status == 4)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("cannot reach the Anthropic API at http://127.0.0.1:9"), "\(r.stderr)")
    }

    @Test(arguments: [#""truncate": true"#, #""malformed": true"#, #""stream_error": "overloaded_error""#])
    func aBrokenStreamEndsWithAnErrorEventAndNoDraft(step: String) throws {
        let api = try FakeAPI([FakeAPI.reply("A long enough answer to be cut in the middle of it. " + FakeAPI.goodSQL, step)])
        let r = try api.ask(prompt + ["--context", api.session(), "--stream"])
        #expect(r.status == 4, "\(r.stderr)")
        let events = try lines(r.stdout)
        #expect(events.last?["type"]?.stringValue == "error")
        #expect(!events.contains { $0["type"]?.stringValue == "draft" })
        #expect(r.stderr.contains("velo-ask: error:"))
    }

    @Test func printPromptShowsTheExactBodyWithoutTheKey() throws {
        let api = try FakeAPI([FakeAPI.reply("unused")])
        let r = try api.ask(prompt + ["--context", api.session(), "--print-prompt", "--model", "claude-haiku-5-5"])
        #expect(r.status == 0, "\(r.stderr)")
        let body = try JSONParser.parse(r.stdout)
        #expect(body["model"]?.stringValue == "claude-haiku-5-5")
        #expect(body["messages"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"]?.stringValue == prompt[1])
        #expect(!r.stdout.contains(FakeAPI.key))
        #expect(try api.requests().isEmpty)
    }

    @Test func aModelSchemaIsCheckedByTheSchemaModelAndRepaired() throws {
        let bad = "```yaml\nname: plants\nfields:\n  - name: plant_id\n    type: strng\n```"
        let good = "```yaml\nname: plants\nfields:\n  - name: plant_id\n    type: string\n```"
        let api = try FakeAPI([FakeAPI.reply(bad), FakeAPI.reply(good)])
        let r = try api.ask(["--kind", "schema", "--prompt", "a schema for plants"])
        #expect(r.status == 0, "\(r.stderr)")
        let draft = try JSONParser.parse(r.stdout)
        #expect(draft["schema_yaml"]?.stringValue?.contains("type: string") == true)
        #expect(draft["validation"]?["valid"]?.boolValue == true)
        #expect(draft["validation"]?["repairs"]?.intValue == 1)
        let repair = try api.requests().last?["body"]?["messages"]?.arrayValue?.last?["content"]?.arrayValue?.first?["text"]?.stringValue ?? ""
        #expect(repair.contains("draft.schema.yaml:4:") && repair.contains("strng"), "\(repair)")
    }

    @Test func modelAdviceKeepsTheFigures() throws {
        let api = try FakeAPI([
            FakeAPI.reply(
                "Two things:\n- Filter before the window because: window state is 82% of memory\n- Drop SELECT * because: deserialize is 61% of time")
        ])
        let r = try api.ask(["--kind", "optimize", "--prompt", "faster?"])
        #expect(r.status == 0, "\(r.stderr)")
        let suggestions = try JSONParser.parse(r.stdout)["suggestions"]?.arrayValue ?? []
        #expect(suggestions.count == 2)
        #expect(suggestions.first?["because"]?.stringValue == "window state is 82% of memory")
    }
}
