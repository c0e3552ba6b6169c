#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// xoshiro256** (Blackman & Vigna): fast, 256 bits of state, and splittable by seeding through SplitMix64.
/// Every field of every schema gets its own stream (`GenRandom(seed:stream:)`), so a field's values depend
/// only on the seed and the field's name: adding a field or an override leaves the other fields unchanged,
/// and the first N records of a run are the same whatever `--count` says.
public struct GenRandom: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The polar method makes normals in pairs; the second waits here.
    private var spare = 0.0
    private var hasSpare = false

    public init(seed: UInt64) {
        var mixer = seed
        s0 = GenRandom.splitMix(&mixer)
        s1 = GenRandom.splitMix(&mixer)
        s2 = GenRandom.splitMix(&mixer)
        s3 = GenRandom.splitMix(&mixer)
    }

    /// An independent stream for `stream` (e.g. `orders.amount`) under `seed`.
    public init(seed: UInt64, stream: String) {
        self.init(seed: seed ^ GenRandom.hash(stream))
    }

    /// FNV-1a over the UTF-8 bytes, mixed once more: stable across runs and platforms (unlike `Hasher`).
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return splitMix(&h)
    }

    @inline(__always)
    package static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1), 53 bits.
    @inline(__always)
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [0, bound) without modulo bias (Lemire's multiply-shift with rejection).
    @inline(__always)
    public mutating func next(below bound: UInt64) -> UInt64 {
        guard bound > 1 else { return 0 }
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// Uniform in `lo...hi` (inclusive); `lo <= hi` is the caller's job.
    @inline(__always)
    public mutating func next(in lo: Int64, _ hi: Int64) -> Int64 {
        let span = UInt64(bitPattern: hi &- lo)
        if span == UInt64.max { return Int64(bitPattern: next()) }
        return lo &+ Int64(bitPattern: next(below: span &+ 1))
    }

    /// A standard normal variate (Marsaglia's polar method, which makes two at a time).
    public mutating func nextNormal() -> Double {
        if hasSpare {
            hasSpare = false
            return spare
        }
        while true {
            let u = nextDouble() * 2 - 1
            let v = nextDouble() * 2 - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * log(s) / s).squareRoot()
                spare = v * factor
                hasSpare = true
                return u * factor
            }
        }
    }
}
