/// Arithmetic with SQL NULL semantics. Any NULL operand gives NULL. Type rules:
/// int op int → int (overflow is an error; `/` truncates toward zero as in Velostream and PostgreSQL);
/// decimal with int/decimal → decimal; anything with a double → double; timestamp ± int → timestamp,
/// timestamp − timestamp → int ms; date ± int → date (days). Numeric strings (CSV text) count as numbers.
/// Division or modulo by zero throws `RuntimeError(.divisionByZero)` for every numeric type.
extension SQLValue {
    public enum ArithmeticOperator: String, Sendable { case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%" }

    public static func arithmetic(_ op: ArithmeticOperator, _ a: SQLValue, _ b: SQLValue) throws -> SQLValue {
        switch op {
        case .add: return try add(a, b)
        case .subtract: return try subtract(a, b)
        case .multiply: return try multiply(a, b)
        case .divide: return try divide(a, b)
        case .modulo: return try modulo(a, b)
        }
    }

    @inlinable public static func add(_ a: SQLValue, _ b: SQLValue) throws -> SQLValue {
        if case .int(let x) = a, case .int(let y) = b {
            let (v, o) = x.addingReportingOverflow(y)
            if o { throw overflow(x, "+", y) }
            return .int(v)
        }
        if case .double(let x) = a, case .double(let y) = b { return try finite(x + y, x, "+", y) }
        if case .double(let x) = a, case .int(let y) = b { return try finite(x + Double(y), x, "+", Double(y)) }
        if case .decimal(let x) = a { return try decimal(.add, x, b) }
        if case .double(let x) = a, case .decimal(let y) = b { return try finite(x + y.doubleValue, x, "+", y.doubleValue) }
        return try slow(.add, a, b)
    }

    @inlinable public static func subtract(_ a: SQLValue, _ b: SQLValue) throws -> SQLValue {
        if case .int(let x) = a, case .int(let y) = b {
            let (v, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow(x, "-", y) }
            return .int(v)
        }
        if case .double(let x) = a, case .double(let y) = b { return try finite(x - y, x, "-", y) }
        if case .double(let x) = a, case .int(let y) = b { return try finite(x - Double(y), x, "-", Double(y)) }
        if case .decimal(let x) = a { return try decimal(.subtract, x, b) }
        if case .double(let x) = a, case .decimal(let y) = b { return try finite(x - y.doubleValue, x, "-", y.doubleValue) }
        return try slow(.subtract, a, b)
    }

    @inlinable public static func multiply(_ a: SQLValue, _ b: SQLValue) throws -> SQLValue {
        if case .int(let x) = a, case .int(let y) = b {
            let (v, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow(x, "*", y) }
            return .int(v)
        }
        if case .double(let x) = a, case .double(let y) = b { return try finite(x * y, x, "*", y) }
        if case .double(let x) = a, case .int(let y) = b { return try finite(x * Double(y), x, "*", Double(y)) }
        if case .decimal(let x) = a { return try decimal(.multiply, x, b) }
        if case .double(let x) = a, case .decimal(let y) = b { return try finite(x * y.doubleValue, x, "*", y.doubleValue) }
        return try slow(.multiply, a, b)
    }

    @inlinable public static func divide(_ a: SQLValue, _ b: SQLValue) throws -> SQLValue {
        if case .double(let x) = a, case .double(let y) = b {
            if y == 0 { throw divisionByZero() }
            return try finite(x / y, x, "/", y)
        }
        return try slow(.divide, a, b)
    }

    public static func modulo(_ a: SQLValue, _ b: SQLValue) throws -> SQLValue { try slow(.modulo, a, b) }

    public static func negate(_ a: SQLValue) throws -> SQLValue {
        switch a {
        case .null: return .null
        case .int(let x):
            if x == .min { throw RuntimeError(.overflow, "integer overflow in -(\(x))") }
            return .int(-x)
        case .double(let x): return .double(-x)
        case .decimal(let d):
            if d.units == .min { throw RuntimeError(.overflow, "decimal overflow in -(\(d))") }
            return .decimal(SQLDecimal(units: -d.units, scale: d.scale))
        case .string(let s):
            if let n = numberFromString(s) { return try negate(n) }
        default: break
        }
        throw RuntimeError(.typeMismatch, "cannot negate \(a.typeName) \(a.quoted)")
    }

    @usableFromInline package static func overflow(_ x: Int64, _ op: String, _ y: Int64) -> RuntimeError {
        RuntimeError(.overflow, "integer overflow in \(x) \(op) \(y)")
    }

    /// A double result, or an overflow failure when finite operands gave an infinity (`1e308 * 10`): written
    /// out it would be NULL, silently.
    @inline(__always) @usableFromInline package static func finite(_ r: Double, _ x: Double, _ op: String, _ y: Double) throws -> SQLValue {
        if r.isFinite || !x.isFinite || !y.isFinite { return .double(r) }
        throw RuntimeError(.overflow, "DOUBLE overflow in \(x) \(op) \(y)")
    }

    /// Decimal arithmetic (schema `decimal(N)` fields) without the general type dispatch: a decimal with
    /// a decimal or an integer stays an exact decimal (Velostream's ScaledInteger).
    @inline(__always) @usableFromInline package static func decimal(_ op: ArithmeticOperator, _ x: SQLDecimal, _ b: SQLValue) throws -> SQLValue {
        let y: SQLDecimal
        switch b {
        case .decimal(let d): y = d
        case .int(let i): y = SQLDecimal(units: i, scale: 0)
        default: return try slow(op, .decimal(x), b)
        }
        switch op {
        case .add: return .decimal(try SQLDecimal.add(x, y))
        case .subtract: return .decimal(try SQLDecimal.subtract(x, y))
        case .multiply: return .decimal(try SQLDecimal.multiply(x, y))
        default: return try slow(op, .decimal(x), b)
        }
    }

