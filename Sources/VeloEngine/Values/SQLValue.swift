import VeloBase
import VeloJSON

/// A runtime SQL value. An enum with inline payloads so that expressions evaluate without boxing;
/// arrays and maps (SPLIT, JSON_EXTRACT of an object) ride in `.json`.
///
/// - `.timestamp` is epoch milliseconds UTC (what CAST(... AS TIMESTAMP) yields; written as ISO 8601).
///   `NOW()`, `_event_time`, `TUMBLE_START` stay plain `.int` epoch ms, as in Velostream.
/// - `.date` is days since 1970-01-01 (written as `YYYY-MM-DD`).
/// - Equality and hashing here are *grouping* semantics: NULL equals NULL and numbers compare by value
///   across int/double/decimal (1 == 1.0 == 1.00), so GROUP BY and DISTINCT treat them as one key.
///   SQL's `=` with three-valued logic is `SQLValue.equals`.
public enum SQLValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case decimal(SQLDecimal)
    case string(String)
    case timestamp(Int64)
    case date(Int32)
    case json(JSONValue)

    @inlinable public var isNull: Bool { if case .null = self { return true }; return false }

    /// The SQL type name, for messages.
    public var typeName: String {
        switch self {
        case .null: return "NULL"
        case .bool: return "BOOLEAN"
        case .int: return "BIGINT"
        case .double: return "DOUBLE"
        case .decimal(let d): return "DECIMAL(\(d.scale))"
        case .string: return "STRING"
        case .timestamp: return "TIMESTAMP"
        case .date: return "DATE"
        case .json: return "JSON"
        }
    }

    /// A Double for any numeric value (timestamps and dates as their epoch numbers); nil otherwise.
    @inlinable public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .decimal(let d): return d.doubleValue
        case .timestamp(let t): return Double(t)
        case .date(let d): return Double(d)
        default: return nil
        }
    }

    /// An Int64 for integers, integral doubles and decimals, timestamps; nil otherwise.
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9.2e18: return Int64(d)
        case .decimal(let d): return d.exactInt
        case .timestamp(let t): return t
        case .date(let d): return Int64(d)
        default: return nil
        }
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }

    public var isNumeric: Bool {
        switch self {
        case .int, .double, .decimal: return true
        default: return false
        }
    }
}

// MARK: JSON

extension SQLValue {
    /// From a decoded JSON value: numbers keep their kind, arrays and objects stay JSON.
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array, .object: self = .json(json)
        }
    }

    /// The value as JSON. Decimals become doubles here; `write(to:)` keeps their exact digits.
    public var jsonValue: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .decimal(let d): return d.scale == 0 ? .int(d.units) : .double(d.doubleValue)
        case .string(let s): return .string(s)
        case .timestamp(let t): return .string(Timestamps.formatISO(t))
        case .date(let d): return .string(Timestamps.formatDate(days: Int64(d)))
        case .json(let j): return j
        }
    }

    /// Writes the value straight into the output buffer (no intermediate JSONValue).
    /// Decimals print with their exact scale (`12.50`), which is valid JSON.
    @inlinable public func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.writeNull()
        case .bool(let b): writer.writeBool(b)
        case .int(let i): writer.writeInt(i)
        case .double(let d): writer.writeDouble(d)
        case .string(let s): writer.writeString(s)
        default: writeSlow(to: &writer)
        }
    }

    @usableFromInline package func writeSlow(to writer: inout JSONWriter) {
        switch self {
        case .decimal(let d): d.write(to: &writer)
        case .timestamp, .date: writer.write(jsonValue)
        case .json(let j): writer.write(j)
        default: writer.write(jsonValue)
        }
    }
}

// MARK: Grouping equality and hashing

extension SQLValue: Hashable {
    public static func == (a: SQLValue, b: SQLValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.timestamp(let x), .timestamp(let y)): return x == y
        case (.date(let x), .date(let y)): return x == y
        case (.json(let x), .json(let y)): return x == y
        default:
            guard a.isNumeric && b.isNumeric else { return false }
            return numbersEqual(a, b)
        }
    }

    /// `==` across numeric kinds, exact wherever an integer is involved (an int beyond 2^53 is not equal to
    /// the double next to it), so that equal values always have equal `numericHashKey`s: sets and hash
    /// tables of values (DISTINCT, COUNT(DISTINCT), UNION, IN lists) rely on that.
    private static func numbersEqual(_ a: SQLValue, _ b: SQLValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)): return compareIntDouble(x, y) == 0
        case (.double(let x), .int(let y)): return compareIntDouble(y, x) == 0
        case (.int(let x), .decimal(let y)), (.decimal(let y), .int(let x)): return y.exactInt == x
        case (.decimal(let x), .double(let y)), (.double(let y), .decimal(let x)):
            if let i = x.exactInt { return compareIntDouble(i, y) == 0 }
            return x.canonicalDouble == y
        case (.decimal(let x), .decimal(let y)): return SQLDecimal.compare(x, y) == 0
        default: return false
        }
    }

    /// What a number hashes as: its integer value when it is exactly an integer in Int64's range (so 1, 1.0
    /// and DECIMAL 1.00 hash alike), else the bits of its nearest double (NaN canonical).
    package enum NumericHashKey: Hashable {
        case integer(Int64)
        case double(UInt64)

        /// The key of an int, double or decimal; nil for other kinds.
        package init?(_ value: SQLValue) {
            switch value {
            case .int(let i): self = .integer(i)
            case .double(let d): self.init(d)
            case .decimal(let d): self = d.exactInt.map(NumericHashKey.integer) ?? NumericHashKey(d.canonicalDouble)
            default: return nil
            }
        }

        init(_ d: Double) {
            if d == d.rounded(), d >= -9.223372036854775808e18, d < 9.223372036854775808e18 {
                self = .integer(Int64(d))
            } else {
                self = .double(d.isNaN ? Double.nan.bitPattern : d.bitPattern)
            }
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let b): hasher.combine(1 as UInt8); hasher.combine(b)
        case .int, .double, .decimal: hasher.combine(2 as UInt8); hasher.combine(NumericHashKey(self)!)
        case .string(let s): hasher.combine(4 as UInt8); hasher.combine(s)
        case .timestamp(let t): hasher.combine(5 as UInt8); hasher.combine(t)
        case .date(let d): hasher.combine(6 as UInt8); hasher.combine(d)
        case .json(let j): hasher.combine(7 as UInt8); hasher.combine(j)
        }
    }
}

extension SQLValue: CustomStringConvertible {
    /// Plain text as CONCAT and CAST(... AS STRING) render it (strings unquoted, NULL as `NULL`).
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.description // shortest round-trip text, as in the JSON output
        case .decimal(let d): return d.description
        case .string(let s): return s
        case .timestamp(let t): return Timestamps.formatISO(t)
        case .date(let d): return Timestamps.formatDate(days: Int64(d))
        case .json(let j): return j.description
        }
    }
}

extension SQLValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}
