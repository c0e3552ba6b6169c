import Foundation
import VeloSession

/// Turns a model's reply into a draft: the first ```sql (or ```yaml) block is the SQL (or schema), the
/// text around it the explanation; an `ask_questions` tool call becomes the draft's questions (for a model
/// without tools, a schema reply's lines ending in '?' are read as questions); for optimize requests, '- '
/// lines are suggestions ("… because: figure").
package enum ReplyReader {
    package static func draft(_ reply: ModelReply, kind: AskRequest.Kind, provider: String, model: String?) -> AskDraft {
        var draft = read(reply, kind: kind, provider: provider, model: model)
        let asked = reply.toolCalls.filter { $0.name == AskTools.askQuestions }.flatMap(questions)
        if !asked.isEmpty {
            draft.toolCalls.removeAll { $0.name == AskTools.askQuestions }
            draft.questions = asked
            draft.actions = ["answer"]
        }
        return draft
    }

    static func read(_ reply: ModelReply, kind: AskRequest.Kind, provider: String, model: String?) -> AskDraft {
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
                draft.questions = questionLines(rest).enumerated().map { AskQuestion(id: "q\($0.offset + 1)", text: $0.element) }
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

    /// The questions of an `ask_questions` call (`{"questions": [{"id", "text", "choices"}]}`); ids made up
    /// where missing or repeated, at most three; none when the input is not of that shape.
    static func questions(_ call: SessionToolCall) -> [AskQuestion] {
        var seen: Set<String> = []
        let items = call.input["questions"]?.arrayValue ?? []
        return items.prefix(3).enumerated().compactMap { offset, item in
            guard let text = (item["text"]?.stringValue ?? item.stringValue)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
            else { return nil }
            var id = item["id"]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
            if id.isEmpty || seen.contains(id) { id = "q\(offset + 1)" }
            seen.insert(id)
            let choices = (item["choices"]?.arrayValue ?? []).compactMap { $0.stringValue ?? $0.intValue.map { String($0) } }
            return AskQuestion(id: id, text: text, choices: choices)
        }
    }

    /// A tool-less model's questions: lines ending in '?' (after closing quotes or emphasis), without list
    /// markers ("- ", "1. ", "2) ") or emphasis ("**"), at most three.
    static func questionLines(_ text: String) -> [String] {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { line -> String in
            var s = line.trimmingCharacters(in: .whitespaces)
            while let first = s.first, first == "-" || first == "*" || first == "•" || first == ">" || first == "#" {
                s = String(s.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            if let marker = s.firstIndex(where: { !$0.isNumber }), marker != s.startIndex, ".)".contains(s[marker]) {
                s = String(s[s.index(after: marker)...]).trimmingCharacters(in: .whitespaces)
            }
            return s.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
                .trimmingCharacters(in: .whitespaces)
        }
        let questions = lines.filter { line in
            let end = line.trimmingCharacters(in: CharacterSet(charactersIn: "\"'”’)*_ "))
            return end.hasSuffix("?") && end.count > 3
        }
        return Array(questions.prefix(3))
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
