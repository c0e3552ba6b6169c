import VeloTopics

/// Where a tool's topics live: `--kafka HOST:PORT` (or `-b`), else `-X bootstrap.servers`, else a config file's
/// bootstrap, else `VELO_KAFKA`, else the embedded local store. The tools ask `kafkaConfig` and build a
/// `KafkaBackend` from it, or their local store when it is nil (velo-run's `ExecTopics`, and `ToolTopicBackend` for velo-gen and velo-infer).
public enum TopicBackends {
    /// The Kafka configuration the options describe, or nil when the local store should be used.
    public static func kafkaConfig(_ options: KafkaOptions, environment: [String: String]) throws(KafkaError) -> KafkaConfig? {
        var config = KafkaConfig(bootstrap: environment["VELO_KAFKA"].flatMap { $0.isEmpty ? nil : $0 } ?? "")
        if let path = options.configFile {
            try config.apply(file: KafkaConfigFile.load(path: path, role: options.role, environment: environment))
        }
        try config.apply(overrides: options.overrides)
        if let flag = options.bootstrap { config.bootstrap = flag }
        guard !config.bootstrap.isEmpty else {
            if !options.overrides.isEmpty {
                throw KafkaError(
                    .usage, "-X sets Kafka client properties but no Kafka cluster was named",
                    hint: "add --kafka HOST:PORT (or set VELO_KAFKA)")
            }
            return nil
        }
        try KafkaConfig.validate(bootstrap: config.bootstrap)
        return config
    }
}
