/// Eight bytes at a time (SWAR): the parser's hot loops look at a whole word instead of byte by byte.
extension JSONParser {
    /// The 8 bytes from `i` packed little-endian (the byte at `i` lowest); bytes at or past `count` read as
    /// 0, which is never a digit and always stops a string scan. Never reads outside the line.
    @inlinable @inline(__always) package func word(at i: Int) -> UInt64 {
        let left = count - i
        if left >= 8 { return UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) }
        if left <= 0 { return 0 }
        if count >= 8 {
            // The line's last 8 bytes, shifted so that byte `i` comes first.
            let tail = UInt64(littleEndian: UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self))
            return tail &>> UInt64(8 &* (8 &- left))
        }
        var w: UInt64 = 0
        for k in 0..<left { w |= UInt64(base[i + k]) &<< UInt64(8 &* k) }
        return w
    }

    /// Steps over the value at `pos` when it is one of the common simple ones — an ASCII string without
    /// escapes, or a plain number — and returns true; else returns false with `pos` unchanged, and the caller
    /// uses `skipValue` (which checks everything else exactly as the parser does). Small enough to inline
    /// into the record readers, which step over most members of a record this way.
    @inlinable @inline(__always) package mutating func skipPlainValue() -> Bool {
        let first = byte(pos)
        if first == UInt8(ascii: "\"") {
            var i = pos &+ 1
            while true {
                // Stops at a byte above 0x7F too: such strings (maybe invalid UTF-8) take the checked path.
                let n = plainASCIIByteCount(word(at: i))
                i &+= n
                if n < 8 { break }
            }
            guard i < count, base[i] == UInt8(ascii: "\"") else { return false }
            pos = i &+ 1
            return true
        }
        if isDigit(first) || first == UInt8(ascii: "-") {
            // Whole numbers of up to 300 digits (always within a Double's range); a fraction, an exponent, a
            // leading zero or a lone '-' go the checked way.
            var i = first == UInt8(ascii: "-") ? pos &+ 1 : pos
            let digitsStart = i
            while true {
                let d = leadingDigitCount(word(at: i))
                i &+= d
                if d < 8 || i &- digitsStart > 300 { break }
            }
            let n = i &- digitsStart
            guard n > 0, n <= 300, base[digitsStart] != UInt8(ascii: "0") || n == 1 else { return false }
            let next = byte(i)
            if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { return false }
            pos = i
            return true
        }
        return false
    }
}

/// How many of the word's first (lowest) bytes are ASCII digits, 0 to 8. A borrow or carry only runs
/// toward later bytes, so the first non-digit is always found exactly.
@inlinable @inline(__always) package func leadingDigitCount(_ w: UInt64) -> Int {
    let nonDigit = ((w &- 0x3030_3030_3030_3030) | (w &+ 0x4646_4646_4646_4646) | w) & 0x8080_8080_8080_8080
    return nonDigit.trailingZeroBitCount &>> 3
}

/// The value of the word's first `n` (1 to 8) bytes, which are ASCII digits, the first one most significant.
@inlinable @inline(__always) package func digitsValue(_ w: UInt64, _ n: Int) -> Int64 {
    // Drop the other bytes and pad with leading zeros to 8 digits, then combine pairs, quads and halves.
    var v = (w & 0x0F0F_0F0F_0F0F_0F0F) &<< UInt64(64 &- 8 &* n)
    v = (v &* 10 &+ (v &>> 8)) & 0x00FF_00FF_00FF_00FF
    v = (v &* 100 &+ (v &>> 16)) & 0x0000_FFFF_0000_FFFF
    return Int64(truncatingIfNeeded: (v &* 10000 &+ (v &>> 32)) & 0xFFFF_FFFF)
}

/// How many of the word's first bytes can be copied into a string as they are: bytes before the first
/// '"', '\' or control byte (below 0x20), 0 to 8. False hits only follow a true one.
@inlinable @inline(__always) package func plainStringByteCount(_ w: UInt64) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    let quote = w ^ (ones &* 0x22)
    let backslash = w ^ (ones &* 0x5C)
    let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w)
    return (special & high).trailingZeroBitCount &>> 3
}

/// How many of the word's first bytes are plain ASCII string bytes: before the first '"', '\', control byte
/// or byte above 0x7F, 0 to 8. What a skip may step over without a UTF-8 check (`plainStringByteCount` plus
/// one OR: no separate tracking of high bytes per word).
@inlinable @inline(__always) package func plainASCIIByteCount(_ w: UInt64) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    let quote = w ^ (ones &* 0x22)
    let backslash = w ^ (ones &* 0x5C)
    let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w) | w
    return (special & high).trailingZeroBitCount &>> 3
}

/// 10^n for n in 0...8.
@inlinable @inline(__always) package func smallPowerOfTen(_ n: Int) -> Int64 {
    switch n {
    case 0: return 1
    case 1: return 10
    case 2: return 100
    case 3: return 1000
    case 4: return 10000
    case 5: return 100_000
    case 6: return 1_000_000
    case 7: return 10_000_000
    default: return 100_000_000
    }
}

/// 10^n as an exact Double for n in 0...16.
@inlinable @inline(__always) package func exactPowerOfTen(_ n: Int) -> Double {
    switch n {
    case 0: return 1e0
    case 1: return 1e1
    case 2: return 1e2
    case 3: return 1e3
    case 4: return 1e4
    case 5: return 1e5
    case 6: return 1e6
    case 7: return 1e7
    case 8: return 1e8
    case 9: return 1e9
    case 10: return 1e10
    case 11: return 1e11
    case 12: return 1e12
    case 13: return 1e13
    case 14: return 1e14
    case 15: return 1e15
    default: return 1e16
    }
}
