import VeloBase

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Date and time functions, all in UTC. Time values may be epoch-ms integers (Velostream's convention
/// for `_event_time`, NOW()), TIMESTAMP/DATE values or ISO 8601 strings.
/// - NOW(), CURRENT_TIMESTAMP: epoch ms as BIGINT, so `NOW() - _event_time` is a latency in ms.
/// - EXTRACT(part, x): EPOCH is whole seconds (BIGINT); MILLISECOND is 0–999 within the second;
///   DOW 0 = Sunday; ISODOW 1 = Monday; WEEK is the ISO week.
/// - DATEDIFF(unit, start, end): whole units elapsed from start to end (negative when end is earlier);
///   MONTH/QUARTER/YEAR count whole calendar months.
/// - TUMBLE_START/TUMBLE_END(ts, size): size as ms or a duration string ('1m'); result epoch ms.
extension ScalarFunctions {
    /// Wall-clock epoch milliseconds.
    public static func currentEpochMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Epoch ms of a time-like value, inside years -9999…9999 so that calendar math cannot overflow.
    package static func epochMs(_ v: SQLValue, _ fn: String) throws -> Int64 {
        let t = try anyEpochMs(v, fn)
        guard Timestamps.supportedRange.contains(t) else {
            throw RuntimeError.badArgument(fn, "time \(v) is out of range (years -9999 to 9999)")
        }
        return t
    }

    package static func anyEpochMs(_ v: SQLValue, _ fn: String) throws -> Int64 {
        switch v {
        case .int(let i): return i
        case .timestamp(let t): return t
        case .date(let d): return Int64(d) * Timestamps.msPerDay
        case .double(let d):
            guard d.isFinite, abs(d) < 9.2e18 else { break }
            return Int64(d.rounded(.down))
        case .decimal(let d): return d.truncatedInt
        case .string(let s):
            if let ms = Timestamps.parseISO(s) { return ms }
            if let i = Int64(s.sqlTrimmedSpaces) { return i }
        default: break
        }
        throw RuntimeError(.badCast, "\(fn): expected a timestamp (epoch ms or ISO 8601), got \(v.typeName) \(v.quoted)")
    }

    package static func durationMs(_ v: SQLValue, _ fn: String) throws -> Int64 {
        let ms: Int64
        switch v {
        case .string(let s):
            guard let d = DurationValue(parsing: s) else {
                throw RuntimeError.badArgument(fn, "'\(s)' is not a duration (like 1m, 30s, 500ms)")
            }
            ms = d.milliseconds
        default: ms = try int(v, fn)
        }
        if ms <= 0 { throw RuntimeError.badArgument(fn, "window size must be positive, got \(ms) ms") }
        return ms
    }

    /// ISO 8601 week number (weeks start Monday; week 1 holds the first Thursday).
    package static func isoWeek(_ ms: Int64) -> Int64 {
        let days = Timestamps.floorDiv(ms, Timestamps.msPerDay)
        let isoDow = Timestamps.floorMod(days + 3, 7) + 1 // Monday = 1
        let thursday = days - isoDow + 4
        let (y, _, _) = Timestamps.civilFromDays(thursday)
        let jan1 = Timestamps.daysFromCivil(year: y, month: 1, day: 1)
        return (thursday - jan1) / 7 + 1
    }

    public static func extract(_ part: String, _ ms: Int64) throws -> SQLValue {
        let p = Timestamps.parts(ms)
        switch part.uppercased() {
        case "EPOCH": return .int(Timestamps.floorDiv(ms, 1000))
        case "EPOCH_MS", "EPOCH_MILLIS": return .int(ms)
        case "YEAR": return .int(p.year)
        case "QUARTER": return .int((p.month - 1) / 3 + 1)
        case "MONTH": return .int(p.month)
        case "WEEK": return .int(isoWeek(ms))
        case "DAY", "DAYOFMONTH": return .int(p.day)
        case "DOW", "DAYOFWEEK": return .int(p.weekday)
        case "ISODOW": return .int(p.weekday == 0 ? 7 : p.weekday)
        case "DOY", "DAYOFYEAR": return .int(p.dayOfYear)
        case "HOUR": return .int(p.hour)
        case "MINUTE": return .int(p.minute)
        case "SECOND": return .int(p.second)
        case "MILLISECOND", "MILLISECONDS": return .int(p.millisecond)
        default:
            throw RuntimeError.badArgument(
                "EXTRACT", "unknown field '\(part)' (use EPOCH, YEAR, QUARTER, MONTH, WEEK, DAY, DOW, DOY, HOUR, MINUTE, SECOND, MILLISECOND)")
        }
    }

    /// Truncates to the start of the unit (UTC): SECOND, MINUTE, HOUR, DAY, WEEK (Monday), MONTH,
    /// QUARTER, YEAR; MILLISECOND is the identity.
    public static func dateTrunc(_ unit: String, _ ms: Int64) throws -> Int64 {
        switch unit.uppercased() {
        case "MILLISECOND", "MILLISECONDS": return ms
        case "SECOND", "SECONDS": return ms - Timestamps.floorMod(ms, 1000)
        case "MINUTE", "MINUTES": return ms - Timestamps.floorMod(ms, Timestamps.msPerMinute)
        case "HOUR", "HOURS": return ms - Timestamps.floorMod(ms, Timestamps.msPerHour)
        case "DAY", "DAYS": return ms - Timestamps.floorMod(ms, Timestamps.msPerDay)
        case "WEEK", "WEEKS":
            let days = Timestamps.floorDiv(ms, Timestamps.msPerDay)
            return (days - Timestamps.floorMod(days + 3, 7)) * Timestamps.msPerDay // back to Monday
        case "MONTH", "MONTHS", "QUARTER", "QUARTERS", "YEAR", "YEARS":
            let p = Timestamps.parts(ms)
            let u = unit.uppercased()
            let month = u.hasPrefix("MONTH") ? p.month : (u.hasPrefix("QUARTER") ? (p.month - 1) / 3 * 3 + 1 : 1)
            return Timestamps.epochMillis(year: p.year, month: month, day: 1)
        default:
            throw RuntimeError.badArgument("DATE_TRUNC", "unknown unit '\(unit)' (use SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR)")
        }
    }

    public static func dateDiff(_ unit: String, _ a: Int64, _ b: Int64) throws -> Int64 {
        let u = unit.uppercased()
        let fixed: Int64?
        switch u {
        case "MILLISECOND", "MILLISECONDS", "MS": fixed = 1
        case "SECOND", "SECONDS", "S": fixed = 1000
        case "MINUTE", "MINUTES", "M": fixed = Timestamps.msPerMinute
        case "HOUR", "HOURS", "H": fixed = Timestamps.msPerHour
        case "DAY", "DAYS", "D": fixed = Timestamps.msPerDay
        case "WEEK", "WEEKS", "W": fixed = Timestamps.msPerDay * 7
        default: fixed = nil
        }
        let (delta, o) = b.subtractingReportingOverflow(a)
        if o { throw RuntimeError(.overflow, "DATEDIFF: overflow") }
        if let fixed { return delta / fixed }
        let months: Int64
        switch u {
        case "MONTH", "MONTHS": months = 1
        case "QUARTER", "QUARTERS": months = 3
        case "YEAR", "YEARS": months = 12
        default:
            throw RuntimeError.badArgument(
                "DATEDIFF", "unknown unit '\(unit)' (use MILLISECOND, SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR)")
        }
        // Whole calendar months from a to b.
        let pa = Timestamps.parts(a), pb = Timestamps.parts(b)
        var m = (pb.year - pa.year) * 12 + (pb.month - pa.month)
        let restA = a - Timestamps.epochMillis(year: pa.year, month: pa.month, day: 1)
        let restB = b - Timestamps.epochMillis(year: pb.year, month: pb.month, day: 1)
        if m > 0 && restB < restA { m -= 1 } else if m < 0 && restB > restA { m += 1 }
        return m / months
    }

    package static let dateTimeFunctions: [([String], ScalarFunction)] = [
        // NOW(p): a precision argument is accepted and ignored; the value is always epoch ms.
        (
            ["NOW", "CURRENT_TIMESTAMP"],
            ScalarFunction(
                "NOW", arity: 0...1, nullStrict: false, deterministic: false,
                .variadic { _ in
                    .int(currentEpochMillis())
                })
        ),
        (
            ["CURRENT_TIME"],
            ScalarFunction(
                "CURRENT_TIME", arity: 0...0, deterministic: false,
                .nullary {
                    .string(SQLValue.formatTime(Timestamps.floorMod(currentEpochMillis(), Timestamps.msPerDay)))
                })
        ),
        (
            ["DATE_TRUNC"],
            ScalarFunction(
                "DATE_TRUNC", arity: 2...2,
                .binary { unit, x in
                    .timestamp(try dateTrunc(string(unit), try epochMs(x, "DATE_TRUNC")))
                },
                specializer: { constants in
                    if let u = constants.first, let u { _ = try dateTrunc(string(u), 0) }
                    return nil
                })
        ),
        (
            ["CURRENT_DATE"],
            ScalarFunction(
                "CURRENT_DATE", arity: 0...0, deterministic: false,
                .nullary {
                    .date(Int32(Timestamps.floorDiv(currentEpochMillis(), Timestamps.msPerDay)))
                })
        ),
        (
            ["EXTRACT", "DATE_PART"],
            ScalarFunction(
                "EXTRACT", arity: 2...2,
                .binary { part, x in
                    try extract(string(part), try epochMs(x, "EXTRACT"))
                },
                specializer: { constants in
                    // Validate the field name before the first record.
                    if let p = constants.first, let p { _ = try extract(string(p), 0) }
                    return nil
                })
        ),
        (["YEAR"], ScalarFunction("YEAR", arity: 1...1, .unary { x in try extract("YEAR", try epochMs(x, "YEAR")) })),
        (["MONTH"], ScalarFunction("MONTH", arity: 1...1, .unary { x in try extract("MONTH", try epochMs(x, "MONTH")) })),
        (["DAY", "DAYOFMONTH"], ScalarFunction("DAY", arity: 1...1, .unary { x in try extract("DAY", try epochMs(x, "DAY")) })),
        (["HOUR"], ScalarFunction("HOUR", arity: 1...1, .unary { x in try extract("HOUR", try epochMs(x, "HOUR")) })),
        (["MINUTE"], ScalarFunction("MINUTE", arity: 1...1, .unary { x in try extract("MINUTE", try epochMs(x, "MINUTE")) })),
        (["SECOND"], ScalarFunction("SECOND", arity: 1...1, .unary { x in try extract("SECOND", try epochMs(x, "SECOND")) })),
        (
            ["DATE_FORMAT", "FORMAT_TIMESTAMP", "STRFTIME"],
            ScalarFunction(
                "DATE_FORMAT", arity: 2...2,
                .binary { x, f in
                    .string(Timestamps.format(try epochMs(x, "DATE_FORMAT"), string(f)))
                })
        ),
        (
            ["DATEDIFF", "DATE_DIFF", "TIMESTAMPDIFF"],
            ScalarFunction(
                "DATEDIFF", arity: 3...3,
                .variadic { args in
                    .int(try dateDiff(string(args[0]), try epochMs(args[1], "DATEDIFF"), try epochMs(args[2], "DATEDIFF")))
                })
        ),
        // FROM_UNIXTIME(seconds[, format]): a TIMESTAMP, or text when a strftime format is given.
        (
            ["FROM_UNIXTIME", "TO_TIMESTAMP_SECONDS"],
            ScalarFunction(
                "FROM_UNIXTIME", arity: 1...2,
                .variadic { args in
                    let s = try double(args[0], "FROM_UNIXTIME")
                    guard let ms = Timestamps.millis(fromEpoch: s, unit: .seconds) else {
                        throw RuntimeError(.overflow, "FROM_UNIXTIME: \(s) is out of range")
                    }
                    return args.count == 2 ? .string(Timestamps.format(ms, string(args[1]))) : .timestamp(ms)
                })
        ),
        (
            ["UNIX_TIMESTAMP"],
            ScalarFunction(
                "UNIX_TIMESTAMP", arity: 0...1, deterministic: false,
                .variadic { args in
                    let ms = args.isEmpty ? currentEpochMillis() : try epochMs(args[0], "UNIX_TIMESTAMP")
                    return .int(Timestamps.floorDiv(ms, 1000))
                })
        ),
        // TIMESTAMP() with no argument is the current time as a TIMESTAMP.
        (
            ["TIMESTAMP", "TO_TIMESTAMP"],
            ScalarFunction(
                "TO_TIMESTAMP", arity: 0...2, deterministic: false,
                .variadic { args in
                    if args.isEmpty { return .timestamp(currentEpochMillis()) }
                    if args.count == 2 {
                        let text = string(args[0]), pattern = string(args[1])
                        guard let ms = Timestamps.parse(text, pattern: pattern) else {
                            throw RuntimeError(.badCast, "TO_TIMESTAMP: '\(text)' does not match format '\(pattern)'")
                        }
                        return .timestamp(ms)
                    }
                    return try args[0].cast(to: .timestamp)
                })
        ),
        (["DATE"], ScalarFunction("DATE", arity: 1...1, .unary { x in try x.cast(to: .date) })),
        (
            ["TUMBLE_START", "WINDOW_START"],
            ScalarFunction(
                "TUMBLE_START", arity: 2...2,
                .binary { t, size in
                    .int(WindowAssigner.tumblingStart(try epochMs(t, "TUMBLE_START"), size: try durationMs(size, "TUMBLE_START")))
                })
        ),
        (
            ["TUMBLE_END", "WINDOW_END"],
            ScalarFunction(
                "TUMBLE_END", arity: 2...2,
                .binary { t, size in
                    let s = try durationMs(size, "TUMBLE_END")
                    let (end, overflow) = WindowAssigner.tumblingStart(try epochMs(t, "TUMBLE_END"), size: s).addingReportingOverflow(s)
                    if overflow { throw RuntimeError(.overflow, "TUMBLE_END: time out of range") }
                    return .int(end)
                })
        )
    ]
}
