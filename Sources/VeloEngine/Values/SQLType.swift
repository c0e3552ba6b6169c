import VeloBase


/// The target types of CAST (reference §5).
public enum SQLType: Sendable, Equatable, CustomStringConvertible {
    case integer   // 32-bit, range-checked
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

    /// From a type name and its parameters as the parser reads them (`SQLTypeName.name`/`.parameters`):
    /// `("DECIMAL", [10, 2])`.
    /// DECIMAL without parameters is DECIMAL(18, 6). nil for an unknown name.
    public init?(name: String, parameters: [Int] = []) {
        switch name.uppercased() {
        case "INTEGER", "INT", "INT4", "SMALLINT", "TINYINT": self = .integer
        case "BIGINT", "INT8", "LONG": self = .bigint
        case "FLOAT", "REAL", "FLOAT4": self = .float
        case "DOUBLE", "FLOAT8", "DOUBLE PRECISION": self = .double
        case "DECIMAL", "NUMERIC", "DEC":
            let p = parameters.first ?? 18
            let s = parameters.count > 1 ? parameters[1] : (parameters.isEmpty ? 6 : 0)
            guard p >= 1, p <= 18, s >= 0, s <= p else { return nil }
            self = .decimal(precision: p, scale: s)
        case "STRING", "TEXT", "UUID": self = .string
        case "VARCHAR", "CHAR": self = .varchar(parameters.first)
        case "BOOLEAN", "BOOL": self = .boolean
        case "TIMESTAMP", "DATETIME": self = .timestamp
        case "DATE": self = .date
        case "TIME": self = .time
        case "BYTES", "BINARY", "VARBINARY", "BLOB": self = .bytes
        case "JSON", "ARRAY", "MAP", "STRUCT": self = .json
        default: return nil
        }
    }

    /// Parses `DECIMAL(10, 2)`, `varchar(20)`, `BIGINT`.
    public init?(parsing text: String) {
        let t = text.sqlTrimmedSpaces
        if let open = t.firstIndex(of: "("), t.hasSuffix(")") {
            let name = String(t[..<open]).sqlTrimmedSpaces
            let inner = t[t.index(after: open)..<t.index(before: t.endIndex)]
            var params: [Int] = []
            for part in inner.split(separator: ",") {
                guard let n = Int(String(part).sqlTrimmedSpaces) else { return nil }
                params.append(n)
            }
            self.init(name: String(name), parameters: params)
        } else {
            self.init(name: String(t))
        }
    }

    public var description: String {
        switch self {
        case .integer: return "INTEGER"
        case .bigint: return "BIGINT"
        case .float: return "FLOAT"
        case .double: return "DOUBLE"
        case .decimal(let p, let s): return "DECIMAL(\(p),\(s))"
        case .string: return "STRING"
        case .varchar(let n): return n.map { "VARCHAR(\($0))" } ?? "VARCHAR"
        case .boolean: return "BOOLEAN"
        case .timestamp: return "TIMESTAMP"
        case .date: return "DATE"
        case .time: return "TIME"
        case .bytes: return "BYTES"
        case .json: return "JSON"
        }
    }
}
