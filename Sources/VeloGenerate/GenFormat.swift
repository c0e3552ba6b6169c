import VeloBase

/// Number, time and UUID text written straight into byte buffers: the generator's hot path never builds a
/// `String` or calls Foundation.
public enum GenFormat {
    package static let powersOf10: [Int64] = (0...18).map { n in (0..<n).reduce(Int64(1)) { acc, _ in acc * 10 } }
    package static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes `value` zero-padded to at least `width` digits (a negative value gets its sign first).
    @inline(__always)
    public static func appendPadded(_ value: Int64, width: Int, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes of scratch
        withUnsafeMutableBytes(of: &digits) { raw in
            var magnitude = value.magnitude
            var count = 0
            repeat {
                raw[23 - count] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0
            while count < width && count < 20 {
                raw[23 - count] = 0x30
                count += 1
            }
            if value < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[(24 - count)...]))
        }
    }

    @inline(__always)
    public static func appendInt(_ value: Int64, to out: inout [UInt8]) { appendPadded(value, width: 1, to: &out) }

    /// The longest text `fixed`, `timestamp` and `date` write.
    public static let scratchSize = 64

    /// Writes `value` rounded to `digits` places after the point. `trim` drops trailing zeros but keeps one
    /// digit (`12.5`, `12.0`) so the text still reads as a float; without it the places are fixed (`12.50`).
    /// Huge magnitudes fall back to Swift's shortest round-trip form.
    public static func appendFixed(_ value: Double, digits: Int, trim: Bool, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: scratchSize) { buffer in
            let n = fixed(value, digits: digits, trim: trim, into: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` for epoch milliseconds (UTC).
    public static func appendTimestamp(epochMs: Int64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: scratchSize) { buffer in
            let n = timestamp(epochMs: epochMs, into: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    /// `YYYY-MM-DD` for a day count since 1970-01-01.
    public static func appendDate(daysSinceEpoch: Int64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: scratchSize) { buffer in
            let n = date(daysSinceEpoch: daysSinceEpoch, into: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    // MARK: into scratch memory (at least `scratchSize` bytes); each returns the count written

    /// Decimal digits of `value`, at least `width` of them (zero-padded).
    @inline(__always)
    package static func digits(_ value: UInt64, width: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        var v = value
        repeat { count += 1; v /= 10 } while v > 0
        count = max(count, min(width, 20))
        v = value
        for k in stride(from: count - 1, through: 0, by: -1) {
            p[k] = UInt8(truncatingIfNeeded: v % 10) + 0x30
            v /= 10
        }
        return count
    }

    public static func fixed(_ value: Double, digits places: Int, trim: Bool, into p: UnsafeMutablePointer<UInt8>) -> Int {
        guard value.isFinite else {
            p[0] = 0x6E; p[1] = 0x75; p[2] = 0x6C; p[3] = 0x6C
            return 4
        }
        let places = min(max(places, 0), 15)
        let scale = powersOf10[places]
        let scaled = (value * Double(scale)).rounded()
        guard abs(scaled) < 9.0e15 else {
            var text = value.description
            return text.withUTF8 { utf8 in
                let n = min(utf8.count, scratchSize)
                p.update(from: utf8.baseAddress!, count: n)
                return n
            }
        }
        var n = Int64(scaled)
        var at = 0
        if n < 0 { p[0] = UInt8(ascii: "-"); at = 1; n = -n }
        at += digits(UInt64(n / scale), width: 1, into: p + at)
        if places == 0 {
            if trim { p[at] = UInt8(ascii: "."); p[at + 1] = UInt8(ascii: "0"); at += 2 }
            return at
        }
        var fraction = n % scale
        var width = places
        if trim {
            if fraction == 0 { p[at] = UInt8(ascii: "."); p[at + 1] = UInt8(ascii: "0"); return at + 2 }
            while fraction % 10 == 0 { fraction /= 10; width -= 1 }
        }
        p[at] = UInt8(ascii: ".")
        return at + 1 + digits(UInt64(fraction), width: width, into: p + at + 1)
    }

    public static func timestamp(epochMs: Int64, into p: UnsafeMutablePointer<UInt8>) -> Int {
        let days = Timestamps.floorDiv(epochMs, Timestamps.msPerDay)
        let msOfDay = epochMs - days * 86_400_000
        var at = date(daysSinceEpoch: days, into: p)
        p[at] = UInt8(ascii: "T")
        two(msOfDay / 3_600_000, p + at + 1)
        p[at + 3] = UInt8(ascii: ":")
        two(msOfDay / 60_000 % 60, p + at + 4)
        p[at + 6] = UInt8(ascii: ":")
        two(msOfDay / 1000 % 60, p + at + 7)
        p[at + 9] = UInt8(ascii: ".")
        at += 10
        at += digits(UInt64(msOfDay % 1000), width: 3, into: p + at)
        p[at] = UInt8(ascii: "Z")
        return at + 1
    }

    public static func date(daysSinceEpoch: Int64, into p: UnsafeMutablePointer<UInt8>) -> Int {
        let (year, month, day) = Timestamps.civilFromDays(daysSinceEpoch)
        var at = 0
        if year < 0 { p[0] = UInt8(ascii: "-"); at = 1 }
        at += digits(year.magnitude, width: 4, into: p + at)
        p[at] = UInt8(ascii: "-")
        two(month, p + at + 1)
        p[at + 3] = UInt8(ascii: "-")
        two(day, p + at + 4)
        return at + 6
    }

    /// A random version-4 UUID, lowercase with dashes.
    public static func appendUUID(_ rng: inout GenRandom, to out: inout [UInt8]) {
        let hi = (rng.next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let lo = (rng.next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        for i in 0..<16 {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            let word = i < 8 ? hi : lo
            let byte = UInt8(truncatingIfNeeded: word >> (UInt64(7 - i % 8) * 8))
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        }
    }

    @inline(__always)
    private static func two(_ value: Int64, _ p: UnsafeMutablePointer<UInt8>) {
        p[0] = UInt8(truncatingIfNeeded: value / 10) + 0x30
        p[1] = UInt8(truncatingIfNeeded: value % 10) + 0x30
    }
}
