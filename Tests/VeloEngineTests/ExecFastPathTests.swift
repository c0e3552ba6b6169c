import Testing
import VeloEngine
import VeloInfer
import VeloJSON

/// The scan and group fast paths of `velo-run` against independent oracles: `ExecFieldReader` against
/// `FieldExtractor` + `SQLValue(JSONValue)`, and `WindowGroups`' hash table against a Dictionary.
@Suite struct ExecFastPathTests {
    /// Reads each line with one reused reader (so the remembered key shapes are exercised across lines)
    /// and with a fresh FieldExtractor; both must give the same values, or the same error.
    func agree(_ fields: [String], _ lines: [String]) {
        let reader = ExecFieldReader(fields: fields, slots: Array((0..<fields.count).reversed()))
        let row = ExecRow(count: fields.count)
        for (n, line) in lines.enumerated() {
            var extractor = FieldExtractor(fields: fields)
            var expected: [JSONValue?] = []
            var expectedError: JSONSyntaxError?
            do {
                try Array(line.utf8).withUnsafeBufferPointer { try extractor.extract($0, line: n + 1, into: &expected) }
            } catch { expectedError = error as? JSONSyntaxError }
            var gotError: JSONSyntaxError?
            do {
                try Array(line.utf8).withUnsafeBufferPointer { try reader.read($0, line: n + 1, file: nil, into: row) }
            } catch { gotError = error as? JSONSyntaxError }
            if let expectedError {
                #expect(gotError?.expected == expectedError.expected, "\(line)")
                #expect(gotError?.column == expectedError.column, "\(line)")
                continue
            }
            #expect(gotError == nil, "\(line)")
            for f in fields.indices {
                let want = expected[f].map(SQLValue.init) ?? .null
                let got = row[fields.count - 1 - f]
                #expect(got == want && got.typeName == want.typeName, "\(fields[f]) in \(line)")
            }
        }
    }

    @Test func readerMatchesTheExtractorAsRecordShapesChange() {
        agree(
            ["symbol", "price", "qty", "ts"],
            [
                #"{"trade_id":0,"symbol":"SYM0654","price":146.92,"qty":26,"side":"BUY","ts":1704067200000}"#,
                #"{"trade_id":1,"symbol":"SYM0001","price":-0.5,"qty":2,"side":"SELL","ts":1704067200001}"#,
                #"{"symbol":"X","trade_id":2,"ts":5,"price":1e3}"#, // reordered, one missing
                #"{"trade_id":3,"symbol":"SYM0002","price":1,"qty":null,"side":"BUY","ts":7}"#,
                #"{"trade_id":4,"sym":"short","symbolx":"longer key","price":true,"ts":[1,{"a":2}]}"#,
                #"{"trade_id":5,"symbol":"é\u00e9\n","price":{"n":1},"qty":"26","ts":-0}"#,
                #"{"tr\u0061de_id":6,"symbol":"a","symbol":"second","price":2.5,"qty":3,"ts":9}"#, // escaped key, duplicate
                #"{ "trade_id" : 7 , "symbol" : "spaced" , "price" : 3 , "qty" : 4 , "ts" : 10 }"#,
                #"{"trade_id":8,"symbol":"SYM0654","price":146.92,"qty":26,"side":"BUY","ts":1704067200000}"#,
                #"{"a_key_that_is_longer_than_thirty_two_bytes_long":1,"symbol":"k","ts":1}"#,
                #"{"a_key_that_is_longer_than_thirty_two_bytes_long":2,"symbol":"l","ts":2}"#,
                #"{}"#,
                #"{"symbol":"SYM","price":1}"#,
                #"{"trade_id":-0,"x":"é","y":1234567890123456789012,"z":"\u00e9","symbol":"v","price":0}"#,
                #"{"symbol":"SYM""#, // errors
                #"{"symbol" 1}"#,
                #"{"trade_id":9,"symbol":"ok","price":1,"qty":2,"side":"BUY","ts":3} x"#,
                #"[1]"#,
                #"{"price":1,"qty":2,"ts":3,"symbol":"s"}"#,
                #"{"price":1,"qty":2,"ts":3,"symbol":"s"}"#,
                #"{"price":1,"qty":2,"ts":3,"symbo":"s","symbol":"t"}"#, // a near-miss key
                #"{"price":1,"qty":2,"ts":3,"symbo":"s","symbol":"t"}"#,
                #"{"price" :1,"qty":2 ,"ts":3,"symbo":"s","symbol": "u"}"#, // spaces around a cached key
                #"{"price":1,"qty":2,"ts"  3}"#, // missing colon after a cached key
                #"{"price":1,"qty":2,"ts":3,"symbo":"s","symbol":"t","x":}"#,
                "{\"price\":1,\t\"qty\":2,\"ts\":3}" // a tab
            ])
    }

