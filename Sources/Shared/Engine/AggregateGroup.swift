/// The state of one group in one window: its key, one accumulator per aggregate in the SELECT list, and
/// `carried` values the planner wants to keep per group (for example non-aggregated columns taken from
/// the group's first row).
public final class AggregateGroup {
    public internal(set) var key: GroupKey
    public var accumulators: [Accumulator]
    public var carried: [SQLValue] = []
    /// Rows folded into this group.
    public var rows: Int64 = 0

    public init(key: GroupKey, accumulators: [Accumulator]) {
        self.key = key
        self.accumulators = accumulators
    }

    /// Empties the group for reuse under another key.
    func reset(key: GroupKey) {
        self.key = key
        accumulators.withUnsafeBufferPointer { for a in $0 { a.reset() } }
        carried.removeAll()
        rows = 0
    }

    /// The current aggregate results, in SELECT order.
    public func results() -> [SQLValue] {
        accumulators.withUnsafeBufferPointer { $0.map { $0.result() } }
    }

    /// Folds `other` (covering later input) into this group.
    public func merge(_ other: AggregateGroup) throws {
        for i in accumulators.indices { try accumulators[i].merge(other.accumulators[i]) }
        rows += other.rows
        if carried.isEmpty { carried = other.carried }
    }

    public var estimatedBytes: Int {
        // object header + fields + the accumulator array, plus what each accumulator holds
        var bytes = 64 + key.estimatedBytes + 32 + accumulators.count * 8 + carried.count * 24
        for a in accumulators { bytes += a.estimatedBytes }
        for c in carried { bytes += c.estimatedHeapBytes }
        return bytes
    }
}

/// The groups of one window, in first-seen order so that emitted rows come out deterministically.
final class WindowGroups {
    var index: [GroupKey: Int]
    var groups: [AggregateGroup] = []

    init(capacity: Int = 0) {
        index = Dictionary(minimumCapacity: capacity)
        groups.reserveCapacity(capacity)
    }

    @inline(__always) func group(_ key: GroupKey, make: () -> AggregateGroup, created: inout Bool) -> AggregateGroup {
        if let i = index[key] { return groups[i] }
        let g = make()
        index[key] = groups.count
        groups.append(g)
        created = true
        return g
    }
}
