/// An HDR-style histogram of non-negative integers (nanoseconds for latencies): exact below 256, then
/// 128 linear sub-buckets per power of two, so any recorded value is reported within 0.4% (the
/// bucket midpoint). Constant memory (~7 KiB of counters up to 2^63), O(1) recording, mergeable.
public struct LatencyHistogram: Sendable, Equatable {
    package static let subBits = 7
    package static let subCount = 1 << subBits // 128
    package static let linearLimit: UInt64 = 2 << subBits // values below 256 are exact
    package static let bucketCount = Int(linearLimit) + (64 - subBits - 1) * subCount

    package var counts: [UInt64]
    public private(set) var count: UInt64 = 0
    public private(set) var sum: Double = 0
    public private(set) var min: UInt64 = .max
    public private(set) var max: UInt64 = 0

    public init() { counts = [UInt64](repeating: 0, count: LatencyHistogram.bucketCount) }

    @inline(__always) package static func index(_ v: UInt64) -> Int {
        if v < linearLimit { return Int(v) }
        let msb = 63 - v.leadingZeroBitCount // ≥ 8
        let shift = msb - subBits // ≥ 1
        let sub = Int((v >> UInt64(shift)) & UInt64(subCount - 1))
        return Int(linearLimit) + (shift - 1) * subCount + sub
    }

    /// The [low, high] values a bucket holds.
    package static func range(_ index: Int) -> (UInt64, UInt64) {
        if index < Int(linearLimit) { return (UInt64(index), UInt64(index)) }
        let k = index - Int(linearLimit)
        let shift = k / subCount + 1
        let sub = UInt64(k % subCount + subCount)
        let low = sub << UInt64(shift)
        return (low, low + (UInt64(1) << UInt64(shift)) - 1)
    }

    @inline(__always) public mutating func record(_ value: UInt64) {
        counts[LatencyHistogram.index(value)] &+= 1
        count &+= 1
        sum += Double(value)
        if value < min { min = value }
        if value > max { max = value }
    }

    public mutating func record(_ value: Int64) { record(UInt64(Swift.max(0, value))) }

    public mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        for i in counts.indices { counts[i] &+= other.counts[i] }
        count &+= other.count
        sum += other.sum
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
    }

    public var mean: Double { count == 0 ? 0 : sum / Double(count) }

    /// The value at quantile q (0…1): the midpoint of the bucket holding the ⌈q·n⌉-th smallest value,
    /// clamped to the exact min and max.
    public func value(atQuantile q: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = Swift.max(1, UInt64((q * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for i in counts.indices where counts[i] > 0 {
            seen += counts[i]
            if seen >= rank {
                let (low, high) = LatencyHistogram.range(i)
                let mid = low + (high - low) / 2
                return Swift.min(Swift.max(mid, min), max)
            }
        }
        return max
    }

    public var p50: UInt64 { value(atQuantile: 0.50) }
    public var p95: UInt64 { value(atQuantile: 0.95) }
    public var p99: UInt64 { value(atQuantile: 0.99) }
}
