import CRdKafka
import Foundation
import VeloBase
import VeloTopics

/// Reads one topic. Without a group it assigns every partition itself: a bounded read goes from the start
/// position to the high watermark each partition had when the consumer started; `follow` keeps going until
/// `stop()`. With a group it subscribes, so several processes share the partitions (Kafka assigns them).
public final class KafkaConsumer: TopicConsumer, @unchecked Sendable {
    public let topic: String
    package let client: KafkaClient
    private let follow: Bool
    private let group: String?
    private let queue: OpaquePointer
    private let lock = NSLock()
    private var stopped = false

    private var buffer: [TopicMessage] = []
    private var bufferIndex = 0
    /// Bounded reads without a group: the exclusive end offset of every partition not read to its end yet.
    private var openEnds: [Int32: Int64] = [:]
    /// Bounded group reads: partitions that reached their end since they were assigned.
    private var groupEnded: Set<Int32> = []
    private var lastN: Int?
    /// Partitions scanned for the first message at or after a timestamp, with that timestamp.
    private var skipBefore: [Int32: Int64] = [:]
    private var lastProgress = MonotonicClock.seconds()
    /// A bounded group read that was given no partitions.
    private var nothingAssigned = false
    /// Messages and partition ends seen (errors are not progress).
    private var progressed = 0
    private var batch = [UnsafeMutablePointer<rd_kafka_message_t>?](repeating: nil, count: 2048)

    /// Velo's consumer defaults; `-X` and config files override them. Prefetching more per partition
    /// (still capped by queued.max.messages.kbytes, 64 MB) roughly doubles bounded-read throughput.
    package static let defaults: [(String, String)] = [("queued.min.messages", "1000000")]

