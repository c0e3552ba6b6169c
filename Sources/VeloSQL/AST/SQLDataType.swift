/// The type names SQL accepts in `CAST(x AS T)`: the one table of SQL type names. The parser accepts exactly
/// these (`SQLGrammar.typeNames`), the analyzer types a CAST with `dataType`, and the engine's runtime type
/// (`SQLType` in VeloEngine) is made from a case by an exhaustive switch, so a new name cannot be missed.
public enum SQLCastType: String, Sendable, Hashable, CaseIterable {
    case integer = "INTEGER", bigint = "BIGINT", float = "FLOAT", double = "DOUBLE", decimal = "DECIMAL"
    case string = "STRING", varchar = "VARCHAR", boolean = "BOOLEAN", timestamp = "TIMESTAMP", date = "DATE"
    case time = "TIME", bytes = "BYTES", json = "JSON"

    /// The analyzer's type of a value cast to this type.
    public var dataType: SQLDataType {
        switch self {
        case .integer, .bigint: return .integer
        case .float, .double: return .float
        case .decimal: return .decimal
        case .string, .varchar: return .string
        case .boolean: return .boolean
        case .timestamp: return .timestamp
        case .date: return .date
        case .time: return .time
        case .bytes: return .bytes
        case .json: return .json
        }
    }
}

/// The value types the analyzer reasons about. `unknown` stands for "not known here" and matches anything.
///
/// Not a table of names anyone writes, so it has none of its own: it is coarser than SQL's types (no widths
/// or parameters: INTEGER and BIGINT are both `integer`) and has kinds no one spells (`interval`, `null`,
/// `unknown`). SQL names reach it through `SQLCastType.dataType`, schema fields through
/// `SQLDataType(fieldType:)`; the raw value is only how messages print it.
public enum SQLDataType: String, Sendable, Hashable, CaseIterable {
    case integer, float, decimal, string, boolean, timestamp, date, time, bytes, json, interval, null, unknown

    public var isNumeric: Bool { self == .integer || self == .float || self == .decimal }

    /// Whether values of the two types can be compared or mixed without an explicit CAST.
    public func isComparable(with other: SQLDataType) -> Bool {
        if self == other || self == .unknown || other == .unknown || self == .null || other == .null { return true }
        let timeLike: Set<SQLDataType> = [.timestamp, .date, .time, .integer, .string, .interval]
        if isNumeric && other.isNumeric { return true }
        if timeLike.contains(self) && timeLike.contains(other) && (self != .string || other != .integer)
            && (self != .integer || other != .string)
        {
            return true
        }
        if self == .json || other == .json { return true }
        return false
    }

    /// The result of arithmetic on two numbers.
    public static func promote(_ a: SQLDataType, _ b: SQLDataType) -> SQLDataType {
        if a == .unknown || b == .unknown { return .unknown }
        if a == .float || b == .float { return .float }
        if a == .decimal || b == .decimal { return .decimal }
        if a == .integer && b == .integer { return .integer }
        return .unknown
    }
}
