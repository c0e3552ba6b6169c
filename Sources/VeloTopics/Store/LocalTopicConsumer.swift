#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a local topic: every partition, merged by timestamp (ties: lower partition first), so a bounded
/// read of a multi-partition topic comes out in time order when each partition is. Bounded reads stop at
/// the end each partition had when the consumer opened; `follow` polls for growth until `stop()`.
public final class LocalTopicConsumer: TopicConsumer {
    public let topic: String
    public let follow: Bool
    /// How long a following consumer sleeps when every partition is at its end.
    public var pollNanoseconds: UInt64 = 50_000_000

    private let readers: [PartitionReader]
    private let stopped = StopFlag()
    private var idle: (() -> Void)?

    package init(store: LocalTopicStore, topic: String, start: ReadStart, follow: Bool) throws {
        self.topic = topic
        self.follow = follow
        let partitions = try store.requirePartitions(topic)
        var logs: [LogFile] = []
        var ends: [(end: Int, count: Int64)] = []
        for p in 0..<partitions {
            let log = try LogFile(path: store.logPath(topic, partition: p), append: false)
            let tail = try log.tail(size: try log.size())
            logs.append(log)
            ends.append((tail.end, tail.lastOffset.map { $0 + 1 } ?? 0))
        }
        var startOffsets: [Int64] = Array(repeating: 0, count: partitions)
        switch start {
        case .earliest, .timestamp: break
        case .latest: startOffsets = ends.map { $0.count }
        case .offset(let offset): startOffsets = Array(repeating: max(0, offset), count: partitions)
        case .lastN(let n): startOffsets = try Self.lastNStarts(n: max(0, n), logs: logs, ends: ends)
        }
        let bufferSize = max(64 << 10, min(1 << 20, (16 << 20) / partitions)) // ~16 MB in all, 64 KB at least
        readers = try (0..<partitions).map { p in
            let at = try logs[p].seek(offset: startOffsets[p], end: ends[p].end, count: ends[p].count)
            let reader = PartitionReader(
                log: logs[p], partition: Int32(p), position: at.position, offset: at.offset,
                limit: ends[p].end, bufferSize: bufferSize)
            reader.skipBeforeOffset = startOffsets[p]
            if case .timestamp(let t) = start { reader.skipBeforeTimestamp = t }
            return reader
        }
    }

    public func next() throws -> TopicMessage? {
        guard let reader = try nextReader() else { return nil }
        return reader.take()
    }

    /// The partition whose loaded message comes first by timestamp (waiting for one when following).
    private func nextReader() throws -> PartitionReader? {
        while true {
            var best = -1
            var bestTimestamp = Int64.max
            for i in readers.indices {
                if let t = try readers[i].headTimestamp(), best < 0 || t < bestTimestamp {
                    best = i
                    bestTimestamp = t
                }
            }
            if best >= 0 { return readers[best] }
            guard follow else { return nil }
            if !waitForGrowth() { return nil }
        }
    }

    /// `next()`'s message with its key and value copied into `viewBytes` (the store's lines are decoded into
    /// arrays already; this spares the reader a copy of its own).
    public func nextView() throws -> TopicMessageView? {
        guard let reader = try nextReader() else { return nil }
        // Straight from the decoded line's fields: a `TopicMessage` per record cost ~1,000 instructions
        // (copies and reference counting of its arrays), as much as the rest of the store read.
        return reader.takeFields { m in
            let keyCount = m.key?.count ?? 0
            if keyCount + m.value.count > viewCapacity {
                viewBytes.deallocate()
                viewCapacity = 2 * (keyCount + m.value.count)
                viewBytes = .allocate(capacity: viewCapacity)
            }
            let bytes = viewBytes
            if let key = m.key { key.withUnsafeBufferPointer { if let b = $0.baseAddress { bytes.update(from: b, count: keyCount) } } }
            m.value.withUnsafeBufferPointer { if let b = $0.baseAddress { (bytes + keyCount).update(from: b, count: m.value.count) } }
            return TopicMessageView(
                key: m.key == nil ? nil : UnsafeBufferPointer(start: bytes, count: keyCount),
                value: UnsafeBufferPointer(start: bytes + keyCount, count: m.value.count), timestamp: m.timestamp,
                partition: reader.partition, offset: m.offset, isTombstone: false)
        }
    }

    private var viewBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
    private var viewCapacity = 1 << 16

    deinit { viewBytes.deallocate() }

    public func stop() { stopped.set() }

    public func whenIdle(_ handler: @escaping () -> Void) { idle = handler }

    /// Takes in the partitions' new sizes, sleeping one poll interval when none changed; false once stopped.
    /// (After the sleep the caller looks again even without a size change: a torn tail may have been
    /// truncated and replaced by whole lines of the same length.)
    private func waitForGrowth() -> Bool {
        var changed = false
        for reader in readers {
            let size = (try? reader.log.size()) ?? reader.limit
            if size != reader.limit { reader.limit = size; changed = true }
        }
        if changed { return !stopped.isSet }
        idle?()
        // Sleep in short slices so stop() takes effect quickly.
        var slept: UInt64 = 0
        while slept < pollNanoseconds && !stopped.isSet {
            var ts = timespec(tv_sec: 0, tv_nsec: 10_000_000)
            nanosleep(&ts, nil)
            slept += 10_000_000
        }
        return !stopped.isSet
    }

    /// Where each partition starts so that together they hold the last `n` messages by timestamp:
    /// walk back from the newest message over all partitions, taking the latest timestamp each step.
    private static func lastNStarts(n: Int, logs: [LogFile], ends: [(end: Int, count: Int64)]) throws -> [Int64] {
        if logs.count == 1 { return [max(0, ends[0].count - Int64(n))] }
        var timestamps: [[Int64]] = []
        for (p, log) in logs.enumerated() {
            let first = max(0, ends[p].count - Int64(n))
            let at = try log.seek(offset: first, end: ends[p].end, count: ends[p].count)
            let scan = PartitionReader(
                log: log, partition: Int32(p), position: at.position,
                offset: at.offset, limit: ends[p].end, bufferSize: 1 << 16)
            var stamps: [Int64] = []
            var offset = at.offset
            while let line = try scan.nextLine() {
                if offset >= first { stamps.append(LogLine.timestamp(line) ?? Int64.min) }
                offset += 1
            }
            timestamps.append(stamps)
        }
        var remaining = timestamps.map { $0.count }
        for _ in 0..<n {
            var pick = -1
            for p in remaining.indices where remaining[p] > 0 {
                if pick < 0 || timestamps[p][remaining[p] - 1] >= timestamps[pick][remaining[pick] - 1] { pick = p }
            }
            if pick < 0 { break }
            remaining[pick] -= 1
        }
        return ends.indices.map { p in ends[p].count - Int64(timestamps[p].count - remaining[p]) }
    }
}

/// A flag one thread sets and another polls. A pthread mutex rather than `Synchronization.Atomic`, which
/// needs macOS 15 while the package supports macOS 13.
package final class StopFlag: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value = false

    package init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    package func set() {
        pthread_mutex_lock(mutex)
        value = true
        pthread_mutex_unlock(mutex)
    }

    package var isSet: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return value
    }
}
