import CRdKafka
import Foundation
import VeloBase
import VeloTopics

/// Reads one topic. Without a group it assigns every partition itself: a bounded read goes from the start
/// position to the high watermark each partition had when the consumer started; `follow` keeps going until
/// `stop()`. With a group it subscribes, so several processes share the partitions (Kafka assigns them).
///
/// Partitions are merged by message timestamp (ties: the lower partition first), as the local store's reader
/// merges them. librdkafka hands over one partition's messages at a time, a batch or more each: a topic whose
/// partitions are each in event-time order would jump back in time at every switch, and windows would drop
/// most of it as late. So `next()` returns the earliest head among the messages fetched, and waits while a
/// partition that may still deliver has nothing fetched. A partition stops holding the others back at its
/// bounded end or, when following, at the end of what it holds for now (its end-of-partition event); a
/// message arriving later on such a partition goes out as soon as it is fetched. A reader to whom the order
/// does not matter turns the merge off (`keepTimeOrder(false)`).
///
/// With a group, an offset is stored only for messages the reader declared done (`commitWhenDone`,
/// `close(commit: true)`), never when fetched (`enable.auto.offset.store=false`); librdkafka's auto-commit
/// commits what was stored, and a clean stop commits synchronously before leaving the group.
public final class KafkaConsumer: TopicConsumer, @unchecked Sendable {
    public let topic: String
    package let client: KafkaClient
    private let follow: Bool
    private let group: String?
    private let queue: OpaquePointer
    private let lock = NSLock()
    private var stopped = false
    private var closed = false

    /// Bytes the views of `lastMessages` point into: owned memory (not an Array), valid until the next call.
    /// Grows by doubling; never shrinks.
    private final class ViewBytes {
        private(set) var base = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 12)
        private(set) var count = 0
        private var capacity = 1 << 12

        deinit { base.deallocate() }

        func append(_ bytes: UnsafeRawPointer, _ n: Int) {
            if count + n > capacity {
                capacity = max(2 * capacity, count + n)
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
                bigger.update(from: base, count: count)
                base.deallocate()
                base = bigger
            }
            (base + count).update(from: bytes.assumingMemoryBound(to: UInt8.self), count: n)
            count += n
        }

