import VeloBase
import VeloJSON

/// Recognizes the string shapes the schema format has types for (uuid, date, RFC 3339 timestamp) straight
/// from UTF-8 bytes, and converts between epoch milliseconds and RFC 3339 text.
public enum TextShapes {
    @inline(__always) package static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    @inline(__always) package static func isHex(_ b: UInt8) -> Bool {
        b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 6
    }

    /// `8-4-4-4-12` hexadecimal digits, any case (RFC 4122 layout; the version nibble is not checked).
    public static func isUUID(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        guard s.count == 36 else { return false }
        for i in 0..<36 {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if s[i] != UInt8(ascii: "-") { return false }
            } else if !isHex(s[i]) {
                return false
            }
        }
        return true
    }

    @inline(__always) package static func number(_ s: UnsafeBufferPointer<UInt8>, _ from: Int, _ count: Int) -> Int? {
        var value = 0
        for i in from..<(from + count) {
            guard isDigit(s[i]) else { return nil }
            value = value * 10 + Int(s[i] &- 0x30)
        }
        return value
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` prefix, or nil when the text does not start with a valid date.
    package static func datePrefix(_ s: UnsafeBufferPointer<UInt8>) -> Int? {
        guard s.count >= 10, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"),
            let y = number(s, 0, 4), let m = number(s, 5, 2), let d = number(s, 8, 2),
            (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y)
        else { return nil }
        return daysFromCivil(y, m, d)
    }

    /// Days since the epoch for a whole `YYYY-MM-DD` string.
    public static func date(_ s: UnsafeBufferPointer<UInt8>) -> Int? {
        s.count == 10 ? datePrefix(s) : nil
    }

    /// Epoch milliseconds of an RFC 3339 timestamp: `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`. A space may
    /// replace the `T` (as SQL engines print). A missing zone is read as UTC.
    public static func timestamp(_ s: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard s.count >= 19, s.count <= 40, let days = datePrefix(s) else { return nil }
        let sep = s[10]
        guard sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == UInt8(ascii: " "),
            s[13] == UInt8(ascii: ":"), s[16] == UInt8(ascii: ":"),
            let hh = number(s, 11, 2), let mm = number(s, 14, 2), let ss = number(s, 17, 2),
            hh < 24, mm < 60, ss < 61
        else { return nil }
        var i = 19
        var millis = 0
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < s.count, isDigit(s[i]) {
                if digits < 3 { millis = millis * 10 + Int(s[i] &- 0x30) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        var offsetMinutes = 0
        if i < s.count {
            let z = s[i]
            if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
                i += 1
            } else if z == UInt8(ascii: "+") || z == UInt8(ascii: "-") {
                guard i + 6 == s.count, s[i + 3] == UInt8(ascii: ":"),
                    let oh = number(s, i + 1, 2), let om = number(s, i + 4, 2)
                else { return nil }
                offsetMinutes = (oh * 60 + om) * (z == UInt8(ascii: "-") ? -1 : 1)
                i += 6
            }
        }
        guard i == s.count else { return nil }
        let seconds = Int64(days) * 86_400 + Int64(hh * 3600 + mm * 60 + ss) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millis)
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        Int(Timestamps.daysInMonth(year: Int64(year), month: Int64(month)))
    }

    package static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        Int(Timestamps.daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day)))
    }

    package static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let (y, m, d) = Timestamps.civilFromDays(Int64(days))
        return (Int(y), Int(m), Int(d))
    }

    package static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// `YYYY-MM-DD` for days since the epoch.
    public static func formatDate(days: Int) -> String {
        let (y, m, d) = civil(fromDays: days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// RFC 3339 in UTC; milliseconds only when they are not zero.
    public static func formatTimestamp(millis: Int64) -> String {
        var days = Int(millis / 86_400_000)
        var rest = Int(millis % 86_400_000)
        if rest < 0 { rest += 86_400_000; days -= 1 }
        let time = "\(pad(rest / 3_600_000, 2)):\(pad(rest / 60_000 % 60, 2)):\(pad(rest / 1000 % 60, 2))"
        let ms = rest % 1000
        return formatDate(days: days) + "T" + time + (ms == 0 ? "" : "." + pad(ms, 3)) + "Z"
    }

    /// Convenience for tests and non-hot paths.
    public static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var text = text
        return text.withUTF8(body)
    }
}
