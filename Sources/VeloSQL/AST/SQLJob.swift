/// What one statement does, as `velo-run --check` reports it.
public struct SQLJob: Sendable {
    /// A source or sink of a job.
    public struct Endpoint: Sendable, Hashable {
        public var name: String
        /// `'<name>.type'` from WITH: kafka_source, file_sink, …
        public var type: String?
        /// `'<name>.topic.name'` from WITH.
        public var topic: String?
        /// Where its fields came from: `schema`, `statement` (an earlier statement), `subquery`, or `unknown`.
        public var origin: String
        public var span: SQLSpan
    }

    /// `@name`, else the created name, else `select_<n>`.
    public var name: String
    public var kind: SQLStatement.Kind
    public var statementIndex: Int
    public var span: SQLSpan
    public var sources: [Endpoint]
    public var sinks: [Endpoint]
    public var window: SQLWindow?
    /// The effective mode: explicit, else CHANGES without a WINDOW and FINAL with one.
    public var emit: SQLEmitMode
    public var emitExplicit: Bool
    /// The output columns, or nil when they cannot be known (`*` over a source without a schema).
    public var columns: [SQLField]?
    public var primaryKey: [String]
}

/// The analyzer's findings for a whole script.
public struct SQLAnalysis: Sendable {
    public var jobs: [SQLJob]
    public var issues: [SQLIssue]
}
