import Testing
import VeloJSON
import VeloTestSupport

/// The parser reads numbers, strings and cached keys 8 bytes at a time; these tests put every length of
/// each next to line ends, commas and brackets, where a word reaches past the value or past the line.
@Suite struct NDJSONWordScanTests {
    /// A fixed-seed generator of digit strings.
    struct Digits {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func next(_ n: Int, leading: Bool) -> String {
            var s = ""
            for k in 0..<n {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let d = Int(state >> 60) % 10
                s += String(k == 0 && leading && n > 1 ? max(d, 1) : d)
            }
            return s
        }
    }

    /// What the number's text means: Int64 when it is an integer that fits (and not -0), else the Double.
    func expected(_ text: String) -> JSONValue {
        if !text.contains("."), !text.contains("e"), text != "-0", let i = Int64(text) { return .int(i) }
        return .double(Double(text)!)
    }

    @Test func numbersOfEveryLengthInEveryPlace() throws {
        var digits = Digits()
        var checked = 0
        for intLength in 1...20 {
            for fractionLength in 0...18 {
                for negative in [false, true] {
                    let text =
                        (negative ? "-" : "") + digits.next(intLength, leading: true)
                        + (fractionLength > 0 ? "." + digits.next(fractionLength, leading: false) : "")
                    let want = expected(text)
                    #expect(try parseLine(text) == want, "\(text)")
                    #expect(try parseLine("[\(text)]") == [want], "\(text)")
                    #expect(try parseLine("{\"k\":\(text)}") == ["k": want], "\(text)")
                    #expect(
                        try parseLine("{\"k\":\(text),\"z\":\"padding to read past\"}")
                            == ["k": want, "z": "padding to read past"], "\(text)")
                    checked += 1
                }
            }
        }
        #expect(checked == 20 * 19 * 2)
        #expect(try parseLine("-0") == .double(-0.0))
        #expect(try parseLine("[0,0.5,-0.25,7]") == [0, 0.5, -0.25, 7])
    }

    @Test func numberErrorsAtLineEnds() {
        for (text, column, expected) in [
            ("1.", 3, "a digit after '.'"), ("[1.]", 4, "a digit after '.'"),
            ("-", 2, "a digit after '-'"), ("01234567891", 2, "no leading zeros"),
            ("12345678.x", 10, "a digit after '.'"), ("123456789012345678e", 20, "a digit in the exponent")
        ] {
            let error = syntaxError(text)
            #expect(error?.column == column, "\(text)")
            #expect(error?.expected.hasPrefix(expected) == true, "\(text): \(String(describing: error?.expected))")
        }
    }

    @Test func stringsOfEveryLengthWithEscapesAndControlBytes() throws {
        for length in 0...20 {
            let plain = String(repeating: "a", count: length)
            #expect(try parseLine("\"\(plain)\"") == .string(plain))
            #expect(try parseLine("[\"\(plain)\",1]") == [.string(plain), 1])
            for at in 0..<max(length, 1) where length > 0 {
                let prefix = String(plain.prefix(at)), suffix = String(plain.dropFirst(at))
                #expect(try parseLine("\"\(prefix)\\\"\(suffix)\"") == .string(prefix + "\"" + suffix))
                #expect(try parseLine("\"\(prefix)\\\\\(suffix)\"") == .string(prefix + "\\" + suffix))
                #expect(try parseLine("\"\(prefix)é\(suffix)\"") == .string(prefix + "é" + suffix))
                let control = syntaxError("\"\(prefix)\t\(suffix)\"")
                #expect(control?.column == at + 2, "control byte at \(at)")
                #expect(control?.expected.contains("control characters") == true)
            }
            let open = syntaxError("\"\(plain)")
            #expect(open?.column == length + 2)
            #expect(open?.expected == "'\"' to end the string")
        }
    }

    @Test func cachedKeysOfEveryLengthNearLineEnds() throws {
        var parser = JSONParser()
        func parse(_ text: String) throws -> JSONValue {
            try Array(text.utf8).withUnsafeBufferPointer { try parser.parse($0) }
        }
        for length in 0...17 {
            let key = String(repeating: "k", count: length)
            let longer = key + "x"
            // The same shape twice (second time from the cache), then keys that share the cached prefix.
            #expect(try parse("{\"\(key)\":1}") == [key: 1])
            #expect(try parse("{\"\(key)\":2}") == [key: 2])
            #expect(try parse("{\"\(longer)\":3}") == [longer: 3])
            #expect(try parse("{\"\(key)\":4,\"\(longer)\":5}") == [key: 4, longer: 5])
            #expect(try parse("{\"\(key)\":6,\"\(longer)\":7}").objectValue?.keys == [key, longer])
            let truncated = syntaxError("{\"\(key)")
            #expect(truncated?.expected == "'\"' to end the string")
        }
    }
}
