import VeloBase

/// The contract every place that holds topics implements: the embedded local store and Kafka.
/// Tools talk to `TopicBackend` only, so `--kafka HOST:PORT` swaps the store without changing their code.

/// One message of a topic, as both the local store and Kafka keep it.
public struct TopicMessage: Sendable, Equatable {
    public var key: [UInt8]?
    public var value: [UInt8]
    /// Epoch milliseconds (the message timestamp; Velo sets it to the record's event time).
    public var timestamp: Int64
    public var partition: Int32
    public var offset: Int64

    public init(key: [UInt8]?, value: [UInt8], timestamp: Int64, partition: Int32, offset: Int64) {
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.partition = partition
        self.offset = offset
    }
}

/// A topic and how many messages it holds (summed over partitions).
public struct TopicInfo: Sendable, Equatable, Codable {
    public var name: String
    public var partitions: Int
    public var messages: Int64

    public init(name: String, partitions: Int, messages: Int64) {
        self.name = name
        self.partitions = partitions
        self.messages = messages
    }
}

/// What a producer reports when it finishes: every message is either delivered or counted as failed.
public struct DeliveryReport: Sendable, Equatable, Codable {
    public var delivered: Int
    public var failed: Int
    /// Failure reason → how many messages failed for it.
    public var failures: [String: Int]
    public var bytes: Int

    public init(delivered: Int = 0, failed: Int = 0, failures: [String: Int] = [:], bytes: Int = 0) {
        self.delivered = delivered
        self.failed = failed
        self.failures = failures
        self.bytes = bytes
    }
}

/// Where a consumer starts reading.
public enum ReadStart: Sendable, Equatable {
    case earliest
    /// Only messages that arrive after the consumer starts (useful with `follow`).
    case latest
    /// From this offset in every partition.
    case offset(Int64)
    /// From the first message whose timestamp is at or after this epoch-ms value.
    case timestamp(Int64)
    /// The last N messages of the topic (spread over partitions as they fall).
    case lastN(Int)
}

public protocol TopicProducer: AnyObject {
    /// Queues one message. `timestamp` nil means now. Records with the same key go to the same partition.
    func send(key: [UInt8]?, value: [UInt8], timestamp: Int64?) throws
    /// Flushes, waits for every delivery report and says what happened.
    func finish() throws -> DeliveryReport
}

public protocol TopicConsumer: AnyObject {
    /// The next message, or nil at the end of a bounded read. With `follow`, waits for new messages
    /// and returns nil only after `stop()`.
    func next() throws -> TopicMessage?
    /// Makes a following consumer return nil soon (safe from a signal-watching thread).
    func stop()
    /// What the client noticed that the user should know (Kafka: settings it ignored). Empty by default.
    var warnings: [Diagnostic] { get }
}

extension TopicConsumer {
    public var warnings: [Diagnostic] { [] }
}

public protocol TopicBackend: AnyObject {
    /// A producer for `topic`, created with `partitions` partitions when it does not exist yet.
    func producer(topic: String, partitions: Int?) throws -> any TopicProducer
    /// A consumer over every partition of `topic` (or this process's share of them with a `group`).
    func consumer(topic: String, start: ReadStart, follow: Bool, group: String?) throws -> any TopicConsumer
    /// Every topic with its message count.
    func topics() throws -> [TopicInfo]
}
