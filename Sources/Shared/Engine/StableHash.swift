/// A 64-bit hash of SQL values that is the same in every process (Swift's Hasher is seeded per run),
/// so APPROX_COUNT_DISTINCT gives the same answer every time. Numbers hash by value like `==`.
public enum StableHash {
    @inlinable public static func mix(_ x: UInt64) -> UInt64 {
        // splitmix64 finalizer
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public static func bytes(_ s: String, seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return mix(h)
    }

    public static func hash(_ v: SQLValue) -> UInt64 {
        switch v {
        case .null: return mix(0)
        case .bool(let b): return mix(b ? 1 : 2)
        case .int(let i): return mix(UInt64(bitPattern: i))
        case .double(let d):
            if d == d.rounded(), abs(d) < 9.2e18 { return mix(UInt64(bitPattern: Int64(d))) }
            return mix(d.bitPattern ^ 0x5555)
        case .decimal(let d):
            if let i = d.exactInt { return mix(UInt64(bitPattern: i)) }
            return mix(d.doubleValue.bitPattern ^ 0x5555)
        case .string(let s): return bytes(s, seed: 4)
        case .timestamp(let t): return mix(UInt64(bitPattern: t) ^ 0x7171)
        case .date(let d): return mix(UInt64(bitPattern: Int64(d)) ^ 0x3131)
        case .json(let j): return bytes(j.description, seed: 7)
        }
    }
}
