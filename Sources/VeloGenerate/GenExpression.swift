import VeloBase
import VeloJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compiled `derived: {expression: …}`: field names, numbers, quoted strings, `true`/`false`/`null`,
/// `+ - * / %`, comparisons `>= <= == != > <` (and `=` for `==`), parentheses, and the functions `random()`,
/// `random(a, b)`, `abs`, `min`, `max`, `concat`, `round(x[, places])`, `floor`, `ceil` and `if(c, a, b)`.
///
/// Arithmetic follows ordinary precedence and groups left (`a - b - c` is `(a - b) - c`), where Velostream's
/// splitter groups right; `/` always gives a float, `+ - * %` keep integers when both sides are integers;
/// division by zero, a null operand and a type mismatch give null. `+` with a string concatenates. In quoted
/// strings `\n`, `\t` and `\r` are escapes, and a backslash keeps any other character (`\'`).
public struct GenExpression: Sendable {
    package indirect enum Node: Sendable {
        case literal(GenValue)
        /// A field of the record, by its index in the schema.
        case field(Int)
        case negate(Node)
        case binary(Operator, Node, Node)
        case call(Function, [Node])
    }

    package enum Operator: String, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    package enum Function: String, Sendable, CaseIterable {
        case random, abs, min, max, concat, round, floor, ceil, `if`

        package var arity: ClosedRange<Int> {
            switch self {
            case .random: 0...2
            case .abs, .floor, .ceil: 1...1
            case .min, .max: 1...64
            case .concat: 1...64
            case .round: 1...2
            case .if: 3...3
            }
        }
    }

    package let root: Node
    public let source: String
    /// Indices of the fields the expression reads, in first-use order.
    public let dependencies: [Int]

    /// - Parameter fields: the names of the schema's fields; identifiers resolve against them.
    public init(_ source: String, fields: [String]) throws(GenExpressionError) {
        self.source = source
        var parser = Parser(bytes: Array(source.utf8), fields: fields)
        root = try parser.parse()
        dependencies = parser.dependencies
    }

    /// Evaluates the expression; `value(i)` gives field i of the current record.
    public func evaluate(_ rng: inout GenRandom, value: (Int) -> GenValue) -> GenValue {
        GenExpression.eval(root, &rng, value)
    }

    private static func eval(_ node: Node, _ rng: inout GenRandom, _ value: (Int) -> GenValue) -> GenValue {
        switch node {
        case .literal(let v): return v
        case .field(let i): return value(i)
        case .negate(let inner):
            switch eval(inner, &rng, value) {
            case .int(let i): return .int(0 &- i)
            case .double(let d): return .double(-d)
            default: return .null
            }
        case .binary(let op, let l, let r):
            return binary(op, eval(l, &rng, value), eval(r, &rng, value))
        case .call(let function, let args):
            let values = args.map { eval($0, &rng, value) }
            return call(function, values, &rng)
        }
    }

    private static func binary(_ op: Operator, _ a: GenValue, _ b: GenValue) -> GenValue {
        if a.isNull || b.isNull { return .null }
        switch op {
        case .add:
            if case .string = a { return .string(a.text + b.text) }
            if case .string = b { return .string(a.text + b.text) }
            return arithmetic(a, b, { $0.addingReportingOverflow($1) }, +)
        case .subtract: return arithmetic(a, b, { $0.subtractingReportingOverflow($1) }, -)
        case .multiply: return arithmetic(a, b, { $0.multipliedReportingOverflow(by: $1) }, *)
        case .divide:
            guard let x = a.doubleValue, let y = b.doubleValue, y != 0 else { return .null }
            return .double(x / y)
        case .remainder:
            if case .int(let x) = a, case .int(let y) = b { return y == 0 ? .null : .int(x % y) }
            guard let x = a.doubleValue, let y = b.doubleValue, y != 0 else { return .null }
            return .double(fmod(x, y))
        case .equal: return compare(a, b).map { .bool($0 == 0) } ?? .null
        case .notEqual: return compare(a, b).map { .bool($0 != 0) } ?? .null
        case .less: return compare(a, b).map { .bool($0 < 0) } ?? .null
        case .lessOrEqual: return compare(a, b).map { .bool($0 <= 0) } ?? .null
        case .greater: return compare(a, b).map { .bool($0 > 0) } ?? .null
        case .greaterOrEqual: return compare(a, b).map { .bool($0 >= 0) } ?? .null
        }
    }

