import VeloBase

/// Strict checks shared by the full parser and the field readers that step over what a query does not
/// need, so that both reject exactly the same records (docs/ndjson.md, "Strictness").
extension JSONParser {
    /// The offset of the first byte in `start..<end` that does not begin (or continue) a well-formed UTF-8
    /// sequence (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), or nil when all are valid.
    /// ASCII runs are stepped 8 bytes at a time, so plain text costs a word load per 8 bytes.
    @inlinable @inline(__always) package func firstInvalidUTF8(from start: Int, to end: Int) -> Int? {
        var i = start
        while i &+ 8 <= end {
            if UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 8
        }
        while i < end {
            if base[i] < 0x80 { i &+= 1; continue }
            return invalidUTF8Slow(from: i, to: end)
        }
        return nil
    }

    /// The general case of `firstInvalidUTF8`, from the first byte above 0x7F.
    @usableFromInline @inline(never) package func invalidUTF8Slow(from start: Int, to end: Int) -> Int? {
        let bytes = UnsafeBufferPointer(start: base + start, count: end - start)
        var i = 0
        while i < bytes.count {
            let length = UTF8Text.sequenceLength(bytes, at: i)
            if length == 0 { return start + i }
            i += length
        }
        return nil
    }

    /// Throws when `start..<end` (a string's bytes) is not valid UTF-8.
    @inline(__always) package func checkUTF8(from start: Int, to end: Int) throws(JSONSyntaxError) {
        if let bad = firstInvalidUTF8(from: start, to: end) { throw fail("valid UTF-8", at: bad) }
    }

    /// Steps over one value, checking it as strictly as `parseValue` would (the same errors at the same
    /// offsets) without building it: how `FieldExtractor` and the engine's `ExecFieldReader` step over the
    /// fields a query does not read.
    package mutating func skipValue() throws(JSONSyntaxError) {
        skipWhitespace()
        switch byte(pos) {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // The number parser checks the grammar and the range of a Double; the plain case is inlined.
            if parsePlainNumber() == nil { _ = try parseGeneralNumber() }
        case UInt8(ascii: "{"): try skipObject()
        case UInt8(ascii: "["): try skipArray()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        default: throw fail("a JSON value (object, array, string, number, true, false or null)")
        }
    }

    /// Steps over a string whose opening quote is at `pos`: escapes, control bytes and UTF-8 checked.
    package mutating func skipString() throws(JSONSyntaxError) {
        let start = pos + 1
        var i = start
        while true {
            let n = plainStringByteCount(word(at: i))
            i += n
            if n < 8 { break }
        }
        while i < count {
            let b = base[i]
            if b == UInt8(ascii: "\"") {
                pos = i + 1
                return try checkUTF8(from: start, to: i)
            }
            if b == UInt8(ascii: "\\") {
                // Rare: checked (escapes, UTF-8) by the parser's own escape path.
                _ = try parseEscapedString(start: start, escape: i)
                return
            }
            if b < 0x20 { throw fail("'\"' to end the string (control characters must be escaped)", at: i) }
            i += 1
        }
        throw fail("'\"' to end the string", at: count)
    }

    private mutating func skipObject() throws(JSONSyntaxError) {
        try enter()
        pos += 1
        skipWhitespace()
        if byte(pos) == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return
        }
        while true {
            guard byte(pos) == UInt8(ascii: "\"") else { throw fail("'\"' to start an object key") }
            try skipString()
            skipWhitespace()
            guard byte(pos) == UInt8(ascii: ":") else { throw fail("':' after object key") }
            pos += 1
            try skipValue()
            skipWhitespace()
            let b = byte(pos)
            pos += 1
            if b == UInt8(ascii: ",") {
                skipWhitespace()
                continue
            }
            if b == UInt8(ascii: "}") { break }
            pos -= 1
            throw fail("',' or '}' after object member")
        }
        depth -= 1
    }

    private mutating func skipArray() throws(JSONSyntaxError) {
        try enter()
        pos += 1
        skipWhitespace()
        if byte(pos) == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return
        }
        while true {
            try skipValue()
            skipWhitespace()
            let b = byte(pos)
            pos += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "]") { break }
            pos -= 1
            throw fail("',' or ']' after array item")
        }
        depth -= 1
    }
}
