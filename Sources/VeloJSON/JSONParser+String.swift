/// A short key (up to 15 bytes, so its String is stored inline and costs no reference counting) with its
/// bytes and closing quote packed into two words for a quick comparison.
@usableFromInline package struct CachedKey: Sendable {
    @usableFromInline package var length: Int
    /// The key's bytes then '"', little-endian and zero-padded, and masks of the bytes that count.
    @usableFromInline package var words: (UInt64, UInt64)
    @usableFromInline package var masks: (UInt64, UInt64)
    package var string: String

    package static let maxLength = 15

    /// Never matches (a zero mask leaves nothing equal to 1).
    package static let placeholder = CachedKey(length: 0, words: (1, 1), masks: (0, 0), string: "")

    package init(length: Int, words: (UInt64, UInt64), masks: (UInt64, UInt64), string: String) {
        self.length = length
        self.words = words
        self.masks = masks
        self.string = string
    }

    /// The key of `length` bytes at `p` (at most `maxLength`).
    package init(_ p: UnsafePointer<UInt8>, length: Int, string: String) {
        var w: (UInt64, UInt64) = (0, 0)
        var m: (UInt64, UInt64) = (0, 0)
        for k in 0...length {
            let b = UInt64(k < length ? p[k] : UInt8(ascii: "\""))
            let shift = UInt64(8 * (k & 7))
            if k < 8 { w.0 |= b << shift; m.0 |= 0xFF << shift } else { w.1 |= b << shift; m.1 |= 0xFF << shift }
        }
        self.init(length: length, words: w, masks: m, string: string)
    }
}

extension JSONParser {
    /// Steps over the object key at `pos` when it is the key cached for position `member`, which is
    /// then `keyCache[member].string`. The String is not touched (no reference counting).
    @inlinable @inline(__always) package mutating func skipCachedKey(member: Int) -> Bool {
        guard member < keyCache.count else { return false }
        let start = pos + 1
        // Hit: the cached key's bytes and closing quote. The cached bytes hold no quote, backslash or
        // control byte, so matching them needs no scan.
        let masks = keyCache[member].masks
        let words = keyCache[member].words
        guard word(at: start) & masks.0 == words.0 else { return false }
        if masks.1 != 0 && word(at: start + 8) & masks.1 != words.1 { return false }
        pos = start + keyCache[member].length + 1
        return true
    }

    /// Parses an object key that is not the cached one, and caches it (short keys only).
    package mutating func parseUncachedKey(member: Int) throws(JSONSyntaxError) -> String {
        let start = pos + 1
        var i = start
        while i < count {
            let b = base[i]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") || b < 0x20 {
                keyCacheGeneration &+= 1 // a key not from the cache
                return try parseString()
            }
            i += 1
        }
        guard i < count else { throw fail("'\"' to end the string", at: count) }
        try checkUTF8(from: start, to: i)
        pos = i + 1
        let length = i - start
        let key = String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
        keyCacheGeneration &+= 1
        guard length <= CachedKey.maxLength && member < 64 else { return key }
        let entry = CachedKey(base + start, length: length, string: key)
        if member < keyCache.count {
            keyCache[member] = entry
        } else {
            // Placeholders never match (their masks are zero).
            while keyCache.count < member { keyCache.append(.placeholder) }
            keyCache.append(entry)
        }
        return key
    }

    /// Parses a string starting at the opening quote at `pos`.
    package mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = pos + 1
        var i = start
        // Step over plain bytes 8 at a time; past the end the word reads as zeros, which stop the step.
        // The step stops at the first quote, backslash or control byte, so `high` sees every byte before it.
        var high: UInt64 = 0
        while true {
            let w = word(at: i)
            let n = plainStringByteCount(w)
            high |= n == 8 ? w : w & ((1 &<< UInt64(8 &* n)) &- 1)
            i += n
            if n < 8 { break }
        }
        while i < count {
            let b = base[i]
            if b == UInt8(ascii: "\"") {
                // Invalid UTF-8 fails the record: a lenient decoder would change the data unseen. Only
                // strings with a byte above 0x7F need the check.
                if high & 0x8080_8080_8080_8080 != 0 { try checkUTF8(from: start, to: i) }
                pos = i + 1
                if i == start { return "" }
                let source = base + start
                return String(unsafeUninitializedCapacity: i - start) { buffer in
                    buffer.baseAddress!.initialize(from: source, count: buffer.count)
                    return buffer.count
                }
            }
            if b == UInt8(ascii: "\\") { return try parseEscapedString(start: start, escape: i) }
            if b < 0x20 { throw fail("'\"' to end the string (control characters must be escaped)", at: i) }
            i += 1
        }
        throw fail("'\"' to end the string", at: count)
    }

    /// The slow path for strings with escapes: decodes into `scratch`.
    package mutating func parseEscapedString(start: Int, escape: Int) throws(JSONSyntaxError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: escape - start))
        var i = escape
        while i < count {
            let b = base[i]
            if b == UInt8(ascii: "\"") {
                // Escapes are ASCII, so the raw bytes are valid UTF-8 exactly when the text is.
                try checkUTF8(from: start, to: i)
                pos = i + 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if b < 0x20 { throw fail("'\"' to end the string (control characters must be escaped)", at: i) }
            guard b == UInt8(ascii: "\\") else { scratch.append(b); i += 1; continue }
            let e = byte(i + 1)
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: i + 2)
                i += 6
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    // A high surrogate pairs with a following \uDC00-\uDFFF; alone it is U+FFFD.
                    if byte(i) == UInt8(ascii: "\\"), byte(i + 1) == UInt8(ascii: "u") {
                        let low = try hex4(at: i + 2)
                        if low >= 0xDC00 && low <= 0xDFFF {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        } else {
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    scalar = 0xFFFD
                }
                appendUTF8(scalar)
                continue
            default:
                throw fail("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after '\\'", at: i + 1)
            }
            i += 2
        }
        throw fail("'\"' to end the string", at: count)
    }

    /// Four hex digits at `at`.
    package func hex4(at offset: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = byte(offset + k)
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c &- UInt8(ascii: "A") &+ 10
            default: throw fail("4 hex digits after '\\u'", at: offset + k)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    package mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            scratch.append(UInt8(scalar))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
