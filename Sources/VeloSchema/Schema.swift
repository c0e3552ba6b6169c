import VeloBase
import VeloJSON

/// A Velostream data-generation schema (`<name>.schema.yaml`, docs/schema.md).
///
/// Build one in code with the memberwise initializers, or load one with `SchemaLoader`. Keys Velo does not
/// know are kept in `unknownKeys` (here, in each field and in each field's constraints) and written back by
/// `SchemaWriter`, so a load → save round trip loses nothing Velostream might read.
public struct Schema: Sendable, Hashable {
    /// The name spec inputs refer to (not the file name).
    public var name: String
    public var description: String?
    /// How many records to generate; nil means Velostream's default (`Schema.defaultRecordCount`).
    public var recordCount: Int?
    /// The field whose value becomes the Kafka message key.
    public var keyField: String?
    public var fields: [SchemaField]
    /// Top-level keys Velo does not know, in file order.
    public var unknownKeys: JSONObject
    /// Where the schema and its parts came from, for error messages. Not part of equality.
    public var origin: SchemaOrigin?

    public static let defaultRecordCount = 1000

    public init(
        name: String, description: String? = nil, recordCount: Int? = nil, keyField: String? = nil,
        fields: [SchemaField], unknownKeys: JSONObject = JSONObject(), origin: SchemaOrigin? = nil
    ) {
        self.name = name
        self.description = description
        self.recordCount = recordCount
        self.keyField = keyField
        self.fields = fields
        self.unknownKeys = unknownKeys
        self.origin = origin
    }

    /// `recordCount`, or the default when unset.
    public var effectiveRecordCount: Int { recordCount ?? Schema.defaultRecordCount }

    /// The field named `name`, if any.
    public func field(named name: String) -> SchemaField? { fields.first { $0.name == name } }

    /// The top-level YAML keys Velostream knows, in the order Velo writes them.
    public static let knownKeys = ["name", "description", "record_count", "key_field", "fields"]

    public static func == (lhs: Schema, rhs: Schema) -> Bool {
        lhs.name == rhs.name && lhs.description == rhs.description && lhs.recordCount == rhs.recordCount
            && lhs.keyField == rhs.keyField && lhs.fields == rhs.fields && lhs.unknownKeys == rhs.unknownKeys
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(fields)
    }
}

/// One entry of `fields:`.
public struct SchemaField: Sendable, Hashable {
    public var name: String
    public var type: FieldType
    /// When true, about 10% of generated values are null.
    public var nullable: Bool
    public var description: String?
    public var constraints: FieldConstraints
    /// Field-level keys Velo does not know, in file order.
    public var unknownKeys: JSONObject

    public init(
        name: String, type: FieldType, nullable: Bool = false, description: String? = nil,
        constraints: FieldConstraints = FieldConstraints(), unknownKeys: JSONObject = JSONObject()
    ) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.description = description
        self.constraints = constraints
        self.unknownKeys = unknownKeys
    }

    /// The field-level YAML keys Velostream knows, in the order Velo writes them.
    public static let knownKeys = ["name", "type", "nullable", "description", "constraints"]
}

/// Where a loaded schema came from: its file and the position of each part, keyed by a path such as
/// `fields[2].constraints.range.min`. Validators use it to point errors at the right line.
public struct SchemaOrigin: Sendable, Hashable {
    /// The file as the user named it (`-` for stdin), or nil for text with no file.
    public var file: String?
    public var locations: [String: SourceLocation]

    public init(file: String?, locations: [String: SourceLocation] = [:]) {
        self.file = file
        self.locations = locations
    }

    /// The location of `path`, or of its nearest recorded ancestor (`a.b[1].c` → `a.b[1]` → `a.b` → `a`).
    public func location(of path: String) -> SourceLocation? {
        var path = Substring(path)
        while true {
            if let location = locations[String(path)] { return location }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            path = path[..<cut]
        }
    }
}
