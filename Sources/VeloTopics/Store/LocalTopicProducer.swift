import VeloBase

/// Appends messages to a local topic. Messages are batched per partition in memory and written with one
/// `write(2)` per batch while holding the partition's lock, so lines from several processes never interleave.
public final class LocalTopicProducer: TopicProducer {
    public let topic: String
    public let partitions: Int
    /// A partition's batch is written once it holds this many bytes.
    public var batchBytes = 1 << 20
    /// Pending messages are written at the next `send` once this much time has passed since the last write,
    /// so that followers see a slow producer's messages soon.
    public var lingerNanoseconds: UInt64 = 100_000_000

    private let store: LocalTopicStore
    private var logs: [LogFile?]
    /// Encoded `<timestamp>\t<key>\t<value>\n` of the pending messages, per partition, and where each starts.
    private var pending: [[UInt8]]
    private var starts: [[Int]]
    private var payloadBytes: [Int]
    /// The log size and next offset after our last append: when the size is unchanged nobody else wrote.
    private var known: [(size: Int, nextOffset: Int64)?]
    private var out: [UInt8] = []
    private var report = DeliveryReport()
    private var roundRobin: Int
    private var lastWrite = MonotonicClock.nanoseconds()
    private var finished = false
    private var sendsSinceClock = 0

    package init(store: LocalTopicStore, topic: String, partitions: Int) throws {
        self.store = store
        self.topic = topic
        self.partitions = partitions
        logs = Array(repeating: nil, count: partitions)
        pending = Array(repeating: [], count: partitions)
        starts = Array(repeating: [], count: partitions)
        payloadBytes = Array(repeating: 0, count: partitions)
        known = Array(repeating: nil, count: partitions)
        roundRobin = Int(MonotonicClock.nanoseconds() / 1000 % UInt64(partitions))
    }

    /// Same key → same partition (Kafka's murmur2); null keys go round robin.
    public func partition(for key: [UInt8]?) -> Int {
        guard partitions > 1 else { return 0 }
        if let key { return Murmur2Partitioner.partition(key: key, partitions: partitions) }
        roundRobin = (roundRobin + 1) % partitions
        return roundRobin
    }

    public func send(key: [UInt8]?, value: [UInt8], timestamp: Int64?) throws {
        guard !finished else {
            throw VeloError("producer for topic '\(topic)' already finished", hint: "create a new producer", exit: .failed)
        }
        let p = partition(for: key)
        starts[p].append(pending[p].count)
        LogLine.encodeBody(key: key, value: value, timestamp: timestamp ?? currentEpochMillis(), into: &pending[p])
        payloadBytes[p] += value.count + (key?.count ?? 0)
        if pending[p].count >= batchBytes {
            flush(partition: p)
        } else {
            sendsSinceClock &+= 1
            // Look at the clock every 64 sends only: it is a visible cost at a million sends a second.
            if sendsSinceClock & 63 == 0 && MonotonicClock.nanoseconds() &- lastWrite >= lingerNanoseconds { flush() }
        }
    }

    /// Writes every pending batch now.
    public func flush() {
        for p in 0..<partitions where !starts[p].isEmpty { flush(partition: p) }
        lastWrite = MonotonicClock.nanoseconds()
    }

    public func finish() throws -> DeliveryReport {
        if !finished { flush() }
        finished = true
        logs = Array(repeating: nil, count: partitions)
        return report
    }

    private func flush(partition p: Int) {
        let count = starts[p].count
        guard count > 0 else { return }
        do {
            try append(partition: p)
            report.delivered += count
            report.bytes += payloadBytes[p]
        } catch {
            report.failed += count
            let reason = (error as? VeloError)?.diagnostic.message ?? "\(error)"
            report.failures[reason, default: 0] += count
        }
        pending[p].removeAll(keepingCapacity: true)
        starts[p].removeAll(keepingCapacity: true)
        payloadBytes[p] = 0
    }

    private func append(partition p: Int) throws {
        let log: LogFile
        if let open = logs[p] {
            log = open
        } else {
            log = try LogFile(path: store.logPath(topic, partition: p), append: true, create: true)
            logs[p] = log
        }
        try log.withExclusiveLock {
            let size = try log.size()
            var end = size
            var base: Int64
            if let k = known[p], k.size == size {
                base = k.nextOffset
            } else {
                // Someone else wrote since our last append (or this is the first): read the tail, and drop
                // a torn line a crashed writer left so that the partial message never becomes visible.
                let tail = try log.tail(size: size)
                if tail.end < size { try log.truncate(to: tail.end) }
                end = tail.end
                base = tail.lastOffset.map { $0 + 1 } ?? 0
            }
            out.removeAll(keepingCapacity: true)
            out.reserveCapacity(pending[p].count + starts[p].count * 12)
            let bounds = starts[p]
            pending[p].withUnsafeBufferPointer { body in
                for (i, start) in bounds.enumerated() {
                    LogLine.appendDecimal(base + Int64(i), to: &out)
                    out.append(LogLine.tab)
                    let stop = i + 1 < bounds.count ? bounds[i + 1] : body.count
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: body[start..<stop]))
                }
            }
            do {
                try out.withUnsafeBytes { try log.writeAll($0) }
            } catch {
                known[p] = nil
                try? log.truncate(to: end) // keep the log whole: the failed batch is reported, not half-written
                throw error
            }
            known[p] = (end + out.count, base + Int64(bounds.count))
        }
    }
}
