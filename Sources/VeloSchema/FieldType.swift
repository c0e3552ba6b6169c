/// The type of a schema field, as Velostream's `.schema.yaml` spells it (docs/schema.md).
/// `decimal` carries its precision: the number of digits after the point (`type: {decimal: {precision: 2}}`).
///
/// Its own name table on purpose: these are the words of Velostream's schema files (lowercase, exact, with
/// `uuid` and without SQL's BIGINT, DOUBLE, VARCHAR, TIME, BYTES, JSON), a file format Velo must read and
/// write as Velostream does, not SQL type names (`SQLCastType`). The analyzer maps a field's type with
/// `SQLDataType(fieldType:)`.
public enum FieldType: Sendable, Hashable, CustomStringConvertible {
    case string
    case integer
    case float
    case boolean
    case timestamp
    case date
    case uuid
    case decimal(precision: Int)

    /// The simple types, spelled as in YAML. `decimal` is not here: it only exists in its map form.
    public static let simpleNames: [String] = ["string", "integer", "float", "boolean", "timestamp", "date", "uuid"]

    /// The simple type spelled `name` (exact, lowercase as Velostream requires), or nil.
    public init?(simpleName name: String) {
        switch name {
        case "string": self = .string
        case "integer": self = .integer
        case "float": self = .float
        case "boolean": self = .boolean
        case "timestamp": self = .timestamp
        case "date": self = .date
        case "uuid": self = .uuid
        default: return nil
        }
    }

    /// `string`, `integer`, … or `decimal(2)` (the short form used in messages and `@data` hints).
    public var description: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .timestamp: "timestamp"
        case .date: "date"
        case .uuid: "uuid"
        case .decimal(let precision): "decimal(\(precision))"
        }
    }

    /// Whether values are numbers (so `range` and `distribution` apply).
    public var isNumeric: Bool {
        switch self {
        case .integer, .float, .decimal: true
        default: false
        }
    }
}
