/// Short strings as two machine words, for the per-record paths (the field reader's wanted strings, the
/// group table's keys): a String of up to 15 bytes is stored inline in its own 16 bytes (the standard
/// library's "small string": the bytes in order, zero-padded, then a byte of flags and count), so one can be
/// made from, or read as, two words without a call. Building through `String(unsafeUninitializedCapacity:)`
/// and reading through `utf8.withContiguousStorageIfAvailable` cost about 80 and 40 instructions per record
/// (callgrind, 200k trades).
///
/// In the engine rather than VeloBase so that the two word functions inline into the hot loops (across
/// targets they stayed calls). That layout is checked once, against strings the standard library builds itself (`available`); when it
/// does not hold, callers take their general paths and nothing depends on it.
package enum SmallASCII {
    /// The longest string kept inline.
    package static let maxCount = 15

    /// Whether this platform's String has the inline layout assumed here (64-bit, little-endian, flags in the
    /// top nibble of the last byte: 0xE0 for an ASCII small string, bit 0x20 for any small one).
    package static let available: Bool = layoutHolds()

    /// The String of `count` (0...15) ASCII bytes: the first 8 in `low`, the next in `high` (little-endian,
    /// zero beyond `count`). Only when `available`.
    @inline(__always) package static func make(_ low: UInt64, _ high: UInt64, count: Int) -> String {
        unsafeBitCast((low, high | (0xE0 | UInt64(truncatingIfNeeded: count)) &<< 56), to: String.self)
    }

    /// The bytes of `s` when it is stored inline: zero-padded, with the byte count in the last byte (as
    /// `GroupHash.shortWords` packs them); nil for any other string. Only when `available`.
    @inline(__always) package static func words(_ s: String) -> SIMD2<UInt64>? {
        let raw = unsafeBitCast(s, to: (UInt64, UInt64).self)
        let flags = raw.1 &>> 56
        guard flags & 0x20 != 0 else { return nil }
        return SIMD2(raw.0, raw.1 & 0x00FF_FFFF_FFFF_FFFF | (flags & 0x0F) &<< 56)
    }

    /// Builds strings both ways and compares them with the standard library's own, byte for byte.
    private static func layoutHolds() -> Bool {
        guard MemoryLayout<String>.size == 16, UInt64(littleEndian: 1) == 1 else { return false }
        for text in ["", "a", "SYM0042", "BUY", "12345678", "123456789012345"] {
            let bytes = Array(text.utf8)
            var low: UInt64 = 0
            var high: UInt64 = 0
            for (k, b) in bytes.enumerated() {
                if k < 8 { low |= UInt64(b) << (8 * UInt64(k)) } else { high |= UInt64(b) << (8 * UInt64(k - 8)) }
            }
            let made = make(low, high, count: bytes.count)
            let native = String(decoding: bytes, as: UTF8.self)
            guard Array(made.utf8) == bytes, made.utf8.count == bytes.count, made == native, made.hashValue == native.hashValue
            else { return false }
            let nativeRaw = unsafeBitCast(native, to: (UInt64, UInt64).self)
            let madeRaw = unsafeBitCast(made, to: (UInt64, UInt64).self)
            guard nativeRaw == madeRaw else { return false }
            guard let w = words(native), w == SIMD2(low, high | UInt64(bytes.count) << 56) else { return false }
        }
        // A string too long to be inline is never read as one.
        return words(String(repeating: "x", count: 40)) == nil
    }
}
