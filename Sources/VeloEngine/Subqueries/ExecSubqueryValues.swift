import VeloBase

/// How subqueries match values: SQL's `=` as the engine evaluates it (1 = 1.0, '1' = 1, a timestamp = its
/// epoch-ms number or ISO text), made fast with a hash on a normalized key. The key is coarser than `=`
/// ('01' and '1' share a key), so every hit is confirmed with `SQLValue.compare`; values of types that
/// cannot be compared simply do not match (no type-mismatch failure, unlike a plain `=`).
package enum SubqueryMatch {
    /// A hash key under which every pair of `=`-equal values lands together.
    package static func key(_ v: SQLValue) -> SQLValue {
        switch v {
        case .string(let s):
            guard let first = s.utf8.first else { return v }
            if mayStartNumber(first), let n = SQLValue.numberFromString(s) { return n }
            if first >= 48 && first <= 57, let ms = Timestamps.parseISO(s) { return .int(ms) }
            return v
        case .timestamp(let t): return .int(t)
        case .date(let d): return .int(Int64(d) * Timestamps.msPerDay)
        default: return v
        }
    }

    /// SQL `=` without failing on incomparable types (they are not equal).
    @inline(__always) package static func equal(_ a: SQLValue, _ b: SQLValue) -> Bool {
        (try? SQLValue.compare(a, b)) == 0
    }

    private static func mayStartNumber(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
            || b == 32 || b == 9 || b == 10 || b == 13
    }
}

/// The values a subquery returned, ready for `IN`: a hash of the non-NULL values (small lists are
/// scanned instead) and whether a NULL was among them, for SQL's NOT IN rule.
package final class SubqueryValueSet {
    package let values: [SQLValue]
    package let hasNull: Bool
    private var buckets: [SQLValue: [SQLValue]] = [:]
    private let hashed: Bool

    package init(_ values: [SQLValue]) {
        self.values = values
        hasNull = values.contains { $0.isNull }
        hashed = values.count > 8
        if hashed {
            for v in values where !v.isNull { buckets[SubqueryMatch.key(v), default: []].append(v) }
        }
    }

    package var isEmpty: Bool { values.isEmpty }

    /// `x IN (values)` with three-valued logic: false over no rows; NULL when x is NULL, or when nothing
    /// matched and a NULL was returned (so `NOT IN` over a set holding NULL is never true).
    package func contains(_ x: SQLValue) -> SQLValue {
        if values.isEmpty { return .bool(false) }
        if x.isNull { return .null }
        if hashed {
            if let bucket = buckets[SubqueryMatch.key(x)], bucket.contains(where: { SubqueryMatch.equal(x, $0) }) {
                return .bool(true)
            }
        } else if values.contains(where: { !$0.isNull && SubqueryMatch.equal(x, $0) }) {
            return .bool(true)
        }
        return hasNull ? .null : .bool(false)
    }

    /// `x op ANY (values)` / `x op ALL (values)`: ANY is true when one comparison is, ALL false when one is;
    /// otherwise NULL if a comparison was unknown. Incomparable types compare as unknown.
    package func quantified(_ x: SQLValue, _ op: CompareExpr.Op, all: Bool) -> SQLValue {
        if values.isEmpty { return .bool(all) }
        var unknown = false
        for v in values {
            guard let c = try? SQLValue.compare(x, v) else { unknown = true; continue }
            let holds: Bool
            switch op {
            case .equal: holds = c == 0
            case .notEqual: holds = c != 0
            case .less: holds = c < 0
            case .lessOrEqual: holds = c <= 0
            case .greater: holds = c > 0
            case .greaterOrEqual: holds = c >= 0
            }
            if holds != all { return .bool(holds) }
        }
        return unknown ? .null : .bool(all)
    }
}
