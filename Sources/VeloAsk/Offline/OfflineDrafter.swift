import VeloSession

/// The offline provider for kind `sql`: reads the request's words into a `QueryIntent` against the
/// session's schemas and writes it as SQL. Deterministic, no network; a request it cannot serve gets an
/// honest explanation and a hint, never invented SQL.
package enum OfflineDrafter {
    package static func draft(_ request: AskRequest, catalog: AskCatalog) -> AskDraft {
        do {
            let intent = try IntentParser.parse(request.prompt, catalog: catalog)
            let taken = Set(catalog.sources.map(\.name) + request.session.jobs.map(\.name))
            let name = intent.name.map { DraftSQLWriter.name(named: $0, taken: taken) } ?? DraftSQLWriter.name(intent, taken: taken)
            let sql = DraftSQLWriter.sql(intent, name: name, description: describe(request.prompt))
            var explanation = explain(intent)
            if !intent.notes.isEmpty { explanation += " Note: " + intent.notes.joined(separator: "; ") + "." }
            return AskDraft(
                kind: .sql, sql: sql, jobName: name, annotations: ["name": name, "description": describe(request.prompt)],
                explanation: explanation, actions: ["run", "edit", "retry"], provider: "offline")
        } catch let refusal as DraftRefusal {
            return AskDraft(
                kind: .sql, explanation: "No SQL: \(refusal.message). Hint: \(refusal.hint).", actions: ["edit"], provider: "offline")
        } catch {
            return AskDraft(kind: .sql, explanation: "No SQL: \(error)", actions: ["edit"], provider: "offline")
        }
    }

    static func describe(_ prompt: String) -> String {
        let line = prompt.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return line.count > 120 ? String(line.prefix(117)) + "..." : line
    }

    /// One or two sentences saying what the SQL does, in the words of the SQL.
    static func explain(_ intent: QueryIntent) -> String {
        var parts: [String] = []
        if intent.aggregating {
            parts.append("Computes " + intent.aggregates.map { DraftSQLWriter.call($0) }.joined(separator: ", "))
            if !intent.groupBy.isEmpty { parts.append("per " + intent.groupBy.map(\.sql).joined(separator: ", ")) }
        } else if let join = intent.join {
            parts.append("Joins each \(intent.source) record with the \(join.right) row of the same \(join.leftKey.name)")
        } else {
            parts.append(intent.projection.isEmpty ? "Passes on the records" : "Passes on " + intent.projection.map(\.sql).joined(separator: ", "))
        }
        parts.append("of \(intent.source)")
        if !intent.filters.isEmpty { parts.append("where " + intent.filters.map(DraftSQLWriter.condition).joined(separator: " and ")) }
        if let window = intent.window {
            switch window.kind {
            case .tumbling: parts.append("in \(window.size.short) tumbling windows")
            case .sliding: parts.append("in \(window.size.short) windows sliding every \((window.advance ?? window.size).short)")
            case .session: parts.append("in sessions that close after \(window.size.short) without records")
            }
            if let time = intent.timeField { parts.append("on event time (\(time.name))") }
        }
        if !intent.having.isEmpty { parts.append("keeping groups where " + intent.having.map(DraftSQLWriter.condition).joined(separator: " and ")) }
        if let order = intent.order {
            parts.append("; the \(order.descending ? "top" : "bottom") \(order.limit) by \(DraftSQLWriter.operand(order.operand))")
        }
        return parts.joined(separator: " ").replacingOccurrences(of: " ;", with: ";") + "."
    }
}
