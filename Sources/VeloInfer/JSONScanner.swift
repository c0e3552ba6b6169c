/// A validating, allocation-free scanner for one NDJSON record that reports each field's value as a
/// `ScanEvent`. Inference needs lexical facts a parsed `JSONValue` loses (how many digits follow the point),
/// and skipping the tree makes it several times faster. Nested objects are walked (their fields are flattened);
/// arrays are validated and summarised (length and element kinds) but not descended into.
public struct JSONScanner {
    public var fields: FieldTable
    public var events: [ScanEvent] = []
    package var p: UnsafePointer<UInt8> = UnsafePointer(bitPattern: 1)!
    package var i = 0
    package var n = 0
    package static let maxDepth = 64

    public init(fields: FieldTable) {
        self.fields = fields
        events.reserveCapacity(64)
    }

    /// Scans a whole line; on success `events` holds its values.
    public mutating func scan(_ line: UnsafeBufferPointer<UInt8>) throws(ScanError) {
        events.removeAll(keepingCapacity: true)
        guard let base = line.baseAddress else { throw ScanError(offset: 0, message: "empty line") }
        p = base
        n = line.count
        i = 0
        skipSpace()
        guard i < n, p[i] == UInt8(ascii: "{") else {
            throw ScanError(offset: i, message: i < n ? "a record must be a JSON object" : "empty line")
        }
        try object(parent: -1, depth: 0)
        skipSpace()
        guard i == n else { throw ScanError(offset: i, message: "unexpected text after the record") }
    }

    @inline(__always) package mutating func skipSpace() {
        while i < n {
            let b = p[i]
            guard b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A else { return }
            i += 1
        }
    }

    package mutating func object(parent: Int32, depth: Int) throws(ScanError) {
        guard depth < JSONScanner.maxDepth else { throw ScanError(offset: i, message: "nesting deeper than \(JSONScanner.maxDepth)") }
        i += 1 // {
        skipSpace()
        if i < n, p[i] == UInt8(ascii: "}") { i += 1; return }
        var previous: Int32 = -1
        while true {
            guard i < n, p[i] == UInt8(ascii: "\"") else { throw ScanError(offset: i, message: "expected a quoted key") }
            let keyStart = i + 1
            _ = try string()
            let key = UnsafeBufferPointer(start: p + keyStart, count: i - 1 - keyStart)
            let field = parent >= -1 ? fields.field(parent: parent, previous: previous, key: key) : -1
            if field >= 0 { previous = field }
            skipSpace()
            guard i < n, p[i] == UInt8(ascii: ":") else { throw ScanError(offset: i, message: "expected ':' after the key") }
            i += 1
            skipSpace()
            try value(field: field, depth: depth)
            skipSpace()
            guard i < n else { throw ScanError(offset: i, message: "unterminated object (missing '}')") }
            if p[i] == UInt8(ascii: ",") { i += 1; skipSpace(); continue }
            if p[i] == UInt8(ascii: "}") { i += 1; return }
            throw ScanError(offset: i, message: "expected ',' or '}'")
        }
    }

    /// Scans one value for `field` (-1: untracked) and records its event.
    @inline(__always) package mutating func value(field: Int32, depth: Int) throws(ScanError) {
        guard i < n else { throw ScanError(offset: i, message: "expected a value") }
        let start = i
        switch p[i] {
        case UInt8(ascii: "\""):
            let escaped = try string()
            if field >= 0 { events.append(ScanEvent(field: field, kind: escaped ? .escapedString : .string, start: start + 1, end: i - 1)) }
        case UInt8(ascii: "{"):
            if field >= 0 { events.append(ScanEvent(field: field, kind: .object, start: start, end: start)) }
            try object(parent: field >= 0 ? field : -2, depth: depth + 1)
        case UInt8(ascii: "["):
            let (count, mask) = try array(depth: depth + 1)
            if field >= 0 { events.append(ScanEvent(field: field, kind: .array, start: start, end: i, integer: Int64(count), float: Double(mask))) }
        case UInt8(ascii: "t"):
            try literal("true")
            if field >= 0 { events.append(ScanEvent(field: field, kind: .bool, small: 1, start: start, end: i)) }
        case UInt8(ascii: "f"):
            try literal("false")
            if field >= 0 { events.append(ScanEvent(field: field, kind: .bool, small: 0, start: start, end: i)) }
        case UInt8(ascii: "n"):
            try literal("null")
            if field >= 0 { events.append(ScanEvent(field: field, kind: .null, start: start, end: i)) }
        default:
            while i < n {
                let b = p[i]
                guard
                    b &- 0x30 < 10 || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b | 0x20 == UInt8(ascii: "e")
                        || b == UInt8(ascii: "+")
                else { break }
                i += 1
            }
            guard i > start, let parsed = NumberText.parse(UnsafeBufferPointer(start: p + start, count: i - start)) else {
                throw ScanError(offset: start, message: "invalid value")
            }
            guard field >= 0 else { return }
            switch parsed {
            case .integer(let v): events.append(ScanEvent(field: field, kind: .integer, start: start, end: i, integer: v))
            case .float(let v, let places):
                events.append(ScanEvent(field: field, kind: .float, small: Int8(places.map { min($0, 100) } ?? -1), start: start, end: i, float: v))
            }
        }
    }