    public init(config: KafkaConfig, topic: String, start: ReadStart, follow: Bool, group: String?) throws(KafkaError) {
        try KafkaAdmin.validate(topic: topic)
        var forced: [(String, String)] = [("enable.partition.eof", "true")]
        if let group {
            guard start == .earliest || start == .latest else {
                throw KafkaError(
                    .usage, "with a consumer group, reading starts at the earliest or the latest offset",
                    hint: "the group's committed offsets decide where it resumes; drop --group to start elsewhere")
            }
            forced += [("group.id", group), ("auto.offset.reset", start == .earliest ? "earliest" : "latest")]
        } else {
            // librdkafka's consumer API wants a group id even for assign(); nothing is joined or committed.
            forced += [
                ("group.id", "velo-reader-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"),
                ("enable.auto.commit", "false"), ("enable.auto.offset.store", "false")
            ]
        }
        client = try KafkaClient(config: config, role: .consumer, defaults: Self.defaults, forced: forced)
        self.topic = topic
        self.follow = follow
        self.group = group
        rd_kafka_poll_set_consumer(client.handle)
        queue = rd_kafka_queue_get_consumer(client.handle)

        let partitions = try partitionsOrThrow()
        if group != nil {
            let list = rd_kafka_topic_partition_list_new(1)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            rd_kafka_topic_partition_list_add(list, topic, velo_rdk_partition_unassigned())
            let err = rd_kafka_subscribe(client.handle, list)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.failed, "cannot join group '\(group!)' on '\(topic)': \(KafkaClient.describe(err))")
            }
        } else {
            try assign(partitions: partitions, start: start)
        }
    }

    deinit {
        rd_kafka_queue_destroy(queue) // before close, as librdkafka requires
        rd_kafka_consumer_close(client.handle)
    }

    public var warnings: [Diagnostic] { client.warnings }

    public func stop() {
        lock.withLock { stopped = true }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    public func next() throws -> TopicMessage? {
        try nextMessage()
    }

    public func nextMessage() throws(KafkaError) -> TopicMessage? {
        if let n = lastN {
            lastN = nil
            try collectLast(n)
        }
        while bufferIndex >= buffer.count {
            if isStopped || (!follow && isDone()) { return nil }
            try fill()
        }
        defer { bufferIndex += 1 }
        return buffer[bufferIndex]
    }

    // MARK: Bounded ends

    private func isDone() -> Bool {
        if group == nil { return openEnds.isEmpty }
        if nothingAssigned { return true }
        guard !groupEnded.isEmpty else { return false }
        return assignment().isSubset(of: groupEnded)
    }

    /// The partitions this consumer reads now (with a group: its share, which changes on rebalances).
    public var assignedPartitions: Set<Int32> { assignment() }

    private func assignment() -> Set<Int32> {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        guard rd_kafka_assignment(client.handle, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return Set((0..<Int(list.pointee.cnt)).map { list.pointee.elems[$0].partition })
    }

    // MARK: Reading

    /// Reads the next batch from librdkafka into `buffer` (waits at most 100 ms so `stop()` is seen quickly).
    private func fill() throws(KafkaError) {
        buffer.removeAll(keepingCapacity: true)
        bufferIndex = 0
        // Wait up to 100 ms for one message (the batch call would wait to fill its whole batch), then take
        // what is already queued in one batch (one queue lock per batch, as confluent-kafka-python does).
        let before = progressed
        defer { if progressed != before { lastProgress = MonotonicClock.seconds() } }
        guard let first = rd_kafka_consumer_poll(client.handle, 100) else {
            return try checkStall()
        }
        var failure = take(first)
        rd_kafka_message_destroy(first)
        let count = max(0, rd_kafka_consume_batch_queue(queue, 0, &batch, batch.count))
        for i in 0..<count {
            guard let message = batch[i] else { continue }
            if failure == nil { failure = take(message) }
            rd_kafka_message_destroy(message)
        }
        if let failure { throw failure }
        // Only errors (a broker reconnecting) is no progress.
        if progressed == before { try checkStall() }
    }

    /// A bounded read that gets nothing for `velo.read.timeout.ms` fails instead of hanging. A group member
    /// that was given no partitions in that time (more members than partitions) has nothing to read.
    private func checkStall() throws(KafkaError) {
        guard !follow, MonotonicClock.seconds() - lastProgress > Double(client.config.readStallTimeoutMs) / 1000 else { return }
        if group != nil, assignment().isEmpty {
            nothingAssigned = true
            return
        }
        let waiting = group == nil ? openEnds.keys.sorted() : assignment().subtracting(groupEnded).sorted()
        throw KafkaError(
            .unreachable,
            "reading '\(topic)' from \(client.config.bootstrap) made no progress for \(HumanDuration.ms(client.config.readStallTimeoutMs)) (partitions \(waiting.map(String.init).joined(separator: ", ")) not at their end)",
            hint: client.state.problem.map { "last client message: \($0)" })
    }

    /// Handles one message or event; returns an error that must stop the read.
    private func take(_ pointer: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError? {
        let m = pointer.pointee
        let err = m.err
        if err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
            progressed &+= 1
            if group == nil { openEnds[m.partition] = nil } else { groupEnded.insert(m.partition) }
            return nil
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            if err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC
                || err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED || err == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED
                || err == RD_KAFKA_RESP_ERR__FATAL
            {
                return KafkaError(.failed, "reading '\(topic)' failed: \(KafkaClient.describe(err))")
            }
            return nil // transient (a broker reconnecting): librdkafka retries by itself
        }
        if group == nil, !follow {
            guard let end = openEnds[m.partition] else { return nil } // past the bounded end
            if m.offset + 1 >= end { openEnds[m.partition] = nil }
            if m.offset >= end { return nil }
        } else if group != nil {
            groupEnded.remove(m.partition)
        }
        progressed &+= 1
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(pointer, &type)
        if let from = skipBefore[m.partition] {
            if timestamp < from { return nil }
            skipBefore[m.partition] = nil
        }
        let value = m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) } ?? []
        let key = m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) }
        buffer.append(TopicMessage(key: key, value: value, timestamp: timestamp, partition: m.partition, offset: m.offset))
        return nil
    }

    /// The last `n` messages of the topic by timestamp (a bounded read of each partition's last n, merged).
    private func collectLast(_ n: Int) throws(KafkaError) {
        var all: [TopicMessage] = []
        while true {
            while bufferIndex < buffer.count {
                all.append(buffer[bufferIndex])
                bufferIndex += 1
            }
            if isDone() || isStopped { break }
            try fill()
        }
        all.sort { ($0.timestamp, $0.partition, $0.offset) < ($1.timestamp, $1.partition, $1.offset) }
        buffer = Array(all.suffix(n))
        bufferIndex = 0
    }

    // MARK: Setup

    private func partitionsOrThrow() throws(KafkaError) -> [Int32] {
        let found = try client.metadata(topic: topic).first { $0.name == topic }
        if let found, found.error == RD_KAFKA_RESP_ERR_NO_ERROR, !found.partitions.isEmpty {
            return found.partitions
        }
        let known = (try? client.metadata().map(\.name).filter { !$0.hasPrefix("__") }.sorted()) ?? []
        throw KafkaError(
            .invalidInput, "topic '\(topic)' does not exist on \(client.config.bootstrap)",
            hint: known.isEmpty ? "the cluster has no topics yet" : "topics there: \(known.prefix(10).joined(separator: ", "))")
    }

    /// Picks each partition's start and end offsets and assigns the partitions that have something to read.
    private func assign(partitions: [Int32], start: ReadStart) throws(KafkaError) {
        var starts: [Int32: Int64] = [:]
        var highs: [Int32: Int64] = [:]
        let lows = try client.offsets(topic: topic, partitions: partitions, at: velo_rdk_offset_beginning())
        highs = try client.offsets(topic: topic, partitions: partitions, at: velo_rdk_offset_end())
        for partition in partitions {
            let low = lows[partition] ?? 0, high = highs[partition] ?? 0
            switch start {
            case .earliest: starts[partition] = low
            case .latest: starts[partition] = high
            case .offset(let offset): starts[partition] = min(max(offset, low), high)
            case .lastN(let n): starts[partition] = max(low, high - Int64(max(0, n)))
            case .timestamp: starts[partition] = high
            }
        }
        if case .timestamp(let ms) = start {
            let found = try offsets(forTime: ms, partitions: partitions)
            let brokerAnswered = found.contains { $0.1 >= 0 }
            for (partition, offset) in found {
                if offset >= 0 {
                    starts[partition] = offset
                } else if !brokerAnswered, let low = lows[partition] {
                    // No partition has anything that late, or the broker cannot look timestamps up (librdkafka's
                    // mock cluster): scan from the start and skip what is older, which gives the same answer.
                    starts[partition] = low
                    skipBefore[partition] = ms
                }
            }
        }
        if case .lastN(let n) = start { lastN = n }

        let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in partitions {
            let from = starts[partition]!, end = highs[partition]!
            if !follow {
                guard from < end else { continue }
                openEnds[partition] = end
            }
            rd_kafka_topic_partition_list_add(list, topic, partition)!.pointee.offset = from
        }
        guard list!.pointee.cnt > 0 else { return }
        let err = rd_kafka_assign(client.handle, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.failed, "cannot read '\(topic)': \(KafkaClient.describe(err))")
        }
    }

    /// The first offset at or after `ms` in each partition (-1 when none).
    private func offsets(forTime ms: Int64, partitions: [Int32]) throws(KafkaError) -> [(Int32, Int64)] {
        let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in partitions {
            rd_kafka_topic_partition_list_add(list, topic, partition)!.pointee.offset = ms
        }
        let err = rd_kafka_offsets_for_times(client.handle, list, Int32(client.config.connectTimeoutMs))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            if KafkaClient.isUnreachable(err) { throw client.unreachable(err) }
            throw KafkaError(.failed, "cannot find offsets for a timestamp in '\(topic)': \(KafkaClient.describe(err))")
        }
        return (0..<Int(list!.pointee.cnt)).map { (list!.pointee.elems[$0].partition, list!.pointee.elems[$0].offset) }
    }
}