        func removeAll() { count = 0 }
    }

    /// One partition's messages fetched and not returned yet, in offset order: librdkafka's own messages,
    /// read in place (`nextView()`) and destroyed once returned. librdkafka has already prefetched them (its
    /// queue holds up to `queued.min.messages`), so holding them here costs a pointer and a timestamp each;
    /// copying them into a buffer of the lane's own (as before) cost a write and a re-read of every byte and
    /// the page faults of the growing buffers, on the thread that runs the query.
    private struct Lane {
        var messages: [UnsafeMutablePointer<rd_kafka_message_t>] = []
        var timestamps: [Int64] = []
        var head = 0
        /// This consumer reads the partition (all of them without a group; its share with one).
        var assigned = false
        /// More messages may come that must be seen before any later one is returned. False at a bounded read's
        /// end and, following or in a group, at the end of what the partition holds for now.
        var open = false
        /// A bounded read without a group: the exclusive end offset.
        var end = Int64.max
        /// Offset after the last message returned, and after the last one stored for a commit (-1: none).
        var returned: Int64 = -1
        var stored: Int64 = -1

        var isEmpty: Bool { head == messages.count }

        mutating func append(_ message: UnsafeMutablePointer<rd_kafka_message_t>, timestamp: Int64) {
            messages.append(message)
            timestamps.append(timestamp)
        }

        /// Forgets the messages before `head` (returned, so destroyed already), once they are most of the lane.
        mutating func compact() {
            messages.removeSubrange(0..<head)
            timestamps.removeSubrange(0..<head)
            head = 0
        }

        /// Forgets every message (after the last one was returned: all destroyed or handed out).
        mutating func clear() {
            messages.removeAll(keepingCapacity: true)
            timestamps.removeAll(keepingCapacity: true)
            head = 0
        }

        /// Lets go of what was fetched and not returned.
        mutating func drop() {
            for k in head..<messages.count { rd_kafka_message_destroy(messages[k]) }
            clear()
        }
    }

    /// By partition id. (The merge's state is touched for every record: no run-time exclusivity checks.)
    @exclusivity(unchecked) private var lanes: [Lane] = []
    /// Each lane's head timestamp: `waiting` for an open lane with nothing fetched, `Int64.max` for one that is
    /// done for now (and for the padding up to a power of two).
    @exclusivity(unchecked) private var heads: [Int64] = []
    private static let waiting = Int64.min
    /// A winner tree over `heads`: node n holds the lane that comes first (timestamp, then partition) below
    /// it, the root (1) the lane `next()` takes from; leaves are `tree[width + i]`. A waiting lane's sentinel
    /// wins, so the root says when to wait. Updating a lane replays its path: log2(lanes) comparisons.
    @exclusivity(unchecked) private var tree: [Int] = []
    private var width = 1
    /// Whether `next()` merges the partitions by timestamp (`keepTimeOrder`). Without the merge, messages go
    /// out in the order fetched, from `fifo`.
    private var merging = true
    @exclusivity(unchecked) private var fifo: [UnsafeMutablePointer<rd_kafka_message_t>] = []
    @exclusivity(unchecked) private var fifoTimestamps: [Int64] = []
    private var fifoIndex = 0
    /// The last N messages (`ReadStart.lastN`), collected and sorted before the first `next()`.
    private var lastN: Int?
    private var lastMessages: [TopicMessage] = []
    private var lastIndex = 0
    /// Whether messages carry their headers (`readHeaders`).
    private var withHeaders = false
    /// The fetched message the last view points into, destroyed on the next call.
    private var handedOut: UnsafeMutablePointer<rd_kafka_message_t>?
    /// The bytes of the last view of a `lastMessages` message.
    private let lastBytes = ViewBytes()
    /// Partitions scanned for the first message at or after a timestamp, with that timestamp.
    private var skipBefore: [Int32: Int64] = [:]
    private var lastProgress = MonotonicClock.seconds()
    /// Following: since when an open partition with nothing fetched has held back the others' messages.
    private var waitingSince: Double?
    /// Messages, partition ends and assignments seen (errors are not progress).
    private var progressed = 0
    /// Group assignments received (an empty one counts).
    private var assignments = 0
    private var batch = [UnsafeMutablePointer<rd_kafka_message_t>?](repeating: nil, count: 2048)

    /// Consumer groups: asks the reader whether what was returned is done (`commitWhenDone`).
    private var doneCheck: (() -> Bool)?
    /// Following: what to do when nothing came in a poll (`whenIdle`).
    private var idle: (() -> Void)?
    private var lastStore = MonotonicClock.seconds()
    /// Seconds between asking (librdkafka's auto.commit.interval.ms: storing more often gains nothing).
    private let storeInterval: Double

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
            // Offsets are stored when the reader says their messages are done, not when librdkafka fetches them.
            forced += [
                ("group.id", group), ("auto.offset.reset", start == .earliest ? "earliest" : "latest"),
                ("enable.auto.offset.store", "false")
            ]
        } else {
            // librdkafka's consumer API wants a group id even for assign(); nothing is joined or committed.
            forced += [
                ("group.id", "velo-reader-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"),
                ("enable.auto.commit", "false"), ("enable.auto.offset.store", "false")
            ]
        }
        client = try KafkaClient(config: config, role: .consumer, defaults: Self.defaults, forced: forced, rebalance: group != nil)
        self.topic = topic
        self.follow = follow
        self.group = group
        storeInterval = Double(config.value("auto.commit.interval.ms").flatMap { Int($0) } ?? 5000) / 1000
        rd_kafka_poll_set_consumer(client.handle)
        queue = rd_kafka_queue_get_consumer(client.handle)

        let partitions = try partitionsOrThrow()
        lanes = Array(repeating: Lane(), count: Int(partitions.max() ?? 0) + 1)
        refreshAll()
        if let group {
            client.state.setRebalanceHandler { [weak self] err, list in
                guard let self else { return false }
                self.rebalanced(err, list)
                return true
            }
            let list = rd_kafka_topic_partition_list_new(1)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            rd_kafka_topic_partition_list_add(list, topic, velo_rdk_partition_unassigned())
            let err = rd_kafka_subscribe(client.handle, list)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.failed, "cannot join group '\(group)' on '\(topic)': \(KafkaClient.describe(err))")
            }
        } else {
            try assign(partitions: partitions, start: start)
        }
    }

    deinit {
        releaseHandedOut()
        if !closed {
            dropFetched()
            rd_kafka_queue_destroy(queue) // before close, as librdkafka requires
            rd_kafka_consumer_close(client.handle)
        }
    }

    public var warnings: [Diagnostic] { client.warnings }

    public func stop() {
        lock.withLock { stopped = true }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    public func next() throws -> TopicMessage? {
        try nextMessage()
    }

    /// The next message, copied out (`nextView()` copies nothing).
    public func nextMessage() throws(KafkaError) -> TopicMessage? {
        guard let v = try nextView() else { return nil }
        return TopicMessage(
            key: v.key.map { Array($0) }, value: Array(v.value), timestamp: v.timestamp, partition: v.partition,
            offset: v.offset, isTombstone: v.isTombstone, headers: v.headers)
    }

    public func readHeaders(_ on: Bool) {
        guard lanes.allSatisfy(\.isEmpty), fifoIndex == fifo.count else { return }
        withHeaders = on
    }

    public func nextView() throws(KafkaError) -> TopicMessageView? {
        if handedOut != nil { releaseHandedOut() }
        if merging {
            let first = tree[1]
            let t = heads[first]
            if t != Self.waiting && t != .max { return take(from: first) }
        } else if fifoIndex < fifo.count {
            return takeFromFifo()
        }
        if let n = lastN {
            lastN = nil
            try collectLast(n)
        }
        while true {
            if lastIndex < lastMessages.count {
                defer { lastIndex += 1 }
                return view(of: lastMessages[lastIndex])
            }
            if isStopped { return nil }
            if !merging, fifoIndex < fifo.count { return takeFromFifo() }
            if let lane = pick() {
                waitingSince = nil
                return take(from: lane)
            }
            if !follow && isDone() { return nil }
            try fill()
        }
    }

    /// A reader to whom the order across partitions does not matter (a filter, a projection, an aggregate
    /// without windows) turns the merge off before its first `next()`: messages then go out as fetched, each
    /// partition still in offset order, none waiting for the others, and nothing is held (the merge costs
    /// memory and, in the bench, a third more CPU for the consumer alone).
    public func keepTimeOrder(_ on: Bool) {
        guard lanes.allSatisfy(\.isEmpty), fifoIndex == fifo.count, lastN == nil else { return }
        merging = on
    }

    /// Returns the oldest message fetched (no merge), pointing into librdkafka's buffer: the message is
    /// destroyed on the next call.
    private func takeFromFifo() -> TopicMessageView {
        let pointer = fifo[fifoIndex]
        handedOut = pointer
        let view = view(of: pointer, timestamp: fifoTimestamps[fifoIndex])
        if Int(view.partition) < lanes.count { lanes[Int(view.partition)].returned = view.offset + 1 }
        fifoIndex += 1
        if fifoIndex == fifo.count {
            fifo.removeAll(keepingCapacity: true)
            fifoTimestamps.removeAll(keepingCapacity: true)
            fifoIndex = 0
        }
        return view
    }

    /// A fetched message as a view into librdkafka's buffer (valid until the message is destroyed).
    private func view(of pointer: UnsafeMutablePointer<rd_kafka_message_t>, timestamp: Int64) -> TopicMessageView {
        let m = pointer.pointee
        return TopicMessageView(
            key: m.key.map { UnsafeBufferPointer(start: $0.assumingMemoryBound(to: UInt8.self), count: m.key_len) },
            value: UnsafeBufferPointer(start: m.payload?.assumingMemoryBound(to: UInt8.self), count: m.payload == nil ? 0 : m.len),
            timestamp: timestamp, partition: m.partition, offset: m.offset, isTombstone: m.payload == nil,
            headers: withHeaders ? Self.headers(of: pointer) : nil)
    }

    private func releaseHandedOut() {
        if let pointer = handedOut { rd_kafka_message_destroy(pointer) }
        handedOut = nil
    }

    /// A view of one of the last N messages (copied into `lastBytes`).
    private func view(of m: TopicMessage) -> TopicMessageView {
        lastBytes.removeAll()
        if let key = m.key { key.withUnsafeBytes { if let b = $0.baseAddress { lastBytes.append(b, $0.count) } } }
        m.value.withUnsafeBytes { if let b = $0.baseAddress { lastBytes.append(b, $0.count) } }
        let keyCount = m.key?.count ?? 0
        return TopicMessageView(
            key: m.key == nil ? nil : UnsafeBufferPointer(start: lastBytes.base, count: keyCount),
            value: UnsafeBufferPointer(start: lastBytes.base + keyCount, count: m.value.count), timestamp: m.timestamp,
            partition: m.partition, offset: m.offset, isTombstone: m.isTombstone, headers: m.headers)
    }

    /// A message's headers, in order (librdkafka parses them on first use).
    private static func headers(of pointer: UnsafeMutablePointer<rd_kafka_message_t>) -> [TopicHeader] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(pointer, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var headers: [TopicHeader] = []
        var index = 0
        while true {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR, let name else { break }
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            headers.append(TopicHeader(name: String(cString: name), value: bytes))
            index += 1
        }
        return headers
    }

    /// Lets go of the messages fetched and not returned (of `partitions`, or all).
    private func dropFetched(partitions: Set<Int32>? = nil) {
        var kept: [UnsafeMutablePointer<rd_kafka_message_t>] = [], keptTimestamps: [Int64] = []
        for k in fifoIndex..<fifo.count {
            if let partitions, !partitions.contains(fifo[k].pointee.partition) {
                kept.append(fifo[k])
                keptTimestamps.append(fifoTimestamps[k])
            } else {
                rd_kafka_message_destroy(fifo[k])
            }
        }
        fifo = kept
        fifoTimestamps = keptTimestamps
        fifoIndex = 0
        for i in lanes.indices where partitions?.contains(Int32(i)) ?? true { lanes[i].drop() }
    }

    /// Returns the head of lane `i`, pointing into librdkafka's buffer: the message is destroyed on the next call.
    private func take(from i: Int) -> TopicMessageView {
        if lanes[i].head >= 4096 && 2 * lanes[i].head >= lanes[i].messages.count { lanes[i].compact() }
        let head = lanes[i].head
        let pointer = lanes[i].messages[head]
        handedOut = pointer
        let message = view(of: pointer, timestamp: lanes[i].timestamps[head])
        lanes[i].returned = message.offset + 1
        if head + 1 == lanes[i].messages.count {
            lanes[i].clear()
            heads[i] = lanes[i].open ? Self.waiting : .max
        } else {
            lanes[i].head = head + 1
            heads[i] = lanes[i].timestamps[head + 1]
        }
        update(i)
        return message
    }

    /// Brings lane `i`'s head up to date after the lane changed.
    private func refresh(_ i: Int) {
        let t = !lanes[i].isEmpty ? lanes[i].timestamps[lanes[i].head] : lanes[i].open ? Self.waiting : .max
        if heads[i] != t {
            heads[i] = t
            update(i)
        }
    }

    /// Replays lane `i`'s path to the root of the winner tree.
    private func update(_ i: Int) {
        heads.withUnsafeBufferPointer { heads in
            tree.withUnsafeMutableBufferPointer { tree in
                var n = (width + i) >> 1
                while n >= 1 {
                    let a = tree[2 * n], b = tree[2 * n + 1]
                    tree[n] = heads[b] < heads[a] ? b : a // ties: the lower partition
                    n >>= 1
                }
            }
        }
    }

    /// Rebuilds every head and the tree (after lanes were added, assigned or dropped).
    private func refreshAll() {
        width = 1
        while width < lanes.count { width <<= 1 }
        heads = Array(repeating: .max, count: width)
        tree = Array(repeating: 0, count: 2 * width)
        for i in 0..<width { tree[width + i] = i }
        for i in lanes.indices {
            heads[i] = !lanes[i].isEmpty ? lanes[i].timestamps[lanes[i].head] : lanes[i].open ? Self.waiting : .max
        }
        for n in stride(from: width - 1, through: 1, by: -1) {
            let a = tree[2 * n], b = tree[2 * n + 1]
            tree[n] = heads[b] < heads[a] ? b : a
        }
    }

    /// The lane whose head comes first (timestamp, then partition); nil while an open lane has nothing fetched
    /// (it may still deliver something earlier), or when nothing is left.
    private func pick() -> Int? {
        let first = tree[1]
        let t = heads[first]
        return t == Self.waiting || t == .max ? nil : first
    }

    // MARK: Bounded ends

    private func isDone() -> Bool {
        // A group read ends once it was given partitions and read them to their ends.
        if group != nil && !lanes.contains(where: \.assigned) { return false }
        return fifoIndex == fifo.count && !lanes.contains { $0.open || !$0.isEmpty }
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

    /// Reads the next batch from librdkafka into the lanes (waits at most 100 ms so `stop()` is seen quickly).
    private func fill() throws(KafkaError) {
        if follow { releaseIdle() }
        // Between batches every message returned so far was handed over: a group may store their offsets.
        if doneCheck != nil { storeIfDone() }
        // Wait up to 100 ms for one message (the batch call would wait to fill its whole batch), then take
        // what is already queued in one batch (one queue lock per batch, as confluent-kafka-python does).
        let before = progressed
        defer { if progressed != before { lastProgress = MonotonicClock.seconds() } }
        guard let first = rd_kafka_consumer_poll(client.handle, 100) else {
            if follow { idle?() }
            return try checkStall()
        }
        var failure = take(first)
        let count = max(0, rd_kafka_consume_batch_queue(queue, 0, &batch, batch.count))
        for i in 0..<count {
            guard let message = batch[i] else { continue }
            // `case .none`, not `== nil`: KafkaError is Equatable, and `==` on the optional went through value
            // witnesses for every message.
            if case .none = failure { failure = take(message) } else { rd_kafka_message_destroy(message) }
        }
        if let failure { throw failure }
        // Only errors (a broker reconnecting) is no progress.
        if progressed == before { try checkStall() }
    }

    /// Following, a partition that fetches nothing (not even its end) for `velo.read.timeout.ms` while others
    /// have messages waiting stops holding them back, until it delivers again (a bounded read fails instead).
    private func releaseIdle() {
        guard lanes.contains(where: { $0.open && $0.isEmpty }), lanes.contains(where: { !$0.isEmpty }) else {
            waitingSince = nil
            return
        }
        let now = MonotonicClock.seconds()
        guard let since = waitingSince else { waitingSince = now; return }
        guard now - since > Double(client.config.readStallTimeoutMs) / 1000 else { return }
        for i in lanes.indices where lanes[i].open && lanes[i].isEmpty { lanes[i].open = false }
        refreshAll()
        waitingSince = nil
    }

    /// A bounded read that gets nothing for `velo.read.timeout.ms` fails instead of hanging; so does a bounded
    /// group read that was given no partitions in that time.
    private func checkStall() throws(KafkaError) {
        guard !follow, MonotonicClock.seconds() - lastProgress > Double(client.config.readStallTimeoutMs) / 1000 else { return }
        let timeout = HumanDuration.ms(client.config.readStallTimeoutMs)
        if let group, !lanes.contains(where: \.assigned) {
            if assignments == 0 {
                throw KafkaError(
                    .unreachable,
                    "consumer group '\(group)' gave this run no partitions of '\(topic)' within \(timeout): the group did not finish rebalancing",
                    hint:
                        "a member that stopped without leaving the group (killed) holds its partitions until its session.timeout.ms passes (librdkafka's default: 45 s); run again then, or use another --group"
                )
            }
            throw KafkaError(
                .unreachable,
                "consumer group '\(group)' gave this run no partitions of '\(topic)' within \(timeout): its other members hold all \(lanes.count) of them",
                hint: "a group shares a topic's partitions among its members; stop one, or read with another --group")
        }
        let waiting = lanes.indices.filter { lanes[$0].open }.map(String.init)
        throw KafkaError(
            .unreachable,
            "reading '\(topic)' from \(client.config.bootstrap) made no progress for \(timeout) (partitions \(waiting.joined(separator: ", ")) not at their end)",
            hint: client.state.problem.map { "last client message: \($0)" })
    }

    /// Handles one message or event: a message goes into its partition's lane, anything else is destroyed.
    /// Returns an error that must stop the read.
    private func take(_ pointer: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError? {
        var kept = false
        defer { if !kept { rd_kafka_message_destroy(pointer) } }
        let m = pointer.pointee
        let err = m.err
        if err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
            progressed &+= 1
            if m.partition >= 0 && Int(m.partition) < lanes.count {
                lanes[Int(m.partition)].open = false
                refresh(Int(m.partition))
            }
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
        let p = Int(m.partition)
        guard p >= 0, p < lanes.count, lanes[p].assigned else { return nil } // no longer ours
        if group == nil && !follow {
            let end = lanes[p].end
            if m.offset + 1 >= end { lanes[p].open = false }
            if m.offset >= end { return nil } // past the bounded end
        } else {
            lanes[p].open = true // an end-of-partition event follows what was fetched
        }
        progressed &+= 1
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(pointer, &type)
        if !skipBefore.isEmpty, let from = skipBefore[m.partition] {
            if timestamp < from { return nil }
            skipBefore[m.partition] = nil
        }
        if !merging {
            kept = true
            fifo.append(pointer)
            fifoTimestamps.append(timestamp)
            return nil
        }
        kept = true
        lanes[p].append(pointer, timestamp: timestamp)
        refresh(p)
        return nil
    }

    /// A message copied out of librdkafka's buffer.
    private func copy(_ pointer: UnsafeMutablePointer<rd_kafka_message_t>, timestamp: Int64) -> TopicMessage {
        let m = pointer.pointee
        let value = m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) } ?? []
        let key = m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) }
        return TopicMessage(
            key: key, value: value, timestamp: timestamp, partition: m.partition, offset: m.offset,
            isTombstone: m.payload == nil, headers: withHeaders ? Self.headers(of: pointer) : nil)
    }

    /// The last `n` messages of the topic by timestamp (a bounded read of each partition's last n, merged).
    private func collectLast(_ n: Int) throws(KafkaError) {
        var all: [TopicMessage] = []
        while true {
            for k in fifoIndex..<fifo.count { all.append(copy(fifo[k], timestamp: fifoTimestamps[k])) }
            for k in fifoIndex..<fifo.count { rd_kafka_message_destroy(fifo[k]) }
            fifo.removeAll()
            fifoTimestamps.removeAll()
            fifoIndex = 0
            for i in lanes.indices {
                for k in lanes[i].head..<lanes[i].messages.count {
                    let v = view(of: lanes[i].messages[k], timestamp: lanes[i].timestamps[k])
                    all.append(
                        TopicMessage(
                            key: v.key.map { Array($0) }, value: Array(v.value), timestamp: v.timestamp, partition: v.partition,
                            offset: v.offset, isTombstone: v.isTombstone, headers: v.headers))
                }
                lanes[i].drop()
                refresh(i)
            }
            if isDone() || isStopped { break }
            try fill()
        }
        all.sort { ($0.timestamp, $0.partition, $0.offset) < ($1.timestamp, $1.partition, $1.offset) }
        lastMessages = Array(all.suffix(n))
        lastIndex = 0
    }

    // MARK: Commits (consumer groups)

    /// Called after a poll that waited 100 ms for nothing, so output lags a quiet topic by at most that.
    public func whenIdle(_ handler: @escaping () -> Void) { idle = handler }

    public func commitWhenDone(_ check: @escaping () -> Bool) {
        doneCheck = group == nil ? nil : check
    }

    /// At most once per commit interval: stores the offsets of what was returned when the reader says it is done.
    private func storeIfDone() {
        let now = MonotonicClock.seconds()
        guard now - lastStore >= storeInterval, let check = doneCheck else { return }
        lastStore = now
        if check() { storeReturned() }
    }

    /// Stores, for the next commit, the offset after the last message returned from each partition.
    private func storeReturned() {
        let list = rd_kafka_topic_partition_list_new(Int32(lanes.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for i in lanes.indices where lanes[i].assigned && lanes[i].returned > lanes[i].stored {
            rd_kafka_topic_partition_list_add(list, topic, Int32(i))!.pointee.offset = lanes[i].returned
        }
        guard list.pointee.cnt > 0 else { return }
        _ = rd_kafka_offsets_store(client.handle, list)
        for k in 0..<Int(list.pointee.cnt) where list.pointee.elems[k].err == RD_KAFKA_RESP_ERR_NO_ERROR {
            let element = list.pointee.elems[k]
            lanes[Int(element.partition)].stored = element.offset
        }
    }

    public func close(commit: Bool) throws {
        guard !closed else { return }
        closed = true
        doneCheck = nil
        releaseHandedOut()
        var failure: KafkaError?
        if commit, let group {
            storeReturned()
            let err = rd_kafka_commit(client.handle, nil, 0)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
                failure = KafkaError(
                    .failed, "consumer group '\(group)' could not commit its offsets on '\(topic)': \(KafkaClient.describe(err))",
                    hint: "every record was processed, but the next run in the group reads again from the group's last commit")
            }
        }
        dropFetched()
        refreshAll()
        rd_kafka_queue_destroy(queue) // before close, as librdkafka requires
        rd_kafka_consumer_close(client.handle) // leaves the group
        if let failure { throw failure }
    }

    /// The group gives partitions (a lane each, open until its first end) or takes them away. Before they go,
    /// what was returned and is done is committed, so the next owner starts after it; what was fetched and not
    /// returned is dropped, for the next owner to read.
    private func rebalanced(_ err: rd_kafka_resp_err_t, _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        let partitions = list.map { l in (0..<Int(l.pointee.cnt)).map { Int(l.pointee.elems[$0].partition) } } ?? []
        if err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
            KafkaClient.applyRebalance(client.handle, err, list)
            assignments += 1
            progressed &+= 1
            lastProgress = MonotonicClock.seconds()
            for p in partitions where p >= 0 {
                if p >= lanes.count { lanes += (lanes.count...p).map { _ in Lane() } }
                lanes[p].drop()
                lanes[p] = Lane(assigned: true, open: true)
            }
            refreshAll()
            return
        }
        if err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS {
            if let check = doneCheck, check() { storeReturned() }
            if !closed { _ = rd_kafka_commit(client.handle, nil, 0) }
        }
        let taken = err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS ? partitions : Array(lanes.indices)
        dropFetched(partitions: Set(taken.map { Int32($0) }))
        for p in taken where p >= 0 && p < lanes.count { lanes[p] = Lane() }
        refreshAll()
        KafkaClient.applyRebalance(client.handle, err, list)
    }

    // MARK: Setup

    /// The topic's partitions. The metadata request asks for every topic: asking for this one by name makes
    /// brokers that auto-create topics (and older protocol versions, as librdkafka's mock cluster speaks)
    /// create it, so a mistyped name would read as an empty topic and leave one behind.
    private func partitionsOrThrow() throws(KafkaError) -> [Int32] {
        let all = try client.metadata()
        if let found = all.first(where: { $0.name == topic }), found.error == RD_KAFKA_RESP_ERR_NO_ERROR, !found.partitions.isEmpty {
            return found.partitions
        }
        let known = all.map(\.name).filter { !$0.hasPrefix("__") }.sorted()
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
                lanes[Int(partition)].end = end
            }
            lanes[Int(partition)].assigned = true
            lanes[Int(partition)].open = true
            rd_kafka_topic_partition_list_add(list, topic, partition)!.pointee.offset = from
        }
        refreshAll()
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
