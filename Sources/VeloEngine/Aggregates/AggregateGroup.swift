/// The state of one group in one window: its key, one aggregate slot per aggregate in the SELECT
/// list, and `carried` values the planner wants to keep per group (for example non-aggregated columns
/// taken from the group's first row).
public final class AggregateGroup {
    public internal(set) var key: GroupKey
    // Hot per-record state, touched only by the thread that owns the store (release builds skip the
    // dynamic exclusivity checks: Package.swift, `hotPath`).
    // The slots are raw memory owned by the group: folding a record in then needs no uniqueness check.
    public let slots: UnsafeMutableBufferPointer<AggregateSlot>
    public var carried: [SQLValue] = []
    /// Rows folded into this group.
    public var rows: Int64 = 0

    public init(key: GroupKey, slots: ContiguousArray<AggregateSlot>) {
        self.key = key
        self.slots = .allocate(capacity: slots.count)
        _ = self.slots.initialize(from: slots)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Folds a value into aggregate `i`.
    @inline(__always) public func add(_ i: Int, _ value: SQLValue) throws { try slots[i].add(value) }

    /// Folds a pair into two-argument aggregate `i` (CORR …).
    @inline(__always) public func add(_ i: Int, _ x: SQLValue, _ y: SQLValue) throws { try slots[i].add(x, y) }

    /// The current result of aggregate `i`.
    @inline(__always) public func result(_ i: Int) -> SQLValue { slots[i].result }

    /// The current aggregate results, in SELECT order.
    public func results() -> [SQLValue] { slots.map(\.result) }

    /// Empties the group for reuse under another key.
    package func reset(key: GroupKey) {
        self.key = key
        for i in slots.indices { slots[i].reset() }
        carried.removeAll()
        rows = 0
    }

    /// Folds `other` (covering later input) into this group.
    public func merge(_ other: AggregateGroup) throws {
        for i in slots.indices { try slots[i].merge(other.slots[i]) }
        rows += other.rows
        if carried.isEmpty { carried = other.carried }
    }

    public var estimatedBytes: Int {
        // object header + fields + the slot array, plus what each slot holds
        var bytes = 64 + key.estimatedBytes + 32 + carried.count * 24
        for s in slots { bytes += s.estimatedBytes }
        for c in carried { bytes += c.estimatedHeapBytes }
        return bytes
    }
}
