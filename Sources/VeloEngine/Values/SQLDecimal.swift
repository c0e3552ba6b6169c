import VeloJSON

/// DECIMAL(p,s) as a scaled 64-bit integer: `units / 10^scale`. Exact for money (what Velostream's
/// ScaledInteger is for) and far cheaper than a big-number type. 18 significant digits; results that
/// do not fit raise `RuntimeError.overflow` instead of losing cents silently.
public struct SQLDecimal: Sendable, Hashable, CustomStringConvertible {
    public var units: Int64
    public var scale: UInt8

    public static let maxScale: UInt8 = 18

    public init(units: Int64, scale: UInt8) {
        self.units = units
        self.scale = scale
    }

    /// 10^n for n in 0...18 (a switch the compiler turns into a table lookup: the per-record decimal paths
    /// call it; a loop of multiplications showed in profiles).
    @inlinable public static func pow10(_ n: UInt8) -> Int64 {
        switch n {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        case 8: return 100_000_000
        case 9: return 1_000_000_000
        case 10: return 10_000_000_000
        case 11: return 100_000_000_000
        case 12: return 1_000_000_000_000
        case 13: return 10_000_000_000_000
        case 14: return 100_000_000_000_000
        case 15: return 1_000_000_000_000_000
        case 16: return 10_000_000_000_000_000
        case 17: return 100_000_000_000_000_000
        default:
            var r: Int64 = 1_000_000_000_000_000_000
            for _ in 18..<max(n, 18) { r &*= 10 }
            return r
        }
    }

    public init(int: Int64, scale: UInt8) throws {
        let (v, o) = int.multipliedReportingOverflow(by: SQLDecimal.pow10(scale))
        if o { throw RuntimeError(.overflow, "\(int) does not fit DECIMAL with scale \(scale)") }
        self.init(units: v, scale: scale)
    }

    /// Rounds half away from zero to `scale` digits.
    public init(double: Double, scale: UInt8) throws {
        let scaled = (double * Double(SQLDecimal.pow10(scale))).rounded(.toNearestOrAwayFromZero)
        guard scaled.isFinite, abs(scaled) < 9.2e18 else {
            throw RuntimeError(.overflow, "\(double) does not fit DECIMAL with scale \(scale)")
        }
        self.init(units: Int64(scaled), scale: scale)
    }

