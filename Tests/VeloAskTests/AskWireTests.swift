import Testing
import VeloAsk
import VeloJSON
import VeloSession

/// The pieces on the wire: server-sent events, reply reading, the prompt's two parts, the conversation.
@Suite struct AskWireTests {
    /// The events of `stream` fed in chunks of `size` bytes, and whether part of an event was left over.
    static func events(_ stream: String, chunks size: Int) -> ([SSEParser.Event], partial: Bool) {
        let bytes = Array(stream.utf8)
        var parser = SSEParser()
        var events: [SSEParser.Event] = []
        var i = 0
        while i < bytes.count {
            events += parser.feed(Array(bytes[i..<min(i + size, bytes.count)]))
            i += size
        }
        return (events, parser.hasPartialEvent)
    }

    @Test func serverSentEventsSplitAtBlankLinesWhateverTheChunks() {
        let stream = "event: a\ndata: {\"x\":1}\n\n: comment\r\nevent: b\r\ndata: line1\r\ndata: line2\r\n\r\ndata: {}\n\n"
        for size in [1, 3, 7, stream.utf8.count] {
            let (events, partial) = Self.events(stream, chunks: size)
            #expect(events == [.init(name: "a", data: "{\"x\":1}"), .init(name: "b", data: "line1\nline2"), .init(name: nil, data: "{}")])
            #expect(!partial)
        }
        var cut = SSEParser()
        _ = cut.feed(Array("event: a\ndata: {\"x\"".utf8))
        #expect(cut.hasPartialEvent)
    }

    @Test func serverSentEventsMayEndLinesWithABareCR() {
        // CR alone, and a CRLF whose LF arrives in the next chunk, each end one line (not two).
        let stream = "event: a\rdata: 1\r\revent: b\r\ndata: 2\r\n\r\ndata: 3\r\r"
        for size in [1, 2, 5, stream.utf8.count] {
            let (events, partial) = Self.events(stream, chunks: size)
            #expect(events == [.init(name: "a", data: "1"), .init(name: "b", data: "2"), .init(name: nil, data: "3")], "chunks of \(size)")
            #expect(!partial)
        }
    }

