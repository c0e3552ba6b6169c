/// Numbers formatted for people: `1.2M`, `12,345`, `3.4 MB`, `1m 05s`.
public enum HumanFormat {
    /// Groups thousands: 1234567 → "1,234,567".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }

    /// A short count: 950 → "950", 12_300 → "12.3k", 4_500_000 → "4.5M".
    public static func compact(_ value: Double) -> String {
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        let magnitude = abs(value)
        for (scale, suffix) in units where magnitude >= scale {
            var text = fixed(value / scale, digits: value / scale >= 100 ? 0 : 1)
            if text.hasSuffix(".0") { text.removeLast(2) }
            return text + suffix
        }
        return magnitude == magnitude.rounded() ? String(Int(value)) : fixed(value, digits: 1)
    }

    /// Bytes with binary units: 1536 → "1.5 KiB".
    public static func bytes(_ value: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var amount = Double(value)
        var unit = 0
        while abs(amount) >= 1024 && unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        return unit == 0 ? "\(value) B" : fixed(amount, digits: amount >= 100 ? 0 : 1) + " " + units[unit]
    }

    /// A duration: 0.0042 → "4.2ms", 75 → "1m 15s", 4000 → "1h 06m".
    public static func duration(seconds: Double) -> String {
        if seconds.isNaN || seconds.isInfinite { return "?" }
        if seconds < 0.001 { return fixed(seconds * 1e6, digits: 0) + "µs" }
        if seconds < 1 { return fixed(seconds * 1e3, digits: 1) + "ms" }
        if seconds < 60 { return fixed(seconds, digits: seconds < 10 ? 2 : 1) + "s" }
        let total = Int(seconds.rounded())
        if total < 3600 { return "\(total / 60)m \(pad2(total % 60))s" }
        return "\(total / 3600)h \(pad2((total % 3600) / 60))m"
    }

    /// A rate: "1.2M/s".
    public static func rate(_ perSecond: Double) -> String { compact(perSecond) + "/s" }

    /// Fixed decimals without Foundation's String(format:).
    public static func fixed(_ value: Double, digits: Int) -> String {
        if value.isNaN || value.isInfinite { return String(value) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let frac = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fracText = String(frac)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fracText.count) + fracText
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
