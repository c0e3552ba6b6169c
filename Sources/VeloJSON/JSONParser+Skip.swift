extension JSONParser {
    /// Steps over one value without building it. Strings are followed escape by escape and brackets are
    /// counted, but the inside of a skipped object or array is not checked in detail (how `FieldExtractor`
    /// and the engine's `ExecFieldReader` step over the fields they do not want).
    package mutating func skipValue() throws(JSONSyntaxError) {
        skipWhitespace()
        switch byte(pos) {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["): try skipContainer()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            pos += 1
            while true {
                let b = byte(pos)
                guard
                    isDigit(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                        || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
                else { break }
                pos += 1
            }
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        default: throw fail("a JSON value (object, array, string, number, true, false or null)")
        }
    }

    /// Steps over a string whose opening quote is at `pos`.
    package mutating func skipString() throws(JSONSyntaxError) {
        var i = pos + 1
        while i < count {
            let b = base[i]
            if b == UInt8(ascii: "\"") { pos = i + 1; return }
            if b == UInt8(ascii: "\\") { i += 2; continue }
            if b < 0x20 { throw fail("'\"' to end the string (control characters must be escaped)", at: i) }
            i += 1
        }
        throw fail("'\"' to end the string", at: count)
    }

    /// Steps over an object or array by counting brackets outside strings; each closer must match its
    /// opener (checked for the first 64 levels, which a bit stack can hold).
    package mutating func skipContainer() throws(JSONSyntaxError) {
        var level = 0
        var arrays: UInt64 = 0 // bit n: level n+1 is an array
        while pos < count {
            let b = base[pos]
            switch b {
            case UInt8(ascii: "\""):
                try skipString()
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if level < 64 {
                    let bit: UInt64 = 1 << UInt64(level)
                    if b == UInt8(ascii: "[") { arrays |= bit } else { arrays &= ~bit }
                }
                level += 1
                if level > JSONParser.maxDepth {
                    throw fail("at most \(JSONParser.maxDepth) levels of nesting", found: "deeper nesting")
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                level -= 1
                if level < 64 {
                    let isArray = arrays & (1 << UInt64(level)) != 0
                    if isArray != (b == UInt8(ascii: "]")) {
                        throw fail(isArray ? "']' to close the array" : "'}' to close the object")
                    }
                }
                if level == 0 { pos += 1; return }
            default: break
            }
            pos += 1
        }
        let isArray = level <= 64 && level > 0 && arrays & (1 << UInt64(level - 1)) != 0
        throw fail(isArray ? "']' to close the array" : "'}' to close the object", at: count)
    }
}
