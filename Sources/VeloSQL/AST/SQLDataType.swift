/// The value types the analyzer reasons about. `unknown` stands for "not known here" and matches anything.
public enum SQLDataType: String, Sendable, Hashable, CaseIterable {
    case integer, float, decimal, string, boolean, timestamp, date, time, bytes, json, interval, null, unknown

    public var isNumeric: Bool { self == .integer || self == .float || self == .decimal }

    /// Types of a Velostream `.schema.yaml` field (reference §1) and of `CAST … AS T`.
    public init(schemaType: String) {
        switch schemaType.lowercased() {
        case "integer", "int", "bigint", "long": self = .integer
        case "float", "double": self = .float
        case "decimal": self = .decimal
        case "string", "varchar", "uuid", "text": self = .string
        case "boolean", "bool": self = .boolean
        case "timestamp": self = .timestamp
        case "date": self = .date
        case "time": self = .time
        case "bytes": self = .bytes
        case "json": self = .json
        default:
            self = schemaType.lowercased().hasPrefix("decimal") ? .decimal : .unknown
        }
    }

    /// Whether values of the two types can be compared or mixed without an explicit CAST.
    public func isComparable(with other: SQLDataType) -> Bool {
        if self == other || self == .unknown || other == .unknown || self == .null || other == .null { return true }
        let timeLike: Set<SQLDataType> = [.timestamp, .date, .time, .integer, .string, .interval]
        if isNumeric && other.isNumeric { return true }
        if timeLike.contains(self) && timeLike.contains(other) && (self != .string || other != .integer)
            && (self != .integer || other != .string) { return true }
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
