extension SQLAnalyzer {
    /// The type of an expression, checking names, functions and operand types on the way.
    package mutating func type(of e: SQLExpr, _ ctx: SQLExprContext) -> SQLDataType {
        switch e.kind {
        case .column(let qualifier, let name):
            return resolveColumn(qualifier: qualifier, name: name, span: e.span, ctx)
        case .star:
            issues.append(.error("'*' is only allowed in COUNT(*)", at: e.span))
            return .unknown
        case .literal(let literal):
            switch literal {
            case .integer: return .integer
            case .decimal: return .decimal
            case .string: return .string
            case .boolean: return .boolean
            case .null: return .null
            }
        case .duration(let d):
            if d.millis <= 0 { issues.append(.error("a duration must be longer than zero", at: d.span)) }
            return .interval
        case .unary(let op, let operand):
            let t = type(of: operand, ctx)
            if op == .not {
                if t != .boolean && t != .unknown && t != .null {
                    issues.append(.error("NOT needs a condition, found a value of type \(t.rawValue)", at: operand.span))
                }
                return .boolean
            }
            if !t.isNumeric && t != .unknown && t != .null && t != .interval {
                issues.append(.error("cannot apply '\(op.rawValue)' to a value of type \(t.rawValue)", at: e.span))
                return .unknown
            }
            return t
        case .binary(let op, let l, let r):
            return binary(op, l, r, e, ctx)
        case .between(let value, let low, let high, _):
            let t = type(of: value, ctx)
            for bound in [low, high] {
                let b = type(of: bound, ctx)
                if !t.isComparable(with: b) { mismatch(t, b, at: bound.span) }
            }
            return .boolean
        case .inList(let value, let list, _):
            let t = type(of: value, ctx)
            for item in list {
                let i = type(of: item, ctx)
                if !t.isComparable(with: i) { mismatch(t, i, at: item.span) }
            }
            return .boolean
        case .inSubquery(let value, let query, _):
            _ = type(of: value, ctx)
            subquery(query, ctx, oneColumn: "IN (SELECT …)")
            return .boolean
        case .quantified(let value, _, let quantifier, let query):
            _ = type(of: value, ctx)
            subquery(query, ctx, oneColumn: "\(quantifier.rawValue) (SELECT …)")
            return .boolean
        case .exists(let query, _):
            subquery(query, ctx, oneColumn: nil)
            return .boolean
        case .subquery(let query):
            return subquery(query, ctx, oneColumn: "a scalar subquery") ?? .unknown
        case .like(let value, let pattern, _):
            for operand in [value, pattern] {
                let t = type(of: operand, ctx)
                if t.isNumeric || t == .boolean {
                    issues.append(
                        .error(
                            "LIKE needs strings, found a value of type \(t.rawValue)", at: operand.span,
                            hint: "CAST(\(SQLPrinter.expression(operand)) AS STRING)"))
                }
            }
            return .boolean
        case .isNull(let value, _):
            _ = type(of: value, ctx)
            return .boolean
        case .caseWhen(let operand, let whens, let otherwise):
            let operandType = operand.map { type(of: $0, ctx) }
            var result: SQLDataType = .null
            for w in whens {
                let c = type(of: w.condition, ctx)
                if let operandType {
                    if !operandType.isComparable(with: c) { mismatch(operandType, c, at: w.condition.span) }
                } else {
                    expectCondition(w.condition, c, "WHEN")
                }
                let r = type(of: w.result, ctx)
                result = merge(result, r)
            }
            if let otherwise { result = merge(result, type(of: otherwise, ctx)) }
            return result
        case .cast(let value, let target):
            _ = type(of: value, ctx)
            return SQLCastType(rawValue: target.name)?.dataType ?? .unknown
        case .extract(_, let value):
            _ = type(of: value, ctx)
            return .integer
        case .function(let call):
            return function(call, e, ctx)
        }
    }

    private func merge(_ a: SQLDataType, _ b: SQLDataType) -> SQLDataType {
        if a == .null { return b }
        if b == .null || a == b { return a }
        if a.isNumeric && b.isNumeric { return SQLDataType.promote(a, b) }
        return .unknown
    }

