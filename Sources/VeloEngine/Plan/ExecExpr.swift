/// The values one operator works on: input fields and system columns for scan-side expressions, or a
/// group's keys, aggregate results and window bounds for output expressions. One row object is reused
/// for every record (no per-record allocation); slots are filled in place.
public final class ExecRow {
    /// Raw memory rather than an array: writing a slot then needs no uniqueness check or exclusivity
    /// bookkeeping, which showed up as a tenth of the per-record time.
    public let slots: UnsafeMutableBufferPointer<SQLValue>

    public init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: .null)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    @inline(__always) public subscript(i: Int) -> SQLValue {
        get { slots[i] }
        set { slots[i] = newValue }
    }
}

/// A compiled expression: a tree of small final classes evaluated over an `ExecRow`.
/// Built once per query by `ExecCompiler`; constants are folded at build time.
public class ExecExpr {
    public func eval(_ row: ExecRow) throws -> SQLValue { .null }
    /// A constant value, when the expression is one (used for folding and for function specialization).
    public var constant: SQLValue? { nil }
}

package final class SlotExpr: ExecExpr {
    package let index: Int
    package init(_ index: Int) { self.index = index }
    package override func eval(_ row: ExecRow) throws -> SQLValue { row.slots[index] }
}

package final class ConstExpr: ExecExpr {
    package let value: SQLValue
    package init(_ value: SQLValue) { self.value = value }
    package override func eval(_ row: ExecRow) throws -> SQLValue { value }
    package override var constant: SQLValue? { value }
}

package final class ArithmeticExpr: ExecExpr {
    package enum Op { case add, subtract, multiply, divide, modulo, concat }
    package let op: Op
    package let lhs: ExecExpr, rhs: ExecExpr
    package init(_ op: Op, _ lhs: ExecExpr, _ rhs: ExecExpr) { self.op = op; self.lhs = lhs; self.rhs = rhs }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        let a = try lhs.eval(row), b = try rhs.eval(row)
        switch op {
        case .add: return try SQLValue.add(a, b)
        case .subtract: return try SQLValue.subtract(a, b)
        case .multiply: return try SQLValue.multiply(a, b)
        case .divide: return try SQLValue.divide(a, b)
        case .modulo: return try SQLValue.modulo(a, b)
        case .concat: return SQLValue.concatOperator(a, b)
        }
    }
}

package final class CompareExpr: ExecExpr {
    package enum Op { case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual }
    package let op: Op
    package let lhs: ExecExpr, rhs: ExecExpr
    package init(_ op: Op, _ lhs: ExecExpr, _ rhs: ExecExpr) { self.op = op; self.lhs = lhs; self.rhs = rhs }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        let a = try lhs.eval(row), b = try rhs.eval(row)
        guard let c = try SQLValue.compare(a, b) else { return .null }
        switch op {
        case .equal: return .bool(c == 0)
        case .notEqual: return .bool(c != 0)
        case .less: return .bool(c < 0)
        case .lessOrEqual: return .bool(c <= 0)
        case .greater: return .bool(c > 0)
        case .greaterOrEqual: return .bool(c >= 0)
        }
    }
}

/// AND/OR with SQL's three-valued logic; the right side is skipped when the left decides.
package final class LogicExpr: ExecExpr {
    package let isAnd: Bool
    package let lhs: ExecExpr, rhs: ExecExpr
    package init(and: Bool, _ lhs: ExecExpr, _ rhs: ExecExpr) { self.isAnd = and; self.lhs = lhs; self.rhs = rhs }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        let a = try lhs.eval(row).truth()
        if isAnd {
            if a == false { return .bool(false) }
            let b = try rhs.eval(row).truth()
            if b == false { return .bool(false) }
            return (a == nil || b == nil) ? .null : .bool(true)
        } else {
            if a == true { return .bool(true) }
            let b = try rhs.eval(row).truth()
            if b == true { return .bool(true) }
            return (a == nil || b == nil) ? .null : .bool(false)
        }
    }
}

package final class NotExpr: ExecExpr {
    package let inner: ExecExpr
    package init(_ inner: ExecExpr) { self.inner = inner }
    package override func eval(_ row: ExecRow) throws -> SQLValue { try SQLValue.not(try inner.eval(row)) }
}

package final class NegateExpr: ExecExpr {
    package let inner: ExecExpr
    package init(_ inner: ExecExpr) { self.inner = inner }
    package override func eval(_ row: ExecRow) throws -> SQLValue { try SQLValue.negate(try inner.eval(row)) }
}

package final class IsNullExpr: ExecExpr {
    package let inner: ExecExpr
    package let negated: Bool
    package init(_ inner: ExecExpr, negated: Bool) { self.inner = inner; self.negated = negated }
    package override func eval(_ row: ExecRow) throws -> SQLValue { .bool(try inner.eval(row).isNull != negated) }
}

