import CRdKafka
import Foundation
import VeloBase
import VeloTopics

/// Publishes to one topic with idempotence on. Delivery reports are served on a thread of its own and
/// counted; `finish()` flushes and accounts for every message (delivered, or failed with a reason).
/// `send` and `finish` are called from one thread; `progress` from any.
public final class KafkaProducer: TopicProducer, @unchecked Sendable {
    public let topic: String
    package let client: KafkaClient
    private let topicHandle: OpaquePointer
    private let poller: KafkaPoller
    /// Messages handed to librdkafka plus those it refused at once; each must end delivered or failed.
    private var attempts = 0
    private var finished: DeliveryReport?

    /// Velo's producer defaults; `-X` and config files override them.
    package static let defaults: [(String, String)] = [
        ("enable.idempotence", "true"),
        // Java's partitioner (murmur2 of the key), as the local store uses: a key lands on the same
        // partition in both, and beside Java producers. Records without a key are spread at random.
        ("partitioner", "murmur2_random"),
        ("linger.ms", "5"),
        ("batch.num.messages", "10000"),
        ("queue.buffering.max.messages", "500000"),
        // librdkafka's 5 minutes would look like a hang when the cluster goes away; 30 s is still generous.
        ("message.timeout.ms", "30000")
    ]

    /// Connects (exit 4 when no broker answers in time) and creates `topic` when it does not exist yet.
    public init(config: KafkaConfig, topic: String, partitions: Int? = nil, compression: String? = nil) throws(KafkaError) {
        var defaults = Self.defaults
        if let compression { defaults.append(("compression.codec", compression)) }
        client = try KafkaClient(config: config, role: .producer, defaults: defaults, deliveryReports: true)
        self.topic = topic
        poller = KafkaPoller(client: client)
        try KafkaAdmin(client: client).ensureTopic(topic, partitions: partitions)
        guard let rkt = rd_kafka_topic_new(client.handle, topic, nil) else {
            throw KafkaError(.failed, "cannot open topic '\(topic)': \(KafkaClient.describe(rd_kafka_last_error()))")
        }
        topicHandle = rkt
        poller.start()
    }

    deinit {
        poller.stop()
        rd_kafka_topic_destroy(topicHandle)
    }

    /// Config-file keys librdkafka does not know (skipped).
    public var warnings: [Diagnostic] { client.warnings }

    /// Counts so far (final only after `finish()`).
    public var progress: DeliveryReport { client.state.snapshot }

    public func send(key: [UInt8]?, value: [UInt8], timestamp: Int64?) throws {
        try send(key: key, value: value, timestamp: timestamp ?? 0)
    }

