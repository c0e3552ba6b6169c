extension SQLAnalyzer {
    /// Analyzes a query and returns its output columns (nil when they cannot be known).
    package mutating func analyze(query: SQLQuery, outer: [SQLScope], statementTarget: String?) -> [SQLField]? {
        let (columns, scope) = analyze(select: query.first, outer: outer, statementTarget: statementTarget)
        for union in query.unions {
            let (other, _) = analyze(select: union.select, outer: outer, statementTarget: statementTarget)
            if let columns, let other, columns.count != other.count {
                issues.append(
                    .error(
                        "each SELECT of a UNION must return the same number of columns (\(columns.count) and \(other.count))",
                        at: union.select.span, hint: "add or remove columns so the lists line up"))
            }
        }
        if !query.orderBy.isEmpty {
            let ctx = SQLExprContext(
                scopes: outer + [scope], clause: .orderBy, aliasesVisible: true,
                windowed: query.first.window != nil)
            for item in query.orderBy { _ = type(of: item.expr, ctx) }
        }
        return columns
    }

    package mutating func analyze(select: SQLSelect, outer: [SQLScope], statementTarget: String?) -> ([SQLField]?, SQLScope) {
        var scope = SQLScope()
        let windowed = select.window != nil
        if let from = select.from { scope.tables.append(table(from, outer: outer, statementTarget: statementTarget)) }
        for join in select.joins {
            let joined = table(join.table, outer: outer, statementTarget: statementTarget)
            if let existing = scope.tables.first(where: { $0.qualifier.lowercased() == joined.qualifier.lowercased() }) {
                issues.append(
                    .error(
                        "'\(joined.qualifier)' is used twice in FROM", at: join.table.span,
                        hint: "give one of them an alias: JOIN \(joined.name ?? joined.qualifier) \(String(existing.qualifier.prefix(1)))2"))
            }
            scope.tables.append(joined)
            if let on = join.on {
                let ctx = SQLExprContext(scopes: outer + [scope], clause: .on, windowed: windowed)
                expectCondition(on, type(of: on, ctx), "JOIN … ON")
                checkJoin(join, scope: scope)
            }
            if let within = join.within, within.millis <= 0 {
                issues.append(.error("WITHIN must be longer than zero", at: within.span))
            }
        }
        let aliasNames = select.items.compactMap { item -> String? in
            if case .expr(_, let alias?, _, _) = item { return alias.value }
            return nil
        }
        var ctx = SQLExprContext(scopes: outer + [scope], clause: .whereClause, windowed: windowed, selectAliases: aliasNames)
        if let w = select.whereClause { expectCondition(w, type(of: w, ctx), "WHERE") }

        // The select list, and the output columns it makes.
        ctx.clause = .select
        var columns: [SQLField]? = []
        var seen: [String: SQLSpan] = [:]
        for item in select.items {
            switch item {
            case .all(let qualifier, let span):
                let tables = qualifier.map { q in scope.tables.filter { $0.qualifier.lowercased() == q.value.lowercased() } } ?? scope.tables
                if let qualifier, tables.isEmpty {
                    let hint = SQLSuggest.closest(to: qualifier.value, in: scope.tables.map(\.qualifier)).map { "did you mean '\($0)'?" }
                    issues.append(.error("unknown table or alias '\(qualifier.value)'", at: qualifier.span, hint: hint))
                }
                if select.from == nil { issues.append(.error("'*' needs a FROM clause", at: span)) }
                for table in tables {
                    if let fields = table.fields { columns?.append(contentsOf: fields) } else { columns = nil }
                }
            case .expr(let e, let alias, _, let span):
                let t = type(of: e, ctx)
                let name = alias?.value ?? outputName(e)
                if let previous = seen[name.lowercased()], previous.start != span.start {
                    issues.append(
                        .error(
                            "duplicate output column '\(name)'", at: alias?.span ?? e.span,
                            hint: "give one of them another name with AS"))
                }
                seen[name.lowercased()] = span
                columns?.append(SQLField(name, t))
                if let alias { scope.aliases[alias.value] = t }
            }
        }

        ctx = SQLExprContext(scopes: outer + [scope], clause: .groupBy, aliasesVisible: true, windowed: windowed)
        for g in select.groupBy { _ = type(of: g, ctx) }
        if let window = select.window { checkWindow(window, SQLExprContext(scopes: outer + [scope], clause: .window), groupBy: select.groupBy) }
        ctx.clause = .having
        if let having = select.having { expectCondition(having, type(of: having, ctx), "HAVING") }
        checkGrouping(select, scope: scope)
        return (columns, scope)
    }

    /// A FROM or JOIN entry as a scope table.
    package mutating func table(_ ref: SQLTableRef, outer: [SQLScope], statementTarget: String?) -> SQLScopeTable {
        switch ref.source {
        case .named(let name):
            let (fields, isTable) = resolveSource(name, statementTarget: statementTarget)
            return SQLScopeTable(
                qualifier: ref.alias?.value ?? name.value, name: name.value, fields: fields,
                isTable: isTable, span: ref.span)
        case .subquery(let query):
            let fields = analyze(query: query, outer: outer, statementTarget: statementTarget)
            if ref.alias == nil {
                issues.append(.warning("subquery in FROM has no alias", at: ref.span, hint: "name it: (SELECT …) AS s"))
            }
            return SQLScopeTable(qualifier: ref.alias?.value ?? "", name: nil, fields: fields, isTable: nil, span: ref.span)
        }
    }

    /// WHERE, HAVING and ON need a condition; a known non-boolean type is an error.
    package mutating func expectCondition(_ e: SQLExpr, _ type: SQLDataType, _ clause: String) {
        guard type != .boolean, type != .unknown, type != .null else { return }
        issues.append(
            .error(
                "\(clause) needs a condition, found a value of type \(type.rawValue)", at: e.span,
                hint: "compare it, e.g. \(SQLPrinter.expression(e)) > 0"))
    }
}
