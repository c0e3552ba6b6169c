/// Small, seeded building blocks for bounded-memory statistics: a fast RNG, a 64-bit hash,
/// a HyperLogLog distinct estimator and a reservoir sample.

/// SplitMix64: fast, seedable, good enough for sampling decisions (never for security).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
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

/// HyperLogLog with 2^12 registers (about 1.6 % standard error, 4 KiB per field), used to estimate how many
/// distinct values a field has once exact tracking stops.
public struct HyperLogLog: Sendable {
    static let bits = 12
    /// Allocated on the first value, so fields that never need it cost nothing.
    var registers: [UInt8] = []

    public init() {}

    @inline(__always) public mutating func add(hash: UInt64) {
        if registers.isEmpty { registers = [UInt8](repeating: 0, count: 1 << HyperLogLog.bits) }
        let index = Int(hash >> UInt64(64 - HyperLogLog.bits))
        let rank = UInt8(min((hash << UInt64(HyperLogLog.bits)).leadingZeroBitCount + 1, 64 - HyperLogLog.bits + 1))
        registers.withUnsafeMutableBufferPointer { if $0[index] < rank { $0[index] = rank } }
    }

    public var estimate: Double {
        if registers.isEmpty { return 0 }
        let m = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1.0 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let raw = 0.7213 / (1 + 1.079 / m) * m * m / sum
        if raw <= 2.5 * m, zeros > 0 { return m * log(m / Double(zeros)) } // linear counting for small sets
        return raw
    }
}

/// A uniform random sample of at most `capacity` values from a stream of unknown length (Algorithm R).
public struct Reservoir: Sendable {
    public let capacity: Int
    public private(set) var values: [Double] = []
    public private(set) var seen = 0
    var rng: SplitMix64

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
