/// A small JSON text parser and `$.a.b[0]` path evaluator for CAST(... AS JSON), JSON_EXTRACT and
/// JSON_VALUE. These run on values inside a record, not on whole records, so a straightforward
/// recursive-descent parser is enough; it still avoids Foundation.
public enum JSONText {
    public static func parse(_ text: String) -> JSONValue? {
        var text = text
        return text.withUTF8 { bytes in
            var p = Parser(b: bytes)
            p.skipSpace()
            guard let v = p.value() else { return nil }
            p.skipSpace()
            return p.i == bytes.count ? v : nil
        }
    }

    struct Parser {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0
        var depth = 0

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= b.count else { return false }
            for k in 0..<n where b[i + k] != word.utf8Start[k] { return false }
            i += n
            return true
        }

        mutating func value() -> JSONValue? {
            guard i < b.count, depth < 512 else { return nil }
            switch b[i] {
            case UInt8(ascii: "{"):
                depth += 1; defer { depth -= 1 }
                i += 1
                var object = JSONObject()
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
                while true {
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: "\""), let key = string() else { return nil }
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                    skipSpace()
                    guard let v = value() else { return nil }
                    object[key] = v
                    skipSpace()
                    guard i < b.count else { return nil }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
                    return nil
                }
            case UInt8(ascii: "["):
                depth += 1; defer { depth -= 1 }
                i += 1
                var items: [JSONValue] = []
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    skipSpace()
                    guard let v = value() else { return nil }
                    items.append(v)
                    skipSpace()
                    guard i < b.count else { return nil }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    return nil
                }
            case UInt8(ascii: "\""): return string().map { .string($0) }
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return number()
            }
        }

        mutating func number() -> JSONValue? {
            let start = i
            var isInt = true
            if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
            while i < b.count {
                let c = b[i]
                if c >= 0x30 && c <= 0x39 { i += 1; continue }
                if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+")
                    || c == UInt8(ascii: "-") { isInt = false; i += 1; continue }
                break
            }
            guard i > start else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            if isInt, let v = Int64(text) { return .int(v) }
            return Double(text).map { .double($0) }
        }

        mutating func string() -> String? {
            i += 1 // opening quote
            var bytes: [UInt8] = []
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") { i += 1; return String(decoding: bytes, as: UTF8.self) }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard i < b.count else { return nil }
                    switch b[i] {
                    case UInt8(ascii: "n"): bytes.append(0x0A)
                    case UInt8(ascii: "t"): bytes.append(0x09)
                    case UInt8(ascii: "r"): bytes.append(0x0D)
                    case UInt8(ascii: "b"): bytes.append(0x08)
                    case UInt8(ascii: "f"): bytes.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4(at: i + 1) else { return nil }
                        i += 4
                        if scalar >= 0xD800 && scalar < 0xDC00, i + 2 < b.count, b[i + 1] == UInt8(ascii: "\\"),
                           b[i + 2] == UInt8(ascii: "u"), let low = hex4(at: i + 3), low >= 0xDC00 && low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        }
                        bytes.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
                    default: bytes.append(b[i])
                    }
                    i += 1
                    continue
                }
                bytes.append(c)
                i += 1
            }
            return nil
        }

        func hex4(at k: Int) -> UInt32? {
            guard k + 4 <= b.count else { return nil }
            var v: UInt32 = 0
            for j in k..<(k + 4) {
                let c = b[j]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v * 16 + d
            }
            return v
        }
    }

    /// One step of a JSON path.
    public enum PathStep: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    /// Compiles `$.a.b[0]`, `$['a b'][1]`, `a.b` (leading `$` optional), `$[-1]` (from the end).
    public static func compilePath(_ path: String) -> [PathStep]? {
        var steps: [PathStep] = []
        let chars = Array(path.unicodeScalars)
        var i = 0
        if i < chars.count, chars[i] == "$" { i += 1 }
        var first = true
        while i < chars.count {
            let c = chars[i]
            if c == "." || (first && c != "[") {
                if c == "." { i += 1 }
                var key = ""
                while i < chars.count, chars[i] != ".", chars[i] != "[" { key.unicodeScalars.append(chars[i]); i += 1 }
                guard !key.isEmpty else { return nil }
                steps.append(.key(key))
            } else if c == "[" {
                i += 1
                guard i < chars.count else { return nil }
                if chars[i] == "'" || chars[i] == "\"" {
                    let quote = chars[i]
                    i += 1
                    var key = ""
                    while i < chars.count, chars[i] != quote { key.unicodeScalars.append(chars[i]); i += 1 }
                    guard i + 1 < chars.count, chars[i + 1] == "]" else { return nil }
                    i += 2
                    steps.append(.key(key))
                } else {
                    var digits = ""
                    while i < chars.count, chars[i] != "]" { digits.unicodeScalars.append(chars[i]); i += 1 }
                    guard i < chars.count, let n = Int(digits.sqlTrimmedSpaces) else { return nil }
                    i += 1
                    steps.append(.index(n))
                }
            } else {
                return nil
            }
            first = false
        }
        return steps
    }

    public static func evaluate(_ steps: [PathStep], in value: JSONValue) -> JSONValue? {
        var current = value
        for step in steps {
            switch step {
            case .key(let k):
                guard case .object(let o) = current, let v = o[k] else { return nil }
                current = v
            case .index(let n):
                guard case .array(let a) = current else { return nil }
                let idx = n < 0 ? a.count + n : n
                guard idx >= 0, idx < a.count else { return nil }
                current = a[idx]
            }
        }
        return current
    }
}
