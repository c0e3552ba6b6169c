import VeloSQL

/// Row windows (`f(…) OVER (ROWS WINDOW BUFFER n ROWS [PARTITION BY …] [ORDER BY …] [ROWS BETWEEN …])`):
/// what the planner makes of them. Each call's result gets a slot of the input row, so the SELECT list
/// reads it like a field; calls whose OVER has the same buffer, PARTITION BY and ORDER BY share one
/// buffer per partition (`RowWindowGroup`). Semantics: docs/sql-reference.md, "Row windows".

/// What one window call computes.
package enum RowWindowFunction {
    case lag(Int), lead(Int)
    case rowNumber, rank, denseRank, percentRank, cumeDist, ntile(Int)
    case firstValue, lastValue, nthValue(Int)
    /// An engine aggregate over the frame, with a reusable accumulator.
    case aggregate(Accumulator, arity: Int)
    /// `ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW` without a buffer: a running aggregate per
    /// partition (each partition gets a fresh copy of this accumulator).
    case running(Accumulator, arity: Int)
}

/// One `f(…) OVER (…)` call.
package struct RowWindowCall {
    package var function: RowWindowFunction
    package var group: Int
    /// Columns of the group's stored rows holding the call's per-row arguments.
    package var columns: [Int]
    /// LAG/LEAD's third argument, evaluated over the current row.
    package var fallback: ExecExpr?
    /// The frame as rows back from the current row: `start` nil is the start of the buffer.
    package var frameStart: Int?
    package var frameEnd: Int
    /// A RANGE frame by time over the (single) ORDER BY key: how far back and ahead of the current row's
    /// key, in ms (`Int64.max` for UNBOUNDED); nil for a frame by rows.
    package var range: (back: Int64, ahead: Int64)? = nil
    /// Where the result goes in the input row.
    package var slot: Int
}

/// Calls sharing a buffer: each partition keeps its last `bufferRows` rows, each row as `columns`
/// values (ORDER BY keys first, then the calls' arguments).
package final class RowWindowGroup {
    package let bufferRows: Int
    package let partition: [ExecExpr]
    package let descending: [Bool]
    package var columns: [ExecExpr]
    package var columnTexts: [String]

    package init(bufferRows: Int, partition: [ExecExpr], order: [ExecExpr], orderTexts: [String], descending: [Bool]) {
        self.bufferRows = bufferRows
        self.partition = partition
        self.descending = descending
        columns = order
        columnTexts = orderTexts
    }

    package var orderCount: Int { descending.count }

    /// The column holding `expr`, added when new (the same argument is stored once).
    package func column(_ expr: ExecExpr, text: String) -> Int {
        if let i = columnTexts.firstIndex(of: text) { return i }
        columns.append(expr)
        columnTexts.append(text)
        return columns.count - 1
    }
}

package final class RowWindowPlan {
    package var groups: [RowWindowGroup] = []
    package var calls: [RowWindowCall] = []
    /// The group whose LEAD calls hold rows back, and how many later rows a row waits for.
    package var leadGroup: Int?
    package var leadDelay = 0
}

