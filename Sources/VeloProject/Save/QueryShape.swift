import VeloSQL

/// What a job's query does, as the spec generator reads it: its class (filter, aggregate, window, join,
/// projection) and the parts assertions are chosen from.
package struct QueryShape {
    package var select: SQLSelect
    package var job: SQLJob
    package var aggregating: Bool

    package init(statement: SQLStatement, job: SQLJob) {
        select = statement.query.first
        self.job = job
        aggregating =
            !select.groupBy.isEmpty
            || select.items.contains { item in
                guard case .expr(let e, _, _, _) = item else { return false }
                return QueryShape.hasAggregate(e)
            }
    }

    package var isJoin: Bool { !select.joins.isEmpty }
    package var isWindow: Bool { job.window != nil }
    package var isFilter: Bool { select.whereClause != nil }
    package var hasInnerJoin: Bool { select.joins.contains { $0.kind == .inner } }

    /// The class named in docs/velo-save.md: join, window, aggregate, filter or projection.
    package var kind: String {
        if isJoin { return "join" }
        if isWindow { return "window" }
        if aggregating { return "aggregate" }
        if isFilter { return "filter" }
        return "projection"
    }

    /// Output name of a select item, when it has a plain one (an alias, or a column's name).
    package static func outputName(_ e: SQLExpr, _ alias: SQLIdentifier?) -> String? {
        if let alias { return alias.value }
        if case .column(_, let name) = e.kind { return name.value }
        return nil
    }

    /// Items as (expression, output name).
    package var namedItems: [(expr: SQLExpr, name: String)] {
        select.items.compactMap { item in
            guard case .expr(let e, let alias, _, _) = item, let name = Self.outputName(e, alias) else { return nil }
            return (e, name)
        }
    }

    /// Grouped columns as they appear in the output (a GROUP BY column selected as itself or renamed).
    package var groupedOutputs: [(column: String, output: String)] {
        let grouped = Set(select.groupBy.compactMap(\.columnName).map { $0.lowercased() })
        return namedItems.compactMap { item in
            guard case .column(_, let name) = item.expr.kind, grouped.contains(name.value.lowercased()) else { return nil }
            return (name.value, item.name)
        }
    }

    /// Aggregate calls in the output: function, its plain column argument (nil for COUNT(*)), output name.
    package var aggregates: [(function: String, column: String?, output: String)] {
        namedItems.compactMap { item in
            guard case .function(let call) = item.expr.kind, call.over == nil,
                SQLFunctionCatalog.lookup(call.name)?.kind == .aggregate
            else { return nil }
            let column = call.arguments.first.flatMap { arg -> String? in
                if case .column(_, let name) = arg.kind { return name.value }
                return nil
            }
            return (call.name.uppercased(), column, item.name)
        }
    }

    /// Output fields holding the window's start and end (TUMBLE_START/HOP_START/SESSION_START or _window_start).
    package var windowBounds: (start: String, end: String)? {
        var start: String?, end: String?
        for item in namedItems {
            switch item.expr.kind {
            case .function(let call):
                if call.name.uppercased().hasSuffix("_START") { start = start ?? item.name }
                if call.name.uppercased().hasSuffix("_END") { end = end ?? item.name }
            case .column(_, let name):
                if name.value.lowercased() == "_window_start" { start = start ?? item.name }
                if name.value.lowercased() == "_window_end" { end = end ?? item.name }
            default: break
            }
        }
        guard let start, let end else { return nil }
        return (start, end)
    }

    /// `column op literal` conjuncts of WHERE whose column reaches the output unchanged: (output, op, value).
    package var passedFilters: [(field: String, op: SQLBinaryOperator, value: SQLLiteral)] {
        guard let condition = select.whereClause else { return [] }
        let passed = Dictionary(
            namedItems.compactMap { item -> (String, String)? in
                guard case .column(_, let name) = item.expr.kind else { return nil }
                return (name.value.lowercased(), item.name)
            }, uniquingKeysWith: { a, _ in a })
        var found: [(String, SQLBinaryOperator, SQLLiteral)] = []
        func walk(_ e: SQLExpr) {
            guard case .binary(let op, let l, let r) = e.kind else { return }
            if op == .and { walk(l); walk(r); return }
            if case .column(_, let name) = l.kind, case .literal(let v) = r.kind, let out = passed[name.value.lowercased()] {
                found.append((out, op, v))
            } else if case .literal(let v) = l.kind, case .column(_, let name) = r.kind, let out = passed[name.value.lowercased()],
                let flipped = op.flipped
            {
                found.append((out, flipped, v))
            }
        }
        walk(condition)
        return found
    }

    static func hasAggregate(_ e: SQLExpr) -> Bool {
        if case .function(let call) = e.kind, call.over == nil, SQLFunctionCatalog.lookup(call.name)?.kind == .aggregate { return true }
        return e.children.contains { hasAggregate($0) }
    }
}

extension SQLBinaryOperator {
    /// The operator with its sides swapped (`5 < x` is `x > 5`).
    fileprivate var flipped: SQLBinaryOperator? {
        switch self {
        case .equal, .notEqual: return self
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        default: return nil
        }
    }
}
