import VeloBase
import VeloTopics

/// Where the topics of `velo-gen --topic` and `velo-infer --topic` live: on Kafka when `--kafka`/`-b`,
/// `-X bootstrap.servers`, `--kafka-config` or VELO_KAFKA names a cluster (its config warnings reported),
/// else in the local store (VELO_HOME, else .velo). velo-run's topics, which WITH properties can also
/// place, go through `ExecTopics`.
package enum ToolTopicBackend {
    package static func make(_ kafka: KafkaOptions, console: Console) throws -> any TopicBackend {
        guard let config = try TopicBackends.kafkaConfig(kafka, environment: Terminal.currentEnvironment()) else {
            return LocalTopicStore()
        }
        for warning in config.warnings { console.report(warning) }
        return try KafkaBackend(config: config)
    }
}
