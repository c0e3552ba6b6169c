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
    /// A message without a value (Kafka's null, not an empty value): a delete on a compacted topic, or what a
    /// table's producer writes for a removed key. Not a record; `value` is empty.
    public var isTombstone: Bool
    /// Kafka message headers, in order (nil for the local store, which keeps none, and unless the consumer
    /// was asked for them: `TopicConsumer.readHeaders`).
    public var headers: [TopicHeader]?

    public init(
        key: [UInt8]?, value: [UInt8], timestamp: Int64, partition: Int32, offset: Int64, isTombstone: Bool = false,
        headers: [TopicHeader]? = nil
    ) {
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.partition = partition
        self.offset = offset
        self.isTombstone = isTombstone
        self.headers = headers
    }
}

/// One Kafka message header: a name and a value (nil: a header without a value).
public struct TopicHeader: Sendable, Equatable {
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }
}

/// A message as `TopicConsumer.nextView()` hands it over: its key and value point into the consumer's own
/// buffers and stay valid until the next call, so a reader that decodes the value at once copies nothing.
public struct TopicMessageView {
    public var key: UnsafeBufferPointer<UInt8>?
    public var value: UnsafeBufferPointer<UInt8>
    public var timestamp: Int64
    public var partition: Int32
    public var offset: Int64
    public var isTombstone: Bool
    public var headers: [TopicHeader]?

    public init(
        key: UnsafeBufferPointer<UInt8>?, value: UnsafeBufferPointer<UInt8>, timestamp: Int64, partition: Int32,
        offset: Int64, isTombstone: Bool, headers: [TopicHeader]? = nil
    ) {
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.partition = partition
        self.offset = offset
        self.isTombstone = isTombstone
        self.headers = headers
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
    /// The same with message headers (Kafka); a backend that keeps no headers (the local store) drops them.
    func send(key: [UInt8]?, value: [UInt8], timestamp: Int64?, headers: [TopicHeader]) throws
    /// Flushes, waits for every delivery report and says what happened.
    func finish() throws -> DeliveryReport
    /// Waits until every message sent so far is stored (delivered or failed) and goes on: the counts so far, or
    /// nil when the producer cannot tell (the default) or some messages are still in flight.
    func waitForDeliveries() throws -> DeliveryReport?
}

extension TopicProducer {
    public func waitForDeliveries() throws -> DeliveryReport? { nil }
    public func send(key: [UInt8]?, value: [UInt8], timestamp: Int64?, headers: [TopicHeader]) throws {
        try send(key: key, value: value, timestamp: timestamp)
    }
}

public protocol TopicConsumer: AnyObject {
    /// The next message, or nil at the end of a bounded read. With `follow`, waits for new messages
    /// and returns nil only after `stop()`.
    func next() throws -> TopicMessage?
    /// The same message `next()` would return, without copying it: valid until the next call of either.
    func nextView() throws -> TopicMessageView?
    /// Whether messages come with their headers (off by default: reading them costs, and only queries that
    /// call the header functions need them). Kafka only; the local store keeps no headers.
    func readHeaders(_ on: Bool)
    /// Makes a following consumer return nil soon (safe from a signal-watching thread).
    func stop()
    /// What the client noticed that the user should know (Kafka: settings it ignored). Empty by default.
    var warnings: [Diagnostic] { get }
    /// Consumer groups: between batches, at most once per commit interval (and before a rebalance takes
    /// partitions away), the consumer asks `check` whether every message `next()` has returned so far is done
    /// — its output reached the sink where a crash cannot lose it. When it says yes, those offsets are stored
    /// for the next commit. Nothing is committed that was not declared done here or by `close(commit: true)`.
    func commitWhenDone(_ check: @escaping () -> Bool)
    /// Ends the read and lets go of the partitions (a group member leaves its group). `commit`: every message
    /// `next()` returned is done, so a group commits their offsets now, synchronously. Safe to call twice.
    func close(commit: Bool) throws
    /// Whether `next()` returns the partitions' messages merged by timestamp (the default, and all the local
    /// store does), or, turned off before the first `next()` by a reader to whom the order across partitions
    /// does not matter, as they arrive (each partition still in order).
    func keepTimeOrder(_ on: Bool)
    /// Following: `handler` runs when the consumer is about to wait for messages that have not come (so a
    /// reader can write out what it holds instead of keeping it until the next message). Nothing by default.
    func whenIdle(_ handler: @escaping () -> Void)
}

extension TopicConsumer {
    public func readHeaders(_ on: Bool) {}
    public func whenIdle(_ handler: @escaping () -> Void) {}
    public var warnings: [Diagnostic] { [] }
    public func keepTimeOrder(_ on: Bool) {}
    public func commitWhenDone(_ check: @escaping () -> Bool) {}
    public func close(commit: Bool) throws {}
}

public protocol TopicBackend: AnyObject {
    /// A producer for `topic`, created with `partitions` partitions when it does not exist yet.
    func producer(topic: String, partitions: Int?) throws -> any TopicProducer
    /// A consumer over every partition of `topic` (or this process's share of them with a `group`).
    func consumer(topic: String, start: ReadStart, follow: Bool, group: String?) throws -> any TopicConsumer
    /// Every topic with its message count.
    func topics() throws -> [TopicInfo]
}
