import Foundation
import VeloBase
import VeloJSON
import VeloSession
import VeloTerminal

extension Repl {
    /// Words → a draft from velo-ask, shown with `[r] run  [e] edit  [n] try again`.
    func ask(_ words: String) throws {
        let kind: AskRequest.Kind = words.lowercased().hasPrefix("optimize") ? .optimize : .sql
        if kind == .optimize, session.runs.isEmpty {
            throw ReplError(
                "nothing to optimize yet: no query has run in this session",
                hint: "r runs the draft; optimize then reads its metrics (set profiling on adds the profile)")
        }
        lastQuestion = words
        let draft = try requestDraft(prompt: words, kind: kind)
        show(draft)
    }

    /// `n`: the same question again, for another draft.
    func retry() throws {
        guard let question = lastQuestion else { throw ReplError("nothing to try again", hint: "describe what you want in words first") }
        let before = current?.sql
        try ask(question)
        if let before, current?.sql == before {
            note("the same draft again: say it in other words (name the fields, the window), or e edits it")
        }
    }

    /// Asks velo-ask (streamed: the model's words appear as they come), carrying out the tools it asks for
    /// and sending their results back, until it answers with a draft.
    func requestDraft(prompt: String, kind: AskRequest.Kind, answers: [String: String] = [:]) throws -> AskDraft {
        var pending: [SessionMessage] = []
        for _ in 0..<6 {
            var request = AskRequest(kind: kind, prompt: prompt, answers: answers, session: session)
            request.session.conversation += pending
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            runNumber += 1
            let file = try scratch.write("ask-\(runNumber).json", String(decoding: try encoder.encode(request), as: UTF8.self))
            var args = ["--stream", "--kind", kind.rawValue]
            if let provider = options.provider { args += ["--provider", provider] }
            if let model = options.model { args += ["--model", model] }
            var draft: AskDraft?
            var failure: String?
            var words = StreamedWords()
            let waiting = WaitingLine(style: style)
            defer { waiting.clear() } // also when Ctrl+C stops velo-ask
            waiting.show("🤖 " + (options.provider == "offline" ? "drafting…" : "thinking…") + " (Ctrl+C stops)")
            let result = try runTool("velo-ask", args, stdinFile: file) { line in
                guard let event = try? JSONDecoder().decode(AskStreamEvent.self, from: Data(line.utf8)) else { return }
                switch event.type {
                case "text":
                    let first = !words.showedAny
                    let text = words.take(event.text ?? "")
                    if !text.isEmpty {
                        waiting.clear()
                        Screen.write((first ? style.bold("🤖 ") : "") + text)
                    }
                case "status":
                    // A repair round: the model is asked again, which takes a while.
                    if words.showedAny { Screen.write("\n") }
                    words = StreamedWords()
                    waiting.clear()
                    note("  " + (event.message ?? event.text ?? ""))
                    waiting.show("🤖 thinking… (Ctrl+C stops)")
                case "draft": draft = event.draft
                case "error": failure = event.message
                default: break
                }
            }
            waiting.clear()
            if words.showedAny { Screen.write("\n") }
            explanationShown = words.showedAny
            guard let draft else {
                // velo-ask said what failed (on stderr, with its hint); the shell adds only its own way out.
                if failure != nil, options.provider != "offline" { note("(velo-repl --provider offline drafts without a model)") }
                throw ReplError.alreadyReported
            }
            session.usage.inputTokens += draft.usage.inputTokens
            session.usage.outputTokens += draft.usage.outputTokens
            session.usage.costUSD += draft.usage.costUSD
            // velo-ask exits 1 with a draft that says why it has nothing to offer (an invalid draft is still shown).
            // (A model's answer in words alone is an answer: it was shown as it streamed.)
            if !result.ok, draft.provider == "offline", draft.sql == nil, draft.schemaYAML == nil, draft.questions.isEmpty,
                draft.suggestions.isEmpty
            {
                throw Self.nothingDrafted(draft, noSchemas: session.schemas.isEmpty)
            }
            if draft.toolCalls.isEmpty {
                if pending.isEmpty { session.conversation.append(SessionMessage(role: "user", text: prompt)) }
                session.conversation += pending
                var answer = draft.explanation
                if let sql = draft.sql { answer += (answer.isEmpty ? "" : "\n\n") + sql }
                if let yaml = draft.schemaYAML { answer += (answer.isEmpty ? "" : "\n\n") + yaml }
                session.conversation.append(SessionMessage(role: "assistant", text: answer))
                unsaved = true
                return draft
            }
            let results = draft.toolCalls.map(carryOut)
            // The turns go in order (docs/velo-ask.md): the words, the model's tool calls, their results; the
            // request's words come last again, after the results.
            if pending.isEmpty { pending.append(SessionMessage(role: "user", text: prompt)) }
            pending.append(SessionMessage(role: "assistant", text: draft.explanation, toolCalls: draft.toolCalls))
            pending.append(SessionMessage(role: "tool", text: "", toolResults: results))
        }
        throw ReplError("velo-ask kept asking for tools without drafting", hint: "ask again in other words")
    }

