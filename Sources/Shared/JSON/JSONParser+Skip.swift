extension JSONParser {
    /// Steps over one value without building it. Strings are followed escape by escape and brackets are
    /// counted, but the inside of a skipped object or array is not checked in detail (this is the fast path
    /// of `FieldExtractor`).
    mutating func skipValue() throws(JSONSyntaxError) {
        skipWhitespace()
        switch byte(pos) {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["): try skipContainer()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            pos += 1
            while true {
                let b = byte(pos)
                guard isDigit(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                    || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") else { break }
                pos += 1
            }
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        default: throw fail("a JSON value (object, array, string, number, true, false or null)")
        }
    }

    /// Steps over a string whose opening quote is at `pos`.
    mutating func skipString() throws(JSONSyntaxError) {
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

    /// Steps over an object or array by counting brackets outside strings.
    mutating func skipContainer() throws(JSONSyntaxError) {
        let opener = base[pos]
        var level = 0
        while pos < count {
            let b = base[pos]
            switch b {
            case UInt8(ascii: "\""):
                try skipString()
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                level += 1
                if level > JSONParser.maxDepth {
                    throw fail("at most \(JSONParser.maxDepth) levels of nesting", found: "deeper nesting")
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                level -= 1
                if level == 0 { pos += 1; return }
            default: break
            }
            pos += 1
        }
        throw fail(opener == UInt8(ascii: "{") ? "'}' to close the object" : "']' to close the array", at: count)
    }
}