    /// Cached keys are compared as two masked words when they (with quote and colon) fit 16 bytes: a key
    /// that differs only in its second word, or only by length, or sits near the line's end is told apart.
    @Test func cachedKeysOfTwoWordsAreComparedExactly() {
        agree(
            ["quantity_b", "fourteen_bytes", "s"],
            [
                #"{"quantity_a":1,"fourteen_bytes":2,"fifteen_bytes_x":3,"s":"a"}"#,
                #"{"quantity_b":4,"fourteen_bytes":5,"fifteen_bytes_x":6,"s":"b"}"#, // differs in the second word
                #"{"quantity_b":7,"fourteen_byteZ":8,"fifteen_bytes_y":9,"s":"c"}"#,
                #"{"quantity_":10,"fourteen_bytes":11,"fifteen_bytes_x":12,"s":"d"}"#, // one byte shorter
                #"{"quantity_bb":13,"fourteen_bytes":14,"s":"e"}"#, // one byte longer
                #"{"quantity_b":15,"s":"f","fourteen_bytes":16}"#, // near the end of the line
                #"{"quantity_b":17,"s":"g","fourteen_bytes":1}"#,
                #"{"quantity_b":18,"s":"h","fourteen_bytez":1}"#
            ])
    }

    /// Malformed records fail in the engine's reader and the extractor exactly as in the full parser (same
    /// message, same column), whether the broken part is in a wanted field, after the last one, or nested
    /// in a value that is stepped over.
    @Test func malformedRecordsFailLikeTheFullParser() throws {
        let text = [
            #"{"a":1,"b":"xx"#, #"{"a":1} x"#, #"{"a":1}}"#, #"{"a":1,}"#, #"{"a":1,"b":[1,2,]}"#, #"{"a":1,"b":[1,2}"#,
            #"{"a":1,"b":[1,2"#, #"{"a":1,"b":1e400}"#, #"{"a":1,"b":-1e309}"#, #"{"a":1,"b":"\q"}"#, #"{"a":1,"b":01}"#,
            #"{"a":1,"b":1.}"#, #"{"a":1,"b":-}"#, #"{"a":1,"b":1e}"#, #"{"a":1,"b":{"c" 1}}"#, #"{"a":1,"b":{"c":1,}}"#,
            #"{"a":1,"b":[tru]}"#, #"{"a":1,"b":"\u12G4"}"#, "{\"a\":1,\"b\":\"x\u{1}\"}", #"{"b":{"c":[1,{"d":"x"}]],"a":1}"#,
            #"{"a":1 "b":2}"#, #"{"a":1,"b":2,,"c":3}"#, #"{"a":1,"b":[1 2]}"#, #"{"a":1,"b":{}x}"#,
            #"{"a":1,"b":"# + String(repeating: "[", count: 600), #"{"a":1,"b":"# + String(repeating: "9", count: 400) + "}",
            #"{"b":-,"a":1}"#, #"{"b":"x\"#,
            // Wanted strings of up to 15 bytes with 16 bytes of line after the quote take the inline path
            // (`SmallASCII`): whatever is wrong in them must still fail there, as in the parser.
            #"{"b":"abcdefghijklmnopqrstuvwxyz"#, #"{"b":"abc\q","a":1,"pad":"................"}"#,
            "{\"b\":\"x\u{1}y\",\"a\":1,\"pad\":\"................\"}", "{\"b\":\"tab\tin\",\"a\":1,\"pad\":\"..........\"}",
            #"{"b":"short","a":1,"pad":"................"} x"#, #"{"b":"fifteen_bytes__" "a":1,"pad":"............"}"#,
            #"{"b":"short,"a":1,"pad":"................"}"#, #"{"b":"","a":1,"pad":"................",}"#
        ].map { Array($0.utf8) }
        let bytes: [[UInt8]] = [
            Array(#"{"a":1,"b":""#.utf8) + [0xFF] + Array(#""}"#.utf8),
            Array(#"{"a":1,"b":["ok",""#.utf8) + [0xE2, 0x82] + Array(#""]}"#.utf8),
            Array(#"{"a":1,""#.utf8) + [0xC0, 0xAF] + Array(#"":2}"#.utf8),
            Array(#"{"a":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8),
            // Invalid UTF-8 in short wanted strings with a long line after them (the inline path's case).
            Array(#"{"b":""#.utf8) + [0xFF] + Array(#"","a":1,"pad":"................"}"#.utf8),
            Array(#"{"b":"abcdefg"#.utf8) + [0xC3] + Array(#"","a":1,"pad":"................"}"#.utf8),
            Array(#"{"b":"abcdefghij"#.utf8) + [0xE2, 0x82] + Array(#"","a":1,"pad":"................"}"#.utf8),
            Array(#"{"a":"x"#.utf8) + [0xC0, 0xAF] + Array(#"","pad":"................"}"#.utf8)
        ]
        for line in text + bytes {
            let label = String(decoding: line, as: UTF8.self)
            var parser = JSONParser()
            let full = #expect(throws: JSONSyntaxError.self, "\(label)") {
                _ = try line.withUnsafeBufferPointer { try parser.parse($0, line: 1, file: nil) }
            }
            for fields in [["a"], ["zz"], ["b", "a"]] {
                var extractor = FieldExtractor(fields: fields)
                var values: [JSONValue?] = []
                let extracted = #expect(throws: JSONSyntaxError.self, "\(label) \(fields)") {
                    try line.withUnsafeBufferPointer { try extractor.extract($0, into: &values) }
                }
                let reader = ExecFieldReader(fields: fields, slots: Array(fields.indices))
                let read = #expect(throws: JSONSyntaxError.self, "\(label) \(fields)") {
                    try line.withUnsafeBufferPointer { try reader.read($0, line: 1, file: nil, into: ExecRow(count: fields.count)) }
                }
                // The readers say "record" where the parser says "JSON value"; the place and the rest agree.
                let expected = full?.expected.replacingOccurrences(of: "the JSON value", with: "the record")
                for error in [extracted, read] {
                    #expect(error?.expected == expected, "\(label) \(fields)")
                    #expect(error?.column == full?.column, "\(label) \(fields)")
                }
            }
        }
    }

    /// Wanted strings of every length around the inline limit (15 bytes), plain or with escapes, non-ASCII
    /// text or a line that ends soon after them, read as the parser reads them.
    @Test func shortWantedStringsAreReadLikeTheParser() {
        var lines: [String] = []
        for length in 0...18 {
            let text = String(repeating: "x", count: length)
            lines.append(#"{"s":""# + text + #"","n":1,"pad":"................"}"#)
            lines.append(#"{"n":1,"s":""# + text + #""}"#) // near the line's end
            lines.append(#"{"s":""# + text + #"\"q","n":2,"pad":"................"}"#) // an escape after it
            lines.append(#"{"s":"é"# + text + #"","n":3,"pad":"................"}"#)
            lines.append(#"{"s":""# + text + #"\u0041","n":4,"pad":"................"}"#)
        }
        lines.append(#"{"s":"SYM0042","n":5,"pad":"................"}"#)
        lines.append(#"{"s":"SYM0042","n":6}"#)
        agree(["s", "n"], lines)
    }

    /// Strings made from two words are the strings the standard library makes, and read back as their bytes.
    @Test func smallASCIIStringsAreTheStandardLibrarysOwn() {
        #expect(SmallASCII.available) // Linux x86_64 and arm64: a layout change would silently cost speed
        var rng = SplitMix64(seed: 9)
        for count in 0...SmallASCII.maxCount {
            for _ in 0..<20 {
                let bytes = (0..<count).map { _ in UInt8(0x20 + rng.next() % 95) }
                var low: UInt64 = 0
                var high: UInt64 = 0
                for (k, b) in bytes.enumerated() {
                    if k < 8 { low |= UInt64(b) << (8 * UInt64(k)) } else { high |= UInt64(b) << (8 * UInt64(k - 8)) }
                }
                let native = String(decoding: bytes, as: UTF8.self)
                let made = SmallASCII.make(low, high, count: count)
                #expect(made == native && Array(made.utf8) == bytes && made.hashValue == native.hashValue)
                #expect(SmallASCII.words(native) == GroupHash.shortWords(.one(.string(native)), inline: false))
            }
        }
        #expect(SmallASCII.words(String(repeating: "y", count: 16)) == nil)
        #expect(SmallASCII.words("ééé") == GroupHash.shortWords(.one(.string("ééé")), inline: false))
    }

    @Test func readerMatchesTheExtractorOnRandomRecords() {
        var rng = SplitMix64(seed: 42)
        let keys = ["a", "bb", "ccc", "symbol", "quantity", "k", "eight888", "nine99999", "x_y_z_w_v_u_t_s_r"]
        let values = ["1", "-2", "3.25", "1e2", "\"s\"", "\"\"", "null", "true", "[1,2]", "{\"a\":1}", "\"a\\\"b\"", "0"]
        var lines: [String] = []
        for _ in 0..<400 {
            let n = Int(rng.next() % 6)
            var members: [String] = []
            for _ in 0..<n {
                let k = keys[Int(rng.next() % UInt64(keys.count))]
                let v = values[Int(rng.next() % UInt64(values.count))]
                members.append("\"\(k)\":\(v)")
            }
            lines.append("{" + members.joined(separator: ",") + "}")
        }
        agree(["symbol", "a", "quantity", "nine99999", "x_y_z_w_v_u_t_s_r"], lines)
    }

    @Test func groupTableFindsTheSameGroupsAsADictionary() {
        var rng = SplitMix64(seed: 7)
        let table = WindowGroups()
        var oracle: [GroupKey: Int] = [:]
        var order: [GroupKey] = []
        for _ in 0..<20_000 {
            let r = rng.next() % 3_000
            let key: GroupKey
            switch r % 5 {
            case 0: key = .one(.string("SYM\(r)"))
            case 1: key = .one(.int(Int64(r)))
            case 2: key = .one(.double(Double(r))) // equal to the .int key of the same number
            case 3: key = .many([.string("k\(r % 7)"), .int(Int64(r))])
            default: key = .one(.string(String(repeating: "long-key-", count: Int(r % 4)) + "\(r)"))
            }
            var created = false
            let g = table.group(key, make: { AggregateGroup(key: key, slots: []) }, created: &created)
            let isNew = oracle[key] == nil
            if isNew { oracle[key] = order.count; order.append(key) }
            #expect(created == isNew && g.key == key)
            #expect(table.groups[oracle[key]!] === g)
        }
        #expect(table.groups.map(\.key) == order)
        table.clear()
        var created = false
        _ = table.group(.none, make: { AggregateGroup(key: .none, slots: []) }, created: &created)
        #expect(created && table.groups.count == 1)
    }

    /// Short string keys are compared as words: lengths, NUL bytes and the 15/16-byte border must still tell
    /// keys apart, and a key must find its group again.
    @Test func shortStringKeysAreTheirBytes() {
        let table = WindowGroups()
        let strings = [
            "", "\u{0}", "a", "a\u{0}", "\u{0}a", "SYM0001", "SYM0001 ", "é", "e\u{301}",
            String(repeating: "x", count: 15), String(repeating: "x", count: 16), "123456789012345",
            "123456789012346"
        ]
        for pass in 0..<2 {
            for (n, s) in strings.enumerated() {
                var created = false
                let g = table.group(.one(.string(s)), make: { AggregateGroup(key: .one(.string(s)), slots: []) }, created: &created)
                #expect(created == (pass == 0), "\(s.debugDescription)")
                #expect(table.groups[n] === g, "\(s.debugDescription)")
            }
        }
        #expect(table.groups.count == strings.count)
    }
}
