import Foundation

/// Text files (SQL, schemas, specs) must be UTF-8: a byte that is not is reported at its line and column
/// rather than turned into U+FFFD, which would change names and strings unseen.
public enum UTF8Text {
    /// The text of `data`, or a `VeloError` (exit 3) naming `file:line:column` of the first invalid byte.
    public static func decode(_ data: Data, file: String) throws -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        var line = 1
        var column = 1
        var bad = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            while i < bytes.count {
                let length = sequenceLength(bytes, at: i)
                if length == 0 { bad = i; return }
                if bytes[i] == 0x0A { line += 1; column = 1 } else { column += length > 1 ? length : 1 }
                i += length
            }
        }
        throw VeloError(
            "invalid UTF-8 (byte 0x\(String(data[data.startIndex + bad], radix: 16, uppercase: true)))",
            location: SourceLocation(file: file, line: line, column: column),
            hint: "save the file as UTF-8", exit: .invalidInput)
    }

    /// The length of the well-formed UTF-8 sequence at `i`, or 0 (RFC 3629: no overlongs or surrogates).
    /// Shared by every UTF-8 check of Velo (text files, NDJSON strings, the local store's log lines).
    public static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let first = b[i]
        if first < 0x80 { return 1 }
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        let length: Int
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard i + length <= b.count, b[i + 1] >= low, b[i + 1] <= high else { return 0 }
        for k in 2..<length where b[i + k] & 0xC0 != 0x80 { return 0 }
        return length
    }
}
