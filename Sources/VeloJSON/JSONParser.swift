/// Parses JSON text from bytes into `JSONValue`, with errors that name the line, byte column and what was expected.
///
/// Integers that fit Int64 stay `.int`; numbers with a fraction or exponent, or too big for Int64, become
/// correctly rounded `.double`. "-0" becomes `.double(-0.0)` so its sign survives. Invalid UTF-8 inside
/// strings is an error; a lone `\uD800`-`\uDFFF` surrogate escape becomes U+FFFD.
///
/// Reuse one parser for the lines of a stream: it keeps its scratch buffer and key caches between calls.
public struct JSONParser {
    /// Deeper nesting is an error rather than a stack overflow.
    public static let maxDepth = 512

    @usableFromInline package var base: UnsafePointer<UInt8> = UnsafePointer(bitPattern: 1)!
    @usableFromInline package var count = 0
    @usableFromInline package var pos = 0
    @usableFromInline package var depth = 0
    @usableFromInline package var firstLine = 1
    package var file: String?
    /// The end of the bytes is the end of one NDJSON line, or of a whole document.
    package var endName = "end of line"
    /// The member count of the last top-level object: records of a stream tend to have the same shape.
    package var memberHint = 8
    /// The key last seen at each member position: records repeat their keys, and reusing the String
    /// saves validating and building it again.
    @usableFromInline package var keyCache: [CachedKey] = []
    /// Counts changes to `keyCache`: a key that came from the cache unchanged since `sharedKeys` was built
    /// is the key `sharedKeys` holds at that position.
    package var keyCacheGeneration = 0
    package var sharedKeys: [String] = []
    package var sharedKeysGeneration = -1
    /// Bytes of a string that has escapes.
    package var scratch: [UInt8] = []

    public init() {}

    // MARK: entry points

