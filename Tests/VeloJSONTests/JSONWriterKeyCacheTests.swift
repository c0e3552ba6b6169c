import Testing
import VeloJSON

/// The writer's key cache compares a key's UTF-8 bytes (not the String's memory layout): keys that differ
/// in any one byte, at any length the cache holds and beyond, come out as written, and equal keys held by
/// different String values still hit the cache.
@Suite struct JSONWriterKeyCacheTests {
    /// `{"key":1}` written by hand (ASCII keys without escapes).
    static func line(_ keys: [String]) -> String {
        "{" + keys.enumerated().map { #""\#($1)":\#($0)"# }.joined(separator: ",") + "}\n"
    }

    static func record(_ keys: [String]) -> JSONValue {
        .object(JSONObject(keys.enumerated().map { ($1, JSONValue.int(Int64($0))) }))
    }

    @Test func keysThatDifferInOneByteAtEveryLength() throws {
        var writer = JSONWriter()
        var expected = ""
        for length in 0...40 {
            let base = String(repeating: "k", count: length)
            var variants = [base]
            for at in 0..<length {
                var bytes = Array(base.utf8)
                bytes[at] = UInt8(ascii: "z")
                variants.append(String(decoding: bytes, as: UTF8.self))
            }
            for v in variants + [base] {
                // The same position (0 and 1) sees the key change; a second record repeats it (a cache hit).
                for keys in [[v, "b"], ["a", v], [v, "b"]] {
                    try writer.writeLine(Self.record(keys))
                    expected += Self.line(keys)
                }
            }
        }
        #expect(writer.text == expected)
    }

    @Test func equalKeysFromDifferentStringsAndEscapedKeys() throws {
        var writer = JSONWriter()
        var expected = ""
        let long = "a_long_key_that_is_not_a_small_string"
        for i in 0..<6 {
            // A new String each time with the same bytes (heap storage differs; bytes are what count).
            let fresh = String(decoding: Array(long.utf8), as: UTF8.self)
            try writer.writeLine(Self.record([fresh, "id"]))
            expected += Self.line([long, "id"])
            // A key that needs escaping is written escaped, cached or not, and the next key is unaffected.
            let escaped = i % 2 == 0 ? "q\"k" : "q\\k"
            try writer.writeLine(.object(JSONObject([(escaped, .int(1)), ("id", .int(2))])))
            expected += i % 2 == 0 ? #"{"q\"k":1,"id":2}"# + "\n" : #"{"q\\k":1,"id":2}"# + "\n"
        }
        #expect(writer.text == expected)
    }

    @Test func nonASCIIAndCopiedWriters() throws {
        var a = JSONWriter()
        try a.writeLine(.object(JSONObject([("é", .int(1)), ("世界", .int(2))])))
        var b = a // shares the bytes and the cache until one writes
        try b.writeLine(.object(JSONObject([("é", .int(3)), ("世", .int(4))])))
        try a.writeLine(.object(JSONObject([("è", .int(5)), ("世界", .int(6))])))
        #expect(a.text == #"{"é":1,"世界":2}"# + "\n" + #"{"è":5,"世界":6}"# + "\n")
        #expect(b.text == #"{"é":1,"世界":2}"# + "\n" + #"{"é":3,"世":4}"# + "\n")
    }
}