    private static func arithmetic(
        _ a: GenValue, _ b: GenValue,
        _ integer: (Int64, Int64) -> (partialValue: Int64, overflow: Bool),
        _ real: (Double, Double) -> Double
    ) -> GenValue {
        if case .int(let x) = a, case .int(let y) = b {
            let result = integer(x, y)
            if !result.overflow { return .int(result.partialValue) }
        }
        guard let x = a.doubleValue, let y = b.doubleValue else { return .null }
        return .double(real(x, y))
    }

    /// -1, 0, 1, or nil when the values cannot be compared.
    private static func compare(_ a: GenValue, _ b: GenValue) -> Int? {
        if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : x > y ? 1 : 0 }
        switch (a, b) {
        case (.string(let x), .string(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        default: return nil
        }
    }

    private static func call(_ function: Function, _ args: [GenValue], _ rng: inout GenRandom) -> GenValue {
        switch function {
        case .random:
            if args.isEmpty { return .double(rng.nextDouble()) }
            guard args.count == 2 else { return .null }
            if case .int(let lo) = args[0], case .int(let hi) = args[1] {
                return lo <= hi ? .int(rng.next(in: lo, hi)) : .int(rng.next(in: hi, lo))
            }
            guard let lo = args[0].doubleValue, let hi = args[1].doubleValue else { return .null }
            return .double(lo + rng.nextDouble() * (hi - lo))
        case .abs:
            switch args[0] {
            case .int(let i): return i == .min ? .double(-Double(i)) : .int(Swift.abs(i))
            case .double(let d): return .double(Swift.abs(d))
            default: return .null
            }
        case .min, .max:
            var best: GenValue?
            for arg in args {
                guard !arg.isNull else { return .null }
                guard let current = best else { best = arg; continue }
                guard let order = compare(arg, current) else { return .null }
                if function == .min ? order < 0 : order > 0 { best = arg }
            }
            return best ?? .null
        case .concat:
            return .string(args.map(\.text).joined())
        case .round, .floor, .ceil:
            if case .int = args[0], args.count == 1 { return args[0] }
            guard let x = args[0].doubleValue else { return .null }
            var places = 0.0
            if args.count == 2 {
                guard let p = args[1].doubleValue else { return .null }
                places = p.rounded()
            }
            let scale = pow(10, places)
            let rule: FloatingPointRoundingRule =
                function == .round
                ? .toNearestOrAwayFromZero
                : function == .floor ? .down : .up
            let result = (x * scale).rounded(rule) / scale
            if places <= 0, Swift.abs(result) < 9.0e18 { return .int(Int64(result)) }
            return .double(result)
        case .if:
            guard case .bool(let condition) = args[0] else { return args[0].isNull ? args[2] : .null }
            return condition ? args[1] : args[2]
        }
    }

    // MARK: parsing

    private struct Parser {
        let bytes: [UInt8]
        let fields: [String]
        var i = 0
        var dependencies: [Int] = []

        init(bytes: [UInt8], fields: [String]) {
            self.bytes = bytes
            self.fields = fields
        }

        mutating func parse() throws(GenExpressionError) -> Node {
            skipSpaces()
            guard i < bytes.count else { throw GenExpressionError("the expression is empty", offset: 0) }
            let node = try comparison()
            skipSpaces()
            if i < bytes.count {
                throw GenExpressionError("unexpected '\(rest(at: i))'", offset: i)
            }
            return node
        }

        func rest(at offset: Int) -> String {
            String(decoding: bytes[offset..<min(bytes.count, offset + 12)], as: UTF8.self)
        }

        mutating func skipSpaces() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        mutating func take(_ text: String) -> Bool {
            skipSpaces()
            let t = Array(text.utf8)
            guard bytes[i...].starts(with: t) else { return false }
            i += t.count
            return true
        }

        mutating func comparison() throws(GenExpressionError) -> Node {
            var left = try additive()
            while true {
                let op: Operator
                if take(">=") {
                    op = .greaterOrEqual
                } else if take("<=") {
                    op = .lessOrEqual
                } else if take("==") {
                    op = .equal
                } else if take("!=") || take("<>") {
                    op = .notEqual
                } else if take(">") {
                    op = .greater
                } else if take("<") {
                    op = .less
                } else if take("=") {
                    op = .equal
                } else {
                    return left
                }
                left = .binary(op, left, try additive())
            }
        }

        mutating func additive() throws(GenExpressionError) -> Node {
            var left = try multiplicative()
            while true {
                if take("+") {
                    left = .binary(.add, left, try multiplicative())
                } else if take("-") {
                    left = .binary(.subtract, left, try multiplicative())
                } else {
                    return left
                }
            }
        }

        mutating func multiplicative() throws(GenExpressionError) -> Node {
            var left = try unary()
            while true {
                if take("*") {
                    left = .binary(.multiply, left, try unary())
                } else if take("/") {
                    left = .binary(.divide, left, try unary())
                } else if take("%") {
                    left = .binary(.remainder, left, try unary())
                } else {
                    return left
                }
            }
        }

        mutating func unary() throws(GenExpressionError) -> Node {
            if take("-") {
                let inner = try unary()
                if case .literal(.int(let v)) = inner { return .literal(.int(0 &- v)) }
                if case .literal(.double(let v)) = inner { return .literal(.double(-v)) }
                return .negate(inner)
            }
            if take("+") { return try unary() }
            return try primary()
        }

        mutating func primary() throws(GenExpressionError) -> Node {
            skipSpaces()
            guard i < bytes.count else { throw GenExpressionError("the expression ends too early", offset: i) }
            let start = i
            let c = bytes[i]
            if c == UInt8(ascii: "(") {
                i += 1
                let inner = try comparison()
                guard take(")") else { throw GenExpressionError("missing ')'", offset: start) }
                return inner
            }
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                i += 1
                var text: [UInt8] = []
                while i < bytes.count, bytes[i] != c {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                        i += 1
                        switch bytes[i] {
                        case UInt8(ascii: "n"): text.append(0x0A)
                        case UInt8(ascii: "t"): text.append(0x09)
                        case UInt8(ascii: "r"): text.append(0x0D)
                        default: text.append(bytes[i])
                        }
                    } else {
                        text.append(bytes[i])
                    }
                    i += 1
                }
                guard i < bytes.count else { throw GenExpressionError("unclosed string", offset: start) }
                i += 1
                return .literal(.string(String(decoding: text, as: UTF8.self)))
            }
            if isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < bytes.count && isDigit(bytes[i + 1])) {
                while i < bytes.count, isDigit(bytes[i]) || bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "_") { i += 1 }
                if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                    i += 1
                    if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
                    while i < bytes.count, isDigit(bytes[i]) { i += 1 }
                }
                let text = String(decoding: bytes[start..<i], as: UTF8.self).replacingUnderscores()
                if let int = Int64(text) { return .literal(.int(int)) }
                if let double = Double(text) { return .literal(.double(double)) }
                throw GenExpressionError("'\(text)' is not a number", offset: start)
            }
            guard isIdentifierStart(c) else { throw GenExpressionError("unexpected '\(rest(at: i))'", offset: i) }
            while i < bytes.count, isIdentifierStart(bytes[i]) || isDigit(bytes[i]) { i += 1 }
            let name = String(decoding: bytes[start..<i], as: UTF8.self)
            skipSpaces()
            if i < bytes.count, bytes[i] == UInt8(ascii: "(") {
                guard let function = Function(rawValue: name.lowercased()) else {
                    let hint = Suggest.closest(to: name, among: Function.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
                    throw GenExpressionError("unknown function '\(name)'\(hint)", offset: start)
                }
                i += 1
                var args: [Node] = []
                if !take(")") {
                    repeat { args.append(try comparison()) } while take(",")
                    guard take(")") else { throw GenExpressionError("missing ')' after the arguments of \(name)", offset: start) }
                }
                guard function.arity.contains(args.count) else {
                    throw GenExpressionError("\(function.rawValue) takes \(describe(function.arity)), not \(args.count)", offset: start)
                }
                if function == .random, args.count == 1 {
                    throw GenExpressionError("random takes no argument or two (random(low, high))", offset: start)
                }
                return .call(function, args)
            }
            switch name.lowercased() {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default: break
            }
            guard let index = fields.firstIndex(of: name) else {
                let hint = Suggest.closest(to: name, among: fields).map { " (did you mean '\($0)'?)" } ?? ""
                throw GenExpressionError("unknown field '\(name)'\(hint)", offset: start)
            }
            if !dependencies.contains(index) { dependencies.append(index) }
            return .field(index)
        }

        func describe(_ arity: ClosedRange<Int>) -> String {
            arity.lowerBound == arity.upperBound
                ? "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
                : arity.upperBound >= 64
                    ? "at least \(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
                    : "\(arity.lowerBound) to \(arity.upperBound) arguments"
        }

        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        func isIdentifierStart(_ c: UInt8) -> Bool {
            (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: "_") || c >= 0x80
        }
    }
}

/// An expression that cannot be compiled; `offset` is the byte offset in the expression text.
public struct GenExpressionError: Error, Sendable, Equatable {
    public var message: String
    public var offset: Int
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
}

extension String {
    package func replacingUnderscores() -> String { String(unicodeScalars.filter { $0 != "_" }.map(Character.init)) }
}
