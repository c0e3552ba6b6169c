import VeloJSON
import VeloSession

/// One block of a model message, in the shape both APIs share.
package enum ModelBlock: Sendable, Equatable {
    case text(String)
    case toolUse(id: String, name: String, input: JSONValue)
    case toolResult(id: String, content: String, isError: Bool)
}

package struct ModelMessage: Sendable, Equatable {
    /// "user" or "assistant".
    package var role: String
    package var blocks: [ModelBlock]
    package init(role: String, blocks: [ModelBlock]) {
        self.role = role
        self.blocks = blocks
    }
}

/// Everything a provider sends: the static system part (cached), the dynamic part, the turns and the tools.
package struct ModelConversation: Sendable {
    package var staticSystem: String
    package var dynamicSystem: String
    package var messages: [ModelMessage]
    package var tools: [AskToolSpec]
    package var maxTokens: Int
}

/// What a model answered: its text, the tools it asked for, why it stopped, and what it cost.
package struct ModelReply: Sendable {
    package var text: String
    package var toolCalls: [SessionToolCall]
    package var stopReason: String?
    package var usage: SessionUsage
    package var model: String?
    package init(
        text: String, toolCalls: [SessionToolCall] = [], stopReason: String? = nil, usage: SessionUsage = SessionUsage(), model: String? = nil
    ) {
        self.text = text
        self.toolCalls = toolCalls
        self.stopReason = stopReason
        self.usage = usage
        self.model = model
    }

    /// The assistant turn to send back when asking for a repair (tool calls echoed as they came).
    package var message: ModelMessage {
        var blocks: [ModelBlock] = text.isEmpty ? [] : [.text(text)]
        blocks += toolCalls.map { .toolUse(id: $0.id, name: $0.name, input: $0.input) }
        return ModelMessage(role: "assistant", blocks: blocks)
    }
}

/// A model API: Anthropic's Messages or an OpenAI-compatible chat-completions endpoint.
package protocol ModelProvider: Sendable {
    var name: String { get }
    var model: String { get }
    /// The JSON body this conversation is sent as (what `--print-prompt` shows).
    func body(_ conversation: ModelConversation, stream: Bool) -> JSONValue
    /// Sends the conversation; with `onText`, streams and calls it with each piece of text as it arrives.
    func complete(_ conversation: ModelConversation, onText: ((String) -> Void)?) throws -> ModelReply
}
