/// Which side of a topic a client is on; a Kafka config file has a section for each
/// (`consumer_config`, `producer_config`).
public enum TopicRole: Sendable { case consumer, producer }

/// What the command line says about where topics live (`--kafka`, `-X`, `--kafka-config`): plain data, so
/// the tools and the engine can carry it without linking librdkafka. `TopicBackends` (VeloKafka) turns it
/// into a backend.
public struct KafkaOptions: Sendable {
    /// `--kafka` / `-b`.
    public var bootstrap: String?
    /// `-X key=value`, in order.
    public var overrides: [String]
    /// `--kafka-config configs/kafka.yaml`.
    public var configFile: String?
    /// Which side of a config file to read (`consumer_config` or `producer_config`).
    public var role: TopicRole

    public init(
        bootstrap: String? = nil, overrides: [String] = [], configFile: String? = nil,
        role: TopicRole = .consumer
    ) {
        self.bootstrap = bootstrap
        self.overrides = overrides
        self.configFile = configFile
        self.role = role
    }

    /// Whether any Kafka flag was given.
    public var isGiven: Bool { bootstrap != nil || !overrides.isEmpty || configFile != nil }
}
