/// A table visible in a SELECT: what columns are qualified with, and its fields (nil: not known, accept any).
package struct SQLScopeTable {
    package var qualifier: String
    package var name: String?
    package var fields: [SQLField]?
    package var isTable: Bool?
    package var span: SQLSpan

    package func field(_ name: String) -> SQLField? {
        fields?.first { $0.name == name } ?? fields?.first { $0.name.lowercased() == name.lowercased() }
    }
}

/// The tables of one SELECT, plus the select-list aliases where a clause may use them.
package struct SQLScope {
    package var tables: [SQLScopeTable] = []
    package var aliases: [String: SQLDataType] = [:]
}

package enum SQLClause: String {
    case select = "the SELECT list", whereClause = "WHERE", groupBy = "GROUP BY", having = "HAVING",
        on = "a JOIN condition", orderBy = "ORDER BY", window = "WINDOW"
}

package struct SQLExprContext {
    /// Innermost last; outer scopes serve correlated subqueries.
    package var scopes: [SQLScope]
    package var clause: SQLClause
    package var inAggregate = false
    /// Whether select aliases may be used (GROUP BY, HAVING, ORDER BY).
    package var aliasesVisible = false
    package var windowed = false
    /// Aliases of the current SELECT list, for a better message when one is used where it cannot be.
    package var selectAliases: [String] = []
}

extension SQLAnalyzer {
    package static let systemColumns: [String: SQLDataType] = Dictionary(uniqueKeysWithValues: SQLGrammar.systemColumns.map { ($0.name, $0.type) })

    /// The type of a column reference, reporting unknown tables, unknown and ambiguous columns.
    package mutating func resolveColumn(qualifier: SQLIdentifier?, name: SQLIdentifier, span: SQLSpan, _ ctx: SQLExprContext) -> SQLDataType {
        let system = Self.systemColumns[name.value.lowercased()]
        if system != nil, name.value.hasPrefix("_window_"), !ctx.windowed {
            issues.append(
                .warning(
                    "'\(name.value)' is only set in a query with a WINDOW", at: span,
                    hint: "add WINDOW TUMBLING(…) or use TUMBLE_START(_event_time, …)"))
        }
        if let qualifier {
            for scope in ctx.scopes.reversed() {
                guard let table = scope.tables.first(where: { $0.qualifier.lowercased() == qualifier.value.lowercased() }) else { continue }
                if let system { return system }
                guard let fields = table.fields else { return .unknown }
                if let field = table.field(name.value) { return field.type }
                let hint =
                    SQLSuggest.closest(to: name.value, in: fields.map(\.name)).map { "did you mean '\($0)'?" }
                    ?? columnsHint(fields)
                issues.append(.error("unknown column '\(name.value)' in '\(table.name ?? table.qualifier)'", at: name.span, hint: hint))
                return .unknown
            }
            let qualifiers = ctx.scopes.flatMap { $0.tables.map(\.qualifier) }
            var hint = SQLSuggest.closest(to: qualifier.value, in: qualifiers).map { "did you mean '\($0)'?" }
            if hint == nil, !qualifiers.isEmpty { hint = "tables here: " + qualifiers.joined(separator: ", ") }
            issues.append(.error("unknown table or alias '\(qualifier.value)'", at: qualifier.span, hint: hint))
            return .unknown
        }
        if let system { return system }
        for scope in ctx.scopes.reversed() {
            if ctx.aliasesVisible, scope.tables.allSatisfy({ $0.field(name.value) == nil }),
                let type = scope.aliases[name.value]
            {
                return type
            }
            let matches = scope.tables.filter { $0.field(name.value) != nil }
            if matches.count > 1 {
                issues.append(
                    .error(
                        "ambiguous column '\(name.value)'", at: name.span,
                        hint: "it is in " + matches.map { "'\($0.qualifier)'" }.joined(separator: " and ")
                            + "; qualify it: \(matches[0].qualifier).\(name.value)"))
                return .unknown
            }
            if let match = matches.first { return match.field(name.value)!.type }
            if scope.tables.contains(where: { $0.fields == nil }) { return .unknown }
            if ctx.aliasesVisible, let type = scope.aliases[name.value] { return type }
        }
        // Not found anywhere, and every table's fields are known.
        var candidates = ctx.scopes.flatMap { $0.tables.flatMap { $0.fields?.map(\.name) ?? [] } }
        if ctx.aliasesVisible { candidates += ctx.scopes.last?.aliases.keys.sorted() ?? [] }
        var hint = SQLSuggest.closest(to: name.value, in: candidates).map { "did you mean '\($0)'?" }
        if ctx.selectAliases.contains(name.value) {
            hint = "'\(name.value)' is an alias of this SELECT, which \(ctx.clause.rawValue) cannot use; repeat the expression instead"
        }
        if hint == nil, let fields = ctx.scopes.last?.tables.first?.fields { hint = columnsHint(fields) }
        if name.quoted {
            hint = "double quotes name a column; write a string in single quotes: '\(name.value)'"
        }
        issues.append(.error("unknown column '\(name.value)'", at: name.span, hint: hint))
        return .unknown
    }

