/// Durations as Velostream writes them in windows and properties: `5m`, `30s`, `500ms`, `1h`, `1d`,
/// combinations (`1m 30s`, `1h30m`), a bare number (milliseconds), and `INTERVAL '5' MINUTE` /
/// `INTERVAL 5 MINUTES`. The value is milliseconds.
public struct DurationValue: Sendable, Equatable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Milliseconds per unit word, singular or plural, long or short.
    public static func unitMillis(_ word: some StringProtocol) -> Int64? {
        switch word.lowercased() {
        case "ms", "msec", "msecs", "millisecond", "milliseconds", "millis": return 1
        case "s", "sec", "secs", "second", "seconds": return 1000
        case "m", "min", "mins", "minute", "minutes": return 60_000
        case "h", "hr", "hrs", "hour", "hours": return 3_600_000
        case "d", "day", "days": return 86_400_000
        case "w", "week", "weeks": return 604_800_000
        default: return nil
        }
    }

    /// Parses `5m`, `1m 30s`, `1h30m`, `500ms`, `2.5s`, `250` (ms), `INTERVAL '5' MINUTE`, `5 MINUTES`.
    public init?(parsing text: String) {
        var t = Substring(text.sqlTrimmedSpaces)
        if t.count >= 8, t.prefix(8).lowercased() == "interval" { t = t.dropFirst(8) }
        let scalars = Array(t.unicodeScalars.filter { $0 != "'" && $0 != "\"" })
        var i = 0
        var total = 0.0
        var parts = 0
        func skipSpace() { while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 } }
        skipSpace()
        if i == scalars.count { return nil }
        while i < scalars.count {
            skipSpace()
            var number = ""
            while i < scalars.count, (scalars[i].properties.numericType != nil && scalars[i].isASCII) || scalars[i] == "." {
                number.unicodeScalars.append(scalars[i]); i += 1
            }
            guard let value = Double(number), value >= 0 else { return nil }
            skipSpace()
            var unit = ""
            while i < scalars.count, scalars[i].properties.isAlphabetic { unit.unicodeScalars.append(scalars[i]); i += 1 }
            let factor: Int64
            if unit.isEmpty {
                guard parts == 0 else { return nil }
                factor = 1
            } else {
                guard let f = DurationValue.unitMillis(unit) else { return nil }
                factor = f
            }
            total += value * Double(factor)
            parts += 1
            skipSpace()
        }
        guard total < 9.2e18 else { return nil }
        self.milliseconds = Int64(total.rounded())
    }

    /// The shortest shorthand: 90000 → `1m30s`, 500 → `500ms`, 0 → `0ms`.
    public var description: String {
        if milliseconds == 0 { return "0ms" }
        var rest = milliseconds
        var out = ""
        for (unit, ms) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] where rest >= ms {
            out += "\(rest / ms)\(unit)"
            rest %= ms
        }
        return out
    }
}
