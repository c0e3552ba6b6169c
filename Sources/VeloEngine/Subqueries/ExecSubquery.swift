import VeloSQL
import VeloSchema

/// The subqueries of one plan, in the order they must be loaded (a nested subquery before the one that
/// holds it). `ExecRuntime` loads them before the stream runs.
package final class ExecSubqueries {
    package private(set) var tables: [SubqueryTable] = []

    package func add(_ table: SubqueryTable) { tables.append(table) }

    package func load(from sources: (any ExecSources)?, types: [String: [String: FieldType]] = [:]) throws {
        for t in tables { try t.load(from: sources, types: types[t.sourceName] ?? [:]) }
    }
}

/// Compiles `IN (SELECT …)`, `EXISTS (…)`, `(SELECT …)` and `op ANY/ALL (…)` for `ExecCompiler`.
///
/// Names inside the subquery follow the analyzer's scope rules for tables without a known schema: a
/// column qualified with the subquery's table or alias, or not qualified at all, is the subquery's; a
/// column qualified with an outer table or alias is the outer row's (resolved by the outer compiler, so
/// it works in WHERE, the SELECT list and HAVING alike).
package struct SubqueryPlanner {
    package let outer: ExecCompiler
    package let registry: ExecSubqueries

    package func compile(_ e: SQLExpr) throws -> ExecExpr {
        switch e.kind {
        case .inSubquery(let x, let query, let negated):
            let value = try outer.compile(x)
            return InSubqueryExpr(value, try table(query, needsValue: true, span: e.span), negated: negated)
        case .exists(let query, let negated):
            return ExistsSubqueryExpr(try table(query, needsValue: false, span: e.span), negated: negated)
        case .subquery(let query):
            return ScalarSubqueryExpr(try table(query, needsValue: true, span: e.span))
        case .quantified(let x, let op, let quantifier, let query):
            guard let compare = Self.compareOp(op) else {
                throw SQLIssue.error("ANY/ALL needs a comparison (=, <>, <, <=, >, >=)", at: e.span)
            }
            let value = try outer.compile(x)
            return QuantifiedSubqueryExpr(value, compare, all: quantifier == .all, try table(query, needsValue: true, span: e.span))
        default:
            preconditionFailure("not a subquery")
        }
    }

    /// An outer column as the outer compiler reads it (through its intercept, so a GROUP BY key works in
    /// HAVING). `o.sym` is retried as `sym` there: a grouped query's keys are matched by their text.
    private func outerColumn(_ q: SQLIdentifier?, _ n: SQLIdentifier, _ s: SQLSpan) throws -> ExecExpr {
        do {
            return try outer.compile(SQLExpr(.column(qualifier: q, name: n), span: s))
        } catch let issue as SQLIssue where q != nil {
            guard let bare = try? outer.compile(SQLExpr(.column(qualifier: nil, name: n), span: s)) else { throw issue }
            return bare
        }
    }

    package static func compareOp(_ op: SQLBinaryOperator) -> CompareExpr.Op? {
        switch op {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessOrEqual: return .lessOrEqual
        case .greater: return .greater
        case .greaterOrEqual: return .greaterOrEqual
        default: return nil
        }
    }

    // MARK: the inner query

    private func table(_ query: SQLQuery, needsValue: Bool, span: SQLSpan) throws -> SubqueryTable {
        let select = query.first
        try Self.checkSupported(query)
        guard let from = select.from, let name = from.name else {
            throw SQLIssue.error("a subquery needs FROM a named table or stream", at: select.span)
        }
        let table = SubqueryTable(sourceName: name.value, span: span)
        table.distinct = select.distinct
        if let limit = query.limit {
            guard case .literal(.integer(let text)) = limit.kind, let n = Int64(text), n >= 0 else {
                throw SQLIssue.error("LIMIT needs a whole number", at: limit.span)
            }
            table.limit = n
        }
        let scope = SubqueryScope(names: Set([name.value.lowercased(), from.qualifier?.lowercased()].compactMap { $0 }))
        let inner = ExecCompiler(
            column: { q, n, s in try table.layout.resolve(q, n, s) },
            clause: "a subquery's WHERE", subqueries: registry)
        var outerRefs: [String: Int] = [:]
        var mixed = inner
        mixed.column = { q, n, s in
            if scope.isInner(q) { return try table.layout.resolve(q, n, s) }
            let text = (q.map { $0.value.lowercased() + "." } ?? "") + n.value.lowercased()
            if let k = outerRefs[text] { return SubqueryOuterExpr(table.outer, k) }
            table.outerRefs.append(try outerColumn(q, n, s))
            outerRefs[text] = table.outerRefs.count - 1
            return SubqueryOuterExpr(table.outer, table.outerRefs.count - 1)
        }
        var filters: [ExecExpr] = [], residuals: [ExecExpr] = []
        for conjunct in Self.conjuncts(select.whereClause) {
            let sides = scope.sides(conjunct)
            if !sides.outer {
                filters.append(try inner.compile(conjunct))
            } else if case .binary(.equal, let l, let r) = conjunct.kind, let (i, o) = scope.keyPair(l, r),
                let outerKey = try? outer.compile(o)
            {
                table.innerKeys.append(try inner.compile(i))
                table.outerKeys.append(outerKey)
            } else {
                residuals.append(try mixed.compile(conjunct))
            }
        }
        table.filter = Self.and(filters)
        table.residual = Self.and(residuals)
        let grouped = !select.groupBy.isEmpty || select.having != nil
        if needsValue {
            guard select.items.count == 1, case .expr(let item, _, _, _) = select.items[0] else {
                throw SQLIssue.error("this subquery must select exactly one column", at: select.span, hint: "name the column: SELECT col FROM …")
            }
            if grouped || Self.aggregates(item) {
                try planAggregates(item, select: select, table: table, mixed: mixed, scope: scope)
            } else {
                table.value = try mixed.compile(item)
            }
        } else if grouped {
            // EXISTS (… GROUP BY … HAVING …): whether a group survives HAVING.
            try planAggregates(nil, select: select, table: table, mixed: mixed, scope: scope)
        } else if select.items.contains(where: {
            if case .expr(let e, _, _, _) = $0 { return Self.aggregates(e) }; return false
        }) {
            // EXISTS (SELECT COUNT(*) …) always has its one row.
            table.aggregated = true
            table.aggregateResult = ConstExpr(.int(1))
        }
        registry.add(table)
        return table
    }

    /// `SELECT MAX(x) * 2 …` and `… GROUP BY k HAVING …`: rows are grouped by the GROUP BY expressions (one
    /// group without them), aggregate calls fold per group, and HAVING and the item are computed over a
    /// group row: the keys first, then the aggregate results.
    private func planAggregates(
        _ item: SQLExpr?, select: SQLSelect, table: SubqueryTable, mixed: ExecCompiler,
        scope: SubqueryScope
    ) throws {
        table.aggregated = true
        let keyTexts = select.groupBy.map(ExecPlan.text)
        table.groupKeys = try select.groupBy.map { try mixed.compile($0) }
        var result = mixed
        result.column = { q, n, s in
            if scope.isInner(q) {
                // Neither grouped nor aggregated: the group's first value, as at top level (and in Velostream);
                // the analyzer warns.
                let column = SQLExpr(.column(qualifier: q, name: n), span: s)
                return try result.compile(SQLExpr(.function(SQLFunctionCall(name: "FIRST_VALUE", arguments: [column])), span: s))
            }
            return try mixed.column(q, n, s)
        }
        var byText: [String: Int] = [:]
        result.intercept = { e in
            let text = ExecPlan.text(e)
            if let k = keyTexts.firstIndex(of: text) { return SlotExpr(k) }
            guard let call = ExecPlan.isAggregateCall(e) else { return nil }
            if let k = byText[text] { return SlotExpr(keyTexts.count + k) }
            table.aggregates.append(try ExecPlan.aggregate(call, scan: mixed))
            byText[text] = table.aggregates.count - 1
            return SlotExpr(keyTexts.count + table.aggregates.count - 1)
        }
        table.aggregateResult = try item.map { try result.compile($0) } ?? ConstExpr(.int(1))
        table.having = try select.having.map { try result.compile($0) }
    }

    private static func checkSupported(_ query: SQLQuery) throws {
        let select = query.first
        if let union = query.unions.first {
            throw SQLIssue.error("UNION inside a subquery is not supported yet", at: union.span)
        }
        if let order = query.orderBy.first, query.limit != nil {
            throw SQLIssue.error(
                "ORDER BY with LIMIT inside a subquery is not supported yet", at: order.span,
                hint: "use MIN(…) or MAX(…) to pick one value")
        }
        if let join = select.joins.first {
            throw SQLIssue.error("joins inside a subquery are not supported yet", at: join.span)
        }
        if let window = select.window {
            throw SQLIssue.error("WINDOW inside a subquery is not supported", at: window.span)
        }
    }

    package static func conjuncts(_ e: SQLExpr?) -> [SQLExpr] {
        guard let e else { return [] }
        if case .binary(.and, let l, let r) = e.kind { return conjuncts(l) + conjuncts(r) }
        return [e]
    }

    package static func and(_ parts: [ExecExpr]) -> ExecExpr? {
        guard var result = parts.first else { return nil }
        for p in parts.dropFirst() { result = LogicExpr(and: true, result, p) }
        return result
    }

    package static func aggregates(_ e: SQLExpr) -> Bool {
        var found = false
        e.forEach { if ExecPlan.isAggregateCall($0) != nil { found = true } }
        return found
    }
}