    package mutating func mismatch(_ a: SQLDataType, _ b: SQLDataType, at span: SQLSpan) {
        issues.append(
            .error(
                "cannot compare \(a.rawValue) with \(b.rawValue)", at: span,
                hint: "CAST one side so both have the same type"))
    }

    private mutating func binary(_ op: SQLBinaryOperator, _ l: SQLExpr, _ r: SQLExpr, _ e: SQLExpr, _ ctx: SQLExprContext) -> SQLDataType {
        let lt = type(of: l, ctx)
        let rt = type(of: r, ctx)
        switch op {
        case .and, .or:
            for (side, t) in [(l, lt), (r, rt)] where t != .boolean && t != .unknown && t != .null {
                issues.append(
                    .error(
                        "\(op.rawValue) needs conditions on both sides, found a value of type \(t.rawValue)",
                        at: side.span, hint: "compare it, e.g. \(SQLPrinter.expression(side)) > 0"))
            }
            return .boolean
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            if !lt.isComparable(with: rt) {
                issues.append(
                    .error(
                        "cannot compare \(lt.rawValue) with \(rt.rawValue)", at: r.span,
                        hint: "CAST one side so both have the same type"))
            }
            return .boolean
        case .concat:
            return .string
        case .add, .subtract, .multiply, .divide, .modulo:
            let bad: [(SQLExpr, SQLDataType)] = [(l, lt), (r, rt)].filter { $0.1 == .string || $0.1 == .boolean }
            if let (side, t) = bad.first {
                issues.append(
                    .error(
                        "cannot apply '\(op.rawValue)' to a value of type \(t.rawValue)", at: side.span,
                        hint: t == .string && op == .add ? "join strings with || or CONCAT(…)" : nil))
                return .unknown
            }
            if lt == .interval || rt == .interval { return lt == .interval ? rt : lt }
            if lt == .timestamp || rt == .timestamp { return op == .subtract && lt == rt ? .integer : .timestamp }
            if lt == .null || rt == .null { return .null }
            return SQLDataType.promote(lt, rt)
        }
    }

    /// Analyzes a subquery in the scope of the enclosing query; returns the type of its one column.
    @discardableResult
    private mutating func subquery(_ query: SQLQuery, _ ctx: SQLExprContext, oneColumn: String?) -> SQLDataType? {
        let columns = analyze(query: query, outer: ctx.scopes, statementTarget: nil)
        guard let oneColumn else { return nil }
        let items = query.first.items
        let count =
            columns?.count
            ?? (items.contains {
                if case .all = $0 { return true }; return false
            } ? nil : items.count)
        if let count, count != 1 {
            issues.append(
                .error(
                    "\(oneColumn) must return one column, not \(count)", at: query.first.span,
                    hint: "select a single column"))
        }
        return columns?.first?.type
    }

