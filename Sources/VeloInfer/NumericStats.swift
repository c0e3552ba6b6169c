import VeloBase

/// Streaming statistics of a numeric field in O(1) memory per value: count, min/max, the first four
/// moments (Welford/Terriberry updates, numerically stable), how many digits follow the decimal point,
/// sequence detection, and a reservoir sample for distribution tests.
public struct NumericStats: Sendable {
    public private(set) var count = 0
    public private(set) var min = Double.infinity
    public private(set) var max = -Double.infinity
    public private(set) var intMin = Int64.max
    public private(set) var intMax = Int64.min
    public private(set) var integers = 0
    package var mean = 0.0, m2 = 0.0, m3 = 0.0, m4 = 0.0
    /// placesHistogram[p] = values written with p digits after the point (p ≥ 9 in the last slot);
    /// values in exponent notation are counted in `exponentValues` instead.
    public private(set) var placesHistogram = [Int](repeating: 0, count: 10)
    public private(set) var exponentValues = 0
    /// Integers that were the previous integer plus one (ids, offsets).
    public private(set) var increments = 0
    package var previous: Int64?
    public var reservoir: Reservoir
    public var distinctInts: IntDistinct
    public var hll = HyperLogLog()

    public init(reservoirSize: Int, seed: UInt64, distinctCap: Int) {
        reservoir = Reservoir(capacity: reservoirSize, seed: seed)
        distinctInts = IntDistinct(cap: distinctCap)
    }

    @inline(__always) package mutating func addMoments(_ x: Double) {
        let n1 = Double(count)
        count += 1
        let n = Double(count)
        let delta = x - mean
        let deltaN = delta / n
        let deltaN2 = deltaN * deltaN
        let term1 = delta * deltaN * n1
        mean += deltaN
        m4 += term1 * deltaN2 * (n * n - 3 * n + 3) + 6 * deltaN2 * m2 - 4 * deltaN * m3
        m3 += term1 * deltaN * (n - 2) - 3 * deltaN * m2
        m2 += term1
        if x < min { min = x }
        if x > max { max = x }
        reservoir.add(x)
    }

    @inline(__always) public mutating func addInteger(_ v: Int64) {
        addMoments(Double(v))
        integers += 1
        placesHistogram[0] += 1
        if v < intMin { intMin = v }
        if v > intMax { intMax = v }
        if let previous, v == previous &+ 1 { increments += 1 }
        previous = v
        distinctInts.add(v)
        hll.add(hash: Hash64.mix(UInt64(bitPattern: v)))
    }

    /// A number written with a point or an exponent; `places` is the count of digits after the point,
    /// nil for exponent notation.
    @inline(__always) public mutating func addFloat(_ x: Double, places: Int?) {
        addMoments(x)
        previous = nil
        if let places { placesHistogram[Swift.min(places, 9)] += 1 } else { exponentValues += 1 }
        hll.add(hash: Hash64.mix(x.bitPattern))
    }

    public var average: Double { mean }
    /// Sample standard deviation.
    public var standardDeviation: Double { count > 1 ? (m2 / Double(count - 1)).squareRoot() : 0 }
    public var skewness: Double { m2 > 0 ? Double(count).squareRoot() * m3 / pow(m2, 1.5) : 0 }
    /// Excess kurtosis (0 for a normal distribution, −1.2 for a uniform one).
    public var excessKurtosis: Double { m2 > 0 ? Double(count) * m4 / (m2 * m2) - 3 : 0 }

    /// The most digits seen after the point (0…9; 9 means "nine or more").
    public var maxPlaces: Int { placesHistogram.lastIndex { $0 > 0 } ?? 0 }

    /// Whether consecutive integers mostly count up by one (99 % of steps).
    public var isSequential: Bool {
        integers == count && count >= 3 && Double(increments) >= 0.99 * Double(count - 1)
    }

    /// Distinct values: exact while under the cap, else the HyperLogLog estimate.
    public var distinctEstimate: Double {
        integers == count && !distinctInts.overflowed ? Double(distinctInts.distinct) : hll.estimate
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