    /// Parses `-12.345`, `+3`, `.5`, `1e3` is rejected (not a decimal literal). nil when not a number.
    public init?(parsing text: Substring) {
        var units: Int64 = 0
        var scale: UInt8 = 0
        var negative = false
        var sawDigit = false
        var sawPoint = false
        var i = text.utf8.startIndex
        let utf8 = text.utf8
        if i < utf8.endIndex, utf8[i] == UInt8(ascii: "-") || utf8[i] == UInt8(ascii: "+") {
            negative = utf8[i] == UInt8(ascii: "-")
            i = utf8.index(after: i)
        }
        while i < utf8.endIndex {
            let c = utf8[i]
            if c == UInt8(ascii: ".") {
                if sawPoint { return nil }
                sawPoint = true
            } else if c >= 0x30 && c <= 0x39 {
                sawDigit = true
                if sawPoint {
                    if scale >= SQLDecimal.maxScale { return nil }
                    scale += 1
                }
                let (m, o1) = units.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(c - 0x30))
                if o1 || o2 { return nil }
                units = a
            } else {
                return nil
            }
            i = utf8.index(after: i)
        }
        guard sawDigit else { return nil }
        self.init(units: negative ? -units : units, scale: scale)
    }

    public var doubleValue: Double { Double(units) / Double(SQLDecimal.pow10(scale)) }

    /// The nearest double after trailing zeros are dropped, so equal decimals of different scales (1.10 and
    /// 1.1) give the same double even where `Double(units)` rounds: what hashing and `==` with a double use.
    package var canonicalDouble: Double {
        var units = self.units, scale = self.scale
        while scale > 0 && units % 10 == 0 { units /= 10; scale -= 1 }
        return Double(units) / Double(SQLDecimal.pow10(scale))
    }

    /// The integral part when there is no fractional part.
    public var exactInt: Int64? {
        let p = SQLDecimal.pow10(scale)
        return units % p == 0 ? units / p : nil
    }

    /// Truncates toward zero.
    public var truncatedInt: Int64 { units / SQLDecimal.pow10(scale) }

    /// Re-scales, rounding half away from zero when digits are dropped.
    public func rescaled(to newScale: UInt8) throws -> SQLDecimal {
        if newScale == scale { return self }
        if newScale > scale {
            let (v, o) = units.multipliedReportingOverflow(by: SQLDecimal.pow10(newScale - scale))
            if o { throw RuntimeError(.overflow, "decimal \(self) overflows at scale \(newScale)") }
            return SQLDecimal(units: v, scale: newScale)
        }
        let p = SQLDecimal.pow10(scale - newScale)
        var q = units / p
        let r = units % p
        if r.magnitude * 2 >= p.magnitude { q += units < 0 ? -1 : 1 }
        return SQLDecimal(units: q, scale: newScale)
    }

    package static func aligned(_ a: SQLDecimal, _ b: SQLDecimal) throws -> (Int64, Int64, UInt8) {
        let s = max(a.scale, b.scale)
        return (try a.rescaled(to: s).units, try b.rescaled(to: s).units, s)
    }

    public static func add(_ a: SQLDecimal, _ b: SQLDecimal) throws -> SQLDecimal {
        let (x, y, s) = try aligned(a, b)
        let (v, o) = x.addingReportingOverflow(y)
        if o { throw RuntimeError(.overflow, "decimal overflow in \(a) + \(b)") }
        return SQLDecimal(units: v, scale: s)
    }

    public static func subtract(_ a: SQLDecimal, _ b: SQLDecimal) throws -> SQLDecimal {
        let (x, y, s) = try aligned(a, b)
        let (v, o) = x.subtractingReportingOverflow(y)
        if o { throw RuntimeError(.overflow, "decimal overflow in \(a) - \(b)") }
        return SQLDecimal(units: v, scale: s)
    }

    /// Product keeps the larger operand scale (like ScaledInteger), rounding the extra digits.
    public static func multiply(_ a: SQLDecimal, _ b: SQLDecimal) throws -> SQLDecimal {
        let target = max(a.scale, b.scale)
        let drop = a.scale + b.scale - target
        let wide = a.units.multipliedFullWidth(by: b.units)
        let p = SQLDecimal.pow10(drop)
        // Divide the 128-bit product by 10^drop with rounding half away from zero.
        let negative = (a.units < 0) != (b.units < 0)
        let mag = magnitude128(wide)
        guard mag.high < UInt64(p) else { throw RuntimeError(.overflow, "decimal overflow in \(a) * \(b)") }
        let (q, r) = UInt64(p).dividingFullWidth(mag)
        var qq = q
        if r * 2 >= UInt64(p) && drop > 0 { qq += 1 }
        guard qq <= UInt64(Int64.max) else { throw RuntimeError(.overflow, "decimal overflow in \(a) * \(b)") }
        return SQLDecimal(units: negative ? -Int64(qq) : Int64(qq), scale: target)
    }

    /// Quotient with scale max(a.scale, b.scale, 6), rounded half away from zero.
    public static func divide(_ a: SQLDecimal, _ b: SQLDecimal) throws -> SQLDecimal {
        if b.units == 0 { throw RuntimeError(.divisionByZero, "division by zero") }
        let target = max(a.scale, b.scale, 6)
        // a/b = (a.units * 10^(target + b.scale - a.scale)) / b.units
        let shift = Int(target) + Int(b.scale) - Int(a.scale)
        guard shift <= 18 else { throw RuntimeError(.overflow, "decimal overflow in \(a) / \(b)") }
        let wide = a.units.magnitude.multipliedFullWidth(by: UInt64(SQLDecimal.pow10(UInt8(shift))))
        let d = b.units.magnitude
        guard wide.high < d else { throw RuntimeError(.overflow, "decimal overflow in \(a) / \(b)") }
        var (q, r) = d.dividingFullWidth(wide)
        if r >= d - r { q += 1 }
        guard q <= UInt64(Int64.max) else { throw RuntimeError(.overflow, "decimal overflow in \(a) / \(b)") }
        let negative = (a.units < 0) != (b.units < 0)
        return SQLDecimal(units: negative ? -Int64(q) : Int64(q), scale: target)
    }

    private static func magnitude128(_ v: (high: Int64, low: UInt64)) -> (high: UInt64, low: UInt64) {
        if v.high >= 0 { return (UInt64(v.high), v.low) }
        // Two's complement negate of the 128-bit value.
        let low = ~v.low &+ 1
        let high = ~UInt64(bitPattern: v.high) &+ (low == 0 ? 1 : 0)
        return (high, low)
    }

    public static func compare(_ a: SQLDecimal, _ b: SQLDecimal) -> Int {
        if a.scale == b.scale { return a.units < b.units ? -1 : (a.units > b.units ? 1 : 0) }
        // Compare exactly in 128 bits: a.units * 10^(s-a.scale) vs b.units * 10^(s-b.scale).
        let s = max(a.scale, b.scale)
        let x = a.units.multipliedFullWidth(by: SQLDecimal.pow10(s - a.scale))
        let y = b.units.multipliedFullWidth(by: SQLDecimal.pow10(s - b.scale))
        if x.high != y.high { return x.high < y.high ? -1 : 1 }
        return x.low < y.low ? -1 : (x.low > y.low ? 1 : 0)
    }

    /// `-12.50` with exactly `scale` fraction digits.
    public var description: String {
        var out = ""
        appendText(to: &out)
        return out
    }

    /// Writes `-12.50` into the output with no `String` in between: the digits go into a stack buffer from
    /// the right (building the text as a String cost more than the decimal arithmetic on the decimal path).
    package func write(to writer: inout JSONWriter) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var i = buffer.count
            var mag = units.magnitude
            var fraction = Int(scale)
            repeat {
                i -= 1
                buffer[i] = UInt8(truncatingIfNeeded: 0x30 + mag % 10)
                mag /= 10
                fraction -= 1
                if fraction == 0 {
                    i -= 1
                    buffer[i] = UInt8(ascii: ".")
                }
            } while mag > 0 || fraction >= 0
            if units < 0 {
                i -= 1
                buffer[i] = UInt8(ascii: "-")
            }
            writer.writeRaw(bytes: UnsafeBufferPointer(rebasing: buffer[i...]))
        }
    }

    package func appendText(to out: inout String) {
        if scale == 0 { out += String(units); return }
        let p = UInt64(SQLDecimal.pow10(scale))
        let mag = units.magnitude
        if units < 0 { out += "-" }
        out += String(mag / p)
        out += "."
        let frac = String(mag % p)
        out += String(repeating: "0", count: Int(scale) - frac.count)
        out += frac
    }
}
