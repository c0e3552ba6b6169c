import VeloSQL

/// `f(…) OVER (…)` in a grouped query. Velostream evaluates such a call over a buffer holding one record
/// (its grouped paths pass no row buffer): in a windowed query the group's first record in the window, in a
/// query without WINDOW the record that updated the group. So ranking functions give their first-row value
/// (1, PERCENT_RANK 0, CUME_DIST 1), LAG/LEAD their default, FIRST/LAST/NTH_VALUE(x, 1) and aggregates
/// the one record's value. PARTITION BY and ORDER BY change nothing over one record.
extension ExecPlan {
    /// `rowValue(e)` is a group-row slot holding `e` on that one record.
    static func oneRowWindowCall(
        _ call: SQLFunctionCall, over: SQLOver, scan: ExecCompiler, rowValue: (SQLExpr) throws -> ExecExpr
    ) throws -> ExecExpr {
        let args = call.arguments
        func needArgs(_ n: ClosedRange<Int>) throws {
            guard n.contains(args.count), !args.contains(where: { $0.kind == .star }) else {
                throw SQLIssue.error("\(call.name) expects \(ScalarFunction.describe(n)) arguments, got \(args.count)", at: call.nameSpan)
            }
        }
        func whole(_ i: Int, _ what: String, minimum: Int64, absent: Int64) throws -> Int64 {
            guard i < args.count else { return absent }
            guard let v = try scan.compile(args[i]).constant?.intValue, v >= minimum else {
                throw SQLIssue.error("\(call.name)'s \(what) must be a whole number ≥ \(minimum)", at: args[i].span)
            }
            return v
        }
        switch call.name {
        case "ROW_NUMBER", "RANK", "DENSE_RANK":
            try needArgs(0...0)
            return ConstExpr(.int(1))
        case "PERCENT_RANK":
            try needArgs(0...0)
            return ConstExpr(.double(0))
        case "CUME_DIST":
            try needArgs(0...0)
            return ConstExpr(.double(1))
        case "NTILE":
            try needArgs(1...1)
            _ = try whole(0, "number of buckets", minimum: 1, absent: 1)
            return ConstExpr(.int(1))
        case "LAG", "LEAD":
            try needArgs(1...3)
            // Offset 0 is the record itself; any other offset falls outside the one-record buffer.
            if try whole(1, "offset", minimum: 0, absent: 1) == 0 { return try rowValue(args[0]) }
            return args.count == 3 ? try rowValue(args[2]) : ConstExpr(.null)
        case "FIRST_VALUE", "FIRST", "LAST_VALUE", "LAST":
            try needArgs(1...1)
            return try rowValue(args[0])
        case "NTH_VALUE":
            try needArgs(2...2)
            return try whole(1, "position", minimum: 1, absent: 1) == 1 ? try rowValue(args[0]) : ConstExpr(.null)
        default:
            guard AggregateFunctions.lookup(call.name) != nil else {
                throw SQLIssue.error("\(call.name) cannot be used with OVER (…) by the engine yet", at: call.nameSpan)
            }
            let aggregate = try ExecPlan.aggregate(call, scan: scan)
            let accumulator = try aggregate.makeAccumulator()
            // A frame that ends before the current row or starts after it holds no record.
            guard Self.frameHoldsCurrentRow(over.frame) else { return ConstExpr(accumulator.result()) }
            let values = try call.arguments.prefix(aggregate.args.count).map(rowValue)
            return OneRowAggregateExpr(accumulator, values)
        }
    }

    /// Velostream's frame offsets around the current row of a one-record buffer.
    static func frameHoldsCurrentRow(_ frame: SQLFrame?) -> Bool {
        guard let frame else { return true }
        func offset(_ b: SQLFrame.Bound) -> Int64 {
            switch b {
            // Velostream's frame calculation reads INTERVAL bounds as the current row.
            case .unboundedPreceding, .currentRow, .unboundedFollowing, .intervalPreceding, .intervalFollowing: return 0
            case .preceding(let n): return -n
            case .following(let n): return n
            }
        }
        return offset(frame.start) <= 0 && offset(frame.end) >= 0
    }
}

/// An aggregate over the one record of `OneRowWindowCall`: a fresh accumulator fed that record's values.
final class OneRowAggregateExpr: ExecExpr {
    let prototype: Accumulator
    let values: [ExecExpr]

    init(_ prototype: Accumulator, _ values: [ExecExpr]) {
        self.prototype = prototype
        self.values = values
    }

    override func eval(_ row: ExecRow) throws -> SQLValue {
        let accumulator = prototype.makeEmpty()
        switch values.count {
        case 0: try accumulator.add(.null) // COUNT(*): one record
        case 1: try accumulator.add(try values[0].eval(row))
        default: try accumulator.add(try values[0].eval(row), try values[1].eval(row))
        }
        return accumulator.result()
    }
}
