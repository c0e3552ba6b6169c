import Foundation
import Testing
import VeloJSON
import VeloTestSupport

/// velo-ask --provider openai against a fake OpenAI-compatible server (as llama.cpp or Ollama serve it).
@Suite struct OpenAIToolTests {
    func args(_ api: FakeAPI, _ more: [String] = []) throws -> [String] {
        [
            "--provider", "openai", "--base-url", api.url + "/v1", "--model", "qwen-local", "--prompt", "average temperature per device",
            "--context", try api.session()
        ] + more
    }

    @Test(arguments: [false, true])
    func aLocalModelDraftsAndIsValidated(stream: Bool) throws {
        let api = try FakeAPI([FakeAPI.reply("From the local model.\n" + FakeAPI.goodSQL)], api: "openai")
        let r = try api.ask(try args(api, stream ? ["--stream"] : []), key: "")
        #expect(r.status == 0, "\(r.stderr)")
        let draft = stream ? try lines(r.stdout).last?["draft"] : try JSONParser.parse(r.stdout)
        #expect(draft?["provider"]?.stringValue == "openai")
        #expect(draft?["model"]?.stringValue == "qwen-local")
        #expect(draft?["validation"]?["valid"]?.boolValue == true)
        #expect((draft?["usage"]?["output_tokens"]?.intValue ?? 0) > 0)
        let request = try #require(try api.requests().first)
        #expect(request["path"]?.stringValue == "/v1/chat/completions")
        #expect(request["headers"]?["authorization"] == nil) // no key set: none sent
        let body = try #require(request["body"])
        #expect(body["messages"]?.arrayValue?.first?["role"]?.stringValue == "system")
        #expect(body["max_tokens"]?.intValue == 4096)
        #expect(body["tools"]?.arrayValue?.first?["type"]?.stringValue == "function")
        #expect(body["stream"]?.boolValue == stream)
    }

    @Test func repairsAndToolCallsUseTheChatShapes() throws {
        let api = try FakeAPI(
            [FakeAPI.reply(FakeAPI.badSQL), FakeAPI.reply("", #""tool": {"name": "validate_query", "input": {"sql": "SELECT 1"}}"#)], api: "openai")
        let r = try api.ask(try args(api, ["--stream"]), key: "")
        #expect(r.status == 0, "\(r.stderr)")
        let draft = try lines(r.stdout).last?["draft"]
        #expect(draft?["tool_calls"]?.arrayValue?.first?["name"]?.stringValue == "validate_query")
        #expect(draft?["tool_calls"]?.arrayValue?.first?["input"]?["sql"]?.stringValue == "SELECT 1")
        let second = try api.requests().last?["body"]?["messages"]?.arrayValue ?? []
        #expect(second.suffix(2).map { $0["role"]?.stringValue ?? "" } == ["assistant", "user"])
        #expect(second.last?["content"]?.stringValue?.contains("unknown column 'temprature'") == true)
    }

    @Test func aKeyGoesAsBearerAndARefusalIsExit4() throws {
        let api = try FakeAPI([#"{"key": "local-secret-99", "reply": "unused"}"#], api: "openai")
        let r = try api.ask(try args(api), extra: ["OPENAI_API_KEY": "wrong-secret-11"])
        #expect(r.status == 4)
        #expect(r.stderr.contains("401") && r.stderr.contains("OPENAI_API_KEY"), "\(r.stderr)")
        #expect(!r.stderr.contains("wrong-secret-11") && r.stdout.isEmpty)
        let ok = try api.ask(try args(api), extra: ["OPENAI_API_KEY": "local-secret-99"])
        #expect(ok.status == 1) // the step's reply has no SQL: a draft without SQL
        #expect(try JSONParser.parse(ok.stdout)["explanation"]?.stringValue == "unused")
    }

    @Test func theModelIsRequired() throws {
        let r = try ToolRun("velo-ask", ["--provider", "openai", "--prompt", "x"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--model"))
    }
}
