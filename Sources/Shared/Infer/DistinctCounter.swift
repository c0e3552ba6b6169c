/// Counts occurrences of each distinct string value until `cap` distinct values have been seen, then stops
/// (and frees what it held): enough to find enums and exact uniqueness in small samples, bounded on big ones.
public struct DistinctCounter: Sendable {
    public let cap: Int
    /// The values in first-seen order with their counts; empty once `overflowed`.
    public private(set) var values: [[UInt8]] = []
    public private(set) var counts: [Int] = []
    var slots: [UInt64: Int] = [:]
    public private(set) var overflowed = false

    public init(cap: Int) { self.cap = cap }

    public var distinct: Int { values.count }

    @inline(__always) public mutating func add(_ s: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        guard !overflowed else { return }
        if let slot = slots[hash] {
            // 64-bit hashes of at most `cap` values practically never collide; check anyway and give up if so.
            if values[slot].elementsEqual(s) { counts[slot] += 1 } else { overflow() }
            return
        }
        guard values.count < cap else { overflow(); return }
        slots[hash] = values.count
        values.append(Array(s))
        counts.append(1)
    }

    mutating func overflow() {
        overflowed = true
        values = []
        counts = []
        slots = [:]
    }

    /// (value, count) sorted by count, most frequent first; ties in first-seen order.
    public var byFrequency: [(value: String, count: Int)] {
        values.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
            .map { (String(decoding: values[$0], as: UTF8.self), counts[$0]) }
    }
}

/// Exact distinct tracking for integers, capped like `DistinctCounter`.
public struct IntDistinct: Sendable {
    public let cap: Int
    var seen: Set<Int64> = []
    public private(set) var overflowed = false

    public init(cap: Int) { self.cap = cap }

    public var distinct: Int { seen.count }

    @inline(__always) public mutating func add(_ v: Int64) {
        guard !overflowed else { return }
        seen.insert(v)
        if seen.count > cap { overflowed = true; seen = [] }
    }
}
