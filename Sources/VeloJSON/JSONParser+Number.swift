/// Exact powers of ten as Doubles (10^22 is the largest exactly representable).
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
]

@inlinable @inline(__always) package func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }

extension JSONParser {
    /// Parses a number at `pos` following JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    package mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        if let plain = parsePlainNumber() { return plain }
        return try parseGeneralNumber()
    }

    /// The fast path of `parseNumber`, small enough to inline into the record scanners: a plain integer of
    /// 1 to 16 digits, or such digits with a short fraction (most numbers in records). Nil, with `pos`
    /// unchanged, for anything else.
    @inlinable @inline(__always) package mutating func parsePlainNumber() -> JSONValue? {
        var i = pos
        let negative = base[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let first = i
        // Up to 16 integer digits, 8 per step.
        var w = word(at: i)
        var n = leadingDigitCount(w)
        var value: Int64 = 0
        var digits = 0
        if n > 0 {
            value = digitsValue(w, n)
            digits = n
            i += n
            if n == 8 {
                w = word(at: i)
                n = leadingDigitCount(w)
                if n > 0 {
                    value = value &* smallPowerOfTen(n) &+ digitsValue(w, n)
                    digits += n
                    i += n
                }
            }
        }
        var next = byte(i)
        if digits > 0 && !isDigit(next) && (base[first] != UInt8(ascii: "0") || digits == 1) {
            if next != UInt8(ascii: ".") && next != UInt8(ascii: "e") && next != UInt8(ascii: "E") && !(negative && value == 0) {
                pos = i
                return .int(negative ? -value : value)
            }
            if next == UInt8(ascii: ".") {
                // The integer part's steps again, written out: a shared helper cost 2% of a query's
                // instructions (callgrind), this being the hottest loop of the reader.
                i += 1
                w = word(at: i)
                n = leadingDigitCount(w)
                var fractionDigits = n
                if n > 0 {
                    value = value &* smallPowerOfTen(n) &+ digitsValue(w, n)
                    i += n
                    if n == 8 {
                        w = word(at: i)
                        n = leadingDigitCount(w)
                        if n > 0 {
                            value = value &* smallPowerOfTen(n) &+ digitsValue(w, n)
                            fractionDigits += n
                            i += n
                        }
                    }
                }
                next = byte(i)
                if fractionDigits > 0 && digits + fractionDigits <= 15 && !isDigit(next)
                    && next != UInt8(ascii: "e") && next != UInt8(ascii: "E")
                {
                    // At most 15 digits: the integer and the power of ten are exact, so one division
                    // rounds correctly.
                    pos = i
                    let d = Double(value) / exactPowerOfTen(fractionDigits)
                    return .double(negative ? -d : d)
                }
            }
        }
        return nil
    }

    /// Every other number, and every malformed one.
    package mutating func parseGeneralNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = pos
        var i = pos
        let negative = base[i] == UInt8(ascii: "-")
        if negative { i += 1 }

        // Significant digits go into `mantissa` (up to 19, which always fit UInt64).
        var mantissa: UInt64 = 0
        var significant = 0
        var truncated = false
        var exponent10 = 0

        let first = byte(i)
        guard isDigit(first) else { throw fail("a digit after '-'", at: i) }
        if first == UInt8(ascii: "0") {
            i += 1
            if isDigit(byte(i)) { throw fail("no leading zeros in a number ('.', 'e' or the end of the number)", at: i) }
        } else {
            while isDigit(byte(i)) {
                let d = UInt64(base[i] &- UInt8(ascii: "0"))
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ d
                    significant += 1
                } else {
                    truncated = true
                    exponent10 += 1
                }
                i += 1
            }
        }
        let integerEnd = i
        var isInteger = true

        if byte(i) == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard isDigit(byte(i)) else { throw fail("a digit after '.'", at: i) }
            while isDigit(byte(i)) {
                let d = UInt64(base[i] &- UInt8(ascii: "0"))
                if significant < 19 {
                    if mantissa != 0 || d != 0 { significant += 1 }
                    mantissa = mantissa &* 10 &+ d
                    exponent10 -= 1
                } else if d != 0 {
                    truncated = true
                }
                i += 1
            }
        }

        let e = byte(i)
        if e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            var expNegative = false
            if byte(i) == UInt8(ascii: "+") || byte(i) == UInt8(ascii: "-") {
                expNegative = byte(i) == UInt8(ascii: "-")
                i += 1
            }
            guard isDigit(byte(i)) else { throw fail("a digit in the exponent", at: i) }
            var exp = 0
            while isDigit(byte(i)) {
                if exp < 100_000 { exp = exp * 10 + Int(base[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            exponent10 += expNegative ? -exp : exp
        }
        pos = i

        if isInteger && !truncated {
            let digits = integerEnd - start - (negative ? 1 : 0)
            if mantissa == 0 && negative { return .double(-0.0) }
            if digits <= 18 {
                let v = Int64(mantissa)
                return .int(negative ? -v : v)
            }
            // 19 digits: fits only up to Int64.max (or its negation minus one).
            if !negative && mantissa <= UInt64(Int64.max) { return .int(Int64(mantissa)) }
            if negative && mantissa <= UInt64(Int64.max) + 1 { return .int(Int64(truncatingIfNeeded: 0 &- mantissa)) }
        }

        // Fast path (Clinger): both the mantissa and the power of ten are exact, so one IEEE
        // multiplication or division rounds correctly.
        if !truncated && mantissa <= 1 << 53 && exponent10 >= -22 && exponent10 <= 22 {
            var d = Double(mantissa)
            d = exponent10 >= 0 ? d * exactPowersOfTen[exponent10] : d / exactPowersOfTen[-exponent10]
            return .double(negative ? -d : d)
        }
        // Slow path: the standard library's correctly rounded, locale-free conversion.
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            // Infinity has no JSON spelling: accepting it would turn the number into null on the way out.
            throw fail("a number within the range of a Double (about ±1.8e308)", at: start, found: text)
        }
        return .double(d)
    }
}
