/// UTC calendar math and timestamp text, without Foundation (the hot path parses event times).
/// Calendar conversion is Howard Hinnant's days-from-civil / civil-from-days (proleptic Gregorian).
public enum Timestamps {
    public static let msPerSecond: Int64 = 1000
    public static let msPerMinute: Int64 = 60_000
    public static let msPerHour: Int64 = 3_600_000
    public static let msPerDay: Int64 = 86_400_000

    /// Days since 1970-01-01 of a civil date.
    @inlinable public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    @inlinable public static func civilFromDays(_ z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }

    @inlinable public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// The remainder with the sign of `b`; never overflows (no multiplication).
    @inlinable public static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        let r = a % b
        return r != 0 && (r < 0) != (b < 0) ? r + b : r
    }

    /// Event times outside years -9999…9999 are rejected as bad data: window arithmetic near the Int64
    /// limits would overflow, and no real stream carries such times.
    public static let supportedRange: ClosedRange<Int64> = -377_705_116_800_000...253_402_300_799_999

    /// `a + b`, pinned to the Int64 limits instead of trapping.
    @inlinable public static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? (b > 0 ? .max : .min) : r
    }

    public static func isLeapYear(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The broken-down UTC time of epoch milliseconds.
    public struct Parts: Equatable, Sendable {
        public var year: Int64, month: Int64, day: Int64
        public var hour: Int64, minute: Int64, second: Int64, millisecond: Int64
        /// 0 = Sunday … 6 = Saturday.
        public var weekday: Int64
        /// 1-based day of the year.
        public var dayOfYear: Int64

        package init(
            year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, millisecond: Int64, weekday: Int64, dayOfYear: Int64
        ) {
            self.year = year
            self.month = month
            self.day = day
            self.hour = hour
            self.minute = minute
            self.second = second
            self.millisecond = millisecond
            self.weekday = weekday
            self.dayOfYear = dayOfYear
        }
    }

    public static func parts(_ ms: Int64) -> Parts {
        let days = floorDiv(ms, msPerDay)
        let rem = floorMod(ms, msPerDay)
        let (y, m, d) = civilFromDays(days)
        let weekday = floorMod(days + 4, 7) // 1970-01-01 was a Thursday
        let doy = days - daysFromCivil(year: y, month: 1, day: 1) + 1
        return Parts(
            year: y, month: m, day: d, hour: rem / msPerHour, minute: (rem / msPerMinute) % 60,
            second: (rem / 1000) % 60, millisecond: rem % 1000, weekday: weekday, dayOfYear: doy)
    }

    public static func epochMillis(
        year: Int64, month: Int64, day: Int64, hour: Int64 = 0, minute: Int64 = 0,
        second: Int64 = 0, millisecond: Int64 = 0
    ) -> Int64 {
        daysFromCivil(year: year, month: month, day: day) * msPerDay + hour * msPerHour + minute * msPerMinute
            + second * 1000 + millisecond
    }

    // MARK: formatting

    /// `2024-03-05T14:07:09.250Z` (always milliseconds, always UTC).
    public static func formatISO(_ ms: Int64) -> String {
        let p = parts(ms)
        var out = ""
        out.reserveCapacity(24)
        appendYear(p.year, to: &out)
        out += "-"; append2(p.month, to: &out); out += "-"; append2(p.day, to: &out)
        out += "T"; append2(p.hour, to: &out); out += ":"; append2(p.minute, to: &out)
        out += ":"; append2(p.second, to: &out); out += "."; append3(p.millisecond, to: &out); out += "Z"
        return out
    }

    /// `2024-03-05`.
    public static func formatDate(days: Int64) -> String {
        let (y, m, d) = civilFromDays(days)
        var out = ""
        appendYear(y, to: &out)
        out += "-"; append2(m, to: &out); out += "-"; append2(d, to: &out)
        return out
    }

    package static func appendYear(_ y: Int64, to out: inout String) {
        if y < 0 { out += "-" }
        let t = String(y.magnitude)
        if t.count < 4 { out += String(repeating: "0", count: 4 - t.count) }
        out += t
    }

    package static func append2(_ v: Int64, to out: inout String) {
        if v < 10 { out += "0" }
        out += String(v)
    }

    package static func append3(_ v: Int64, to out: inout String) {
        if v < 100 { out += v < 10 ? "00" : "0" }
        out += String(v)
    }

    package static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"
    ]
    package static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// strftime-style formatting in UTC. Supported: %Y %y %m %d %e %H %I %p %M %S %f/%3f/%L (milliseconds),
    /// %j %a %A %b %h %B %s (epoch seconds) %Z (UTC) %z (+0000) %T %F %D %R %%.
    /// Unknown specifiers are copied through so mistakes are visible in the output.
    public static func format(_ ms: Int64, _ pattern: String) -> String {
        let p = parts(ms)
        var out = ""
        var chars = pattern.unicodeScalars.makeIterator()
        while let c = chars.next() {
            guard c == "%" else { out.unicodeScalars.append(c); continue }
            guard var spec = chars.next() else { out += "%"; break }
            if spec == "3" || spec == "." {
                // %3f / %.3f as chrono writes milliseconds
                var ahead = spec
                while ahead == "." || ahead == "3" { guard let n = chars.next() else { break }; ahead = n }
                spec = ahead == "f" ? "L" : ahead
            }
            switch spec {
            case "Y": appendYear(p.year, to: &out)
            case "y": append2(floorMod(p.year, 100), to: &out)
            case "m": append2(p.month, to: &out)
            case "d": append2(p.day, to: &out)
            case "e": if p.day < 10 { out += " " }; out += String(p.day)
            case "H": append2(p.hour, to: &out)
            case "I": append2(p.hour % 12 == 0 ? 12 : p.hour % 12, to: &out)
            case "p": out += p.hour < 12 ? "AM" : "PM"
            case "M": append2(p.minute, to: &out)
            case "S": append2(p.second, to: &out)
            case "f", "L": append3(p.millisecond, to: &out)
            case "j": append3(p.dayOfYear, to: &out)
            case "a": out += String(dayNames[Int(p.weekday)].prefix(3))
            case "A": out += dayNames[Int(p.weekday)]
            case "b", "h": out += String(monthNames[Int(p.month - 1)].prefix(3))
            case "B": out += monthNames[Int(p.month - 1)]
            case "s": out += String(floorDiv(ms, 1000))
            case "Z": out += "UTC"
            case "z": out += "+0000"
            case "T": out += format(ms, "%H:%M:%S")
            case "F": out += format(ms, "%Y-%m-%d")
            case "D": out += format(ms, "%m/%d/%y")
            case "R": out += format(ms, "%H:%M")
            case "%": out += "%"
            default: out += "%"; out.unicodeScalars.append(spec)
            }
        }
        return out
    }
}