    /// velo-ask's reason for drafting nothing, with the way out in the shell's own commands.
    static func nothingDrafted(_ draft: AskDraft, noSchemas: Bool) -> ReplError {
        // Its hint names velo-ask's options; the shell's commands do the same here.
        let reason = draft.explanation.components(separatedBy: " Hint: ").first ?? ""
        return ReplError(
            reason.isEmpty ? "velo-ask drafted nothing" : reason,
            hint: noSchemas
                ? "load schemas from DIR, create schema for DOMAIN or infer schema from TOPIC first"
                : "say it in other words (naming fields helps), or type the SQL")
    }

    func show(_ draft: AskDraft) {
        if !draft.explanation.isEmpty && !explanationShown { say(style.bold("🤖 ") + fitted(prose: draft.explanation, indent: 3)) }
        // Streamed words already held the suggestions, as the model wrote them.
        if !explanationShown {
            for suggestion in draft.suggestions {
                say("  • \(suggestion.text)" + (suggestion.because.isEmpty ? "" : " " + style.dim("(\(suggestion.because))")))
            }
        }
        guard let sql = draft.sql else { return }
        current = SessionDraft(sql: sql, jobName: draft.jobName ?? Self.createdName(sql), explanation: draft.explanation)
        session.lastDraft = current
        say("")
        say(SQLHighlighter.highlight(fitted(sql: sql), style: style))
        say("")
        if let validation = draft.validation {
            if validation.valid {
                note(
                    "✓ checked against the session's schemas"
                        + (validation.repairs > 0 ? " (after \(validation.repairs) repair\(validation.repairs == 1 ? "" : "s"))" : ""))
            } else {
                for line in validation.diagnostics { say(style.yellow("  ! " + line)) }
            }
        }
        say("  " + style.bold("[r]") + " run  " + style.bold("[e]") + " edit  " + style.bold("[n]") + " try again")
    }

    /// One tool the model asked for, carried out by the matching tool; the result is text for the model.
    func carryOut(_ call: SessionToolCall) -> SessionToolResult {
        note("→ \(call.name)")
        let input = call.input
        func string(_ keys: String...) -> String? { keys.lazy.compactMap { input[$0]?.stringValue }.first }
        do {
            switch call.name {
            case "load_schemas":
                guard let dir = string("dir", "path", "directory") else { throw ReplError("load_schemas needs 'dir'") }
                try loadSchemas(from: dir)
                return SessionToolResult(id: call.id, content: "loaded: " + session.schemas.map(\.name).joined(separator: ", "))
            case "infer_schema":
                guard let topic = string("topic") else { throw ReplError("infer_schema needs 'topic'") }
                try inferSchema(from: topic)
                return SessionToolResult(id: call.id, content: session.schemas.last?.yaml ?? "")
            case "generate_data":
                guard let schema = string("schema", "source") else { throw ReplError("generate_data needs 'schema'") }
                let count = Int(input["count"]?.intValue ?? 1000)
                let overrides = input["overrides"]?.arrayValue?.compactMap(\.stringValue) ?? []
                try generate(count, schema, overrides)
                return SessionToolResult(id: call.id, content: "published \(count) records to '\(schema)'")
            case "list_topics":
                try listTopics()
                return SessionToolResult(id: call.id, content: topicList.map { "\($0.name): \($0.messages) messages" }.joined(separator: "\n"))
            case "peek_messages":
                guard let topic = string("topic") else { throw ReplError("peek_messages needs 'topic'") }
                let lines = try showMessages(topic, last: Int(input["count"]?.intValue ?? input["last"]?.intValue ?? 5))
                return SessionToolResult(id: call.id, content: lines.isEmpty ? "'\(topic)' is empty" : lines.joined(separator: "\n"))
            case "validate_query", "run_query":
                guard let sql = string("sql", "query") else { throw ReplError("\(call.name) needs 'sql'") }
                let file = try scratch.write("tool-\(call.id.filter { $0.isLetter || $0.isNumber }).sql", sql)
                if call.name == "validate_query" {
                    _ = try checkSQL(file: file, text: sql, schemas: try schemasDirectory())
                    return SessionToolResult(id: call.id, content: "valid")
                }
                let view = try runSQL(sql, name: Self.createdName(sql))
                let limit = max(0, Int(input["limit"]?.intValue ?? 10))
                return SessionToolResult(id: call.id, content: Self.runResult(view, limit: limit))
            case "get_session_state":
                let data = try session.encoded()
                return SessionToolResult(id: call.id, content: String(decoding: data, as: UTF8.self))
            default:
                throw ReplError("velo-repl does not carry out '\(call.name)'; the person types `save` to save")
            }
        } catch let error as ReplError {
            if !error.reported { say(style.yellow("  ! \(error.message)") + style.dim(" (sent back to the model)")) }
            let content = error.details ?? (error.reported ? "failed (see the terminal)" : error.message)
            return SessionToolResult(id: call.id, content: content, isError: true)
        } catch {
            say(style.yellow("  ! \(error)") + style.dim(" (sent back to the model)"))
            return SessionToolResult(id: call.id, content: "\(error)", isError: true)
        }
    }