    /// Parses one complete JSON value (one NDJSON line). `line` and `file` only label errors.
    public mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: Int = 1, file: String? = nil) throws(JSONSyntaxError) -> JSONValue {
        self.file = file
        return try parse(bytes, line: line)
    }

    /// Parses one line, labelling errors with the file name set before (saves a retain per line).
    package mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws(JSONSyntaxError) -> JSONValue {
        begin(bytes, line: line)
        let value = try parseValue()
        skipWhitespace()
        if pos < count { throw fail("end of line after the JSON value") }
        return value
    }

    /// Parses a whole document (it may span several lines; a UTF-8 BOM is skipped).
    public static func parse(_ text: String, file: String? = nil) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser()
        parser.endName = "end of input"
        var text = text
        var result: Result<JSONValue, JSONSyntaxError> = .success(.null)
        text.withUTF8 { utf8 in
            var bytes = utf8
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                bytes = UnsafeBufferPointer(rebasing: bytes[3...])
            }
            result = Result { () throws(JSONSyntaxError) in try parser.parse(bytes, line: 1, file: file) }
        }
        return try result.get()
    }

    /// Parses bytes holding one JSON value.
    public static func parse(bytes: [UInt8], line: Int = 1, file: String? = nil) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser()
        return try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) -> JSONValue in
            try parser.parse(buffer, line: line, file: file)
        }
    }

    @inlinable package mutating func begin(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) {
        base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        count = bytes.count
        pos = 0
        depth = 0
        firstLine = line
    }

    // MARK: values

    /// The byte at `i`, or 0 past the end (0 is never valid where a token is expected).
    @inlinable @inline(__always) package func byte(_ i: Int) -> UInt8 { i < count ? base[i] : 0 }

    @inlinable @inline(__always) package mutating func skipWhitespace() {
        while pos < count {
            let b = base[pos]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            pos += 1
        }
    }

    package mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        switch byte(pos) {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: throw fail("a JSON value (object, array, string, number, true, false or null)")
        }
    }

    package mutating func expectLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        for i in 0..<n where byte(pos + i) != word.utf8Start[i] {
            throw fail("'\(word)'", at: pos + i)
        }
        pos += n
    }

    package mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maxDepth {
            throw fail("at most \(JSONParser.maxDepth) levels of nesting", found: "deeper nesting")
        }
    }

    package mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        pos += 1
        skipWhitespace()
        if byte(pos) == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(JSONObject())
        }
        var values: [JSONValue] = []
        values.reserveCapacity(memberHint)
        var keys: [String] = []
        // While every key is a key-cache hit (and no nested object can change the cache), the keys are not
        // stored one by one: at the end they are exactly the cache's first entries, and the object shares
        // the keys array of the previous object with the same keys.
        var keysFromCache = true
        while true {
            guard byte(pos) == UInt8(ascii: "\"") else { throw fail("'\"' to start an object key") }
            let member = values.count
            if skipCachedKey(member: member) {
                if !keysFromCache { keys.append(keyCache[member].string) }
            } else {
                if keysFromCache {
                    keysFromCache = false
                    copyCachedKeys(member, into: &keys)
                }
                keys.append(try parseUncachedKey(member: member))
            }
            // Whitespace is only looked for where the expected byte is not (compact lines have none).
            if byte(pos) != UInt8(ascii: ":") {
                skipWhitespace()
                guard byte(pos) == UInt8(ascii: ":") else { throw fail("':' after object key") }
            }
            pos += 1
            var next = byte(pos)
            if next <= 0x20 {
                skipWhitespace()
                next = byte(pos)
            }
            // Strings and numbers (most members) skip parseValue's dispatch.
            if next == UInt8(ascii: "\"") {
                values.append(.string(try parseString()))
            } else if isDigit(next) || next == UInt8(ascii: "-") {
                values.append(try parseNumber())
            } else {
                if keysFromCache && (next == UInt8(ascii: "{") || next == UInt8(ascii: "[")) {
                    // A nested object reuses the cache's positions: take this object's keys out first.
                    keysFromCache = false
                    copyCachedKeys(member + 1, into: &keys)
                }
                values.append(try parseValue())
            }
            var b = byte(pos)
            if b <= 0x20 {
                skipWhitespace()
                b = byte(pos)
            }
            pos += 1
            if b == UInt8(ascii: ",") {
                if byte(pos) <= 0x20 { skipWhitespace() }
                continue
            }
            if b == UInt8(ascii: "}") { break }
            pos -= 1
            throw fail("',' or '}' after object member")
        }
        var object = JSONObject()
        if keysFromCache {
            let n = values.count
            if sharedKeys.count != n || sharedKeysGeneration != keyCacheGeneration {
                sharedKeys = (0..<n).map { keyCache[$0].string }
                sharedKeysGeneration = keyCacheGeneration
            }
            object.keys = sharedKeys
        } else {
            object.keys = keys
        }
        if depth == 1 { memberHint = values.count }
        object.values = values
        depth -= 1
        return .object(object)
    }

    /// The first `n` cached keys (all hits so far in the current object) into `keys`.
    package func copyCachedKeys(_ n: Int, into keys: inout [String]) {
        keys.reserveCapacity(memberHint)
        for m in 0..<n { keys.append(keyCache[m].string) }
    }

    package mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        pos += 1
        skipWhitespace()
        if byte(pos) == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array([])
        }
        var items: [JSONValue] = []
        while true {
            let value = try parseValue()
            items.append(value)
            skipWhitespace()
            let b = byte(pos)
            pos += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "]") { break }
            pos -= 1
            throw fail("',' or ']' after array item")
        }
        depth -= 1
        return .array(items)
    }

    // MARK: errors

    /// An error at byte offset `at` (default: the current position). Never inlined: kept out of the hot
    /// functions, it leaves them smaller and their registers free.
    @inline(never) package func fail(_ expected: String, at offset: Int? = nil, found: String? = nil) -> JSONSyntaxError {
        let offset = min(offset ?? pos, count)
        var line = firstLine
        var lineStart = 0
        for i in 0..<offset where base[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        var lineEnd = lineStart
        while lineEnd < count, base[lineEnd] != 0x0A { lineEnd += 1 }
        if lineEnd > lineStart, base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        // Very long lines are not echoed: the caret would be lost far off to the right anyway.
        let source =
            lineEnd - lineStart <= 400
            ? String(decoding: UnsafeBufferPointer(start: base + lineStart, count: lineEnd - lineStart), as: UTF8.self)
            : nil
        return JSONSyntaxError(
            expected: expected, found: found ?? describe(offset),
            line: line, column: offset - lineStart + 1, file: file, sourceLine: source)
    }

    package func describe(_ offset: Int) -> String {
        guard offset < count else { return endName }
        let b = base[offset]
        if b == 0x0A || b == 0x0D { return "end of line" }
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b >= 0x80 {
            // Show the whole character when the bytes form one.
            var end = offset + 1
            while end < count, end - offset < 4, base[end] & 0xC0 == 0x80 { end += 1 }
            let text = String(decoding: UnsafeBufferPointer(start: base + offset, count: end - offset), as: UTF8.self)
            if !text.unicodeScalars.contains("\u{FFFD}") { return "'\(text)'" }
        }
        let hex = Array("0123456789ABCDEF".utf8)
        return "byte 0x" + String(decoding: [hex[Int(b >> 4)], hex[Int(b & 0xF)]], as: UTF8.self)
    }
}
