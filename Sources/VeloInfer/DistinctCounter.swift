/// Counts occurrences of each distinct string value until `cap` distinct values have been seen, then stops
/// (and frees what it held): enough to find enums and exact uniqueness in small samples, bounded on big ones.
public struct DistinctCounter: Sendable {
    public let cap: Int
    /// The values in first-seen order with their counts; empty once `overflowed`.
    public private(set) var values: [[UInt8]] = []
    public private(set) var counts: [Int] = []
    package var slots = HashSlots()
    public private(set) var overflowed = false

    public init(cap: Int) { self.cap = cap }

    public var distinct: Int { values.count }

    @inline(__always) public mutating func add(_ s: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        guard !overflowed else { return }
        let key = hash | 1 // nonzero
        if let slot = slots.find(key) {
            // 63-bit hashes of at most `cap` values practically never collide; check anyway and give up if so.
            let stored = values[Int(slot)]
            if stored.count == s.count && (s.isEmpty || stored.withUnsafeBufferPointer({ memcmp($0.baseAddress!, s.baseAddress!, s.count) == 0 })) {
                counts[Int(slot)] += 1
            } else {
                overflow()
            }
            return
        }
        guard values.count < cap else { overflow(); return }
        slots.insert(key, Int32(values.count))
        values.append(Array(s))
        counts.append(1)
    }

    package mutating func overflow() {
        overflowed = true
        values = []
        counts = []
        slots = HashSlots()
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
    package var seen = HashSlots()
    package var hasZero = false
    public private(set) var overflowed = false

    public init(cap: Int) { self.cap = cap }

    public var distinct: Int { seen.count + (hasZero ? 1 : 0) }

    @inline(__always) public mutating func add(_ v: Int64) {
        guard !overflowed else { return }
        // Keys are the values themselves, spread by a bijective mix; the one that maps to 0 is tracked apart.
        let key = Hash64.mix(UInt64(bitPattern: v))
        if key == 0 { hasZero = true; return }
        if seen.find(key) == nil {
            seen.insert(key, 0)
            if distinct > cap { overflowed = true; seen = HashSlots() }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