    /// What `run_query` tells the model: the record count, the first records (JSON lines) and the metrics.
    static func runResult(_ view: RunView, limit: Int) -> String {
        var lines = ["\(view.count) records"]
        for record in view.rows.prefix(limit) { lines.append(JSONValue.object(record).cellText) }
        if view.count > min(limit, view.rows.count) { lines.append("(\(view.count - min(limit, view.rows.count)) more)") }
        if let metrics = view.metrics { lines.append("metrics: " + metrics.cellText) }
        return lines.joined(separator: "\n")
    }

    /// The answer to one of velo-ask's questions: a choice by number or name; free words too, unless the
    /// offline drafter asks (it can use only its choices), when a person is asked again.
    private func answer(_ question: AskQuestion, domain: String) throws -> String {
        while true {
            guard let answer = askUser("> ") else { throw ReplError("schema not created", hint: "create schema for \(domain) to start again") }
            if let n = Int(answer), n >= 1, n <= question.choices.count { return question.choices[n - 1] }
            if let named = question.choices.first(where: { $0.lowercased() == answer.lowercased() }) { return named }
            // Choices that are counts take any count (5000 records).
            if !question.choices.isEmpty, question.choices.allSatisfy({ Int($0) != nil }), Int(answer) != nil { return answer }
            let offline = options.provider == "offline" || drafterDescription.hasPrefix("offline")
            if question.choices.isEmpty || !offline || !reader.isInteractive { return answer }
            say(style.yellow("  pick 1 to \(question.choices.count), or type one of the names"))
        }
    }

    /// `create schema for DOMAIN`: velo-ask drafts a schema, asking its short questions first.
    func createSchema(for domain: String) throws {
        var draft = try requestDraft(prompt: domain, kind: .schema)
        var answered = false
        if !draft.questions.isEmpty {
            // Why it asks (the offline drafter: no template for these words); a model's words were streamed.
            if !draft.explanation.isEmpty && !explanationShown { say(style.bold("🤖 ") + fitted(prose: draft.explanation, indent: 3)) }
            var answers: [String: String] = [:]
            for question in draft.questions {
                say(style.bold("🤖 ") + question.text)
                for (i, choice) in question.choices.enumerated() { say("  [\(i + 1)] \(choice)") }
                answers[question.id] = try answer(question, domain: domain)
            }
            draft = try requestDraft(prompt: domain, kind: .schema, answers: answers)
            answered = true
        }
        guard let yaml = draft.schemaYAML else {
            if answered {
                throw ReplError("no schema from those answers", hint: "create schema for \(domain) again, and pick one of the numbered choices")
            }
            throw ReplError(draft.explanation.isEmpty ? "velo-ask drafted no schema" : draft.explanation, hint: "name the domain in other words")
        }
        if !draft.explanation.isEmpty && !explanationShown { say(style.bold("🤖 ") + draft.explanation) }
        say(yaml)
        let keep = reader.isInteractive ? askUser("Keep this schema? [y/n]: ")?.lowercased().hasPrefix("y") == true : true
        guard keep else {
            note("schema dropped")
            return
        }
        try addSchema(SessionSchema(name: "", yaml: yaml)) // the name comes from the YAML
    }
}
