import VeloJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The NDJSON scan of `velo-run`: pulls the query's top-level fields out of a record straight into the row's
/// slots as `SQLValue`s (no `JSONValue` in between), stepping over everything else.
///
/// Same contract as `FieldExtractor` (the first of repeated keys wins; the whole line is checked as strictly
/// as the full parser checks it, so a record broken after its last wanted field fails too), plus one speed-up:
/// records of a stream repeat their keys in the same order, so the bytes from each member's separator to its
/// colon (`,"key":`) are remembered per member position, and a member that matches them (two masked word
/// compares) needs no separator or whitespace steps, no scan for the key's closing quote and no name lookup.
package final class ExecFieldReader {
    package let fields: [String]
    private var parser = JSONParser()
    /// Wanted names, `nameStride` bytes each.
    private let names: UnsafeMutablePointer<UInt8>
    private let nameLength: UnsafeMutablePointer<Int>
    private let fieldSlots: UnsafeMutablePointer<Int>
    private let fieldCount: Int
    private let nameStride: Int
    /// `found[f] == stamp`: field f was read from the current record (no per-record reset).
    private let found: UnsafeMutablePointer<UInt32>
    private var stamp: UInt32 = 0
    private let fieldsHaveReplacement: Bool
    /// `SmallASCII.available`, read once (a static is checked for initialisation on every read).
    private let smallStrings = SmallASCII.available

    /// The member last seen at each position, from its separator ('{' or ',') through the key's quotes to
    /// the colon (`shapeStride` bytes per position), their count (-1: nothing cached), and the wanted field
    /// the key named (-1: none).
    private static let shapeMembers = 64
    private static let shapeStride = 32
    private let shapeKey: UnsafeMutablePointer<UInt8>
    private let shapeLength: UnsafeMutablePointer<Int>
    private let shapeField: UnsafeMutablePointer<Int>
    /// For entries of up to 16 bytes: their first two words (little-endian, the bytes that count) and the
    /// masks of those bytes, so a hit costs two loads and compares instead of a byte-count loop.
    private let shapeWords: UnsafeMutablePointer<UInt64>
    private let shapeMasks: UnsafeMutablePointer<UInt64>

    package init(fields: [String], slots: [Int]) {
        precondition(fields.count == slots.count)
        self.fields = fields
        fieldCount = fields.count
        let longest = fields.map(\.utf8.count).max() ?? 0
        nameStride = max(8, (longest + 7) & ~7)
        names = .allocate(capacity: max(1, fieldCount * nameStride))
        names.initialize(repeating: 0, count: max(1, fieldCount * nameStride))
        nameLength = .allocate(capacity: max(1, fieldCount))
        fieldSlots = .allocate(capacity: max(1, fieldCount))
        found = .allocate(capacity: max(1, fieldCount))
        found.initialize(repeating: 0, count: max(1, fieldCount))
        for (f, name) in fields.enumerated() {
            let bytes = Array(name.utf8)
            (names + f * nameStride).update(from: bytes, count: bytes.count)
            nameLength[f] = bytes.count
            fieldSlots[f] = slots[f]
        }
        fieldsHaveReplacement = fields.contains { $0.unicodeScalars.contains("\u{FFFD}") }
        shapeKey = .allocate(capacity: Self.shapeMembers * Self.shapeStride)
        shapeKey.initialize(repeating: 0, count: Self.shapeMembers * Self.shapeStride)
        shapeLength = .allocate(capacity: Self.shapeMembers)
        shapeLength.initialize(repeating: -1, count: Self.shapeMembers)
        shapeField = .allocate(capacity: Self.shapeMembers)
        shapeField.initialize(repeating: -1, count: Self.shapeMembers)
        shapeWords = .allocate(capacity: 2 * Self.shapeMembers)
        shapeWords.initialize(repeating: 0, count: 2 * Self.shapeMembers)
        shapeMasks = .allocate(capacity: 2 * Self.shapeMembers)
        shapeMasks.initialize(repeating: 0, count: 2 * Self.shapeMembers)
    }

    deinit {
        names.deallocate(); nameLength.deallocate(); fieldSlots.deallocate(); found.deallocate()
        shapeKey.deallocate(); shapeLength.deallocate(); shapeField.deallocate()
        shapeWords.deallocate(); shapeMasks.deallocate()
    }

    /// Fills the wanted fields' slots of `row` from one record (NULL for a field the record lacks).
    /// `line` and `file` only label errors.
    package func read(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, file: String?, into row: ExecRow) throws(JSONSyntaxError) {
        stamp &+= 1
        if stamp == 0 {
            found.update(repeating: 0, count: max(1, fieldCount))
            stamp = 1
        }
        var remaining = fieldCount
        if parser.file != file { parser.file = file }
        parser.begin(bytes, line: line)
        let base = parser.base
        let count = parser.count
        let slots = row.slots
        var i = skipSpace(base, count, 0)
        guard i < count && base[i] == UInt8(ascii: "{") else { parser.pos = i; throw parser.fail("'{' to start a record") }
        parser.depth = 1 // the record itself, as the full parser counts it
        var member = 0
        // Each turn starts at the byte before a member's key: '{' for the first member, ',' for the others.
        while true {
            // The separator, key and colon: first against what this position held in earlier records (one
            // masked compare of up to 16 bytes), else stepped over and read, with the same checks as the parser.
            var field = -1
            var known = false
            if member < Self.shapeMembers {
                let n = shapeLength[member]
                let available = count &- i
                if n > 0 && n <= available && sameShape(base + i, member, n, available) {
                    field = shapeField[member]
                    i = i &+ n
                    known = true
                }
            }
            if !known {
                field = try readKey(member: member, separator: i)
                if field == Self.emptyRecord {
                    nullMissing(slots)
                    return
                }
                i = parser.pos
            }
            if i < count && base[i] <= 0x20 { i = skipSpace(base, count, i) }
            if field >= 0 && found[field] != stamp {
                found[field] = stamp
                parser.pos = i
                slots[fieldSlots[field]] = try readValue(&parser, i < count ? base[i] : 0, smallStrings: smallStrings)
                remaining &-= 1
                i = parser.pos
            } else {
                let end = skipPlain(parser, base, count, i)
                if end >= 0 {
                    i = end
                } else {
                    parser.pos = i
                    try parser.skipValue()
                    i = parser.pos
                }
            }
            var b: UInt8 = i < count ? base[i] : 0
            if b <= 0x20 {
                i = skipSpace(base, count, i)
                b = i < count ? base[i] : 0
            }
            if b == UInt8(ascii: ",") {
                member &+= 1
                continue
            }
            if b == UInt8(ascii: "}") { i &+= 1; break }
            parser.pos = i
            throw parser.fail("',' or '}' after object member")
        }
        try finish(i)
        if remaining > 0 { nullMissing(slots) }
    }

    /// `readKey`'s answer for `{}`.
    private static let emptyRecord = -2

    /// The slow path of a member's start (its shape not cached): from the separator at `separator`, the key
    /// and colon stepped over and checked as the parser checks them; the wanted field the key names (or -1),
    /// with the parser's position after the colon. `emptyRecord` for a record that is `{}` (checked to its end).
    /// Out of line, so that the member loop stays small enough for the plain-value skip and the value reader to
    /// be inlined into it.
    @inline(never) private func readKey(member: Int, separator: Int) throws(JSONSyntaxError) -> Int {
        let base = parser.base
        let count = parser.count
        var i = skipSpace(base, count, separator &+ 1)
        if member == 0 && i < count && base[i] == UInt8(ascii: "}") {
            try finish(i &+ 1)
            return Self.emptyRecord
        }
        guard i < count && base[i] == UInt8(ascii: "\"") else { parser.pos = i; throw parser.fail("'\"' to start an object key") }
        parser.pos = i
        let field = try matchKey(member: member, separator: separator)
        i = skipSpace(base, count, parser.pos)
        guard i < count && base[i] == UInt8(ascii: ":") else { parser.pos = i; throw parser.fail("':' after object key") }
        parser.pos = i &+ 1
        return field
    }

    private func nullMissing(_ slots: UnsafeMutableBufferPointer<SQLValue>) {
        for f in 0..<fieldCount where found[f] != stamp { slots[fieldSlots[f]] = .null }
    }

    private func finish(_ at: Int) throws(JSONSyntaxError) {
        let i = skipSpace(parser.base, parser.count, at)
        if i < parser.count { parser.pos = i; throw parser.fail("end of line after the record") }
    }

    @inline(__always) private func skipSpace(_ base: UnsafePointer<UInt8>, _ count: Int, _ from: Int) -> Int {
        var i = from
        while i < count {
            let b = base[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { break }
            i += 1
        }
        return i
    }

    /// The `n` bytes at `a` (a line with `available` bytes from there on) equal shape entry `member`: two
    /// masked word compares for entries of up to 16 bytes with 16 bytes left on the line, else `sameBytes`.
    @inline(__always) private func sameShape(_ a: UnsafePointer<UInt8>, _ member: Int, _ n: Int, _ available: Int) -> Bool {
        if n <= 16 && available >= 16 {
            let raw = UnsafeRawPointer(a)
            let w0 = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            let w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            let k = member &* 2
            return ((w0 & shapeMasks[k]) ^ shapeWords[k]) | ((w1 & shapeMasks[k &+ 1]) ^ shapeWords[k &+ 1]) == 0
        }
        return sameBytes(a, shapeKey + member &* Self.shapeStride, n, available)
    }

    /// `n` bytes at `a` (a line with `available` bytes from there on) equal to `n` at `b` (a shape entry,
    /// always readable for a whole stride). Word compares, the last one masked; memcmp near the line's end.
    @inline(__always) private func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int, _ available: Int) -> Bool {
        if (n + 7) & ~7 > available { return memcmp(a, b, n) == 0 }
        var off = 0
        while off + 8 <= n {
            if UnsafeRawPointer(a + off).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + off).loadUnaligned(as: UInt64.self) { return false }
            off += 8
        }
        let rest = n - off
        if rest == 0 { return true }
        let x = UnsafeRawPointer(a + off).loadUnaligned(as: UInt64.self) ^ UnsafeRawPointer(b + off).loadUnaligned(as: UInt64.self)
        return UInt64(littleEndian: x) & ((1 &<< UInt64(8 &* rest)) &- 1) == 0
    }

    /// Fills `member`'s words and masks from its entry of `n` bytes (used by `sameShape` when `n` <= 16).
    private func setShapeWords(_ member: Int, _ entry: UnsafePointer<UInt8>, _ n: Int) {
        let raw = UnsafeRawPointer(entry) // a whole stride (32 bytes) is always readable
        for half in 0..<2 {
            let bytes = min(8, max(0, n - 8 * half))
            let mask: UInt64 = bytes == 8 ? ~0 : (1 << UInt64(8 * bytes)) - 1
            shapeMasks[2 * member + half] = mask
            shapeWords[2 * member + half] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * half, as: UInt64.self)) & mask
        }
    }

    /// The slow path: reads the key at the parser's position, names its wanted field (or -1), and remembers
    /// it for this member position, from its separator (at `separator`) to its colon, when those are written
    /// without spaces and the key is plain and short.
    private func matchKey(member: Int, separator: Int) throws(JSONSyntaxError) -> Int {
        let base = parser.base
        let start = parser.pos + 1
        var i = start
        while i < parser.count {
            let b = base[i]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") {
                // Rare: an escaped key is decoded, then compared, and not cached.
                let key = try parser.parseString()
                if member < Self.shapeMembers { shapeLength[member] = -1 }
                return fields.firstIndex(of: key) ?? -1
            }
            if b < 0x20 { throw parser.fail("'\"' to end the string (control characters must be escaped)", at: i) }
            i += 1
        }
        guard i < parser.count else { throw parser.fail("'\"' to end the string", at: parser.count) }
        try parser.checkUTF8(from: start, to: i)
        parser.pos = i + 1
        let length = i - start
        var field = -1
        for f in 0..<fieldCount where nameLength[f] == length {
            if length == 0 || memcmp(names + f * nameStride, base + start, length) == 0 { field = f; break }
        }
        if field < 0 && fieldsHaveReplacement {
            let key = String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
            field = fields.firstIndex(of: key) ?? -1
        }
        if member < Self.shapeMembers {
            // Remembered with its separator, quotes and colon when they are written together (the usual
            // compact NDJSON); spaced or long keys always take this path.
            if length + 4 <= Self.shapeStride && separator == start - 2 && i + 1 < parser.count && base[i + 1] == UInt8(ascii: ":") {
                let entry = shapeKey + member * Self.shapeStride
                entry.update(from: base + separator, count: length + 4)
                shapeLength[member] = length + 4
                setShapeWords(member, entry, length + 4)
                shapeField[member] = field
            } else {
                shapeLength[member] = -1
            }
        }
        return field
    }
}

