/// Parses timestamp text into epoch milliseconds UTC, byte by byte (no DateFormatter).
extension Timestamps {
    /// ISO 8601 / RFC 3339: `2024-03-05`, `2024-03-05T14:07`, `2024-03-05 14:07:09`, `…:09.123456`,
    /// with `Z`, `+02:00`, `-0530`, `+02` or no zone (UTC). Fractions beyond milliseconds are truncated.
    public static func parseISO(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parseISO(bytes: $0) }
    }

    public static func parseISO(bytes b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let n = b.count
        @inline(__always) func digits(_ count: Int) -> Int64? {
            guard i + count <= n else { return nil }
            var v: Int64 = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            i += count
            return v
        }
        @inline(__always) func expect(_ c: UInt8) -> Bool {
            guard i < n, b[i] == c else { return false }
            i += 1
            return true
        }
        while i < n, b[i] == 0x20 { i += 1 }
        var negativeYear = false
        if i < n, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { negativeYear = b[i] == UInt8(ascii: "-"); i += 1 }
        guard var year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
            let day = digits(2)
        else { return nil }
        if negativeYear { year = -year }
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, millis: Int64 = 0
        var offsetMinutes: Int64 = 0
        if i < n, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == 0x20 {
            let save = i
            i += 1
            if let h = digits(2) {
                guard expect(UInt8(ascii: ":")), let m = digits(2) else { return nil }
                hour = h; minute = m
                if expect(UInt8(ascii: ":")) {
                    guard let s = digits(2) else { return nil }
                    second = s
                    if i < n, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                        i += 1
                        var count = 0
                        while i < n, b[i] >= 0x30 && b[i] <= 0x39 {
                            if count < 3 { millis = millis * 10 + Int64(b[i] - 0x30) }
                            count += 1
                            i += 1
                        }
                        guard count > 0 else { return nil }
                        if count == 1 { millis *= 100 } else if count == 2 { millis *= 10 }
                    }
                }
                guard hour < 24 || (hour == 24 && minute == 0 && second == 0 && millis == 0), minute < 60,
                    second < 61
                else { return nil }
                if second == 60 { second = 59 } // leap second: clamp
                // zone
                if i < n, b[i] == 0x20 { i += 1 }
                if i < n {
                    let c = b[i]
                    if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                        i += 1
                    } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                        i += 1
                        guard let oh = digits(2) else { return nil }
                        var om: Int64 = 0
                        if expect(UInt8(ascii: ":")) {
                            guard let m = digits(2) else { return nil }
                            om = m
                        } else if let m = digits(2) {
                            om = m
                        }
                        guard oh <= 18, om < 60 else { return nil }
                        offsetMinutes = (oh * 60 + om) * (c == UInt8(ascii: "-") ? -1 : 1)
                    } else if n - i >= 3, b[i] == UInt8(ascii: "U"), b[i + 1] == UInt8(ascii: "T"), b[i + 2] == UInt8(ascii: "C") {
                        i += 3
                    }
                }
            } else {
                i = save // a date followed by a space and something else: let the end check reject it
            }
        }
        while i < n, b[i] == 0x20 { i += 1 }
        guard i == n else { return nil }
        return epochMillis(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            millisecond: millis) - offsetMinutes * msPerMinute
    }

    /// Parses with a strftime-style pattern: %Y %m %d %H %M %S %f/%L/%3f (fraction) %z %Z %T %F %s %b %p %I
    /// %j, any other character literally. Missing fields default to 1970-01-01 00:00:00 UTC.
    public static func parse(_ text: String, pattern: String) -> Int64? {
        let t = Array(text.utf8)
        let p = Array(pattern.utf8)
        var i = 0, k = 0
        var year: Int64 = 1970, month: Int64 = 1, day: Int64 = 1, hour: Int64 = 0, minute: Int64 = 0
        var second: Int64 = 0, millis: Int64 = 0, offset: Int64 = 0, epoch: Int64? = nil, pm: Bool? = nil
        var dayOfYear: Int64? = nil
        func number(max: Int, signed: Bool = false) -> Int64? {
            var neg = false
            if signed, i < t.count, t[i] == UInt8(ascii: "-") { neg = true; i += 1 }
            var v: Int64 = 0, c = 0
            while i < t.count, c < max, t[i] >= 0x30 && t[i] <= 0x39 { v = v * 10 + Int64(t[i] - 0x30); i += 1; c += 1 }
            // (max ≤ 15 digits everywhere, so v cannot overflow)
            return c == 0 ? nil : (neg ? -v : v)
        }
        while k < p.count {
            let c = p[k]
            if c != UInt8(ascii: "%") {
                guard i < t.count, t[i] == c else { return nil }
                i += 1; k += 1
                continue
            }
            k += 1
            guard k < p.count else { return nil }
            var spec = p[k]
            while spec == UInt8(ascii: ".") || spec == UInt8(ascii: "3") || spec == UInt8(ascii: "6") || spec == UInt8(ascii: "9") {
                k += 1
                guard k < p.count else { return nil }
                spec = p[k]
            }
            k += 1
            switch spec {
            case UInt8(ascii: "Y"): guard let v = number(max: 4, signed: true) else { return nil }; year = v
            case UInt8(ascii: "m"): guard let v = number(max: 2) else { return nil }; month = v
            case UInt8(ascii: "d"), UInt8(ascii: "e"):
                if i < t.count, t[i] == 0x20 { i += 1 }
                guard let v = number(max: 2) else { return nil }; day = v
            case UInt8(ascii: "H"), UInt8(ascii: "I"): guard let v = number(max: 2) else { return nil }; hour = v
            case UInt8(ascii: "M"): guard let v = number(max: 2) else { return nil }; minute = v
            case UInt8(ascii: "S"): guard let v = number(max: 2) else { return nil }; second = v
            case UInt8(ascii: "j"): guard let v = number(max: 3) else { return nil }; dayOfYear = v
            case UInt8(ascii: "f"), UInt8(ascii: "L"):
                var count = 0
                millis = 0
                while i < t.count, t[i] >= 0x30 && t[i] <= 0x39 {
                    if count < 3 { millis = millis * 10 + Int64(t[i] - 0x30) }
                    count += 1; i += 1
                }
                guard count > 0 else { return nil }
                if count == 1 { millis *= 100 } else if count == 2 { millis *= 10 }
            case UInt8(ascii: "s"): guard let v = number(max: 15, signed: true) else { return nil }; epoch = v * 1000
            case UInt8(ascii: "p"):
                guard i + 2 <= t.count else { return nil }
                let a = t[i] | 0x20
                guard a == UInt8(ascii: "a") || a == UInt8(ascii: "p") else { return nil }
                pm = a == UInt8(ascii: "p"); i += 2
            case UInt8(ascii: "b"), UInt8(ascii: "h"), UInt8(ascii: "B"):
                guard i + 3 <= t.count else { return nil }
                let word = String(decoding: t[i..<(i + 3)], as: UTF8.self).lowercased()
                guard let m = monthNames.firstIndex(where: { $0.prefix(3).lowercased() == word }) else { return nil }
                month = Int64(m + 1); i += 3
                if spec == UInt8(ascii: "B") {
                    let rest = monthNames[m].utf8.count - 3
                    if i + rest <= t.count,
                        String(decoding: t[i..<(i + rest)], as: UTF8.self).lowercased()
                            == monthNames[m].dropFirst(3).lowercased()
                    {
                        i += rest
                    }
                }
            case UInt8(ascii: "z"):
                guard i < t.count else { return nil }
                if t[i] == UInt8(ascii: "Z") { i += 1; break }
                guard t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-") else { return nil }
                let sign: Int64 = t[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let h = number(max: 2) else { return nil }
                if i < t.count, t[i] == UInt8(ascii: ":") { i += 1 }
                let m = number(max: 2) ?? 0
                offset = sign * (h * 60 + m)
            case UInt8(ascii: "Z"):
                while i < t.count, t[i] >= 0x41 && t[i] <= 0x5A { i += 1 }
            case UInt8(ascii: "T"):
                guard let v = parse(String(decoding: t[i...], as: UTF8.self).prefix(8).description, pattern: "%H:%M:%S") else { return nil }
                let p = parts(v); hour = p.hour; minute = p.minute; second = p.second; i += 8
            case UInt8(ascii: "F"):
                guard let y = number(max: 4, signed: true), i < t.count, t[i] == UInt8(ascii: "-") else { return nil }
                i += 1
                guard let m = number(max: 2), i < t.count, t[i] == UInt8(ascii: "-") else { return nil }
                i += 1
                guard let d = number(max: 2) else { return nil }
                year = y; month = m; day = d
            case UInt8(ascii: "%"):
                guard i < t.count, t[i] == UInt8(ascii: "%") else { return nil }
                i += 1
            default: return nil
            }
        }
        guard i == t.count else { return nil }
        if let epoch { return epoch + millis }
        if let pm {
            if pm && hour < 12 { hour += 12 } else if !pm && hour == 12 { hour = 0 }
        }
        guard month >= 1, month <= 12, hour < 24, minute < 60, second < 61 else { return nil }
        if let dayOfYear {
            return (daysFromCivil(year: year, month: 1, day: 1) + dayOfYear - 1) * msPerDay + hour * msPerHour
                + minute * msPerMinute + second * 1000 + millis - offset * msPerMinute
        }
        guard day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        return epochMillis(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            millisecond: millis) - offset * msPerMinute
    }

    /// Below this magnitude an epoch number is read as seconds in `.auto` mode: 1e11 s is the year 5138,
    /// 1e11 ms is 1973-03-03, so real-world millisecond stamps are never mistaken for seconds.
    public static let autoSecondsLimit: Double = 1e11

    /// Epoch milliseconds of a number in the given unit; `.auto` guesses by magnitude.
    public static func millis(fromEpoch value: Double, unit: EpochUnit) -> Int64? {
        guard value.isFinite else { return nil }
        let ms: Double
        switch unit {
        case .millis: ms = value
        case .seconds: ms = value * 1000
        case .auto: ms = abs(value) < autoSecondsLimit ? value * 1000 : value
        }
        guard abs(ms) < 9.2e18 else { return nil }
        return Int64(ms.rounded(.down))
    }

    public enum EpochUnit: Sendable { case millis, seconds, auto }
}