    /// Queues one message; waits while librdkafka's queue is full. `timestamp` 0 means now.
    public func send(key: [UInt8]?, value: [UInt8], timestamp: Int64) throws(KafkaError) {
        // No lock on this path: a fatal error shows up as RD_KAFKA_RESP_ERR__FATAL from produce.
        attempts += 1
        while true {
            let err = value.withUnsafeBytes { v in
                Self.withKey(key) { k in
                    velo_rdk_produce(
                        client.handle, topicHandle, velo_rdk_partition_unassigned(),
                        k.baseAddress, k.count, v.count == 0 ? Self.empty : v.baseAddress, v.count,
                        timestamp, nil)
                }
            }
            if err == RD_KAFKA_RESP_ERR_NO_ERROR { return }
            if err == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                rd_kafka_poll(client.handle, 10) // serve delivery reports here too, making room
                continue
            }
            if err == RD_KAFKA_RESP_ERR__FATAL {
                client.state.failed(KafkaClient.describe(err))
                throw KafkaError(.failed, "the Kafka producer stopped: \(client.state.fatal ?? KafkaClient.describe(err))")
            }
            // Refused at once (too large, unknown partition…): counted, not thrown, like a failed delivery.
            client.state.failed(KafkaClient.describe(err))
            return
        }
    }

    /// Queues one message with its headers (in order; a header without a value is sent as such).
    public func send(key: [UInt8]?, value: [UInt8], timestamp: Int64?, headers: [TopicHeader]) throws {
        if headers.isEmpty { return try send(key: key, value: value, timestamp: timestamp ?? 0) }
        attempts += 1
        while true {
            // librdkafka takes the list when it accepts the message; a refused one leaves it to us.
            let list = rd_kafka_headers_new(headers.count)
            for header in headers {
                if let bytes = header.value {
                    _ = bytes.withUnsafeBytes { rd_kafka_header_add(list, header.name, -1, $0.baseAddress, $0.count) }
                } else {
                    _ = rd_kafka_header_add(list, header.name, -1, nil, 0)
                }
            }
            let err = value.withUnsafeBytes { v in
                Self.withKey(key) { k in
                    velo_rdk_produce_headers(
                        client.handle, topicHandle, velo_rdk_partition_unassigned(),
                        k.baseAddress, k.count, v.count == 0 ? Self.empty : v.baseAddress, v.count,
                        timestamp ?? 0, list)
                }
            }
            if err == RD_KAFKA_RESP_ERR_NO_ERROR { return }
            rd_kafka_headers_destroy(list)
            if err == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                rd_kafka_poll(client.handle, 10)
                continue
            }
            if err == RD_KAFKA_RESP_ERR__FATAL {
                client.state.failed(KafkaClient.describe(err))
                throw KafkaError(.failed, "the Kafka producer stopped: \(client.state.fatal ?? KafkaClient.describe(err))")
            }
            client.state.failed(KafkaClient.describe(err))
            return
        }
    }

    nonisolated(unsafe) private static let empty = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1))

    private static func withKey<R>(_ key: [UInt8]?, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        guard let key else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        if key.isEmpty { return body(UnsafeRawBufferPointer(start: empty, count: 0)) }
        return key.withUnsafeBytes(body)
    }

    private var messageTimeoutMs: Int {
        Int(client.config.value("message.timeout.ms") ?? client.config.value("delivery.timeout.ms") ?? "") ?? 30000
    }

    /// Waits until every message sent so far is delivered or has failed (at most `message.timeout.ms` plus a
    /// margin), and goes on taking messages: a consumer group's checkpoint. The counts so far, or nil when some
    /// messages are still without a delivery report.
    public func waitForDeliveries() throws -> DeliveryReport? {
        if let finished { return finished }
        guard rd_kafka_flush(client.handle, Int32(clamping: messageTimeoutMs + 5000)) == RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let report = client.state.snapshot
        return report.delivered + report.failed == attempts ? report : nil
    }

    /// Flushes and waits until every message is delivered or has failed (at most `message.timeout.ms` plus a
    /// margin); anything still queued after that is purged and counted as failed, so nothing is lost silently.
    public func finish() throws -> DeliveryReport {
        if let finished { return finished }
        poller.stop()
        _ = rd_kafka_flush(client.handle, Int32(clamping: messageTimeoutMs + 5000))
        if rd_kafka_outq_len(client.handle) > 0 {
            rd_kafka_purge(client.handle, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            let deadline = MonotonicClock.seconds() + 5
            while rd_kafka_outq_len(client.handle) > 0, MonotonicClock.seconds() < deadline {
                rd_kafka_poll(client.handle, 100)
            }
        }
        var report = client.state.snapshot
        let missing = attempts - report.delivered - report.failed
        if missing > 0 {
            client.state.failed("no delivery report", count: missing)
            report = client.state.snapshot
        }
        finished = report
        return report
    }
}

/// Serves a client's callbacks (delivery reports, errors) on a thread of its own until stopped.
package final class KafkaPoller: @unchecked Sendable {
    private let client: KafkaClient
    private let lock = NSLock()
    private var running = false
    private let done = DispatchSemaphore(value: 0)

    package init(client: KafkaClient) {
        self.client = client
    }

    package func start() {
        lock.withLock { running = true }
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                rd_kafka_poll(client.handle, 50)
            }
            done.signal()
        }
        thread.name = "velo-kafka-poll"
        thread.start()
    }

    /// Stops the thread and waits for it (idempotent).
    package func stop() {
        let wasRunning = lock.withLock { () -> Bool in
            defer { running = false }
            return running
        }
        if wasRunning { done.wait() }
    }
}
