/// A name as written (quotes removed). Printing quotes it again only when it must.
public struct SQLIdentifier: Sendable, Hashable, CustomStringConvertible {
    public var value: String
    public var span: SQLSpan
    /// Written in quotes. Like the span, it is not part of identity: `"price"` and `price` are one name.
    public var quoted: Bool

    public init(_ value: String, span: SQLSpan = .none, quoted: Bool = false) {
        self.value = value
        self.span = span
        self.quoted = quoted
    }
    public var description: String { value }

    public static func == (lhs: SQLIdentifier, rhs: SQLIdentifier) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// `-- @key: value`. Keys are case-insensitive and kept lowercased.
public struct SQLAnnotation: Sendable, Hashable {
    public var key: String
    public var value: String
    public var span: SQLSpan
    public init(key: String, value: String, span: SQLSpan = .none) {
        self.key = key.lowercased()
        self.value = value
        self.span = span
    }
}

/// One `'key' = 'value'` of a `WITH (…)` block. Values are kept as text, as Velostream reads them.
public struct SQLProperty: Sendable, Hashable {
    public var key: String
    public var value: String
    public var keySpan: SQLSpan
    public var valueSpan: SQLSpan
    public init(key: String, value: String, keySpan: SQLSpan = .none, valueSpan: SQLSpan = .none) {
        self.key = key
        self.value = value
        self.keySpan = keySpan
        self.valueSpan = valueSpan
    }
}

public enum SQLEmitMode: String, Sendable, Hashable { case changes, final }

public struct SQLEmit: Sendable, Hashable {
    public var mode: SQLEmitMode
    public var span: SQLSpan
}

/// A whole `.sql` file: app-level annotations and the statements in order.
public struct SQLScript: Sendable, Hashable {
    /// `-- SQL Application: <name>` when the file has that header.
    public var applicationHeader: String?
    /// App-level annotations (at the top of the file, before the first job's own).
    public var annotations: [SQLAnnotation]
    public var statements: [SQLStatement]

    public init(applicationHeader: String? = nil, annotations: [SQLAnnotation] = [], statements: [SQLStatement] = []) {
        self.applicationHeader = applicationHeader
        self.annotations = annotations
        self.statements = statements
    }

    /// The first value of an app-level annotation.
    public func annotation(_ key: String) -> String? {
        annotations.first { $0.key == key.lowercased() }?.value
    }
}

public struct SQLStatement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case createStream = "stream"
        case createTable = "table"
        case insert
        case select
    }

    public var kind: Kind
    /// The stream or table created, or the INSERT target; nil for a plain SELECT.
    public var target: SQLIdentifier?
    /// `INSERT INTO t (a, b) …`, or the names of `CREATE STREAM s (a INTEGER, b STRING) AS …`
    public var columns: [SQLIdentifier]
    /// The types of `CREATE STREAM s (a INTEGER, …)`, one per column; empty for INSERT's plain name list.
    public var columnTypes: [SQLTypeName] = []
    public var query: SQLQuery
    public var emit: SQLEmit?
    public var properties: [SQLProperty]
    /// Job-level annotations (the comments directly before the statement).
    public var annotations: [SQLAnnotation]
    /// The statement's own text, from its first keyword to its last token (the `;` excluded).
    public var span: SQLSpan
    /// Everything that belongs to the statement in the file: its job annotations, its text and its `;`.
    /// Replacing or deleting this range edits one job and leaves the rest of the file as it was.
    public var extent: SQLSpan

    public init(
        kind: Kind, target: SQLIdentifier? = nil, columns: [SQLIdentifier] = [], query: SQLQuery,
        emit: SQLEmit? = nil, properties: [SQLProperty] = [], annotations: [SQLAnnotation] = [],
        span: SQLSpan = .none
    ) {
        self.kind = kind
        self.target = target
        self.columns = columns
        self.query = query
        self.emit = emit
        self.properties = properties
        self.annotations = annotations
        self.span = span
        self.extent = span
    }

    public func annotation(_ key: String) -> String? {
        annotations.first { $0.key == key.lowercased() }?.value
    }

    public func property(_ key: String) -> SQLProperty? { properties.first { $0.key == key } }
}
