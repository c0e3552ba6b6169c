import VeloBase

/// Comparison and three-valued logic.
extension SQLValue {
    /// Orders two values: -1, 0, 1; nil when either is NULL (SQL's UNKNOWN).
    /// Numbers compare by value across int/double/decimal; timestamps and dates compare with each other,
    /// with epoch-ms numbers and with ISO strings; numeric strings compare with numbers, ISO date and
    /// timestamp strings with epoch-ms numbers.
    /// Anything else across types is a `typeMismatch`.
    public static func compare(_ a: SQLValue, _ b: SQLValue) throws -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.double(let x), .double(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.string(let x), .string(let y)): return compareStrings(x, y)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.timestamp(let x), .timestamp(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.date(let x), .date(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        default: break
        }
        if a.isNumeric && b.isNumeric { return compareNumbers(a, b) }
        if let x = a.temporalMillis, let y = b.temporalMillis ?? b.temporalMillis(against: a) { return x < y ? -1 : (x > y ? 1 : 0) }
        if let y = b.temporalMillis, let x = a.temporalMillis(against: b) { return x < y ? -1 : (x > y ? 1 : 0) }
        if case .string(let s) = a, b.isNumeric, let n = numberFromString(s) { return compareNumbers(n, b) }
        if case .string(let s) = b, a.isNumeric, let n = numberFromString(s) { return compareNumbers(a, n) }
        // An ISO date or timestamp text (a CSV cell, a spec data file's) against an epoch-ms number, as Velostream
        // compares a table's dates with `_event_time`.
        if case .string(let s) = a, b.isNumeric, let x = Timestamps.parseISO(s), let y = b.temporalMillis(against: .timestamp(0)) {
            return x < y ? -1 : (x > y ? 1 : 0)
        }
        if case .string(let s) = b, a.isNumeric, let y = Timestamps.parseISO(s), let x = a.temporalMillis(against: .timestamp(0)) {
            return x < y ? -1 : (x > y ? 1 : 0)
        }
        if case .json(let x) = a, case .json(let y) = b {
            return x == y ? 0 : compareStrings(x.description, y.description)
        }
        throw RuntimeError(.typeMismatch, "cannot compare \(a.typeName) \(a.quoted) with \(b.typeName) \(b.quoted)")
    }

    /// Total order for sorting, MIN/MAX and percentiles: NULLs first, then by `compare`; values of
    /// incomparable types order by a type rank so that sorting never fails.
    public static func orderedCompare(_ a: SQLValue, _ b: SQLValue) -> Int {
        if a.isNull { return b.isNull ? 0 : -1 }
        if b.isNull { return 1 }
        if let c = try? compare(a, b) { return c }
        return a.typeRank < b.typeRank ? -1 : (a.typeRank > b.typeRank ? 1 : 0)
    }

    private var typeRank: Int {
        switch self {
        case .null: return 0
        case .bool: return 1
        case .int, .double, .decimal: return 2
        case .timestamp, .date: return 3
        case .string: return 4
        case .json: return 5
        }
    }

    package var quoted: String { if case .string(let s) = self { return "'\(s)'" }; return description }

    /// Epoch ms of a timestamp or date.
    package var temporalMillis: Int64? {
        switch self {
        case .timestamp(let t): return t
        case .date(let d): return Int64(d) * Timestamps.msPerDay
        default: return nil
        }
    }

    /// This value read as epoch ms so it can meet the temporal `other`: numbers as epoch ms
    /// (days for a date), strings as ISO 8601.
    package func temporalMillis(against other: SQLValue) -> Int64? {
        switch self {
        case .int(let i):
            guard case .date = other else { return i }
            let (ms, overflow) = i.multipliedReportingOverflow(by: Timestamps.msPerDay)
            return overflow ? nil : ms
        case .double(let d): return abs(d) < 9.2e18 ? Int64(d.rounded(.down)) : nil
        case .decimal(let d): return d.truncatedInt
        case .string(let s): return Timestamps.parseISO(s)
        default: return nil
        }
    }

    /// Byte-wise UTF-8 order, which equals code-point order and is much cheaper than Swift's
    /// Unicode-canonical `<`.
    @inlinable public static func compareStrings(_ x: String, _ y: String) -> Int {
        if x == y { return 0 }
        var x = x, y = y
        return x.withUTF8 { xb in
            y.withUTF8 { yb in
                let n = min(xb.count, yb.count)
                for i in 0..<n where xb[i] != yb[i] { return xb[i] < yb[i] ? -1 : 1 }
                return xb.count < yb.count ? -1 : (xb.count > yb.count ? 1 : 0)
            }
        }
    }