// The reader's per-value steps, as free functions. The plain-value skip is `@_transparent` (a class's methods
// cannot be): as an `@inline(__always)` method it stayed a call from the member loop. The value reader stays
// out of line on purpose: inlined into the loop, the loop grew past what the optimizer inlines into, and the
// number parser it calls became a call instead (callgrind, 200k trades: filter +2.2M instructions).

/// The value at the parser's position, typed the way `SQLValue(JSONValue)` types it.
@inline(never) fileprivate func readValue(_ parser: inout JSONParser, _ first: UInt8, smallStrings: Bool) throws(JSONSyntaxError) -> SQLValue {
    switch first {
    case UInt8(ascii: "\""):
        if smallStrings, let s = readSmallString(&parser) { return .string(s) }
        return .string(try parser.parseString())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        // The common numbers are parsed right here (inlined), the rest by the general parser.
        switch parser.parsePlainNumber() {
        case .int(let x)?: return .int(x)
        case .double(let x)?: return .double(x)
        default: break
        }
        switch try parser.parseNumber() {
        case .int(let x): return .int(x)
        case .double(let x): return .double(x)
        case let other: return SQLValue(other)
        }
    default:
        return SQLValue(try parser.parseValue())
    }
}

/// The string at the parser's position when it is plain ASCII (no escapes, control bytes or bytes above
/// 0x7F) of at most 15 bytes and the line goes on for 16 bytes after its opening quote: made from two words
/// (`SmallASCII`), past its closing quote. Nil, with the position unchanged, for any other string, which
/// `parseString` then reads and checks.
@inline(__always) fileprivate func readSmallString(_ parser: inout JSONParser) -> String? {
    let start = parser.pos &+ 1
    guard parser.count &- start >= 16 else { return nil }
    let raw = UnsafeRawPointer(parser.base + start)
    let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
    let n = plainASCIIByteCount(low)
    if n < 8 {
        // The byte that stopped the scan must be the closing quote.
        guard (low &>> UInt64(8 &* n)) & 0xFF == UInt64(UInt8(ascii: "\"")) else { return nil }
        parser.pos = start &+ n &+ 1
        return SmallASCII.make(low & ((1 &<< UInt64(8 &* n)) &- 1), 0, count: n)
    }
    let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    let m = plainASCIIByteCount(high)
    guard m < 8, (high &>> UInt64(8 &* m)) & 0xFF == UInt64(UInt8(ascii: "\"")) else { return nil }
    parser.pos = start &+ 8 &+ m &+ 1
    return SmallASCII.make(low, high & ((1 &<< UInt64(8 &* m)) &- 1), count: 8 &+ m)
}

