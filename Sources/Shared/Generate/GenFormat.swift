/// Number, time and UUID text written straight into byte buffers: the generator's hot path never builds a
/// `String` or calls Foundation.
public enum GenFormat {
    static let powersOf10: [Int64] = (0...18).map { n in (0..<n).reduce(Int64(1)) { acc, _ in acc * 10 } }
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

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

    /// Writes `value` rounded to `digits` places after the point. `trim` drops trailing zeros but keeps one
    /// digit (`12.5`, `12.0`) so the text still reads as a float; without it the places are fixed (`12.50`).
    /// Huge magnitudes fall back to Swift's shortest round-trip form.
    public static func appendFixed(_ value: Double, digits: Int, trim: Bool, to out: inout [UInt8]) {
        guard value.isFinite else { out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]); return }
        let places = min(max(digits, 0), 15)
        let scale = powersOf10[places]
        let scaled = (value * Double(scale)).rounded()
        guard abs(scaled) < 9.0e15 else {
            var text = value.description
            text.withUTF8 { out.append(contentsOf: $0) }
            return
        }
        var n = Int64(scaled)
        if n < 0 { out.append(UInt8(ascii: "-")); n = -n }
        appendPadded(n / scale, width: 1, to: &out)
        if places == 0 {
            if trim { out.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")]) }
            return
        }
        var fraction = n % scale
        var width = places
        if trim {
            if fraction == 0 { out.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")]); return }
            while fraction % 10 == 0 { fraction /= 10; width -= 1 }
        }
        out.append(UInt8(ascii: "."))
        appendPadded(fraction, width: width, to: &out)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` for epoch milliseconds (UTC).
    public static func appendTimestamp(epochMs: Int64, to out: inout [UInt8]) {
        let days = floorDiv(epochMs, 86_400_000)
        let msOfDay = epochMs - days * 86_400_000
        appendDate(daysSinceEpoch: days, to: &out)
        out.append(UInt8(ascii: "T"))
        two(msOfDay / 3_600_000, &out)
        out.append(UInt8(ascii: ":"))
        two(msOfDay / 60_000 % 60, &out)
        out.append(UInt8(ascii: ":"))
        two(msOfDay / 1000 % 60, &out)
        out.append(UInt8(ascii: "."))
        appendPadded(msOfDay % 1000, width: 3, to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// `YYYY-MM-DD` for a day count since 1970-01-01 (Howard Hinnant's civil-from-days).
    public static func appendDate(daysSinceEpoch: Int64, to out: inout [UInt8]) {
        let z = daysSinceEpoch + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        appendPadded(year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        two(month, &out)
        out.append(UInt8(ascii: "-"))
        two(day, &out)
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
    private static func two(_ value: Int64, _ out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value / 10) + 0x30)
        out.append(UInt8(truncatingIfNeeded: value % 10) + 0x30)
    }

    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
