import VeloTopics

/// What velo-repl's command line says (Sources/velo-repl parses it; man/velo-repl.1 documents it).
package struct ReplOptions: Sendable {
    /// `--kafka`/`-b`, `-X`, `--kafka-config`: passed on to every child, and used for `topics`/`messages`.
    package var kafka: KafkaOptions
    package var schemas: String?
    package var load: [String]
    package var model: String?
    package var provider: String?
    package var noColor: Bool
    /// The history file; nil means `~/.velostream/ai_history`.
    package var history: String?
    package var resume: String?
    package var verbose: Bool

    package init(
        kafka: KafkaOptions = KafkaOptions(), schemas: String? = nil, load: [String] = [], model: String? = nil,
        provider: String? = nil, noColor: Bool = false, history: String? = nil, resume: String? = nil, verbose: Bool = false
    ) {
        self.kafka = kafka
        self.schemas = schemas
        self.load = load
        self.model = model
        self.provider = provider
        self.noColor = noColor
        self.history = history
        self.resume = resume
        self.verbose = verbose
    }

    /// The Kafka flags as the children take them.
    package var kafkaArguments: [String] {
        var args: [String] = []
        if let bootstrap = kafka.bootstrap { args += ["--kafka", bootstrap] }
        for property in kafka.overrides { args += ["-X", property] }
        if let file = kafka.configFile { args += ["--kafka-config", file] }
        return args
    }
}