    @Test func anAskQuestionsCallBecomesTheDraftsQuestions() {
        let input: JSONValue = [
            "questions": [
                ["id": "domain", "text": "What does one record describe?", "choices": ["orders", "sensors"]],
                ["id": "domain", "text": "How many records per second?"], ["text": ""]
            ]
        ]
        let reply = ModelReply(text: "I need two answers first.", toolCalls: [SessionToolCall(id: "t1", name: AskTools.askQuestions, input: input)])
        let draft = ReplyReader.draft(reply, kind: .schema, provider: "p", model: nil)
        #expect(draft.toolCalls.isEmpty)
        #expect(
            draft.questions == [
                AskQuestion(id: "domain", text: "What does one record describe?", choices: ["orders", "sensors"]),
                AskQuestion(id: "q2", text: "How many records per second?")
            ])
        #expect(draft.actions == ["answer"])
        // Another tool call stays a tool call for the caller.
        let other = ReplyReader.draft(
            ModelReply(text: "", toolCalls: [SessionToolCall(id: "t2", name: "list_topics", input: [:])]), kind: .schema, provider: "p", model: nil)
        #expect(other.toolCalls.map(\.name) == ["list_topics"] && other.questions.isEmpty)
    }

    @Test func aToollessModelsQuestionsAreReadFromItsLines() {
        let text = """
            I need to know a little more. Shall we start?

            1. **What does one record describe?**
            2) How many devices send data?
            - "Which fields matter most?"
            That is all?
            """
        let draft = ReplyReader.draft(ModelReply(text: text), kind: .schema, provider: "p", model: nil)
        #expect(
            draft.questions.map(\.text) == [
                "I need to know a little more. Shall we start?", "What does one record describe?", "How many devices send data?"
            ])
        #expect(draft.questions.map(\.id) == ["q1", "q2", "q3"])
    }

    @Test func openAIsOwnAPIGetsMaxCompletionTokensAndARefusalNamesTheOther() throws {
        let conversation = AskPrompt.conversation(AskRequest(prompt: "x"), catalog: AskCatalog(session: Session()), maxTokens: 77)
        let local = OpenAIProvider(model: "m", baseURL: "http://127.0.0.1:8080/v1", key: nil, client: CurlClient())
        let openai = OpenAIProvider(model: "o9", baseURL: "https://api.openai.com/v1", key: "k", client: CurlClient())
        #expect(local.body(conversation, stream: false)["max_tokens"]?.intValue == 77)
        #expect(local.body(conversation, stream: false)["max_completion_tokens"] == nil)
        #expect(openai.body(conversation, stream: false)["max_completion_tokens"]?.intValue == 77)
        #expect(openai.body(conversation, stream: false)["max_tokens"] == nil)
        let refusal = Array(
            #"{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}"#
                .utf8)
        #expect(OpenAIProvider.otherTokenField(sent: "max_tokens", refusal: refusal) == "max_completion_tokens")
        let swapped = Array(#"{"error":{"message":"Unrecognized request argument supplied: 'max_completion_tokens'; use 'max_tokens'"}}"#.utf8)
        #expect(OpenAIProvider.otherTokenField(sent: "max_completion_tokens", refusal: swapped) == "max_tokens")
        let other = Array(#"{"error":{"message":"messages: empty array","type":"invalid_request_error"}}"#.utf8)
        #expect(OpenAIProvider.otherTokenField(sent: "max_tokens", refusal: other) == nil)
    }

    @Test func replyTextSplitsIntoSQLAndExplanation() {
        let reply = ModelReply(text: "Average per device. ```sql\nSELECT 1;\n```\nRun it.")
        let draft = ReplyReader.draft(reply, kind: .sql, provider: "anthropic", model: "m")
        #expect(draft.sql == "SELECT 1;\n")
        #expect(draft.explanation == "Average per device. \nRun it.")
        let cut = ReplyReader.draft(ModelReply(text: "```sql\nSELECT a FROM"), kind: .sql, provider: "p", model: nil)
        #expect(cut.sql == "SELECT a FROM\n")
        let questions = ReplyReader.draft(
            ModelReply(text: "A few questions:\n- What does a record describe?\n- How many?"), kind: .schema, provider: "p", model: nil)
        #expect(questions.questions.map(\.text) == ["What does a record describe?", "How many?"])
        let advice = ReplyReader.draft(
            ModelReply(text: "- Filter first because: 90% of records are dropped late"), kind: .optimize, provider: "p", model: nil)
        #expect(advice.suggestions == [AskSuggestion(text: "Filter first", because: "90% of records are dropped late")])
    }

    @Test func theStaticPartIsTheSameForEveryRequestAndTheDynamicPartCarriesTheSession() {
        let a = AskRequest(prompt: "x", session: AskTestData.session(["sensors"]))
        let b = AskRequest(kind: .schema, prompt: "y", session: AskTestData.session(["orders"]))
        let ca = AskPrompt.conversation(a, catalog: AskCatalog(session: a.session), maxTokens: 100)
        let cb = AskPrompt.conversation(b, catalog: AskCatalog(session: b.session), maxTokens: 100)
        #expect(ca.staticSystem == cb.staticSystem)
        #expect(ca.staticSystem.contains("WINDOW TUMBLING(_event_time, INTERVAL '5' MINUTE)"))
        #expect(ca.staticSystem.contains("'event.time.field'") && ca.staticSystem.contains("EMIT FINAL"))
        #expect(ca.staticSystem.contains("Grammar:"))
        #expect(ca.dynamicSystem.contains("Source sensors") && ca.dynamicSystem.contains("status string one of OK|WARN|FAULT"))
        #expect(cb.dynamicSystem.contains("Request kind: schema"))
        #expect(ca.tools.count == 10)
        #expect(ca.tools.contains { $0.name == AskTools.askQuestions })
    }

    @Test func theConversationAlternatesAndStartsWithTheUser() {
        let session = Session(conversation: [
            SessionMessage(role: "assistant", text: "Hello."),
            SessionMessage(role: "user", text: "one"), SessionMessage(role: "user", text: "two"),
            SessionMessage(role: "assistant", text: "", toolCalls: [SessionToolCall(id: "t1", name: "list_topics", input: [:])]),
            SessionMessage(role: "tool", text: "", toolResults: [SessionToolResult(id: "t1", content: "none")])
        ])
        let messages = AskPrompt.messages(AskRequest(prompt: "now draft", session: session))
        #expect(messages.map(\.role) == ["user", "assistant", "user", "assistant", "user"])
        #expect(messages[2].blocks == [.text("one"), .text("two")])
        #expect(messages[4].blocks == [.toolResult(id: "t1", content: "none", isError: false), .text("now draft")])
    }

    @Test func costsFollowThePriceListAndUnknownModelsCostNothing() {
        #expect(abs(ModelPricing.cost(model: "claude-sonnet-5-5", input: 1_000_000, output: 100_000) - 3.0) < 1e-9)
        #expect(abs(ModelPricing.cost(model: "claude-sonnet-5-5", input: 0, output: 0, cacheWrite: 1_000_000, cacheRead: 1_000_000) - 2.6) < 1e-9)
        #expect(ModelPricing.cost(model: "llama3.2:3b", input: 1000, output: 1000) == 0)
    }
}