    /// "Did you mean" for an unknown source. Files often read the same unknown topic in many statements, so the
    /// answer over earlier outputs is remembered and only outputs created since are compared again.
    package mutating func suggestSource(for name: String) -> String? {
        let (checked, previous) = sourceSuggestions[name] ?? (0, nil)
        let newOutputs = Array(outputOrder[checked...]) + (previous.map { [$0] } ?? [])
        let fromOutputs = SQLSuggest.closest(to: name, in: newOutputs)
        sourceSuggestions[name] = (outputOrder.count, fromOutputs)
        let others = (schemas?.sourceNames ?? []) + Array(declaredTypes.keys)
        return SQLSuggest.closest(to: name, in: (fromOutputs.map { [$0] } ?? []) + others)
    }

    package func columnsHint(_ fields: [SQLField]) -> String? {
        guard !fields.isEmpty else { return nil }
        let names = fields.prefix(8).map(\.name).joined(separator: ", ")
        return "columns: " + names + (fields.count > 8 ? ", …" : "")
    }

    /// Finds a FROM/JOIN source: an earlier statement's output, a schema, or a name declared in WITH.
    package mutating func resolveSource(_ name: SQLIdentifier, statementTarget: String?) -> (fields: [SQLField]?, isTable: Bool?) {
        let declared = declaredTypes[name.value]
        let isTableByType: Bool? = declared.map { !$0.hasPrefix("kafka") }
        var endpoint = SQLJob.Endpoint(
            name: name.value, type: declared, topic: declaredTopics[name.value], origin: "unknown",
            span: name.span)
        defer { if !sourcesRead.contains(where: { $0.name == endpoint.name }) { sourcesRead.append(endpoint) } }
        if name.value == statementTarget {
            issues.append(
                .error(
                    "'\(name.value)' reads from itself", at: name.span,
                    hint: "a statement cannot read the stream it creates"))
            return (nil, nil)
        }
        if let output = outputs[name.value] {
            endpoint.origin = "statement"
            return (output.columns, output.isTable)
        }
        if let fields = schemas?.fields(of: name.value) {
            endpoint.origin = "schema"
            return (fields, isTableByType)
        }
        if brokenTargets.contains(name.value) { return (nil, nil) }
        if declared == nil, let close = suggestSource(for: name.value) {
            issues.append(.error("unknown source '\(name.value)'", at: name.span, hint: "did you mean '\(close)'?"))
        } else if let schemas, declared == nil || !isTableByType! {
            let hint = schemas.sourceNames.isEmpty ? "no schemas were loaded" : "add a schema named '\(name.value)' to the schemas directory"
            issues.append(.warning("no schema for source '\(name.value)'; its columns are not checked", at: name.span, hint: hint))
        }
        return (nil, isTableByType)
    }
}