package final class BetweenExpr: ExecExpr {
    package let value: ExecExpr, low: ExecExpr, high: ExecExpr
    package let negated: Bool
    package init(_ value: ExecExpr, _ low: ExecExpr, _ high: ExecExpr, negated: Bool) {
        self.value = value; self.low = low; self.high = high; self.negated = negated
    }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        let r = try SQLValue.between(try value.eval(row), try low.eval(row), try high.eval(row))
        return negated ? try SQLValue.not(r) : r
    }
}

package final class InListExpr: ExecExpr {
    package let value: ExecExpr
    package let items: [ExecExpr]
    package let negated: Bool
    package init(_ value: ExecExpr, _ items: [ExecExpr], negated: Bool) { self.value = value; self.items = items; self.negated = negated }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        let v = try value.eval(row)
        var list: [SQLValue] = []
        list.reserveCapacity(items.count)
        for item in items { list.append(try item.eval(row)) }
        let r = try SQLValue.isIn(v, list)
        return negated ? try SQLValue.not(r) : r
    }
}

/// `x IN (constants…)` without building a list per record.
package final class InConstantsExpr: ExecExpr {
    package let value: ExecExpr
    package let list: [SQLValue]
    package let negated: Bool
    package init(_ value: ExecExpr, _ list: [SQLValue], negated: Bool) { self.value = value; self.list = list; self.negated = negated }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        let r = try SQLValue.isIn(try value.eval(row), list)
        return negated ? try SQLValue.not(r) : r
    }
}

package final class LikeExpr: ExecExpr {
    package let value: ExecExpr
    package let pattern: ExecExpr
    package let negated: Bool
    /// The compiled pattern: fixed for a literal, else cached for the last pattern text seen.
    package var compiled: LikePattern?
    package var compiledText: String?
    package init(_ value: ExecExpr, _ pattern: ExecExpr, negated: Bool) throws {
        self.value = value; self.pattern = pattern; self.negated = negated
        if case .string(let p)? = pattern.constant {
            compiled = try LikePattern(p)
            compiledText = p
        }
    }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        let v = try value.eval(row)
        if v.isNull { return .null }
        let p = try pattern.eval(row)
        if p.isNull { return .null }
        let text = ScalarFunctions.string(p)
        if compiledText != text {
            compiled = try LikePattern(text)
            compiledText = text
        }
        let r = compiled!.evaluate(v)
        return negated ? try SQLValue.not(r) : r
    }
}

package final class CaseExpr: ExecExpr {
    package let operand: ExecExpr?
    package let whens: [(ExecExpr, ExecExpr)]
    package let otherwise: ExecExpr?
    package init(operand: ExecExpr?, whens: [(ExecExpr, ExecExpr)], otherwise: ExecExpr?) {
        self.operand = operand; self.whens = whens; self.otherwise = otherwise
    }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        if let operand {
            let v = try operand.eval(row)
            for (w, r) in whens where try SQLValue.equals(v, try w.eval(row)).truth() == true { return try r.eval(row) }
        } else {
            for (w, r) in whens where try w.eval(row).truth() == true { return try r.eval(row) }
        }
        return try otherwise?.eval(row) ?? .null
    }
}

package final class CastExpr: ExecExpr {
    package let inner: ExecExpr
    package let type: SQLType
    package init(_ inner: ExecExpr, _ type: SQLType) { self.inner = inner; self.type = type }
    package override func eval(_ row: ExecRow) throws -> SQLValue { try inner.eval(row).cast(to: type) }
}

package final class FunctionExpr: ExecExpr {
    package let function: ScalarFunction
    package let args: [ExecExpr]
    package init(_ function: ScalarFunction, _ args: [ExecExpr]) { self.function = function; self.args = args }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        switch args.count {
        case 0: return try function.call([])
        case 1: return try function.call(try args[0].eval(row))
        case 2: return try function.call(try args[0].eval(row), try args[1].eval(row))
        default:
            var values: [SQLValue] = []
            values.reserveCapacity(args.count)
            for a in args { values.append(try a.eval(row)) }
            return try function.call(values)
        }
    }
}

/// A fixed list of compiled expressions evaluated per record without reference counting: the owning array
/// keeps the nodes alive, and calls go through unmanaged references (loading a class reference out of an
/// array retains and releases it, which showed up in the per-record profile).
///
/// Non-copyable, so the unmanaged references cannot outlive the array that keeps their nodes alive: the
/// list frees its own memory when its owner goes away, and a copy that could dangle does not compile.
package struct ExprList: ~Copyable {
    private let owner: [ExecExpr]
    private let refs: UnsafeMutableBufferPointer<Unmanaged<ExecExpr>>

    package init(_ exprs: [ExecExpr]) {
        owner = exprs
        refs = .allocate(capacity: exprs.count)
        _ = refs.initialize(from: exprs.map { Unmanaged.passUnretained($0) })
    }

    deinit { refs.deallocate() }

    package var count: Int { refs.count }

    @inline(__always) package func eval(_ i: Int, _ row: ExecRow) throws -> SQLValue {
        try refs[i]._withUnsafeGuaranteedRef { try $0.eval(row) }
    }
}
