import Foundation
import VeloBase
import VeloEngine
import VeloKafka
import VeloTopics

/// Where a run's topics live. The command line (`--kafka`/`-b`, `-X`, `--kafka-config`) and `VELO_KAFKA`
/// pick the default through `TopicBackends`; a source or sink whose WITH properties carry Kafka settings
/// (`'<name>.config_file'` with bootstrap servers, `'<name>.bootstrap.servers'`, `'<name>.sasl.…'`) gets a
/// Kafka backend of its own, with the command line still winning. Backends are made on first use, so a run
/// over stdin never touches Kafka or the store.
package final class ExecTopics: TopicResolver {
    package let options: ExecOptions
    package let environment: [String: String]
    package let console: Console
    private var shared: [TopicRole: any TopicBackend] = [:]

    package init(options: ExecOptions, environment: [String: String], console: Console) {
        self.options = options
        self.environment = environment
        self.console = console
    }

    /// The backend for a topic endpoint: its own Kafka settings (with the command line winning), else the
    /// command line's choice.
    package func backend(for endpoint: ExecBinding.Endpoint, role: TopicRole) throws -> any TopicBackend {
        let cli = options.kafka
        guard endpoint.kafkaConfigFile != nil || !endpoint.clientProperties.isEmpty else { return try commandLine(role) }
        // Client keys in WITH (`'<name>.auto.offset.reset'`) are Velostream habits: without a cluster they
        // are ignored and the local store serves the topic, as it did before.
        var clusterOnly = KafkaOptions(
            bootstrap: cli.bootstrap, overrides: cli.overrides,
            configFile: cli.configFile ?? endpoint.kafkaConfigFile, role: role)
        clusterOnly.role = role
        let named = endpoint.clientProperties.contains { $0.hasPrefix("bootstrap.servers=") }
        let clusterNamed = try TopicBackends.kafkaConfig(clusterOnly, environment: environment) != nil
        guard named || clusterNamed else { return try commandLine(role) }
        let own = KafkaOptions(
            bootstrap: cli.bootstrap, overrides: endpoint.clientProperties + cli.overrides,
            configFile: cli.configFile ?? endpoint.kafkaConfigFile, role: role)
        guard let config = try TopicBackends.kafkaConfig(own, environment: environment) else { return try commandLine(role) }
        return try kafka(config)
    }

    /// The backend the command line picks (one per role: a config file has consumer and producer sides).
    private func commandLine(_ role: TopicRole) throws -> any TopicBackend {
        if let backend = shared[role] { return backend }
        var kafkaOptions = options.kafka
        kafkaOptions.role = role
        let backend: any TopicBackend
        if let config = try TopicBackends.kafkaConfig(kafkaOptions, environment: environment) {
            backend = try kafka(config)
        } else {
            backend = LocalTopicStore(directory: options.store)
        }
        shared[role] = backend
        return backend
    }

    private func kafka(_ config: KafkaConfig) throws -> any TopicBackend {
        if !options.quiet { config.warnings.forEach(console.report) }
        return try KafkaBackend(config: config)
    }
}