    package static func compareNumbers(_ a: SQLValue, _ b: SQLValue) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.decimal(let x), .decimal(let y)): return SQLDecimal.compare(x, y)
        case (.int(let x), .decimal(let y)):
            if let dx = try? SQLDecimal(int: x, scale: y.scale) { return SQLDecimal.compare(dx, y) }
        case (.decimal(let x), .int(let y)):
            if let dy = try? SQLDecimal(int: y, scale: x.scale) { return SQLDecimal.compare(x, dy) }
        case (.int(let x), .double(let y)): return compareIntDouble(x, y)
        case (.double(let x), .int(let y)): return -compareIntDouble(y, x)
        default: break
        }
        let x = a.doubleValue ?? .nan, y = b.doubleValue ?? .nan
        return x < y ? -1 : (x > y ? 1 : 0)
    }

    /// Exact int-vs-double order (a plain Double(x) loses precision above 2^53).
    package static func compareIntDouble(_ x: Int64, _ y: Double) -> Int {
        if y.isNaN { return -1 }
        if y >= 9.223372036854775807e18 { return -1 }
        if y < -9.223372036854775808e18 { return 1 }
        let t = y.rounded(.down)
        let ti = Int64(t)
        if x != ti { return x < ti ? -1 : 1 }
        return t < y ? -1 : 0
    }

    /// A numeric string as int or double (used when CSV text meets a number).
    package static func numberFromString(_ s: String) -> SQLValue? {
        let t = s.sqlTrimmedSpaces
        if let i = Int64(t) { return .int(i) }
        if let d = Double(t), d.isFinite { return .double(d) }
        return nil
    }

    // MARK: three-valued logic

    /// SQL `=`: NULL when either side is NULL.
    public static func equals(_ a: SQLValue, _ b: SQLValue) throws -> SQLValue {
        guard let c = try compare(a, b) else { return .null }
        return .bool(c == 0)
    }

    /// `IS DISTINCT FROM` negated: NULL = NULL is true here.
    public static func isNotDistinct(_ a: SQLValue, _ b: SQLValue) -> Bool {
        if a.isNull || b.isNull { return a.isNull && b.isNull }
        return (try? compare(a, b)) == 0
    }

    /// The truth of a condition: true, false or nil (UNKNOWN). Non-booleans are a type mismatch.
    @inlinable public func truth() throws -> Bool? {
        switch self {
        case .bool(let b): return b
        case .null: return nil
        case .string(let s):
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        default: break
        }
        throw RuntimeError(.typeMismatch, "expected a BOOLEAN, got \(typeName) \(self)")
    }

    /// WHERE/HAVING keep a row only when the condition is true (not false, not UNKNOWN).
    @inlinable public func isTrue() throws -> Bool { try truth() == true }

    public static func and(_ a: SQLValue, _ b: SQLValue) throws -> SQLValue {
        let x = try a.truth(), y = try b.truth()
        if x == false || y == false { return .bool(false) }
        if x == nil || y == nil { return .null }
        return .bool(true)
    }

    public static func or(_ a: SQLValue, _ b: SQLValue) throws -> SQLValue {
        let x = try a.truth(), y = try b.truth()
        if x == true || y == true { return .bool(true) }
        if x == nil || y == nil { return .null }
        return .bool(false)
    }

    public static func not(_ a: SQLValue) throws -> SQLValue {
        guard let x = try a.truth() else { return .null }
        return .bool(!x)
    }

    /// `x IN (list)`: true on a match; NULL when no match but x or an element is NULL; else false.
    public static func isIn(_ x: SQLValue, _ list: [SQLValue]) throws -> SQLValue {
        if x.isNull { return list.isEmpty ? .bool(false) : .null }
        var sawNull = false
        for item in list {
            guard let c = try compare(x, item) else { sawNull = true; continue }
            if c == 0 { return .bool(true) }
        }
        return sawNull ? .null : .bool(false)
    }

    /// `x BETWEEN lo AND hi` as `x >= lo AND x <= hi` with three-valued logic.
    public static func between(_ x: SQLValue, _ lo: SQLValue, _ hi: SQLValue) throws -> SQLValue {
        let a: SQLValue = try compare(x, lo).map { .bool($0 >= 0) } ?? .null
        let b: SQLValue = try compare(x, hi).map { .bool($0 <= 0) } ?? .null
        return try and(a, b)
    }
}