    /// Skips a string starting at the quote; returns whether it contained escapes.
    @inline(__always) package mutating func string() throws(ScanError) -> Bool {
        let open = i
        i += 1
        var escaped = false
        while i < n {
            let b = p[i]
            if b == UInt8(ascii: "\"") { i += 1; return escaped }
            if b == UInt8(ascii: "\\") {
                escaped = true
                guard i + 1 < n else { break }
                switch p[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard i + 5 < n, (2...5).allSatisfy({ TextShapes.isHex(p[i + $0]) }) else {
                        throw ScanError(offset: i, message: "invalid \\u escape")
                    }
                    i += 6
                default:
                    throw ScanError(offset: i, message: "invalid escape in string")
                }
                continue
            }
            if b < 0x20 { throw ScanError(offset: i, message: "control character in string (escape it)") }
            i += 1
        }
        throw ScanError(offset: open, message: "unterminated string")
    }

    package mutating func literal(_ word: StaticString) throws(ScanError) {
        let count = word.utf8CodeUnitCount
        guard i + count <= n, memcmp(p + i, word.utf8Start, count) == 0 else {
            throw ScanError(offset: i, message: "invalid value")
        }
        i += count
    }

    /// Validates an array, returning its length and a mask of its element kinds.
    package mutating func array(depth: Int) throws(ScanError) -> (Int, Int) {
        guard depth < JSONScanner.maxDepth else { throw ScanError(offset: i, message: "nesting deeper than \(JSONScanner.maxDepth)") }
        i += 1 // [
        skipSpace()
        if i < n, p[i] == UInt8(ascii: "]") { i += 1; return (0, 0) }
        var count = 0
        var mask = 0
        let mark = events.count
        while true {
            // Elements are not fields: scan them as untracked values, noting only their kind.
            guard i < n else { throw ScanError(offset: i, message: "unterminated array (missing ']')") }
            mask |= 1 << Int(JSONScanner.kindOf(p[i]).rawValue)
            try value(field: -1, depth: depth)
            count += 1
            skipSpace()
            guard i < n else { throw ScanError(offset: i, message: "unterminated array (missing ']')") }
            if p[i] == UInt8(ascii: ",") { i += 1; skipSpace(); continue }
            if p[i] == UInt8(ascii: "]") { i += 1; break }
            throw ScanError(offset: i, message: "expected ',' or ']'")
        }
        // Objects inside arrays resolve no fields (parent -2), but keep the invariant anyway.
        events.removeSubrange(mark...)
        return (count, mask)
    }

    package static func kindOf(_ b: UInt8) -> ScanEvent.Kind {
        switch b {
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return .float
        }
    }

    /// Decodes JSON string content (escapes included) to UTF-8 bytes.
    public static func unescape(_ s: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = 0
        func hex4(_ at: Int) -> UInt32 {
            var v: UInt32 = 0
            for k in 0..<4 {
                let b = s[at + k]
                v = v << 4 | UInt32(b &- 0x30 < 10 ? b &- 0x30 : (b | 0x20) &- 0x61 &+ 10)
            }
            return v
        }
        while i < s.count {
            let b = s[i]
            guard b == UInt8(ascii: "\\"), i + 1 < s.count else { out.append(b); i += 1; continue }
            let e = s[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard i + 4 <= s.count else { return }
                var scalar = hex4(i)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00, i + 6 <= s.count, s[i] == UInt8(ascii: "\\"), s[i + 1] == UInt8(ascii: "u") {
                    let low = hex4(i + 2)
                    if low >= 0xDC00 && low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: out.append(e)
            }
        }
    }

    package static func decodeKey(_ key: UnsafeBufferPointer<UInt8>) -> String {
        guard key.contains(UInt8(ascii: "\\")) else { return String(decoding: key, as: UTF8.self) }
        var out: [UInt8] = []
        unescape(key, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
