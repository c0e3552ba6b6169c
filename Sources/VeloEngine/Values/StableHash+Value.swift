import VeloBase



extension StableHash {
    /// Numbers hash by value like `==`, so APPROX_COUNT_DISTINCT gives the same answer every time.
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
