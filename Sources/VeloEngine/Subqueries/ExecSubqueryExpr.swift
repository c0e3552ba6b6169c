/// `x [NOT] IN (SELECT …)`.
package final class InSubqueryExpr: ExecExpr {
    package let value: ExecExpr
    package let table: SubqueryTable
    package let negated: Bool
    package init(_ value: ExecExpr, _ table: SubqueryTable, negated: Bool) { self.value = value; self.table = table; self.negated = negated }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        let x = try value.eval(row)
        let r = try table.answer(row).contains(x)
        return negated ? try SQLValue.not(r) : r
    }
}

/// `[NOT] EXISTS (SELECT …)`: never NULL.
package final class ExistsSubqueryExpr: ExecExpr {
    package let table: SubqueryTable
    package let negated: Bool
    package init(_ table: SubqueryTable, negated: Bool) { self.table = table; self.negated = negated }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        .bool(try table.hasRows(row) != negated)
    }
}

/// `(SELECT …)` as a value: NULL over no rows, a failed record over more than one.
package final class ScalarSubqueryExpr: ExecExpr {
    package let table: SubqueryTable
    package init(_ table: SubqueryTable) { self.table = table }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
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
package final class QuantifiedSubqueryExpr: ExecExpr {
    package let value: ExecExpr
    package let op: CompareExpr.Op
    package let all: Bool
    package let table: SubqueryTable
    package init(_ value: ExecExpr, _ op: CompareExpr.Op, all: Bool, _ table: SubqueryTable) {
        self.value = value; self.op = op; self.all = all; self.table = table
    }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        let x = try value.eval(row)
        return try table.answer(row).quantified(x, op, all: all)
    }
}
