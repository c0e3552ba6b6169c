#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Reads a local topic: every partition, merged by timestamp (ties: lower partition first), so a bounded
/// read of a multi-partition topic comes out in time order when each partition is. Bounded reads stop at
/// the end each partition had when the consumer opened; `follow` polls for growth until `stop()`.
public final class LocalTopicConsumer: TopicConsumer {
    public let topic: String
    public let follow: Bool
    /// How long a following consumer sleeps when every partition is at its end.
    public var pollNanoseconds: UInt64 = 50_000_000

    private let readers: [PartitionReader]
    private let stopped = Atomic<Bool>(false)

    init(store: LocalTopicStore, topic: String, start: ReadStart, follow: Bool) throws {
        self.topic = topic
        self.follow = follow
        let partitions = try store.requirePartitions(topic)
        var readers: [PartitionReader] = []
        var ends: [(end: Int, count: Int64)] = []
        for p in 0..<partitions {
            let log = try LogFile(path: store.logPath(topic, partition: p), append: false)
            let tail = try log.tail(size: try log.size())
            ends.append((tail.end, tail.lastOffset.map { $0 + 1 } ?? 0))
            readers.append(PartitionReader(log: log, partition: Int32(p), position: 0, offset: 0, limit: tail.end))
        }
        var startOffsets: [Int64?] = Array(repeating: nil, count: partitions)
        switch start {
        case .earliest:
            break
        case .latest:
            startOffsets = ends.map { $0.count }
        case .offset(let offset):
            startOffsets = Array(repeating: max(0, offset), count: partitions)
        case .timestamp(let t):
            for reader in readers { reader.skipBeforeTimestamp = t }
        case .lastN(let n):
            startOffsets = try Self.lastNStarts(n: max(0, n), readers: readers, ends: ends)
        }
        for (p, target) in startOffsets.enumerated() {
            guard let target, target > 0 else { continue }
            let at = try readers[p].log.seek(offset: target, end: ends[p].end, count: ends[p].count)
            readers[p] = PartitionReader(log: readers[p].log, partition: Int32(p), position: at.position,
                                         offset: at.offset, limit: ends[p].end)
            readers[p].skipBeforeOffset = target
        }
        self.readers = readers
    }

    public func next() throws -> TopicMessage? {
        while true {
            var best: PartitionReader?
            var bestTimestamp = Int64.max
            for reader in readers {
                if let m = try reader.peek(), best == nil || m.timestamp < bestTimestamp {
                    best = reader
                    bestTimestamp = m.timestamp
                }
            }
            if let best, let message = try best.peek() {
                best.pop()
                return message
            }
            guard follow else { return nil }
            if !waitForGrowth() { return nil }
        }
    }

    public func stop() { stopped.store(true, ordering: .relaxed) }

    /// Takes in the partitions' new sizes, sleeping one poll interval when none changed; false once stopped.
    /// (After the sleep the caller looks again even without a size change: a torn tail may have been
    /// truncated and replaced by whole lines of the same length.)
    private func waitForGrowth() -> Bool {
        var changed = false
        for reader in readers {
            let size = (try? reader.log.size()) ?? reader.limit
            if size != reader.limit { reader.limit = size; changed = true }
        }
        if changed { return !stopped.load(ordering: .relaxed) }
        // Sleep in short slices so stop() takes effect quickly.
        var slept: UInt64 = 0
        while slept < pollNanoseconds && !stopped.load(ordering: .relaxed) {
            var ts = timespec(tv_sec: 0, tv_nsec: 10_000_000)
            nanosleep(&ts, nil)
            slept += 10_000_000
        }
        return !stopped.load(ordering: .relaxed)
    }

    /// Where each partition starts so that together they hold the last `n` messages by timestamp:
    /// walk back from the newest message over all partitions, taking the latest timestamp each step.
    private static func lastNStarts(n: Int, readers: [PartitionReader], ends: [(end: Int, count: Int64)]) throws -> [Int64?] {
        if readers.count == 1 { return [max(0, ends[0].count - Int64(n))] }
        var timestamps: [[Int64]] = []
        for (p, reader) in readers.enumerated() {
            let first = max(0, ends[p].count - Int64(n))
            let at = try reader.log.seek(offset: first, end: ends[p].end, count: ends[p].count)
            let scan = PartitionReader(log: reader.log, partition: reader.partition, position: at.position,
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
