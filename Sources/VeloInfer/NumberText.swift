import VeloJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads JSON number text without Foundation: integers exactly, decimals by the correctly rounded fast path
/// (an exact integer mantissa divided by an exact power of ten), anything else through strtod.
public enum NumberText {
    package static let powersOfTen: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { acc, _ in acc * 10 } }

    public enum Parsed: Equatable {
        case integer(Int64)
        /// A number with a fraction or exponent; `places` counts fraction digits (nil with an exponent).
        case float(Double, places: Int?)
    }

    /// Parses a complete JSON number (the caller has validated the grammar or will check for nil).
    public static func parse(_ s: UnsafeBufferPointer<UInt8>) -> Parsed? {
        var i = 0
        var negative = false
        if i < s.count, s[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        let digitsStart = i
        var mantissa: UInt64 = 0
        var digits = 0
        while i < s.count, TextShapes.isDigit(s[i]) {
            mantissa = mantissa &* 10 &+ UInt64(s[i] &- 0x30)
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        if digits > 1 && s[digitsStart] == UInt8(ascii: "0") { return nil }
        var places = 0
        var hasFraction = false
        if i < s.count, s[i] == UInt8(ascii: ".") {
            hasFraction = true
            i += 1
            while i < s.count, TextShapes.isDigit(s[i]) {
                mantissa = mantissa &* 10 &+ UInt64(s[i] &- 0x30)
                places += 1
                i += 1
            }
            guard places > 0 else { return nil }
        }
        if i == s.count {
            let total = digits + places
            if !hasFraction {
                if total <= 18 { return .integer(negative ? -Int64(mantissa) : Int64(mantissa)) }
                if let v = Int64(String(decoding: s, as: UTF8.self)) { return .integer(v) }
                return slow(s, places: 0)
            }
            if total <= 15 {
                let v = Double(mantissa) / powersOfTen[places]
                return .float(negative ? -v : v, places: places)
            }
            return slow(s, places: places)
        }
        guard s[i] | 0x20 == UInt8(ascii: "e") else { return nil }
        i += 1
        if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        var expDigits = 0
        while i < s.count, TextShapes.isDigit(s[i]) { expDigits += 1; i += 1 }
        guard expDigits > 0, i == s.count else { return nil }
        return slow(s, places: nil)
    }

    package static func slow(_ s: UnsafeBufferPointer<UInt8>, places: Int?) -> Parsed? {
        var text = Array(s)
        text.append(0)
        let v = text.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { strtod($0, nil) }
        }
        return v.isFinite ? .float(v, places: places) : nil
    }
}
