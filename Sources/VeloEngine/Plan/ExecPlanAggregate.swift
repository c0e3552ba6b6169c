import VeloSQL

extension ExecPlan {
    /// GROUP BY/HAVING/aggregates: keys and aggregate arguments compile over the input row; the SELECT
    /// list and HAVING compile over the group row, where each GROUP BY expression and each distinct
    /// aggregate call has a slot.
    package func planAggregation(_ select: SQLSelect) throws {
        let agg = AggregationPlan()
        let input = self.input
        let scan = ExecCompiler(column: input.resolve, clause: "an aggregate's arguments", subqueries: subqueries)
        var aliases: [String: SQLExpr] = [:]
        for item in select.items {
            switch item {
            case .all(_, let span):
                throw SQLIssue.error("'*' cannot be used with GROUP BY or aggregate functions", at: span)
            case .expr(let e, let alias?, _, _): aliases[alias.value.lowercased()] = e
            default: break
            }
        }
        // GROUP BY an alias groups the expression behind it (as the analyzer reads it).
        var keyTexts: [String] = []
        for g in select.groupBy {
            var e = g
            if let name = g.columnName?.lowercased(), let aliased = aliases[name], aliased.columnName?.lowercased() != name {
                e = aliased
            }
            keyTexts.append(Self.text(e))
            agg.keys.append(try scan.compile(e))
        }
        agg.groupRowCount = agg.keys.count
        var aggregateByText: [String: Int] = [:]
        let windowed = window != nil
        var expanding: Set<String> = []

        func newSlot() -> Int {
            defer { agg.groupRowCount += 1 }
            return agg.groupRowCount
        }

        // A window call's arguments on the record Velostream evaluates it over (ExecPlanGroupedWindow.swift).
        let rowFunction = windowed ? RowValueAccumulator.firstRow : RowValueAccumulator.latestRow
        func rowValue(_ e: SQLExpr) throws -> ExecExpr {
            let text = "row:" + Self.text(e)
            if let i = aggregateByText[text] { return SlotExpr(agg.aggregateSlots[i]) }
            agg.aggregates.append(ExecAggregate(function: rowFunction, args: [try scan.compile(e)], parameters: [], distinct: false))
            aggregateByText[text] = agg.aggregates.count - 1
            agg.aggregateSlots.append(newSlot())
            return SlotExpr(agg.aggregateSlots.last!)
        }

        var output = ExecCompiler(column: { _, _, _ in ConstExpr(.null) }, clause: "a query with GROUP BY or aggregates", subqueries: subqueries)
        output.column = { qualifier, name, span in
            let lower = name.value.lowercased()
            if lower == SystemColumn.windowStart.rawValue {
                if agg.windowStartSlot == nil { agg.windowStartSlot = newSlot() }
                return SlotExpr(agg.windowStartSlot!)
            }
            if lower == SystemColumn.windowEnd.rawValue {
                if agg.windowEndSlot == nil { agg.windowEndSlot = newSlot() }
                return SlotExpr(agg.windowEndSlot!)
            }
            // An alias of the SELECT list (HAVING total > 10).
            if let aliased = aliases[lower], !expanding.contains(lower) {
                expanding.insert(lower)
                defer { expanding.remove(lower) }
                return try output.compile(aliased)
            }
            // Neither grouped nor aggregated: the group's first value, as Velostream evaluates it (--check warns).
            let column = SQLExpr(.column(qualifier: qualifier, name: name), span: span)
            return try output.compile(SQLExpr(.function(SQLFunctionCall(name: "FIRST_VALUE", arguments: [column])), span: span))
        }
        output.intercept = { e in
            // TUMBLE_START(…), HOP_END(…), SESSION_START(…) in a windowed query are the current window's
            // bounds, whatever their arguments (Velostream accepts none, the time column, or both).
            if windowed, case .function(let call) = e.kind, call.over == nil,
                SQLAnalyzer.windowBoundFunctions.contains(call.name.uppercased())
            {
                if call.name.uppercased().hasSuffix("_START") {
                    if agg.windowStartSlot == nil { agg.windowStartSlot = newSlot() }
                    return SlotExpr(agg.windowStartSlot!)
                }
                if agg.windowEndSlot == nil { agg.windowEndSlot = newSlot() }
                return SlotExpr(agg.windowEndSlot!)
            }
            let text = Self.text(e)
            if let k = keyTexts.firstIndex(of: text) { return SlotExpr(k) }
            if case .function(let call) = e.kind, let over = call.over {
                return try Self.oneRowWindowCall(call, over: over, scan: scan, rowValue: rowValue)
            }
            guard let call = Self.isAggregateCall(e) else { return nil }
            if let i = aggregateByText[text] { return SlotExpr(agg.aggregateSlots[i]) }
            agg.aggregates.append(try Self.aggregate(call, scan: scan))
            aggregateByText[text] = agg.aggregates.count - 1
            agg.aggregateSlots.append(newSlot())
            return SlotExpr(agg.aggregateSlots.last!)
        }
        for item in select.items {
            guard case .expr(let e, let alias, _, _) = item else { continue }
            outputNames.append(alias?.value ?? Self.outputName(e))
            outputs.append(try output.compile(e))
        }
        if let having = select.having { agg.having = try output.compile(having) }
        aggregation = agg
    }

    package static func aggregate(_ call: SQLFunctionCall, scan: ExecCompiler) throws -> ExecAggregate {
        let star = call.arguments.count == 1 && call.arguments[0].kind == .star
        guard let function = AggregateFunctions.lookup(call.name, star: star) else {
            throw SQLIssue.error("aggregate \(call.name) is not supported", at: call.nameSpan)
        }
        let values = star ? [] : Array(call.arguments.prefix(function.valueArity))
        if values.count < function.valueArity {
            throw SQLIssue.error("\(call.name) needs \(function.valueArity) argument\(function.valueArity == 1 ? "" : "s")", at: call.nameSpan)
        }
        var parameters: [SQLValue] = []
        for p in call.arguments.dropFirst(star ? 1 : function.valueArity) {
            guard let v = try scan.compile(p).constant else {
                throw SQLIssue.error("\(call.name)'s extra arguments must be constants", at: p.span)
            }
            parameters.append(v)
        }
        guard function.parameters.contains(parameters.count) else {
            throw SQLIssue.error(
                "\(call.name) takes \(ScalarFunction.describe(function.parameters)) constant parameters after its value, got \(parameters.count)",
                at: call.nameSpan)
        }
        let aggregate = ExecAggregate(
            function: function, args: try values.map(scan.compile), parameters: parameters,
            distinct: call.distinct)
        do { _ = try aggregate.makeAccumulator() } catch let error as RuntimeError {
            throw SQLIssue.error(error.reason, at: call.nameSpan)
        }
        return aggregate
    }

    /// Expressions match by their canonical text (spans and letter case of keywords do not matter).
    package static func text(_ e: SQLExpr) -> String { SQLPrinter.expression(e).lowercased() }
}