/// The offset just past the value at `start` when it is one the plain skip accepts (an ASCII string
/// without escapes or control bytes, or a whole number without a leading zero, up to 300 digits), else -1
/// and the caller takes the checked `skipValue`. The same cases as `JSONParser.skipPlainValue`, but on
/// the reader's local pointer and offset, inlined into the member loop (no call, no parser state).
@_transparent fileprivate func skipPlain(_ parser: JSONParser, _ base: UnsafePointer<UInt8>, _ count: Int, _ start: Int) -> Int {
    guard start < count else { return -1 }
    let first = base[start]
    if first == UInt8(ascii: "\"") {
        var i = start &+ 1
        while true {
            // Stops at a byte above 0x7F too: such strings (maybe invalid UTF-8) take the checked path.
            let n = plainASCIIByteCount(lineWord(parser, base, count, i))
            i &+= n
            if n < 8 { break }
        }
        guard i < count, base[i] == UInt8(ascii: "\"") else { return -1 }
        return i &+ 1
    }
    if first &- UInt8(ascii: "0") < 10 || first == UInt8(ascii: "-") {
        var i = first == UInt8(ascii: "-") ? start &+ 1 : start
        let digitsStart = i
        while true {
            let d = leadingDigitCount(lineWord(parser, base, count, i))
            i &+= d
            if d < 8 || i &- digitsStart > 300 { break }
        }
        let n = i &- digitsStart
        guard n > 0, n <= 300, base[digitsStart] != UInt8(ascii: "0") || n == 1 else { return -1 }
        let next: UInt8 = i < count ? base[i] : 0
        if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { return -1 }
        return i
    }
    return -1
}

/// The 8 bytes at `i`, zeros past the line's end (the parser's `word(at:)` for the rare tail).
@_transparent fileprivate func lineWord(_ parser: JSONParser, _ base: UnsafePointer<UInt8>, _ count: Int, _ i: Int) -> UInt64 {
    if count &- i >= 8 { return UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) }
    return parser.word(at: i)
}
