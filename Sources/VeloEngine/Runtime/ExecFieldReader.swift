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
/// as the full parser checks it, so a record broken after its last wanted field fails too), plus one speed-up: records of a stream repeat their
/// keys in the same order, so the key bytes seen at each member position are remembered, and a key that
/// matches them (one or two word compares) needs neither a scan for its closing quote nor a name lookup.
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

    /// The key last seen at each member position: its bytes, closing quote and colon (`shapeStride` bytes
    /// per position), their count (-1: nothing cached), and the wanted field it named (-1: none).
    private static let shapeMembers = 64
    private static let shapeStride = 32
    private let shapeKey: UnsafeMutablePointer<UInt8>
    private let shapeLength: UnsafeMutablePointer<Int>
    private let shapeField: UnsafeMutablePointer<Int>

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
    }

    deinit {
        names.deallocate(); nameLength.deallocate(); fieldSlots.deallocate(); found.deallocate()
        shapeKey.deallocate(); shapeLength.deallocate(); shapeField.deallocate()
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
        i = skipSpace(base, count, i &+ 1)
        if i < count && base[i] == UInt8(ascii: "}") {
            try finish(i &+ 1)
            nullMissing(slots)
            return
        }
        var member = 0
        while true {
            guard i < count && base[i] == UInt8(ascii: "\"") else { parser.pos = i; throw parser.fail("'\"' to start an object key") }
            // The key: first against the one seen at this position in earlier records (its bytes, closing
            // quote and colon in one compare), else read and looked up.
            var field = -1
            var known = false
            if member < Self.shapeMembers {
                let n = shapeLength[member]
                let available = count &- i &- 1
                if n > 0 && n <= available && sameBytes(base + i + 1, shapeKey + member &* Self.shapeStride, n, available) {
                    field = shapeField[member]
                    i = i &+ 1 &+ n
                    known = true
                }
            }
            if !known {
                parser.pos = i
                field = try matchKey(member: member)
                i = skipSpace(base, count, parser.pos)
                guard i < count && base[i] == UInt8(ascii: ":") else { parser.pos = i; throw parser.fail("':' after object key") }
                i &+= 1
            }
            if i < count && base[i] <= 0x20 { i = skipSpace(base, count, i) }
            parser.pos = i
            if field >= 0 && found[field] != stamp {
                found[field] = stamp
                slots[fieldSlots[field]] = try value(i < count ? base[i] : 0)
                remaining &-= 1
            } else if !parser.skipPlainValue() {
                try parser.skipValue()
            }
            i = parser.pos
            var b: UInt8 = i < count ? base[i] : 0
            if b <= 0x20 {
                i = skipSpace(base, count, i)
                b = i < count ? base[i] : 0
            }
            if b == UInt8(ascii: ",") {
                i &+= 1
                if i < count && base[i] <= 0x20 { i = skipSpace(base, count, i) }
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

    /// The value at the parser's position, typed the way `SQLValue(JSONValue)` types it.
    @inline(__always) private func value(_ first: UInt8) throws(JSONSyntaxError) -> SQLValue {
        switch first {
        case UInt8(ascii: "\""):
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

    /// The slow path: reads the key at the parser's position, names its wanted field (or -1), and remembers
    /// it for this member position when it is plain and short.
    private func matchKey(member: Int) throws(JSONSyntaxError) -> Int {
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
            // Remembered with its closing quote and the colon when the colon follows at once (the usual
            // compact NDJSON); spaced or long keys always take this path.
            if length + 2 <= Self.shapeStride && i + 1 < parser.count && base[i + 1] == UInt8(ascii: ":") {
                let entry = shapeKey + member * Self.shapeStride
                entry.update(from: base + start, count: length + 2)
                shapeLength[member] = length + 2
                shapeField[member] = field
            } else {
                shapeLength[member] = -1
            }
        }
        return field
    }
}
