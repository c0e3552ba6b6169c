import VeloBase

/// CAST between the types of `SQLType` (docs/engine-runtime.md, "Semantics"). NULL casts to NULL; a value that does not convert throws
/// `RuntimeError(.badCast)` (or `.overflow` when it does not fit), naming the value and the type.
/// Choices: numbers to integers round half away from zero (as PostgreSQL and DuckDB do); integers read
/// as TIMESTAMP are epoch milliseconds (Velostream's convention); TIME is rendered as `HH:MM:SS[.mmm]` text.
extension SQLValue {
    public func cast(to type: SQLType) throws -> SQLValue {
        if isNull { return .null }
        switch type {
        case .bigint: return .int(try castToInt())
        case .integer:
            let v = try castToInt()
            guard v >= Int64(Int32.min), v <= Int64(Int32.max) else {
                throw RuntimeError(.overflow, "\(quoted) is out of range for INTEGER")
            }
            return .int(v)
        case .double: return .double(try castToDouble())
        case .float: return .double(Double(Float(try castToDouble())))
        case .decimal(let p, let s): return .decimal(try castToDecimal(precision: p, scale: s))
        case .string, .bytes: return .string(description)
        case .varchar(let n):
            let text = description
            if let n, text.count > n { return .string(String(text.prefix(n))) }
            return .string(text)
        case .boolean: return .bool(try castToBool())
        case .timestamp: return .timestamp(try castToTimestamp())
        case .date:
            if case .date = self { return self }
            let days = Timestamps.floorDiv(try castToTimestamp(), Timestamps.msPerDay)
            guard let d = Int32(exactly: days) else { throw badCast(type) }
            return .date(d)
        case .time: return .string(try castToTime())
        case .json:
            if case .string(let s) = self {
                guard let j = JSONText.parse(s) else { throw badCast(type, hint: "not valid JSON text") }
                return j.isNull ? .null : SQLValue(j)
            }
            return self
        }
    }

    package func badCast(_ type: SQLType, hint: String? = nil) -> RuntimeError {
        RuntimeError(.badCast, "cannot cast \(typeName) \(quoted) to \(type)" + (hint.map { " (\($0))" } ?? ""))
    }

    package func castToInt() throws -> Int64 {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .double(let d):
            let r = d.rounded(.toNearestOrAwayFromZero)
            guard r.isFinite, r >= -9.223372036854775808e18, r < 9.223372036854775808e18 else {
                throw RuntimeError(.overflow, "\(d) is out of range for BIGINT")
            }
            return Int64(r)
        case .decimal(let d): return try d.rescaled(to: 0).units
        case .timestamp(let t): return t
        case .date(let d): return Int64(d)
        case .string(let s):
            let t = s.sqlTrimmedSpaces
            if let i = Int64(t) { return i }
            if let d = SQLDecimal(parsing: t) { return try SQLValue.decimal(d).castToInt() }
            if let d = Double(t), d.isFinite { return try SQLValue.double(d).castToInt() }
            throw badCast(.bigint)
        case .json(let j):
            if let i = j.intValue { return i }
            throw badCast(.bigint)
        case .null: return 0
        }
    }

    package func castToDouble() throws -> Double {
        switch self {
        case .string(let s):
            guard let d = Double(s.sqlTrimmedSpaces) else { throw badCast(.double) }
            return d
        case .bool(let b): return b ? 1 : 0
        case .json(let j):
            if let d = j.doubleValue { return d }
            throw badCast(.double)
        default:
            if let d = doubleValue { return d }
            throw badCast(.double)
        }
    }

    package func castToDecimal(precision: Int, scale: Int) throws -> SQLDecimal {
        let s = UInt8(scale)
        let d: SQLDecimal
        switch self {
        case .int(let i): d = try SQLDecimal(int: i, scale: s)
        case .decimal(let x): d = try x.rescaled(to: s)
        case .double(let x): d = try SQLDecimal(double: x, scale: s)
        case .bool(let b): d = try SQLDecimal(int: b ? 1 : 0, scale: s)
        case .string(let text):
            let t = text.sqlTrimmedSpaces
            if let x = SQLDecimal(parsing: t) {
                d = try x.rescaled(to: s)
            } else if let x = Double(t), x.isFinite {
                d = try SQLDecimal(double: x, scale: s)
            } else {
                throw badCast(.decimal(precision: precision, scale: scale))
            }
        case .json(let j):
            guard let x = j.doubleValue else { throw badCast(.decimal(precision: precision, scale: scale)) }
            d = try SQLDecimal(double: x, scale: s)
        default: throw badCast(.decimal(precision: precision, scale: scale))
        }
        if precision < 18 && d.units.magnitude >= UInt64(SQLDecimal.pow10(UInt8(precision))) {
            throw RuntimeError(.overflow, "\(quoted) does not fit DECIMAL(\(precision),\(scale))")
        }
        return d
    }

    package func castToBool() throws -> Bool {
        switch self {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .decimal(let d): return d.units != 0
        case .string(let s):
            switch s.sqlTrimmedSpaces.lowercased() {
            case "true", "t", "yes", "y", "on", "1": return true
            case "false", "f", "no", "n", "off", "0": return false
            default: throw badCast(.boolean)
            }
        case .json(let j):
            if let b = j.boolValue { return b }
            throw badCast(.boolean)
        default: throw badCast(.boolean)
        }
    }

    package func castToTimestamp() throws -> Int64 {
        switch self {
        case .timestamp(let t): return t
        case .date(let d): return Int64(d) * Timestamps.msPerDay
        case .int(let i): return i
        case .double, .decimal:
            guard let ms = Timestamps.millis(fromEpoch: doubleValue!, unit: .millis) else { throw badCast(.timestamp) }
            return ms
        case .string(let s):
            if let ms = Timestamps.parseISO(s) { return ms }
            if let i = Int64(s.sqlTrimmedSpaces) { return i }
            throw badCast(.timestamp, hint: "expected ISO 8601 like 2024-03-05T14:07:09Z or epoch milliseconds")
        default: throw badCast(.timestamp)
        }
    }

    package func castToTime() throws -> String {
        if case .string(let s) = self {
            // Accept HH:MM[:SS[.fff]] on its own.
            if let ms = Timestamps.parseISO("1970-01-01T" + s.sqlTrimmedSpaces) {
                return SQLValue.formatTime(Timestamps.floorMod(ms, Timestamps.msPerDay))
            }
        }
        let ms = try castToTimestamp()
        return SQLValue.formatTime(Timestamps.floorMod(ms, Timestamps.msPerDay))
    }

    package static func formatTime(_ msOfDay: Int64) -> String {
        var out = ""
        Timestamps.append2(msOfDay / Timestamps.msPerHour, to: &out)
        out += ":"
        Timestamps.append2((msOfDay / Timestamps.msPerMinute) % 60, to: &out)
        out += ":"
        Timestamps.append2((msOfDay / 1000) % 60, to: &out)
        if msOfDay % 1000 != 0 { out += "."; Timestamps.append3(msOfDay % 1000, to: &out) }
        return out
    }
}
