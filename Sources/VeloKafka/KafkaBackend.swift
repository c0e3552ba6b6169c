import Foundation
import VeloTopics

/// Topics on a Kafka cluster, behind the same `TopicBackend` contract as the local store.
public final class KafkaBackend: TopicBackend, @unchecked Sendable {
    public let config: KafkaConfig
    /// Compression for producers (`none`, `gzip`, `snappy`, `lz4`, `zstd`); `-X compression.codec` also works.
    public var compression: String?
    private var adminClient: KafkaClient?
    private let lock = NSLock()

    public init(config: KafkaConfig) throws(KafkaError) {
        try KafkaConfig.validate(bootstrap: config.bootstrap)
        self.config = config
    }

    public func producer(topic: String, partitions: Int?) throws -> any TopicProducer {
        try KafkaProducer(config: config, topic: topic, partitions: partitions, compression: compression)
    }

    public func consumer(topic: String, start: ReadStart, follow: Bool, group: String?) throws -> any TopicConsumer {
        try KafkaConsumer(config: config, topic: topic, start: start, follow: follow, group: group)
    }

    public func topics() throws -> [TopicInfo] {
        try KafkaAdmin(client: admin()).topics()
    }

    /// The last `count` messages of `topic`, oldest first (the REPL's `messages` command).
    public func peek(topic: String, last count: Int) throws -> [TopicMessage] {
        let consumer = try KafkaConsumer(config: config, topic: topic, start: .lastN(count), follow: false, group: nil)
        var messages: [TopicMessage] = []
        while let message = try consumer.nextMessage() { messages.append(message) }
        return messages
    }

    /// Fails with exit 4 when no broker answers within the connect timeout.
    public func checkReachable() throws {
        try admin().checkReachable()
    }

    /// One client for metadata questions, made on first use (from any thread).
    private func admin() throws(KafkaError) -> KafkaClient {
        lock.lock()
        defer { lock.unlock() }
        if let adminClient { return adminClient }
        let client = try KafkaClient(config: config, role: .producer)
        adminClient = client
        return client
    }
}
