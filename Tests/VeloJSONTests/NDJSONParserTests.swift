import Testing
import VeloJSON
import VeloTestSupport

/// The syntax error a line produces (nil when it parses).
func syntaxError(_ text: String, line: Int = 1, file: String? = nil) -> JSONSyntaxError? {
    var parser = JSONParser()
    do {
        _ = try Array(text.utf8).withUnsafeBufferPointer { try parser.parse($0, line: line, file: file) }
        return nil
    } catch {
        return error as? JSONSyntaxError
    }
}

@Suite struct NDJSONParserTests {
    @Test func scalarsAndNesting() throws {
        let value = try parseLine(#" {"a": [1, -2, 3.5, true, false, null, "x"], "b": {"c": {"d": []}, "e": {}}} "#)
        #expect(value == ["a": [1, -2, 3.5, true, false, nil, "x"], "b": ["c": ["d": []], "e": [:]]])
        #expect(value.objectValue?.keys == ["a", "b"])
    }

    @Test func everyEscape() throws {
        let value = try parseLine(#""q\" b\\ s\/ \b\f\n\r\t \u0041\u00e9\u20AC\u0000""#)
        #expect(value == .string("q\" b\\ s/ \u{08}\u{0C}\n\r\t A\u{E9}\u{20AC}\u{0}"))
    }

    @Test func surrogatePairsAndLoneSurrogates() throws {
        #expect(try parseLine(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parseLine(#""\uD834\uDD1E!""#) == .string("𝄞!"))
        // Lone surrogates cannot be represented: each becomes U+FFFD.
        #expect(try parseLine(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try parseLine(#""\ude00x""#) == .string("\u{FFFD}x"))
        #expect(try parseLine(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
    }

    @Test func rawUTF8AndInvalidUTF8() throws {
        #expect(try parseLine(#""héllo 世界 😀""#) == .string("héllo 世界 😀"))
        // Invalid UTF-8 fails the record at its first bad byte (a lenient decoder would change the data unseen).
        let bad: [[UInt8]] = [
            [0x22, 0x61, 0xFF, 0xC3, 0x22], // 0xFF never appears in UTF-8
            [0x22, 0x61, 0xC3, 0x22], // a sequence cut short
            [0x22, 0x61, 0xC0, 0xAF, 0x22], // overlong '/'
            [0x22, 0x61, 0xED, 0xA0, 0x80, 0x22], // an encoded surrogate
            [0x22, 0x61, 0xF4, 0x90, 0x80, 0x80, 0x22], // above U+10FFFF
            [0x22, 0x61, 0x5C, 0x6E, 0xFF, 0x22] // after an escape
        ]
        for bytes in bad {
            var parser = JSONParser()
            let error = #expect(throws: JSONSyntaxError.self) { _ = try bytes.withUnsafeBufferPointer { try parser.parse($0) } }
            #expect(error?.expected == "valid UTF-8", "\(bytes)")
            #expect(error?.column == (bytes[2] == 0x5C ? 5 : 3), "\(bytes)")
        }
        let key: [UInt8] = Array(#"{"a"#.utf8) + [0xFE] + Array(#"":1}"#.utf8)
        #expect(throws: JSONSyntaxError.self) { _ = try JSONParser.parse(bytes: key) }
    }

    @Test func integersStayExact() throws {
        #expect(try parseLine("9223372036854775807") == .int(Int64.max))
        #expect(try parseLine("-9223372036854775808") == .int(Int64.min))
        #expect(try parseLine("9007199254740993") == .int(9_007_199_254_740_993))
        #expect(try parseLine("0") == .int(0))
        #expect(try parseLine("123456789012345678") == .int(123_456_789_012_345_678))
        // Past Int64 the value becomes the nearest Double.
        #expect(try parseLine("9223372036854775808") == .double(9_223_372_036_854_775_808.0))
        #expect(try parseLine("-9223372036854775809") == .double(-9_223_372_036_854_775_809.0))
        #expect(try parseLine("123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test func floatsAreCorrectlyRounded() throws {
        let cases: [(String, Double)] = [
            ("0.1", 0.1), ("1E+2", 100), ("1e308", 1e308), ("95496.0", 95496.0), ("-2.5e-3", -0.0025),
            ("0.30000000000000004", 0.30000000000000004), ("1.7976931348623157e308", .greatestFiniteMagnitude),
            ("5e-324", .leastNonzeroMagnitude), ("2.2250738585072014e-308", 2.2250738585072014e-308),
            ("123456789.123456789", 123456789.123456789), ("0.000001234", 0.000001234), ("1e22", 1e22),
            ("1e23", 1e23), ("9007199254740993.0", 9007199254740992.0), ("3.141592653589793238462643", .pi)
        ]
        for (text, expected) in cases {
            let value = try parseLine(text)
            guard case .double(let d) = value else { Issue.record("\(text) gave \(value)"); continue }
            #expect(d.bitPattern == expected.bitPattern, "\(text)")
        }
    }

    @Test func negativeZeroKeepsItsSign() throws {
        for text in ["-0", "-0.0", "-0e5"] {
            guard case .double(let d) = try parseLine(text) else { Issue.record("\(text)"); continue }
            #expect(d == 0 && d.sign == .minus, "\(text)")
        }
        #expect(syntaxError(#"{"x":-1e400}"#)?.message == "expected a number within the range of a Double (about ±1.8e308), found -1e400")
        #expect(syntaxError(#"{"x":-1e400}"#)?.column == 6)
        #expect(try parseLine("1e-400") == .double(0))
    }

    @Test func badNumbersNameWhatWasExpected() {
        let cases: [(String, String, Int)] = [
            ("01", "no leading zeros in a number ('.', 'e' or the end of the number)", 2),
            ("-", "a digit after '-'", 2), ("1.", "a digit after '.'", 3), ("1.e5", "a digit after '.'", 3),
            ("1e", "a digit in the exponent", 3), ("1e+", "a digit in the exponent", 4),
            ("+1", "a JSON value (object, array, string, number, true, false or null)", 1),
            (".5", "a JSON value (object, array, string, number, true, false or null)", 1)
        ]
        for (text, expected, column) in cases {
            let error = syntaxError(text)
            #expect(error?.expected == expected, "\(text)")
            #expect(error?.column == column, "\(text)")
        }
    }

    @Test func errorsNameLineColumnAndExpectation() {
        let error = syntaxError(#"{"a":1 "b":2}"#, line: 7, file: "orders.ndjson")
        #expect(error?.line == 7)
        #expect(error?.column == 8)
        #expect(error?.message == #"expected ',' or '}' after object member, found '"'"#)
        #expect(error?.exitCode == .invalidInput)
        #expect(
            error?.diagnostic.render(tool: "velo-run", color: false) == """
                velo-run: error: orders.ndjson:7:8: expected ',' or '}' after object member, found '"'
                {"a":1 "b":2}
                       ^
                hint: each line must hold one complete JSON value (NDJSON); check the record at line 7
                """)

        #expect(syntaxError(#"{"a":1,"#)?.found == "end of line")
        #expect(syntaxError(#"{"a":1,"#)?.expected == "'\"' to start an object key")
        #expect(syntaxError(#"{"a" 1}"#)?.expected == "':' after object key")
        #expect(syntaxError(#"[1 2]"#)?.expected == "',' or ']' after array item")
        #expect(syntaxError(#"[1,]"#)?.column == 4)
        #expect(syntaxError(#"{"a":tru}"#)?.expected == "'true'")
        #expect(syntaxError(#"{"a":tru}"#)?.column == 9)
        #expect(syntaxError(#"{"a":"x}"#)?.expected == "'\"' to end the string")
        #expect(syntaxError(#""bad \q""#)?.column == 7)
        #expect(syntaxError(#""\u12G4""#)?.expected == "4 hex digits after '\\u'")
        #expect(syntaxError("\"tab\there\"")?.column == 5)
        #expect(syntaxError(#"{} {}"#)?.expected == "end of line after the JSON value")
        #expect(syntaxError(#"{"é":x}"#)?.column == 7)
        #expect(syntaxError("{\"a\":\u{E9}}")?.found == "'é'")
        #expect(syntaxError("")?.found == "end of line")
        #expect(syntaxError("   ")?.column == 4)
    }

    @Test func documentsSpanLines() {
        do throws(JSONSyntaxError) {
            _ = try JSONParser.parse("\u{FEFF}{\n  \"a\": 1,\r\n  \"b\": tru\n}", file: "x.json")
            Issue.record("should fail")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 11)
            #expect(error.found == "end of line")
            #expect(error.sourceLine == "  \"b\": tru")
            #expect(error.description == "x.json:3:11: expected 'true', found end of line")
        }
        #expect((try? JSONParser.parse("{\"a\": [1,\n 2]}\n")) == ["a": [1, 2]])
        #expect((try? JSONParser.parse("1 2")) == nil)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(syntaxError(deep)?.expected == "at most 512 levels of nesting")
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(syntaxError(ok) == nil)
    }

    @Test func reusedParserGivesTheSameValuesAsAFreshOne() throws {
        // The key caches must never leak one record's keys into another.
        let lines = [
            #"{"a":1,"b":2}"#, #"{"a":1,"b":2}"#, #"{"a":1,"b":2,"c":3}"#, #"{"a":1}"#, #"{"b":1,"a":2}"#,
            #"{"a":{"b":{"a":1},"c":2},"b":[{"x":1,"a":2}],"c":3}"#, #"{"a":1,"b":2}"#, #"{"x":{"a":1},"y":2}"#,
            #"{"a\u0062":1,"b":2}"#, #"{"ab":1,"b":2}"#, #"{"a":1,"b":2}"#, #"[{"a":1},{"a":2,"b":3}]"#,
            #"{"a_very_long_key_name_here":1,"b":2}"#, #"{"a_very_long_key_name_here":1,"b":2}"#, #"{"a":1,"b":2}"#,
            #"{"é":1,"b":{"é":2}}"#, #"{"é":1,"b":2}"#
        ]
        var parser = JSONParser()
        var reused: [JSONValue] = []
        for line in lines + lines.reversed() + lines {
            reused.append(try Array(line.utf8).withUnsafeBufferPointer { try parser.parse($0) })
        }
        let fresh = try (lines + lines.reversed() + lines).map { try parseLine($0) }
        #expect(reused == fresh)
        #expect(reused.map(\.description) == (lines + lines.reversed() + lines).map { try! parseLine($0).description })
    }

    @Test func parserIsReusableAfterAnError() throws {
        var parser = JSONParser()
        let bad = Array(#"{"a":[1,{"b":2"#.utf8)
        let good = Array(#"{"c":[3]}"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try bad.withUnsafeBufferPointer { try parser.parse($0) } }
        #expect(try good.withUnsafeBufferPointer { try parser.parse($0) } == ["c": [3]])
    }
}
