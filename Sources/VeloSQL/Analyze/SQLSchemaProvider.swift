import VeloSchema

/// A column the analyzer knows: its name and type.
public struct SQLField: Sendable, Hashable {
    public var name: String
    public var type: SQLDataType
    public init(_ name: String, _ type: SQLDataType) {
        self.name = name
        self.type = type
    }
}

/// Where the analyzer learns the fields of sources it does not create itself.
public protocol SQLSchemaProvider: Sendable {
    /// The fields of a source, or nil when this provider does not know it.
    func fields(of source: String) -> [SQLField]?
    /// Every source name known, for "did you mean".
    var sourceNames: [String] { get }
}

/// Sources and their fields in memory, e.g. loaded from a directory of `.schema.yaml` files.
public struct SQLSchemaSet: SQLSchemaProvider {
    public var sources: [String: [SQLField]]

    public init(_ sources: [String: [SQLField]] = [:]) { self.sources = sources }

    /// The schemas of `velo-… --schemas DIR`: each schema's `name` is the source it describes.
    public init(_ directory: SchemaDirectory) {
        var sources: [String: [SQLField]] = [:]
        for schema in directory.schemas {
            sources[schema.name] = schema.fields.map { SQLField($0.name, SQLDataType(fieldType: $0.type)) }
        }
        self.sources = sources
    }

    public func fields(of source: String) -> [SQLField]? { sources[source] }
    public var sourceNames: [String] { sources.keys.sorted() }
}

extension SQLDataType {
    /// The analyzer's type of a schema field (`FieldType` keeps Velostream's schema spellings; see there why).
    public init(fieldType: FieldType) {
        switch fieldType {
        case .string, .uuid: self = .string
        case .integer: self = .integer
        case .float: self = .float
        case .boolean: self = .boolean
        case .timestamp: self = .timestamp
        case .date: self = .date
        case .decimal: self = .decimal
        }
    }
}
