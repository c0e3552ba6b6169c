/// Small, seeded building blocks for bounded-memory statistics: a fast RNG, a 64-bit hash and a
/// reservoir sample (the HyperLogLog estimator is in Stats/).

/// SplitMix64: fast, seedable, good enough for sampling decisions (never for security).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    package var state: UInt64
    public init(seed: UInt64) { state = seed }
    @inline(__always) public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Hash64.mix(state)
    }
}

public enum Hash64 {
    /// The SplitMix64 finalizer: a full-avalanche 64-bit mix.
    @inline(__always) public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Hashes bytes eight at a time (unaligned loads), then mixes in the length.
    @inline(__always) public static func bytes(_ s: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        guard let base = s.baseAddress else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= s.count {
            h = mix(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < s.count { tail |= UInt64(s[i]) << shift; shift += 8; i += 1 }
        return mix(h ^ tail ^ (UInt64(s.count) << 56))
    }
}

/// A uniform random sample of at most `capacity` values from a stream of unknown length (Algorithm R).
public struct Reservoir: Sendable {
    public let capacity: Int
    public private(set) var values: [Double] = []
    public private(set) var seen = 0
    package var rng: SplitMix64

    public init(capacity: Int, seed: UInt64) {
        self.capacity = capacity
        self.rng = SplitMix64(seed: seed)
    }

    @inline(__always) public mutating func add(_ value: Double) {
        seen += 1
        if values.count < capacity {
            values.append(value)
        } else {
            let j = Int(rng.next() % UInt64(seen))
            if j < capacity { values[j] = value }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
