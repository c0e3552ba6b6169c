import VeloSchema

/// The result of inference: a `Schema` plus, for `--explain`, the reasons behind each choice.
public struct InferredSchema: Sendable, Equatable {
    public var name: String
    public var fields: [InferredField]
    public var keyField: String?
    /// Valid records read.
    public var records: Int
    public var badLines: Int
    /// Notes about the whole input (key field choice, ignored keys).
    public var notes: [String] = []

    /// The schema in Velostream's format.
    public var schema: Schema {
        Schema(name: name, keyField: keyField, fields: fields.map(\.schemaField))
    }
}

public struct InferredField: Sendable, Equatable {
    public var name: String
    public var type: FieldType
    public var nullable: Bool
    public var description: String?
    public var constraints = FieldConstraints()
    /// Why: one line per decision, for `--explain`.
    public var reasons: [String] = []
    /// The kinds of values that were met and widened into `type` (empty when the field was consistent).
    public var conflicts: [String] = []

    public init(name: String, type: FieldType, nullable: Bool) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }

    public var schemaField: SchemaField {
        SchemaField(name: name, type: type, nullable: nullable, description: description, constraints: constraints)
    }
}
