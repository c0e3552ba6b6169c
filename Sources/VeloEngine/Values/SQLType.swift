import VeloSQL

/// The target types of CAST (docs/engine-runtime.md, "Semantics"): the runtime side of `SQLCastType`, with
/// the parameters the SQL names take (DECIMAL(p, s), VARCHAR(n)) and the widths the analyzer ignores
/// (INTEGER is range-checked to 32 bits, BIGINT is not). Its names are `SQLCastType`'s: no table of its own.
public enum SQLType: Sendable, Equatable, CustomStringConvertible {
    case integer // 32-bit, range-checked
    case bigint
    case float
    case double
    case decimal(precision: Int, scale: Int)
    case string
    case varchar(Int?)
    case boolean
    case timestamp
    case date
    case time
    case bytes
    case json

    /// The runtime type of a SQL type name and its parameters as the parser reads them (`SQLTypeName`):
    /// `(.decimal, [10, 2])`. DECIMAL without parameters is DECIMAL(18, 6); nil for a DECIMAL outside
    /// 1 ≤ p ≤ 18, 0 ≤ s ≤ p. Other types ignore parameters.
    public init?(_ name: SQLCastType, parameters: [Int] = []) {
        switch name {
        case .integer: self = .integer
        case .bigint: self = .bigint
        case .float: self = .float
        case .double: self = .double
        case .decimal:
            let p = parameters.first ?? 18
            let s = parameters.count > 1 ? parameters[1] : (parameters.isEmpty ? 6 : 0)
            guard p >= 1, p <= 18, s >= 0, s <= p else { return nil }
            self = .decimal(precision: p, scale: s)
        case .string: self = .string
        case .varchar: self = .varchar(parameters.first)
        case .boolean: self = .boolean
        case .timestamp: self = .timestamp
        case .date: self = .date
        case .time: self = .time
        case .bytes: self = .bytes
        case .json: self = .json
        }
    }

    /// The SQL name of this type.
    public var castType: SQLCastType {
        switch self {
        case .integer: return .integer
        case .bigint: return .bigint
        case .float: return .float
        case .double: return .double
        case .decimal: return .decimal
        case .string: return .string
        case .varchar: return .varchar
        case .boolean: return .boolean
        case .timestamp: return .timestamp
        case .date: return .date
        case .time: return .time
        case .bytes: return .bytes
        case .json: return .json
        }
    }

    public var description: String {
        switch self {
        case .decimal(let p, let s): return "DECIMAL(\(p),\(s))"
        case .varchar(let n?): return "VARCHAR(\(n))"
        default: return castType.rawValue
        }
    }
}
