import VeloTopics

/// Where a run's topics live, decided above the engine (the commands know Kafka; the engine does not):
/// the backend for a source's or sink's endpoint.
package protocol TopicResolver: AnyObject {
    func backend(for endpoint: ExecBinding.Endpoint, role: TopicRole) throws -> any TopicBackend
}

extension ExecBinding {
    /// WITH keys passed to the Kafka client as `<name>.<key>` (others are Velo's or Velostream's own).
    package static func isClientKey(_ key: String) -> Bool {
        let exact: Set<String> = [
            "bootstrap.servers", "brokers", "security.protocol", "client.id", "acks",
            "compression.type", "compression.codec", "auto.offset.reset", "linger.ms",
            "batch.size", "enable.idempotence", "session.timeout.ms", "message.timeout.ms",
            "velo.connect.timeout.ms", "velo.read.timeout.ms"
        ]
        return exact.contains(key) || key.hasPrefix("sasl.") || key.hasPrefix("ssl.")
    }
}
