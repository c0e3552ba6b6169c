import ArgumentParser
import VeloTopics

/// The Kafka flags of every tool that takes a topic (`@OptionGroup var kafka: KafkaCommandOptions`), so the
/// names and help read the same everywhere: `--kafka/-b HOST:PORT`, repeatable `-X key=value` (kcat's
/// convention) and `--kafka-config FILE` (Velostream's configs/*.yaml).
public struct KafkaCommandOptions: ParsableArguments, Sendable {
    @Option(
        name: [.customShort("b"), .customLong("kafka")],
        help: ArgumentHelp(
            "Use this Kafka cluster for --topic (HOST:PORT[,…]); else VELO_KAFKA, else the local store.", valueName: "bootstrap"))
    public var bootstrap: String?

    @Option(name: .customShort("X"), help: ArgumentHelp("A Kafka client property (repeatable), as kcat takes it.", valueName: "key=value"))
    public var properties: [String] = []

    @Option(
        name: .customLong("kafka-config"),
        help: ArgumentHelp(
            "Kafka client settings from a Velostream configs/*.yaml (${VAR} from the environment).", valueName: "file"))
    public var configFile: String?

    public init() {}

    /// Whether any Kafka flag was given (tools without --topic reject them).
    public var isGiven: Bool { bootstrap != nil || !properties.isEmpty || configFile != nil }

    /// What `TopicBackends.kafkaConfig` takes; `role` picks the config file's consumer or producer side.
    public func options(role: TopicRole) -> KafkaOptions {
        KafkaOptions(bootstrap: bootstrap, overrides: properties, configFile: configFile, role: role)
    }
}