/// Which side of a subquery an expression's columns belong to.
package struct SubqueryScope {
    /// The subquery's table name and alias, lowercased.
    package let names: Set<String>

    package func isInner(_ qualifier: SQLIdentifier?) -> Bool {
        guard let qualifier else { return true }
        return names.contains(qualifier.value.lowercased())
    }

    /// Whether `e` reads inner and outer columns. A nested subquery counts as both (it is evaluated per
    /// inner row, with whatever outer values it needs).
    package func sides(_ e: SQLExpr) -> (inner: Bool, outer: Bool) {
        var inner = false, outer = false
        e.forEach { node in
            switch node.kind {
            case .column(let q, _):
                if isInner(q) { inner = true } else { outer = true }
            case .inSubquery, .exists, .subquery, .quantified:
                inner = true; outer = true
            case .function(let call) where !(ScalarFunctions.lookup(call.name)?.deterministic ?? true):
                outer = true // NOW() and friends: evaluated per record, not once at load
            default: break
            }
        }
        return (inner, outer)
    }

    /// For `l = r`: the (inner, outer) sides when one reads only inner columns and the other only outer ones.
    package func keyPair(_ l: SQLExpr, _ r: SQLExpr) -> (SQLExpr, SQLExpr)? {
        let a = sides(l), b = sides(r)
        if a.inner && !a.outer && b.outer && !b.inner { return (l, r) }
        if b.inner && !b.outer && a.outer && !a.inner { return (r, l) }
        return nil
    }
}