    private mutating func function(_ call: SQLFunctionCall, _ e: SQLExpr, _ ctx: SQLExprContext) -> SQLDataType {
        if ["TUMBLING", "SLIDING", "SESSION", "TUMBLE", "HOP"].contains(call.name) {
            issues.append(
                .error(
                    "\(call.name) is a window, not a function", at: call.nameSpan,
                    hint: "windows are a clause after GROUP BY: WINDOW TUMBLING(_event_time, 1m), SLIDING(…, 5m, 1m) or SESSION(…, 30s)"))
            return .unknown
        }
        guard let fn = SQLFunctionCatalog.lookup(call.name) else {
            let hint = (SQLFunctionCatalog.otherDialectNames[call.name] ?? SQLSuggest.closest(to: call.name, in: SQLFunctionCatalog.names))
                .map { "did you mean '\($0)'?" }
            issues.append(.error("unknown function '\(call.name)'", at: call.nameSpan, hint: hint))
            for a in call.arguments where a.kind != .star { _ = type(of: a, ctx) }
            return .unknown
        }
        let count = call.arguments.count
        if count < fn.minArguments || (fn.maxArguments.map { count > $0 } ?? false) {
            issues.append(.error("\(fn.name) takes \(fn.arityText), got \(count)", at: e.span))
        }
        if call.arguments.contains(where: { $0.kind == .star }), !fn.acceptsStar {
            issues.append(.error("'*' is only allowed in COUNT(*)", at: call.arguments.first { $0.kind == .star }!.span))
        }
        if call.distinct, fn.kind != .aggregate {
            issues.append(.error("DISTINCT is only allowed in aggregate functions", at: e.span))
        }
        let isAggregate = fn.kind == .aggregate && call.over == nil
        if fn.kind == .window, call.over == nil {
            issues.append(
                .error(
                    "\(fn.name) is a window function and needs OVER (…)", at: call.nameSpan,
                    hint: "write \(fn.name)(…) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY … ORDER BY _event_time)"))
        }
        if fn.kind == .scalar, call.over != nil {
            issues.append(.error("\(fn.name) is not an aggregate or window function, so it cannot have OVER", at: call.over!.span))
        }
        if isAggregate {
            if [.whereClause, .on, .groupBy, .window].contains(ctx.clause) {
                issues.append(
                    .error(
                        "aggregate function \(fn.name) is not allowed in \(ctx.clause.rawValue)", at: call.nameSpan,
                        hint: ctx.clause == .whereClause ? "filter on aggregates with HAVING" : nil))
            } else if ctx.inAggregate {
                issues.append(.error("aggregate functions cannot be nested", at: call.nameSpan))
            }
        }
        if ["STRING_AGG", "GROUP_CONCAT", "LISTAGG", "COLLECT"].contains(fn.name), count == 3 {
            // Velostream accepts LISTAGG(x, ',', …) and its aggregation never reads the third argument.
            issues.append(
                .warning(
                    "\(call.name)'s third argument is ignored: the value and the delimiter are all it reads", at: call.arguments[2].span,
                    hint: "write \(call.name)(x, ',')"))
        }
        var argumentContext = ctx
        if isAggregate { argumentContext.inAggregate = true }
        if call.over != nil { argumentContext.inAggregate = false }
        var argumentTypes: [SQLDataType] = []
        for a in call.arguments {
            if a.kind == .star { argumentTypes.append(.unknown); continue }
            let t = type(of: a, argumentContext)
            argumentTypes.append(t)
            switch fn.arguments {
            case .numeric where t == .string || t == .boolean:
                issues.append(
                    .error(
                        "\(fn.name) needs a number, found a value of type \(t.rawValue)", at: a.span,
                        hint: t == .string ? "CAST(\(SQLPrinter.expression(a)) AS DOUBLE)" : nil))
            case .string where t.isNumeric:
                issues.append(
                    .error(
                        "\(fn.name) needs a string, found a value of type \(t.rawValue)", at: a.span,
                        hint: "CAST(\(SQLPrinter.expression(a)) AS STRING)"))
            default: break
            }
        }
        if let over = call.over {
            var overContext = ctx
            overContext.inAggregate = false
            for p in over.partitionBy { _ = type(of: p, overContext) }
            for o in over.orderBy { _ = type(of: o.expr, overContext) }
            if let rows = over.bufferRows, rows <= 0 {
                issues.append(.error("ROWS WINDOW BUFFER needs at least 1 row", at: over.span))
            }
            if let frame = over.frame, frame.start.isInterval || frame.end.isInterval {
                // Velostream's frame validator allows INTERVAL bounds in RANGE frames only, over one time key.
                if frame.unit == .rows {
                    issues.append(
                        .error(
                            "INTERVAL frame bounds need a RANGE frame", at: frame.span,
                            hint: "write RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW"))
                } else if over.orderBy.count != 1 {
                    issues.append(
                        .error(
                            "a RANGE frame with INTERVAL bounds needs exactly one ORDER BY key (a time)", at: frame.span,
                            hint: "ORDER BY _event_time"))
                } else {
                    let t = type(of: over.orderBy[0].expr, overContext)
                    if t != .unknown && t != .integer && t != .timestamp {
                        issues.append(
                            .error(
                                "INTERVAL frame bounds need a time ORDER BY key; '\(SQLPrinter.expression(over.orderBy[0].expr))' has type \(t.rawValue)",
                                at: over.orderBy[0].expr.span, hint: "ORDER BY _event_time or an epoch-ms or TIMESTAMP column"))
                    }
                }
            }
        }
        switch fn.result {
        case .fixed(let t): return t
        case .argument(let i): return i < argumentTypes.count ? argumentTypes[i] : .unknown
        case .numeric: return argumentTypes.reduce(SQLDataType.integer) { SQLDataType.promote($0, $1) }
        }
    }
}
