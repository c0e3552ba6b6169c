/// 64-bit hashes that are the same in every process (Swift's Hasher is seeded per run), so sketches and
/// derived names give the same answer every time. The engine adds `hash(_: SQLValue)`.
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
}
