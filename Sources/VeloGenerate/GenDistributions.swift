#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zipf over ranks 1...n with P(k) ∝ 1/k^exponent, by rejection-inversion (Hörmann & Derflinger 1996):
/// constant time per draw and no table, so `n` can be a billion.
public struct ZipfSampler: Sendable {
    public let n: Int64
    public let exponent: Double
    private let hIntegralX1: Double
    private let hIntegralN: Double
    private let s: Double

    public init(n: Int64, exponent: Double) {
        self.n = max(1, n)
        self.exponent = exponent
        hIntegralX1 = ZipfSampler.hIntegral(1.5, exponent) - 1
        hIntegralN = ZipfSampler.hIntegral(Double(self.n) + 0.5, exponent)
        s = 2 - ZipfSampler.hIntegralInverse(ZipfSampler.hIntegral(2.5, exponent) - ZipfSampler.h(2, exponent), exponent)
    }

    /// A rank in 1...n (1 is the most frequent).
    public func sample(_ rng: inout GenRandom) -> Int64 {
        while true {
            let u = hIntegralN + rng.nextDouble() * (hIntegralX1 - hIntegralN)
            let x = ZipfSampler.hIntegralInverse(u, exponent)
            var k = Int64((x + 0.5).rounded(.down))
            if k < 1 { k = 1 } else if k > n { k = n }
            if Double(k) - x <= s || u >= ZipfSampler.hIntegral(Double(k) + 0.5, exponent) - ZipfSampler.h(Double(k), exponent) {
                return k
            }
        }
    }

    private static func h(_ x: Double, _ e: Double) -> Double { exp(-e * log(x)) }

    private static func hIntegral(_ x: Double, _ e: Double) -> Double {
        let logX = log(x)
        return helper2((1 - e) * logX) * logX
    }

    private static func hIntegralInverse(_ x: Double, _ e: Double) -> Double {
        var t = x * (1 - e)
        if t < -1 { t = -1 }
        return exp(helper1(t) * x)
    }

    /// log(1+x)/x, accurate near 0.
    private static func helper1(_ x: Double) -> Double {
        abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x))
    }

    /// (exp(x)-1)/x, accurate near 0.
    private static func helper2(_ x: Double) -> Double {
        abs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x))
    }
}

/// Picks an index with probability proportional to its weight, in O(1) (Walker's alias method).
public struct WeightedChoice: Sendable {
    private var probability: [Double]
    private var alias: [Int32]

    /// - Precondition: at least one weight, all finite and ≥ 0, sum > 0.
    public init(weights: [Double]) {
        let n = weights.count
        let total = weights.reduce(0, +)
        var scaled = weights.map { $0 * Double(n) / total }
        probability = [Double](repeating: 1, count: n)
        alias = (0..<n).map { Int32($0) }
        var small: [Int] = [], large: [Int] = []
        for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast(), let l = large.popLast() {
            probability[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] = scaled[l] + scaled[s] - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        // Leftovers are 1 up to rounding.
        for i in small + large { probability[i] = 1 }
    }

    public var count: Int { probability.count }

    @inline(__always)
    public func pick(_ rng: inout GenRandom) -> Int {
        let column = Int(rng.next(below: UInt64(probability.count)))
        return rng.nextDouble() < probability[column] ? column : Int(alias[column])
    }
}
