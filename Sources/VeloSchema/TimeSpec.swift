import VeloBase

/// A time bound of `timestamp_range` / `timestamp_epoch_ms` (docs/schema.md): `now`, `±N{s|m|h|d}`, a plain
/// number of seconds (an offset from now, like `-3600`), or an RFC 3339 date-time (`2026-01-15T09:30:00Z`,
/// fractional seconds and `±HH:MM` offsets allowed; a bare `2026-01-15` means midnight UTC).
///
/// Velostream sends absolute values through its relative parser, where they silently become "now"; Velo
/// honours them instead (docs/schema.md).
public enum TimeSpec: Sendable, Hashable {
    /// Milliseconds relative to now (0 = now, negative = in the past).
    case relative(milliseconds: Int64)
    /// Milliseconds since the Unix epoch, UTC.
    case absolute(epochMs: Int64)

    /// The accepted forms, for hints.
    public static let forms =
        "use `now`, an offset like `-30m` or `+2h` (s, m, h, d), seconds like `-3600`, or RFC 3339 like `2026-01-15T09:30:00Z`"

    /// The bound as epoch milliseconds, given the current time.
    public func resolve(nowMs: Int64) -> Int64 {
        switch self {
        case .relative(let offset): nowMs + offset
        case .absolute(let epochMs): epochMs
        }
    }

    /// Parses a bound, or returns nil when `text` is none of the accepted forms.
    public static func parse(_ text: String) -> TimeSpec? {
        let s = text.trimmingSpaces()
        if s.isEmpty { return nil }
        if s.lowercased() == "now" { return .relative(milliseconds: 0) }
        if let relative = parseRelative(s) { return relative }
        if let epochMs = parseRFC3339(s) { return .absolute(epochMs: epochMs) }
        return nil
    }

    /// `±N{s|m|h|d}` or a plain number of seconds; N may have a fraction (`1.5h`).
    ///
    /// Not `DurationValue`'s grammar on purpose: this is Velostream's schema format, where a plain number is
    /// seconds and only these four one-letter units exist, and a schema Velo accepts must load in Velostream
    /// too. The units' lengths come from the same table (`DurationUnit`).
    private static let relativeUnits: [Character: DurationUnit] = ["s": .second, "m": .minute, "h": .hour, "d": .day]

    private static func parseRelative(_ s: String) -> TimeSpec? {
        var body = Substring(s)
        var sign = 1.0
        if body.first == "-" { sign = -1; body = body.dropFirst() } else if body.first == "+" { body = body.dropFirst() }
        var unitMs = Double(DurationUnit.second.millis)
        if let last = body.last, let unit = relativeUnits[last] {
            unitMs = Double(unit.millis)
            body = body.dropLast()
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let amount = Double(body), amount.isFinite
        else { return nil }
        let ms = sign * amount * unitMs
        guard abs(ms) < 9.0e15 else { return nil }
        return .relative(milliseconds: Int64(ms.rounded()))
    }

    /// RFC 3339 (`T` or a space between date and time; `Z`, `±HH:MM` or no zone = UTC), or a bare date.
    package static func parseRFC3339(_ s: String) -> Int64? {
        let b = Array(s.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for i in at..<(at + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard let year = digits(0, 4), b.count >= 10, b[4] == UInt8(ascii: "-"), let month = digits(5, 2),
            b[7] == UInt8(ascii: "-"), let day = digits(8, 2),
            (1...12).contains(month), day >= 1, Int64(day) <= Timestamps.daysInMonth(year: Int64(year), month: Int64(month))
        else { return nil }
        var ms = Timestamps.daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day)) * Timestamps.msPerDay
        if b.count == 10 { return ms }
        guard b.count >= 19, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
            let hour = digits(11, 2), b[13] == UInt8(ascii: ":"), let minute = digits(14, 2),
            b[16] == UInt8(ascii: ":"), let second = digits(17, 2),
            hour < 24, minute < 60, second < 61
        else { return nil }
        ms += Int64(hour * 3_600_000 + minute * 60_000 + second * 1000)
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale: Int64 = 100
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                ms += Int64(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            if i == start { return nil }
        }
        if i == b.count { return ms }
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            return i + 1 == b.count ? ms : nil
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard b.count == i + 6, let oh = digits(i + 1, 2), b[i + 3] == UInt8(ascii: ":"),
                let om = digits(i + 4, 2), oh < 24, om < 60
            else { return nil }
            let offset = Int64(oh * 3_600_000 + om * 60_000)
            return b[i] == UInt8(ascii: "+") ? ms - offset : ms + offset
        default:
            return nil
        }
    }
}

extension String {
    package func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
