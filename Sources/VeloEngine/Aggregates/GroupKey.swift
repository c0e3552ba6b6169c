/// A GROUP BY key. One column is by far the common case, so it is stored inline without an array.
/// Equality and hashing follow SQLValue's grouping semantics (NULLs group together; 1 and 1.0 are one key).
public enum GroupKey: Sendable, Hashable {
    case none
    case one(SQLValue)
    case many([SQLValue])

    public init(_ values: [SQLValue]) {
        switch values.count {
        case 0: self = .none
        case 1: self = .one(values[0])
        default: self = .many(values)
        }
    }

    public var values: [SQLValue] {
        switch self {
        case .none: return []
        case .one(let v): return [v]
        case .many(let vs): return vs
        }
    }

    public var estimatedBytes: Int {
        switch self {
        case .none: return 0
        case .one(let v): return 24 + v.estimatedHeapBytes
        case .many(let vs): return 32 + vs.reduce(0) { $0 + 24 + $1.estimatedHeapBytes }
        }
    }
}
