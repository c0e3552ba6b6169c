import VeloBase
import VeloJSON

/// A Velostream test spec (`<sql>.test.yaml`, `test_spec.yaml`; docs/test-spec.md): which queries of an
/// application to run, what feeds them, and what their outputs must satisfy. Load one with `SpecLoader`,
/// write one with `SpecWriter`.
public struct TestSpec: Sendable, Equatable {
    public var application: String
    public var description: String?
    public var defaultTimeoutMs: Int = TestSpec.defaultTimeoutMs
    public var defaultRecords: Int = TestSpec.defaultRecords
    public var topicNaming: TopicNaming?
    public var config: [String: String] = [:]
    /// Keys Velostream ignores but demo specs carry (`schemas:`, `scenarios:`), kept for round trips.
    public var extras: JSONObject = JSONObject()
    public var queries: [SpecQuery]
    /// The file it came from (file assertions and data files are relative to its folder).
    public var file: String?

    public static let defaultTimeoutMs = 30_000
    public static let defaultRecords = 1000
    public static let knownKeys = [
        "application", "description", "default_timeout_ms", "default_records",
        "topic_naming", "config", "queries"
    ]
    /// Present in Velostream's demos, ignored by its parser: accepted without a warning.
    public static let ignoredKeys = ["schemas", "scenarios"]

    public init(application: String, description: String? = nil, queries: [SpecQuery] = []) {
        self.application = application
        self.description = description
        self.queries = queries
    }

    public func query(named name: String) -> SpecQuery? { queries.first { $0.name == name } }

    /// The folder of the spec file ("." when it has none).
    public var directory: String {
        guard let file, let slash = file.lastIndex(of: "/") else { return "." }
        let dir = String(file[..<slash])
        return dir.isEmpty ? "/" : dir
    }
}

/// One query under test: its name is the CREATE STREAM/TABLE name.
public struct SpecQuery: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var skip = false
    /// Statements to run first.
    public var dependencies: [String] = []
    public var inputs: [SpecInput]
    /// `output: {sink_type: {type: kafka|file, …}}`: where the query writes.
    public var sinkType: SpecEndpoint?
    /// Per-sink assertions.
    public var outputs: [SpecOutput] = []
    /// Assertions for the sinks without their own list.
    public var assertions: [SpecAssertion] = []
    public var timeoutMs: Int?
    public var captureFormat: String?
    /// Inline schema or a path, kept as written.
    public var captureSchema: JSONValue?
    public var metricAssertions: [SpecAssertion] = []
    /// Where the query's entry starts in the spec file.
    public var location: SourceLocation?

    public static let knownKeys = [
        "name", "description", "skip", "dependencies", "inputs", "output", "outputs",
        "assertions", "timeout_ms", "capture_format", "capture_schema", "metric_assertions"
    ]
    public static let captureFormats = ["json", "avro", "protobuf"]

    public init(name: String, inputs: [SpecInput] = [], assertions: [SpecAssertion] = []) {
        self.name = name
        self.inputs = inputs
        self.assertions = assertions
    }

    /// Every assertion of the query (per-sink, query-level, metric), in file order of the lists.
    public var allAssertions: [SpecAssertion] { outputs.flatMap(\.assertions) + assertions + metricAssertions }
}

/// What feeds one source of a query: generated records, a previous query's output, or a data file.
public struct SpecInput: Sendable, Equatable {
    public var source: String
    /// The schema's `name:`; nil means a schema named like the source (as Velostream's demos rely on).
    public var schema: String?
    public var records: Int?
    public var fromPrevious: String?
    public var dataFile: String?
    public var keyField: String?
    public var sourceType: SpecEndpoint?
    public var timeSimulation: TimeSimulation?
    public var location: SourceLocation?

    public static let knownKeys = [
        "source", "schema", "records", "from_previous", "data_file", "key_field",
        "source_type", "time_simulation"
    ]

    public init(
        source: String, schema: String? = nil, records: Int? = nil, fromPrevious: String? = nil,
        dataFile: String? = nil
    ) {
        self.source = source
        self.schema = schema
        self.records = records
        self.fromPrevious = fromPrevious
        self.dataFile = dataFile
    }

    /// The schema name to look up.
    public var schemaName: String { schema ?? source }
}

/// `source_type` / `sink_type`: `{type: kafka, topic?}` or `{type: file, path, format, watch}`.
public struct SpecEndpoint: Sendable, Equatable {
    public enum Kind: String, Sendable { case kafka, file }
    public var kind: Kind
    public var topic: String?
    public var path: String?
    /// `Csv`, `CsvNoHeader`, `JsonLines`, `Json`.
    public var format: String?
    public var watch = false

    public static let fileFormats = ["Csv", "CsvNoHeader", "JsonLines", "Json"]

    public init(kind: Kind, topic: String? = nil, path: String? = nil, format: String? = nil, watch: Bool = false) {
        self.kind = kind
        self.topic = topic
        self.path = path
        self.format = format
        self.watch = watch
    }
}

/// How generated event time moves (`time_simulation:`).
public struct TimeSimulation: Sendable, Equatable {
    /// Default now-1h.
    public var startTime: String?
    /// Default now.
    public var endTime: String?
    public var timeScale: Double = 1.0
    /// Unset: all records at once, spread evenly over start..end.
    public var eventsPerSecond: Double?
    /// True: evenly spaced increasing times; false: random times in the range.
    public var sequential = true
    public var jitterMs: Int?
    public var batchSize: Int = 1

    public static let knownKeys = [
        "start_time", "end_time", "time_scale", "events_per_second", "sequential",
        "jitter_ms", "batch_size"
    ]

    public init() {}
}

/// `outputs: [{sink, assertions}]`.
public struct SpecOutput: Sendable, Equatable {
    public var sink: String
    public var assertions: [SpecAssertion]

    public init(sink: String, assertions: [SpecAssertion] = []) {
        self.sink = sink
        self.assertions = assertions
    }
}

/// Topic names for a test run (`topic_naming:`).
public struct TopicNaming: Sendable, Equatable {
    public var pattern = TopicNaming.defaultPattern
    public var namespace: String?
    public var branchFromEnv = "GITHUB_REF_NAME"
    public var userFromEnv = "GITHUB_ACTOR"
    public var branch: String?
    public var user: String?
    public var hashLongNames = true
    public var maxTopicLength = 249

    public static let defaultPattern = "test_{run_id}_{base}"
    public static let knownKeys = [
        "pattern", "namespace", "branch_from_env", "user_from_env", "branch", "user",
        "hash_long_names", "max_topic_length"
    ]

    public init() {}
}

// Equality ignores where things were written, so a spec read back from SpecWriter equals the original.
extension SpecQuery {
    public static func == (a: SpecQuery, b: SpecQuery) -> Bool {
        a.name == b.name && a.description == b.description && a.skip == b.skip && a.dependencies == b.dependencies
            && a.inputs == b.inputs && a.sinkType == b.sinkType && a.outputs == b.outputs && a.assertions == b.assertions
            && a.timeoutMs == b.timeoutMs && a.captureFormat == b.captureFormat && a.captureSchema == b.captureSchema
            && a.metricAssertions == b.metricAssertions
    }
}

extension SpecInput {
    public static func == (a: SpecInput, b: SpecInput) -> Bool {
        a.source == b.source && a.schema == b.schema && a.records == b.records && a.fromPrevious == b.fromPrevious
            && a.dataFile == b.dataFile && a.keyField == b.keyField && a.sourceType == b.sourceType
            && a.timeSimulation == b.timeSimulation
    }
}
