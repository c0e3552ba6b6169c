import VeloTopics

/// What a run of a SQL file is asked to do: the flags of `velo-run` (and what a spec run sets), as plain data.
public struct ExecOptions: Sendable {
    public var file: String
    /// `name=path` (or just `path` for the only source).
    public var inputs: [String] = []
    /// Read the job's source from this topic of the local store.
    public var topic: String?
    public var follow = false
    public var metricsFile: String?
    public var profile = false
    public var events = false
    public var quiet = false
    public var job: String?
    public var schemas: String?
    /// The local store directory (else VELO_HOME, else .velo).
    public var store: String?
    /// `--kafka`/`-b`, `-X`, `--kafka-config` (the role is set per source and sink).
    public var kafka = KafkaOptions()
    /// `--group G`: join Kafka consumer group G (Kafka only).
    public var group: String?
    public init(file: String) { self.file = file }
}
