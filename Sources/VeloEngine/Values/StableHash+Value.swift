import VeloBase

extension StableHash {
    /// Numbers hash by value like `==`, so APPROX_COUNT_DISTINCT gives the same answer every time.
    public static func hash(_ v: SQLValue) -> UInt64 {
        switch v {
        case .null: return mix(0)
        case .bool(let b): return mix(b ? 1 : 2)
        case .int, .double, .decimal:
            switch SQLValue.NumericHashKey(v)! {
            case .integer(let i): return mix(UInt64(bitPattern: i))
            case .double(let bits): return mix(bits ^ 0x5555)
            }
        case .string(let s): return bytes(s, seed: 4)
        case .timestamp(let t): return mix(UInt64(bitPattern: t) ^ 0x7171)
        case .date(let d): return mix(UInt64(bitPattern: Int64(d)) ^ 0x3131)
        case .json(let j): return bytes(j.description, seed: 7)
        }
    }
}
