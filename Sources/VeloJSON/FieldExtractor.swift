#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pulls a few named top-level fields out of an NDJSON record without building the whole object: the
/// wanted values are parsed, everything else is stepped over (nested objects and arrays by bracket counting).
///
/// The rest of the line is still checked (as strictly as the full parser does) after the last wanted field,
/// so a malformed record fails whatever the query reads. With repeated keys the first one wins (as `JSONObject`'s subscript
/// does). velo-run does not use it: its scan is VeloEngine's `ExecFieldReader`, which keeps this contract
/// and is checked against this type (`ExecFastPathTests`); ndjson-bench's `extract` times this one.
public struct FieldExtractor {
    public let fields: [String]
    /// The wanted names' UTF-8 bytes, one after the other.
    private let nameBytes: [UInt8]
    private let nameStart: [Int]
    private let nameLength: [Int]
    private var found: [Bool]
    /// A key with invalid UTF-8 reads as U+FFFD (as the parser decodes it): only then can it match a field.
    private let fieldsHaveReplacement: Bool
    private var parser = JSONParser()

    public init(fields: [String]) {
        self.fields = fields
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var lengths: [Int] = []
        for field in fields {
            starts.append(bytes.count)
            lengths.append(field.utf8.count)
            bytes.append(contentsOf: field.utf8)
        }
        nameBytes = bytes
        nameStart = starts
        nameLength = lengths
        found = Array(repeating: false, count: fields.count)
        fieldsHaveReplacement = fields.contains { $0.unicodeScalars.contains("\u{FFFD}") }
    }

    /// Fills `values[i]` with the value of `fields[i]`, or nil when the record lacks it. `values` is resized
    /// to `fields.count`. `line` and `file` only label errors.
    public mutating func extract(
        _ bytes: UnsafeBufferPointer<UInt8>, line: Int = 1, file: String? = nil,
        into values: inout [JSONValue?]
    ) throws(JSONSyntaxError) {
        if values.count != fields.count { values = Array(repeating: nil, count: fields.count) }
        for i in 0..<fields.count {
            values[i] = nil
            found[i] = false
        }
        if parser.file != file { parser.file = file }
        parser.begin(bytes, line: line)
        parser.skipWhitespace()
        guard parser.byte(parser.pos) == UInt8(ascii: "{") else { throw parser.fail("'{' to start a record") }
        parser.depth = 1 // the record itself, as the full parser counts it
        parser.pos += 1
        parser.skipWhitespace()
        if parser.byte(parser.pos) == UInt8(ascii: "}") {
            parser.pos += 1
            try finish()
            return
        }
        while true {
            guard parser.byte(parser.pos) == UInt8(ascii: "\"") else { throw parser.fail("'\"' to start an object key") }
            let slot = try matchKey()
            parser.skipWhitespace()
            guard parser.byte(parser.pos) == UInt8(ascii: ":") else { throw parser.fail("':' after object key") }
            parser.pos += 1
            if slot >= 0 && !found[slot] {
                values[slot] = try parser.parseValue()
                found[slot] = true
            } else {
                try parser.skipValue()
            }
            parser.skipWhitespace()
            let b = parser.byte(parser.pos)
            parser.pos += 1
            if b == UInt8(ascii: ",") { parser.skipWhitespace(); continue }
            if b == UInt8(ascii: "}") { break }
            parser.pos -= 1
            throw parser.fail("',' or '}' after object member")
        }
        try finish()
    }

    private mutating func finish() throws(JSONSyntaxError) {
        parser.skipWhitespace()
        if parser.pos < parser.count { throw parser.fail("end of line after the record") }
    }

    /// Reads the key at the parser's position; the index of the wanted field it names, or -1.
    private mutating func matchKey() throws(JSONSyntaxError) -> Int {
        let start = parser.pos + 1
        var i = start
        let base = parser.base
        while i < parser.count {
            let b = base[i]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") {
                // Rare: an escaped key is decoded, then compared.
                let key = try parser.parseString()
                return fields.firstIndex(of: key) ?? -1
            }
            if b < 0x20 { throw parser.fail("'\"' to end the string (control characters must be escaped)", at: i) }
            i += 1
        }
        guard i < parser.count else { throw parser.fail("'\"' to end the string", at: parser.count) }
        try parser.checkUTF8(from: start, to: i)
        parser.pos = i + 1
        let length = i - start
        if length == 0 { return nameLength.firstIndex(of: 0) ?? -1 }
        let slot = nameBytes.withUnsafeBufferPointer { names in
            for f in 0..<nameLength.count where nameLength[f] == length {
                if memcmp(names.baseAddress! + nameStart[f], base + start, length) == 0 { return f }
            }
            return -1
        }
        if slot < 0 && fieldsHaveReplacement {
            let key = String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
            return fields.firstIndex(of: key) ?? -1
        }
        return slot
    }
}
