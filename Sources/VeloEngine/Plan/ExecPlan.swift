import VeloSQL
import VeloSchema

/// One aggregate call of a grouped query: its function, per-row argument expressions (input scope)
/// and constant parameters (`STRING_AGG(x, ';')`, `PERCENTILE_CONT(x, 0.9)`).
package struct ExecAggregate {
    package var function: AggregateFunction
    package var args: [ExecExpr]
    package var parameters: [SQLValue]
    package var distinct: Bool

    package func makeAccumulator() throws -> Accumulator { try function.make(parameters: parameters, distinct: distinct) }
}

/// The grouped part of a query: keys and aggregate arguments are evaluated over the input row; the
/// output expressions and HAVING over the group row (keys, then whatever else was registered: aggregate
/// results and window bounds, each at its own slot).
package final class AggregationPlan {
    package var keys: [ExecExpr] = []
    package var aggregates: [ExecAggregate] = []
    /// Group-row slot of each aggregate's result.
    package var aggregateSlots: [Int] = []
    package var windowStartSlot: Int?
    package var windowEndSlot: Int?
    package var groupRowCount = 0
    package var having: ExecExpr?
}

/// Where a record's event time comes from.
package enum EventTimeSource {
    /// `'event.time.field'` or the WINDOW's time column, read with `'event.time.format'`.
    case expr(ExecExpr, EventTimeFormat)
    /// The topic message timestamp, else the time the record was read (Velostream's fallback).
    case arrival
}

