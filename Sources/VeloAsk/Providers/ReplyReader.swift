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

    /// The first fenced block in one of `languages` (or an unlabelled one), and the text without it. The fence
    /// may start mid-line ("Here it is: ```sql"); a block cut short keeps what came (the checker says what is missing).
    package static func codeBlock(_ text: String, languages: [String]) -> (String?, String) {
        var search = text.startIndex
        while let fence = text.range(of: "```", range: search..<text.endIndex) {
            let lineEnd = text[fence.upperBound...].firstIndex(of: "\n") ?? text.endIndex
            let label = text[fence.upperBound..<lineEnd].trimmingCharacters(in: .whitespaces).lowercased()
            guard label.isEmpty || languages.contains(label) else {
                search = lineEnd
                continue
            }
            let codeStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
            let close = text.range(of: "```", range: codeStart..<text.endIndex)
            let code = String(text[codeStart..<(close?.lowerBound ?? text.endIndex)])
            let rest = String(text[..<fence.lowerBound]) + (close.map { String(text[$0.upperBound...]) } ?? "")
            return (code, rest)
        }
        return (nil, text)
    }
}
