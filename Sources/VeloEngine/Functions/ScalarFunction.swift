/// A scalar SQL function the planner binds by name once and then calls per record.
///
/// `nullStrict` functions return NULL as soon as any argument is NULL, so their bodies never see NULL
/// (COALESCE, CONCAT, LEAST … opt out). Functions whose constant arguments are worth compiling
/// (regular expressions, JSON paths, date formats) offer `specialized(constants:)`, which the planner calls
/// with the literal arguments (nil where an argument is not constant).
public struct ScalarFunction: Sendable {
    public enum Implementation: Sendable {
        case nullary(@Sendable () throws -> SQLValue)
        case unary(@Sendable (SQLValue) throws -> SQLValue)
        case binary(@Sendable (SQLValue, SQLValue) throws -> SQLValue)
        case variadic(@Sendable ([SQLValue]) throws -> SQLValue)
    }

    public let name: String
    public let arity: ClosedRange<Int>
    public let nullStrict: Bool
    /// False for NOW() and friends: the planner must not fold them into constants.
    public let deterministic: Bool
    public let implementation: Implementation
    package let specializer: (@Sendable ([SQLValue?]) throws -> ScalarFunction?)?

    public init(
        _ name: String, arity: ClosedRange<Int>, nullStrict: Bool = true, deterministic: Bool = true,
        _ implementation: Implementation,
        specializer: (@Sendable ([SQLValue?]) throws -> ScalarFunction?)? = nil
    ) {
        self.name = name
        self.arity = arity
        self.nullStrict = nullStrict
        self.deterministic = deterministic
        self.implementation = implementation
        self.specializer = specializer
    }

    /// A version with constant arguments pre-compiled, or self. Throws when a constant is invalid
    /// (a bad regular expression), so the error surfaces before any record is read.
    public func specialized(constants: [SQLValue?]) throws -> ScalarFunction {
        guard let specializer else { return self }
        return try specializer(constants) ?? self
    }

    @inlinable public func call(_ args: [SQLValue]) throws -> SQLValue {
        guard arity.contains(args.count) else {
            throw RuntimeError.badArgument(name, "expects \(ScalarFunction.describe(arity)) arguments, got \(args.count)")
        }
        if nullStrict { for a in args where a.isNull { return .null } }
        switch implementation {
        case .nullary(let f): return try f()
        case .unary(let f): return try f(args[0])
        case .binary(let f): return try f(args[0], args[1])
        case .variadic(let f): return try f(args)
        }
    }

    /// Fast form for one argument (no array).
    @inlinable public func call(_ a: SQLValue) throws -> SQLValue {
        if nullStrict && a.isNull { return .null }
        switch implementation {
        case .unary(let f): return try f(a)
        default: return try call([a])
        }
    }

    /// Fast form for two arguments (no array).
    @inlinable public func call(_ a: SQLValue, _ b: SQLValue) throws -> SQLValue {
        if nullStrict && (a.isNull || b.isNull) { return .null }
        switch implementation {
        case .binary(let f): return try f(a, b)
        default: return try call([a, b])
        }
    }

    public static func describe(_ arity: ClosedRange<Int>) -> String {
        if arity.lowerBound == arity.upperBound { return "\(arity.lowerBound)" }
        if arity.upperBound == Int.max { return "at least \(arity.lowerBound)" }
        return "\(arity.lowerBound) to \(arity.upperBound)"
    }
}

/// The catalogue of scalar functions by (case-insensitive) name, aliases included.
public enum ScalarFunctions {
    public static let all: [String: ScalarFunction] = {
        var table: [String: ScalarFunction] = [:]
        for group in [mathFunctions, stringFunctions, dateTimeFunctions, conditionalFunctions, jsonFunctions, collectionFunctions] {
            for (names, function) in group {
                for name in names { table[name] = function }
            }
        }
        return table
    }()

    /// The function named `name` (any case), or nil.
    public static func lookup(_ name: String) -> ScalarFunction? { all[name.uppercased()] }

    /// Every name the catalogue knows (for "did you mean" and the docs).
    public static var names: [String] { all.keys.sorted() }

    // Helpers shared by the function files.

    package static func number(_ v: SQLValue, _ fn: String) throws -> SQLValue {
        switch v {
        case .int, .double, .decimal: return v
        case .string(let s):
            if let n = SQLValue.numberFromString(s) { return n }
        default: break
        }
        throw RuntimeError(.typeMismatch, "\(fn): expected a number, got \(v.typeName) \(v.quoted)")
    }

    package static func double(_ v: SQLValue, _ fn: String) throws -> Double {
        guard let d = try number(v, fn).doubleValue else { throw RuntimeError(.typeMismatch, "\(fn): expected a number") }
        return d
    }

    package static func int(_ v: SQLValue, _ fn: String) throws -> Int64 {
        let n = try number(v, fn)
        if let i = n.intValue { return i }
        if let d = n.doubleValue, d.isFinite, abs(d) < 9.2e18 { return Int64(d.rounded(.towardZero)) }
        throw RuntimeError(.typeMismatch, "\(fn): expected an integer, got \(v.typeName) \(v.quoted)")
    }

    package static func string(_ v: SQLValue) -> String {
        if case .string(let s) = v { return s }
        return v.description
    }
}
