import Foundation
import Testing
import VeloJSON
import VeloTestSupport

/// What real servers do differently: SSE lines ended by CR or CRLF, a reasoning model that refuses
/// `max_tokens`, and questions asked through the `ask_questions` tool.
@Suite struct WireVariantToolTests {
    static let openAIArgs = ["--provider", "openai", "--model", "o-reasoner", "--prompt", "average temperature per device"]

    @Test(arguments: ["anthropic", "openai"], ["cr", "crlf"])
    func streamsWithCROrCRLFLineEndingsParse(api kind: String, ending: String) throws {
        let api = try FakeAPI([FakeAPI.reply("Streamed with \(ending).\n" + FakeAPI.goodSQL, #""line_end": "\#(ending)""#)], api: kind)
        var args = ["--stream", "--prompt", "average temperature per device", "--context", try api.session()]
        if kind == "openai" { args += ["--provider", "openai", "--base-url", api.url + "/v1", "--model", "m"] }
        let r = try api.ask(args, key: kind == "openai" ? "" : FakeAPI.key)
        #expect(r.status == 0, "\(r.stderr)")
        let events = try lines(r.stdout)
        let text = events.filter { $0["type"]?.stringValue == "text" }.compactMap { $0["text"]?.stringValue }.joined()
        #expect(text.hasPrefix("Streamed with \(ending)."))
        #expect(events.last?["draft"]?["validation"]?["valid"]?.boolValue == true)
    }

    @Test(arguments: [false, true])
    func aReasoningModelThatRefusesMaxTokensGetsMaxCompletionTokens(stream: Bool) throws {
        let api = try FakeAPI([FakeAPI.reply("From a reasoning model.\n" + FakeAPI.goodSQL, #""reasoning": true"#)], api: "openai")
        let r = try api.ask(
            Self.openAIArgs + ["--base-url", api.url + "/v1", "--context", try api.session()] + (stream ? ["--stream"] : []), key: "")
        #expect(r.status == 0, "\(r.stderr)")
        let draft = stream ? try lines(r.stdout).last?["draft"] : try JSONParser.parse(r.stdout)
        #expect(draft?["validation"]?["valid"]?.boolValue == true)
        let bodies = try api.requests().compactMap { $0["body"] }
        #expect(bodies.count == 2)
        #expect(bodies.first?["max_tokens"]?.intValue == 4096 && bodies.first?["max_completion_tokens"] == nil)
        #expect(bodies.last?["max_completion_tokens"]?.intValue == 4096 && bodies.last?["max_tokens"] == nil)
    }

    @Test func aRefusalOfAnotherKindIsNotRetried() throws {
        let api = try FakeAPI([#"{"status": 400}"#], api: "openai")
        let r = try api.ask(Self.openAIArgs + ["--base-url", api.url + "/v1", "--context", try api.session()], key: "")
        #expect(r.status == 4)
        #expect(r.stderr.contains("400"), "\(r.stderr)")
        #expect(try api.requests().count == 1)
    }

    @Test(arguments: ["anthropic", "openai"])
    func questionsComeThroughTheAskQuestionsTool(api kind: String) throws {
        let input =
            #"{"questions": [{"id": "domain", "text": "What does one record describe?", "choices": ["orders", "sensors"]}, {"id": "rate", "text": "Records per second"}]}"#
        let api = try FakeAPI([FakeAPI.reply("A few answers first.", #""tool": {"name": "ask_questions", "input": \#(input)}"#)], api: kind)
        var args = ["--kind", "schema", "--prompt", "create schema for my data", "--context", try api.session()]
        if kind == "openai" { args += ["--provider", "openai", "--base-url", api.url + "/v1", "--model", "m"] }
        let r = try api.ask(args, key: kind == "openai" ? "" : FakeAPI.key)
        #expect(r.status == 0, "\(r.stderr)")
        let draft = try JSONParser.parse(r.stdout)
        #expect(draft["tool_calls"]?.arrayValue?.isEmpty != false)
        let questions = draft["questions"]?.arrayValue ?? []
        #expect(questions.compactMap { $0["id"]?.stringValue } == ["domain", "rate"])
        #expect(questions.first?["choices"]?.arrayValue?.count == 2)
        #expect(questions.last?["text"]?.stringValue == "Records per second")
        #expect(draft["actions"]?.arrayValue?.compactMap(\.stringValue) == ["answer"])
    }
}