/// A statement ready to run: the compiled expressions and the job's policies.
package final class ExecPlan {
    package let statement: SQLStatement
    package let jobName: String
    /// The FROM source's name, nil for a SELECT without FROM (evaluated once).
    package var sourceName: String?
    package let input = InputLayout()
    package var filter: ExecExpr?
    /// Whether the SELECT list has `*` (then the whole record is read and written first).
    package var selectAll = false
    package var outputNames: [String] = []
    /// Non-grouped: over the input row. Grouped: over the group row.
    package var outputs: [ExecExpr] = []
    /// ORDER BY (ExecOrder.swift): the runtime then writes through a `SortingSink`.
    package var order: ExecOrder?
    /// The other SELECTs of a UNION, and whether repeated rows are dropped (UNION without ALL).
    package var unionBranches: [ExecPlan] = []
    package var unionDistinct = false
    package var aggregation: AggregationPlan?
    /// `f(…) OVER (ROWS WINDOW BUFFER …)` calls of a query without GROUP BY (ExecRowWindowPlan.swift).
    package var rowWindows: RowWindowPlan?
    package var distinct = false
    package var limit: Int64?
    package var eventTime: EventTimeSource = .arrival
    package var window: WindowSpec?
    package var watermark = WatermarkTracker(.ascending)
    package var emit: EmitMode = .changes
    package var lateStrategy: LateDataStrategy = .drop
    package var failureStrategy: FailureStrategy = .logAndContinue
    package var primaryKey: [String] = []
    /// Every source's field types from `--schemas`, by source name (empty without one): CSV cells and
    /// `decimal(N)` fields are read as the schema says (RecordDecoder), in FROM, joins and subqueries alike.
    package var schemaTypes: [String: [String: FieldType]] = [:]
    package func fieldTypes(of source: String) -> [String: FieldType] { schemaTypes[source] ?? [:] }
    /// The FROM source's field types.
    package var sourceFieldTypes: [String: FieldType] { sourceName.map(fieldTypes(of:)) ?? [:] }
    /// Subqueries' tables, loaded by the runtime before the stream runs.
    package let subqueries = ExecSubqueries()
    /// SET_HEADER / REMOVE_HEADER calls of the SELECT list, in order: how each output row's message headers
    /// differ from its input record's (a query without header functions writes no headers).
    package var headerEdits: [HeaderEdit] = []

    package init(statement: SQLStatement, jobName: String) {
        self.statement = statement
        self.jobName = jobName
    }

    package var needsEventTime: Bool { window != nil || input.uses(.eventTime) }

    /// Plans one analyzed statement. Throws `SQLIssue`s (with spans) for what the engine cannot run yet.
    package static func make(_ statement: SQLStatement, job: SQLJob, script: SQLScript) throws -> ExecPlan {
        if !statement.query.unions.isEmpty { return try makeUnion(statement, job: job, script: script) } // ExecUnion.swift
        let plan = ExecPlan(statement: statement, jobName: job.name)
        let query = statement.query
        let select = query.first
        if let from = select.from {
            guard let name = from.name else {
                throw SQLIssue.error("a subquery in FROM is not supported yet", at: from.span, hint: "read the source directly")
            }
            plan.sourceName = name.value
        }
        try plan.readPolicies(statement, script: script)
        try plan.planJoins(select)

        let input = plan.input
        let scan = ExecCompiler(column: input.resolve, clause: "WHERE", subqueries: plan.subqueries)
        if let w = select.whereClause { plan.filter = try scan.compile(w) }
        plan.distinct = select.distinct
        if let limit = query.limit {
            guard case .literal(.integer(let text)) = limit.kind, let n = Int64(text), n >= 0 else {
                throw SQLIssue.error("LIMIT needs a whole number", at: limit.span)
            }
            plan.limit = n
        }
        if let w = select.window {
            plan.window = try Self.windowSpec(w)
            // `_event_time` names the job's event time itself ('event.time.field', else the message time),
            // as in Velostream; any other column is read as the event time.
            if let column = w.timeColumn, !Self.isEventTimeColumn(column) {
                plan.eventTime = .expr(try scan.compile(column), EventTimeFormat(property: statement.property("event.time.format")?.value))
            }
        }
        for item in select.items {
            if case .expr(let e, let alias, true, _) = item { plan.primaryKey.append(alias?.value ?? Self.outputName(e)) }
        }
        let grouped = !select.groupBy.isEmpty || select.having != nil || Self.hasAggregate(select)
        if grouped {
            try plan.planAggregation(select)
        } else {
            let windows = RowWindowPlanner(input: input, hasSource: select.from != nil)
            var compiler = ExecCompiler(column: input.resolve, clause: "the SELECT list of a query without GROUP BY", subqueries: plan.subqueries)
            compiler.intercept = windows.intercept
            for item in select.items {
                switch item {
                case .all(let qualifier, let span):
                    if let join = input.join {
                        try plan.planJoinStar(qualifier, span: span, join: join)
                        plan.selectAll = true
                        continue
                    }
                    if qualifier != nil && select.from?.qualifier?.lowercased() != qualifier?.value.lowercased() {
                        throw SQLIssue.error("unknown table '\(qualifier!.value)'", at: span)
                    }
                    if plan.selectAll { throw SQLIssue.error("'*' is listed twice", at: span) }
                    plan.selectAll = true
                case .expr(let e, let alias, _, _):
                    plan.outputNames.append(alias?.value ?? Self.outputName(e))
                    plan.outputs.append(try compiler.compile(e))
                }
            }
            plan.rowWindows = windows.result
            plan.headerEdits = try HeaderEdit.collect(select, compiler)
        }
        plan.emit = statement.emit.map { $0.mode == .final ? .final : .changes } ?? EmitMode.defaultMode(hasWindow: plan.window != nil)
        if plan.aggregation == nil && plan.emit == .final, let emit = statement.emit {
            throw SQLIssue.error("EMIT FINAL needs GROUP BY or an aggregate function", at: emit.span)
        }
        if !query.orderBy.isEmpty {
            let exprs = select.items.compactMap { item -> SQLExpr? in
                if case .expr(let e, _, _, _) = item { return e }
                return nil
            }
            plan.order = try ExecOrder.make(
                query.orderBy, outputNames: plan.outputNames, outputExprs: exprs,
                selectAll: plan.selectAll, perWindow: plan.window != nil && plan.emit == .final)
        }
        // The event-time field is read like any other field.
        if case .arrival = plan.eventTime, let field = statement.property("event.time.field")?.value {
            plan.eventTime = .expr(SlotExpr(input.slot(field: field)), EventTimeFormat(property: statement.property("event.time.format")?.value))
        }
        return plan
    }

    /// Job properties (WITH) and annotations (job-level, then app-level).
    package func readPolicies(_ statement: SQLStatement, script: SQLScript) throws {
        func property(_ key: String) -> SQLProperty? { statement.property(key) }
        func issue(_ key: String, _ error: RuntimeError) -> SQLIssue {
            SQLIssue.error(error.reason, at: property(key)?.valueSpan ?? statement.span)
        }
        do {
            watermark = try WatermarkTracker(
                strategy: property("watermark.strategy")?.value,
                maxOutOfOrderness: property("watermark.max_out_of_orderness")?.value)
        } catch let error as RuntimeError {
            throw issue(property("watermark.max_out_of_orderness") != nil ? "watermark.max_out_of_orderness" : "watermark.strategy", error)
        }
        lateStrategy = LateDataStrategy(property: property("late.data.strategy")?.value)
        let failure =
            property("failure_strategy")?.value ?? property("failure.strategy")?.value
            ?? statement.annotation("failure_strategy") ?? script.annotation("failure_strategy")
        failureStrategy = FailureStrategy(property: failure)
    }

    package static func windowSpec(_ w: SQLWindow) throws -> WindowSpec {
        let spec: WindowSpec
        switch w.kind {
        case .tumbling: spec = .tumbling(size: w.size.millis)
        case .sliding: spec = .sliding(size: w.size.millis, advance: w.advance?.millis ?? w.size.millis)
        case .session: spec = .session(gap: w.size.millis)
        }
        do { try spec.validate() } catch let error as RuntimeError { throw SQLIssue.error(error.reason, at: w.span) }
        return spec
    }

    /// `_event_time` (any case, any qualifier): the job's event time, not a field to read.
    package static func isEventTimeColumn(_ e: SQLExpr) -> Bool {
        if case .column(_, let name) = e.kind { return name.value.lowercased() == SystemColumn.eventTime.rawValue }
        return false
    }

    package static func outputName(_ e: SQLExpr) -> String { SQLAnalyzer().outputName(e) }

    package static func isAggregateCall(_ e: SQLExpr) -> SQLFunctionCall? {
        guard case .function(let call) = e.kind, call.over == nil, AggregateFunctions.lookup(call.name) != nil,
            ScalarFunctions.lookup(call.name) == nil
        else { return nil }
        return call
    }

    package static func hasAggregate(_ select: SQLSelect) -> Bool {
        var found = false
        for item in select.items {
            if case .expr(let e, _, _, _) = item { e.forEach { if isAggregateCall($0) != nil { found = true } } }
        }
        return found
    }
}