/// Builds a `RowWindowPlan` while the SELECT list compiles: `intercept` replaces each OVER call with
/// the slot its result will be written to.
package final class RowWindowPlanner {
    package let input: InputLayout
    package let scan: ExecCompiler
    /// A SELECT without FROM has no rows to window.
    package let hasSource: Bool
    package let plan = RowWindowPlan()
    private var groupKeys: [String] = []
    private var slotByText: [String: Int] = [:]

    package init(input: InputLayout, hasSource: Bool) {
        self.input = input
        self.hasSource = hasSource
        scan = ExecCompiler(column: input.resolve, clause: "a window function's arguments")
    }

    /// The plan, or nil when the query has no window call.
    package var result: RowWindowPlan? { plan.calls.isEmpty ? nil : plan }

    package func intercept(_ e: SQLExpr) throws -> ExecExpr? {
        guard case .function(let call) = e.kind, let over = call.over else { return nil }
        let text = ExecPlan.text(e)
        if let slot = slotByText[text] { return SlotExpr(slot) }
        let slot = input.reserveSlot()
        slotByText[text] = slot
        try add(call, over: over, slot: slot)
        return SlotExpr(slot)
    }

    private func add(_ call: SQLFunctionCall, over: SQLOver, slot: Int) throws {
        guard hasSource else {
            throw SQLIssue.error("\(call.name) OVER (…) needs a FROM source", at: call.nameSpan, hint: "row windows run over the records of a stream")
        }
        guard let rows = try over.bufferRows ?? inferredBuffer(call, over) else {
            throw SQLIssue.error(
                "\(call.name) OVER (…) without ROWS WINDOW BUFFER n ROWS would keep every row of a partition", at: over.span,
                hint: "write OVER (ROWS WINDOW BUFFER 100 ROWS …): each partition keeps its last n rows")
        }
        guard rows >= 1, rows <= 10_000_000 else {
            throw SQLIssue.error("ROWS WINDOW BUFFER must be between 1 and 10000000 rows, got \(rows)", at: over.span)
        }
        let g = try group(over, rows: Int(rows))
        let group = plan.groups[g]
        var c = RowWindowCall(function: .rowNumber, group: g, columns: [], fallback: nil, frameStart: nil, frameEnd: 0, slot: slot)
        let args = call.arguments
        func value(_ i: Int) throws -> Int { group.column(try scan.compile(args[i]), text: ExecPlan.text(args[i])) }
        func constant(_ i: Int, _ what: String, minimum: Int64, absent: Int = 1) throws -> Int {
            guard i < args.count else { return absent }
            guard let v = try scan.compile(args[i]).constant?.intValue, v >= minimum, v <= 10_000_000 else {
                throw SQLIssue.error("\(call.name)'s \(what) must be a whole number ≥ \(minimum)", at: args[i].span)
            }
            return Int(v)
        }
        func needArgs(_ n: ClosedRange<Int>) throws {
            guard n.contains(args.count), !args.contains(where: { $0.kind == .star }) else {
                throw SQLIssue.error("\(call.name) expects \(ScalarFunction.describe(n)) arguments, got \(args.count)", at: call.nameSpan)
            }
        }
        switch call.name {
        case "LAG", "LEAD":
            try needArgs(1...3)
            let k = try constant(1, "offset", minimum: 0)
            if call.name == "LAG" {
                guard k < rows else {
                    throw SQLIssue.error(
                        "LAG offset \(k) does not fit in a buffer of \(rows) rows (it holds the current row and \(rows - 1) before it)",
                        at: args[1].span, hint: "use ROWS WINDOW BUFFER \(k + 1) ROWS or more")
                }
                c.function = .lag(k)
            } else {
                guard k <= rows else {
                    throw SQLIssue.error(
                        "LEAD offset \(k) is larger than the buffer (\(rows) rows)", at: args[1].span,
                        hint: "use ROWS WINDOW BUFFER \(k) ROWS or more: a row waits for that many later rows")
                }
                if let lead = plan.leadGroup, lead != g {
                    throw SQLIssue.error(
                        "LEAD calls in one query must share one OVER (…) (buffer, PARTITION BY, ORDER BY)", at: over.span,
                        hint: "give every LEAD the same OVER clause, or compute them in separate jobs")
                }
                plan.leadGroup = g
                plan.leadDelay = max(plan.leadDelay, k)
                c.function = .lead(k)
            }
            c.columns = [try value(0)]
            if args.count == 3 { c.fallback = try scan.compile(args[2]) }
        case "ROW_NUMBER", "RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST":
            try needArgs(0...0)
            c.function = [
                "ROW_NUMBER": .rowNumber, "RANK": .rank, "DENSE_RANK": .denseRank,
                "PERCENT_RANK": .percentRank, "CUME_DIST": .cumeDist
            ][call.name]!
        case "NTILE":
            try needArgs(1...1)
            c.function = .ntile(try constant(0, "number of buckets", minimum: 1))
        case "FIRST_VALUE", "FIRST", "LAST_VALUE", "LAST":
            try needArgs(1...1)
            c.function = call.name.hasPrefix("FIRST") ? .firstValue : .lastValue
            c.columns = [try value(0)]
        case "NTH_VALUE":
            try needArgs(2...2)
            c.function = .nthValue(try constant(1, "position", minimum: 1))
            c.columns = [try value(0)]
        default:
            guard AggregateFunctions.lookup(call.name) != nil else {
                throw SQLIssue.error(
                    "\(call.name) cannot be used with OVER (…) by the engine yet", at: call.nameSpan,
                    hint:
                        "row windows run LAG, LEAD, ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, FIRST_VALUE, LAST_VALUE, NTH_VALUE and aggregates"
                )
            }
            let aggregate = try ExecPlan.aggregate(call, scan: scan)
            let accumulator: Accumulator
            do { accumulator = try aggregate.makeAccumulator() } catch let error as RuntimeError {
                throw SQLIssue.error(error.reason, at: call.nameSpan)
            }
            c.columns = try (0..<aggregate.args.count).map(value) // none for COUNT(*)
            if over.bufferRows == nil && Self.isRunning(over.frame) {
                c.function = .running(accumulator, arity: aggregate.args.count)
                plan.calls.append(c)
                return
            }
            c.function = .aggregate(accumulator, arity: aggregate.args.count)
        }
        try frame(over.frame, into: &c, name: call.name)
        plan.calls.append(c)
    }

    /// The rows a call needs when OVER gives no buffer, if that is bounded: LAG(x, k) k + 1, LEAD(x, k) k,
    /// ROW_NUMBER 1, a frame `n PRECEDING` n + 1, a running aggregate (UNBOUNDED PRECEDING AND CURRENT ROW) 1.
    /// Ranking and other frames from the partition's start need all rows.
    private func inferredBuffer(_ call: SQLFunctionCall, _ over: SQLOver) throws -> Int64? {
        func offset() -> Int64 {
            guard call.arguments.count > 1 else { return 1 }
            return (try? scan.compile(call.arguments[1]).constant?.intValue).flatMap { $0 } ?? 1
        }
        switch call.name {
        case "LAG": return max(offset(), 0) + 1
        case "LEAD": return max(offset(), 1)
        case "ROW_NUMBER": return 1
        case "RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST", "NTILE": return nil
        default:
            // A running aggregate keeps one accumulator per partition and only reads the current row.
            if Self.isRunning(over.frame), !["FIRST_VALUE", "FIRST", "LAST_VALUE", "LAST", "NTH_VALUE"].contains(call.name) { return 1 }
            guard let frame = over.frame, frame.unit == .rows, case .preceding(let n) = frame.start else { return nil }
            return max(n, 0) + 1
        }
    }

    /// `RANGE BETWEEN INTERVAL … PRECEDING AND {CURRENT ROW | INTERVAL … FOLLOWING}`: the rows whose ORDER BY
    /// time is within that distance of the current row's. Rows ahead of the current one in time count only
    /// when they arrived earlier (a stream has not seen later rows yet).
    package static func timeRange(_ frame: SQLFrame) throws -> (back: Int64, ahead: Int64) {
        func distance(_ b: SQLFrame.Bound, start: Bool) throws -> Int64 {
            switch b {
            case .unboundedPreceding: return start ? Int64.max : -1
            case .currentRow: return 0
            case .unboundedFollowing: return start ? -1 : Int64.max
            case .intervalPreceding(let d): return start ? d.millis : -d.millis
            case .intervalFollowing(let d): return start ? -d.millis : d.millis
            case .preceding, .following:
                throw SQLIssue.error(
                    "a RANGE frame cannot mix INTERVAL and row-count bounds", at: frame.span,
                    hint: "write RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW")
            }
        }
        let back = try distance(frame.start, start: true), ahead = try distance(frame.end, start: false)
        guard back >= 0, ahead >= 0 else {
            throw SQLIssue.error(
                "a RANGE frame must start at or before the current row and end at or after it", at: frame.span,
                hint: "write RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW")
        }
        return (back, ahead)
    }

    package static func isRunning(_ frame: SQLFrame?) -> Bool {
        guard let frame, frame.unit == .rows, case .unboundedPreceding = frame.start, case .currentRow = frame.end else { return false }
        return true
    }

    /// Calls with the same buffer size, PARTITION BY and ORDER BY share a group.
    private func group(_ over: SQLOver, rows: Int) throws -> Int {
        let key =
            "\(rows)|" + over.partitionBy.map(ExecPlan.text).joined(separator: ",") + "|"
            + over.orderBy.map { ExecPlan.text($0.expr) + ($0.descending ? " desc" : "") }.joined(separator: ",")
        if let g = groupKeys.firstIndex(of: key) { return g }
        let order = try over.orderBy.map { try scan.compile($0.expr) }
        plan.groups.append(
            RowWindowGroup(
                bufferRows: rows, partition: try over.partitionBy.map(scan.compile), order: order,
                orderTexts: over.orderBy.map { ExecPlan.text($0.expr) }, descending: over.orderBy.map(\.descending)))
        groupKeys.append(key)
        return plan.groups.count - 1
    }

    /// `ROWS BETWEEN a AND b` as rows back from the current row. The current row is the newest one, so
    /// FOLLOWING has nothing to reach yet.
    private func frame(_ frame: SQLFrame?, into c: inout RowWindowCall, name: String) throws {
        guard let frame else { return }
        switch c.function {
        case .aggregate, .firstValue, .lastValue, .nthValue: break
        default: return // ranking and offset functions ignore frames, as in SQL
        }
        if frame.unit == .range && (frame.start.isInterval || frame.end.isInterval) {
            c.range = try Self.timeRange(frame)
            return
        }
        guard frame.unit == .rows else {
            throw SQLIssue.error(
                "RANGE frames are supported with INTERVAL bounds only in row windows", at: frame.span,
                hint: "use ROWS BETWEEN n PRECEDING AND CURRENT ROW, or RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW")
        }
        func back(_ b: SQLFrame.Bound) throws -> Int? {
            switch b {
            case .unboundedPreceding: return nil
            case .preceding(let n): return Int(min(max(n, 0), 10_000_000))
            case .currentRow: return 0
            case .following, .unboundedFollowing:
                throw SQLIssue.error(
                    "a FOLLOWING frame bound needs rows that have not arrived yet", at: frame.span,
                    hint: "end the frame at CURRENT ROW (use LEAD to look at later rows)")
            case .intervalPreceding, .intervalFollowing:
                throw SQLIssue.error("INTERVAL frame bounds need a RANGE frame", at: frame.span)
            }
        }
        c.frameStart = try back(frame.start)
        guard let end = try back(frame.end) else {
            throw SQLIssue.error("a frame cannot end at UNBOUNDED PRECEDING", at: frame.span)
        }
        c.frameEnd = end
    }
}
