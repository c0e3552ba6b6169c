import VeloSchema

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a numeric field draws its values. Bounds are inclusive; infinite when the schema sets no range and the
/// distribution needs none. Every stored property is a plain value, so the hot path copies nothing counted.
public struct GenNumber: Sendable {
    public enum Shape: Sendable {
        case uniform
        case normal(mean: Double, stdDev: Double)
        case logNormal(mean: Double, stdDev: Double)
        case zipf(ZipfSampler)
        /// Geometric Brownian motion, one path per value of the field at `group` (a schema index).
        case walk(RandomWalk, group: Int?)
    }

    package enum Kind: UInt8 { case uniform, normal, logNormal, zipf, walk }

    package let kind: Kind
    package let mean: Double
    package let stdDev: Double
    package let zipf: ZipfSampler
    package let drift: Double
    package let volatility: Double
    package let allowBelowMin: Bool
    package let allowAboveMax: Bool
    /// The schema index of the random walk's `group_by` field, if any.
    public let group: Int?
    public let lo: Double
    public let hi: Double
    /// Integers are drawn exactly (uniform) or rounded, and kept within ceil(lo)...floor(hi).
    public let integer: Bool
    /// Decimal places a value is rounded to as it is drawn (decimal fields), so expressions see what is written.
    public let places: Int?
    private let scale: Double

    public init(shape: Shape, lo: Double, hi: Double, integer: Bool, places: Int?) {
        var kind = Kind.uniform, mean = 0.0, sd = 0.0, zipf = ZipfSampler(n: 1, exponent: 1)
        var walk = RandomWalk(), group: Int?
        switch shape {
        case .uniform: break
        case .normal(let m, let s): kind = .normal; mean = m; sd = s
        case .logNormal(let m, let s): kind = .logNormal; mean = m; sd = s
        case .zipf(let sampler): kind = .zipf; zipf = sampler
        case .walk(let w, let g): kind = .walk; walk = w; group = g
        }
        self.kind = kind
        self.mean = mean
        self.stdDev = sd
        self.zipf = zipf
        self.drift = walk.drift
        self.volatility = walk.volatility
        self.allowBelowMin = walk.allowBelowMin
        self.allowAboveMax = walk.allowAboveMax
        self.group = group
        self.lo = lo
        self.hi = hi
        self.integer = integer
        self.places = places
        self.scale = pow(10, Double(places ?? 0))
    }

    package var bounded: Bool { lo.isFinite && hi.isFinite }

    /// The next value. `walk` is the field's path state (per group).
    @inline(__always)
    package func sample(_ rng: inout GenRandom, walkKey: UInt64, walk: inout [UInt64: Double]) -> Double {
        var value: Double
        switch kind {
        case .uniform:
            if integer { return Double(rng.next(in: Int64(lo.rounded(.up)), Int64(hi.rounded(.down)))) }
            value = lo + rng.nextDouble() * (hi - lo)
        case .normal:
            value = truncated(&rng, log: false)
        case .logNormal:
            value = truncated(&rng, log: true)
        case .zipf:
            let base = lo.isFinite ? lo.rounded(.up) : 1
            value = base + Double(zipf.sample(&rng) - 1)
        case .walk:
            value = step(&rng, key: walkKey, walk: &walk)
        }
        if places != nil { value = (value * scale).rounded() / scale }
        if integer {
            value = value.rounded()
            if lo.isFinite { value = Swift.max(value, lo.rounded(.up)) }
            if hi.isFinite { value = Swift.min(value, hi.rounded(.down)) }
        }
        return value
    }

    /// A normal (or log-normal) draw inside the bounds: redrawn a few times, then uniform over the bounds (a
    /// range far from the distribution's mass, e.g. after `--with "temp between 30 and 40"`, still gives values).
    @inline(__always)
    private func truncated(_ rng: inout GenRandom, log: Bool) -> Double {
        for _ in 0..<32 {
            var v = mean + stdDev * rng.nextNormal()
            if log { v = exp(v) }
            if v >= lo && v <= hi { return v }
        }
        if bounded { return lo + rng.nextDouble() * (hi - lo) }
        return lo.isFinite ? lo : hi
    }

    /// One step of the walk for `key`. Starts uniformly within the range (100...1000 without one). The move
    /// is multiplicative (GBM) while the value is far from zero and additive near it, so ranges around zero
    /// (temperatures) still move; leaving a bound reflects back inside unless the schema allows it.
    private func step(_ rng: inout GenRandom, key: UInt64, walk: inout [UInt64: Double]) -> Double {
        guard let previous = walk[key] else {
            let start = bounded ? lo + rng.nextDouble() * (hi - lo) : 100 + rng.nextDouble() * 900
            walk[key] = start
            return start
        }
        let floor = bounded ? (hi - lo) * 0.05 : 1
        var next = previous + Swift.max(Swift.abs(previous), floor) * (drift + volatility * rng.nextNormal())
        if lo.isFinite, !allowBelowMin, next < lo { next = Swift.min(lo + (lo - next), hi.isFinite ? hi : .infinity) }
        if hi.isFinite, !allowAboveMax, next > hi { next = Swift.max(hi - (next - hi), lo.isFinite && !allowBelowMin ? lo : -.infinity) }
        walk[key] = next
        return next
    }
}