    @usableFromInline package static func divisionByZero() -> RuntimeError { RuntimeError(.divisionByZero, "division by zero") }

    @usableFromInline package static func slow(_ op: ArithmeticOperator, _ a: SQLValue, _ b: SQLValue) throws -> SQLValue {
        if a.isNull || b.isNull { return .null }
        switch (a, b) {
        case (.int(let x), .int(let y)):
            switch op {
            case .divide:
                if y == 0 { throw divisionByZero() }
                if x == .min && y == -1 { throw overflow(x, "/", y) }
                return .int(x / y)
            case .modulo:
                if y == 0 { throw divisionByZero() }
                if y == -1 { return .int(0) }
                return .int(x % y)
            case .add: return try add(a, b)
            case .subtract: return try subtract(a, b)
            case .multiply: return try multiply(a, b)
            }
        case (.timestamp(let t), _) where b.isIntegral:
            let d = b.intValue!
            switch op {
            case .add: return .timestamp(try addTimes(t, d))
            case .subtract: return .timestamp(try subtractTimes(t, d))
            default: break
            }
        case (_, .timestamp(let t)) where a.isIntegral && op == .add:
            return .timestamp(try addTimes(t, a.intValue!))
        case (.timestamp(let x), .timestamp(let y)) where op == .subtract:
            return .int(try subtractTimes(x, y))
        case (.date(let d), _) where b.isIntegral && (op == .add || op == .subtract):
            let n = b.intValue!
            let (r, o) = op == .add ? Int64(d).addingReportingOverflow(n) : Int64(d).subtractingReportingOverflow(n)
            guard !o, let v = Int32(exactly: r) else { throw RuntimeError(.overflow, "date out of range") }
            return .date(v)
        case (.date(let x), .date(let y)) where op == .subtract:
            return .int(Int64(x) - Int64(y))
        default: break
        }
        if case .string(let s) = a {
            guard let n = numberFromString(s) else { throw mismatch(op, a, b) }
            return try arithmetic(op, n, b)
        }
        if case .string(let s) = b {
            guard let n = numberFromString(s) else { throw mismatch(op, a, b) }
            return try arithmetic(op, a, n)
        }
        guard a.isNumeric && b.isNumeric else { throw mismatch(op, a, b) }
        if case .double = a { return try doubles(op, a.doubleValue!, b.doubleValue!) }
        if case .double = b { return try doubles(op, a.doubleValue!, b.doubleValue!) }
        // decimal with int or decimal
        let x = try a.asDecimal(), y = try b.asDecimal()
        switch op {
        case .add: return .decimal(try SQLDecimal.add(x, y))
        case .subtract: return .decimal(try SQLDecimal.subtract(x, y))
        case .multiply: return .decimal(try SQLDecimal.multiply(x, y))
        case .divide: return .decimal(try SQLDecimal.divide(x, y))
        case .modulo:
            if y.units == 0 { throw divisionByZero() }
            let (u, v, s) = try SQLDecimal.aligned(x, y)
            return .decimal(SQLDecimal(units: u % v, scale: s))
        }
    }

    package static func doubles(_ op: ArithmeticOperator, _ x: Double, _ y: Double) throws -> SQLValue {
        switch op {
        case .add: return try finite(x + y, x, "+", y)
        case .subtract: return try finite(x - y, x, "-", y)
        case .multiply: return try finite(x * y, x, "*", y)
        case .divide:
            if y == 0 { throw divisionByZero() }
            return try finite(x / y, x, "/", y)
        case .modulo:
            if y == 0 { throw divisionByZero() }
            return .double(x.truncatingRemainder(dividingBy: y))
        }
    }

    package static func addTimes(_ x: Int64, _ y: Int64) throws -> Int64 {
        let (v, o) = x.addingReportingOverflow(y)
        if o { throw RuntimeError(.overflow, "timestamp overflow") }
        return v
    }

    package static func subtractTimes(_ x: Int64, _ y: Int64) throws -> Int64 {
        let (v, o) = x.subtractingReportingOverflow(y)
        if o { throw RuntimeError(.overflow, "timestamp overflow") }
        return v
    }

    package static func mismatch(_ op: ArithmeticOperator, _ a: SQLValue, _ b: SQLValue) -> RuntimeError {
        RuntimeError(.typeMismatch, "cannot apply \(op.rawValue) to \(a.typeName) \(a.quoted) and \(b.typeName) \(b.quoted)")
    }

    package var isIntegral: Bool {
        switch self {
        case .int: return true
        case .decimal(let d): return d.exactInt != nil
        default: return false
        }
    }

    package func asDecimal() throws -> SQLDecimal {
        switch self {
        case .decimal(let d): return d
        case .int(let i): return SQLDecimal(units: i, scale: 0)
        case .double(let d): return try SQLDecimal(double: d, scale: 6)
        default: throw RuntimeError(.typeMismatch, "\(typeName) is not a number")
        }
    }

    /// SQL `||`: NULL if either side is NULL; other types render as text.
    public static func concatOperator(_ a: SQLValue, _ b: SQLValue) -> SQLValue {
        if a.isNull || b.isNull { return .null }
        if case .string(let x) = a, case .string(let y) = b { return .string(x + y) }
        return .string(a.description + b.description)
    }
}
