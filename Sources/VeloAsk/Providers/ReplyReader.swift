import VeloSession

/// Turns a model's reply into a draft: the first ```sql (or ```yaml) block is the SQL (or schema), the
/// text around it the explanation; for schema requests, lines ending in '?' are questions; for optimize
/// requests, '- ' lines are suggestions ("… because: figure").
package enum ReplyReader {
    package static func draft(_ reply: ModelReply, kind: AskRequest.Kind, provider: String, model: String?) -> AskDraft {
        var draft = AskDraft(kind: kind, toolCalls: reply.toolCalls, provider: provider, model: model, usage: reply.usage)
        let (code, rest) = codeBlock(reply.text, languages: kind == .schema ? ["yaml", "yml"] : ["sql"])
        draft.explanation = rest.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .sql:
            draft.sql = code.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }
            draft.actions = code == nil ? ["edit", "retry"] : ["run", "edit", "retry"]
        case .schema:
            draft.schemaYAML = code
            if code == nil {
                let asks = rest.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasSuffix("?") }
                draft.questions = asks.enumerated().map {
                    AskQuestion(id: "q\($0.offset + 1)", text: String($0.element.drop { $0 == "-" || $0 == " " }))
                }
                draft.actions = draft.questions.isEmpty ? ["retry"] : ["answer"]
            } else {
                draft.actions = ["edit", "retry"]
            }
        case .optimize:
            draft.suggestions = rest.split(separator: "\n").compactMap { line -> AskSuggestion? in
                let text = line.trimmingCharacters(in: .whitespaces)
                guard text.hasPrefix("- ") || text.hasPrefix("* ") else { return nil }
                let body = String(text.dropFirst(2))
                if let range = body.range(of: " because: ") ?? body.range(of: " because ") {
                    return AskSuggestion(text: String(body[..<range.lowerBound]), because: String(body[range.upperBound...]))
                }
                return AskSuggestion(text: body, because: "")
            }
            draft.actions = ["edit"]
        }
        return draft
    }

    /// The first fenced block in one of `languages` (or an unlabelled one), and the text without it.
    package static func codeBlock(_ text: String, languages: [String]) -> (String?, String) {
        var lines = text.components(separatedBy: "\n")
        guard
            let start = lines.firstIndex(where: { line in
                let t = line.trimmingCharacters(in: .whitespaces)
                return t.hasPrefix("```") && (languages.contains(t.dropFirst(3).lowercased()) || t == "```")
            })
        else { return (nil, text) }
        guard let end = lines[(start + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("```") }) else {
            // A reply cut short inside its block: keep what came, the checker will say what is missing.
            let code = lines[(start + 1)...].joined(separator: "\n")
            lines.removeSubrange(start...)
            return (code, lines.joined(separator: "\n"))
        }
        let code = lines[(start + 1)..<end].joined(separator: "\n")
        lines.removeSubrange(start...end)
        return (code, lines.joined(separator: "\n"))
    }
}
