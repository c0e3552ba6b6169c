/// `x [NOT] IN (SELECT …)`.
final class InSubqueryExpr: ExecExpr {
    let value: ExecExpr
    let table: SubqueryTable
    let negated: Bool
    init(_ value: ExecExpr, _ table: SubqueryTable, negated: Bool) { self.value = value; self.table = table; self.negated = negated }
    override func eval(_ row: ExecRow) throws -> SQLValue {
        let x = try value.eval(row)
        let r = try table.answer(row).contains(x)
        return negated ? try SQLValue.not(r) : r
    }
}

/// `[NOT] EXISTS (SELECT …)`: never NULL.
final class ExistsSubqueryExpr: ExecExpr {
    let table: SubqueryTable
    let negated: Bool
    init(_ table: SubqueryTable, negated: Bool) { self.table = table; self.negated = negated }
    override func eval(_ row: ExecRow) throws -> SQLValue {
        .bool(try table.hasRows(row) != negated)
    }
}

/// `(SELECT …)` as a value: NULL over no rows, a failed record over more than one.
final class ScalarSubqueryExpr: ExecExpr {
    let table: SubqueryTable
    init(_ table: SubqueryTable) { self.table = table }
    override func eval(_ row: ExecRow) throws -> SQLValue {
        let values = try table.answer(row).values
        switch values.count {
        case 0: return .null
        case 1: return values[0]
        default:
            throw RuntimeError(.subqueryRows, "scalar subquery over '\(table.sourceName)' returned \(values.count) rows, expected at most 1")
        }
    }
}

/// `x op ANY (SELECT …)` / `x op ALL (SELECT …)`.
final class QuantifiedSubqueryExpr: ExecExpr {
    let value: ExecExpr
    let op: CompareExpr.Op
    let all: Bool
    let table: SubqueryTable
    init(_ value: ExecExpr, _ op: CompareExpr.Op, all: Bool, _ table: SubqueryTable) {
        self.value = value; self.op = op; self.all = all; self.table = table
    }
    override func eval(_ row: ExecRow) throws -> SQLValue {
        let x = try value.eval(row)
        return try table.answer(row).quantified(x, op, all: all)
    }
}
