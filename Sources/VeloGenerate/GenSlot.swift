import VeloSchema

/// One generated value of the current record, held without allocation: numbers inline, text as a range of
/// the record's byte arena. Written out by the serializers in schema order.
public struct GenSlot: Sendable {
    public enum Kind: UInt8, Sendable {
        case null
        case int
        /// A float or decimal, written with its field's places.
        case double
        case bool
        /// A JSON string (escaped when written).
        case text
        /// A JSON string known to need no escapes (patterns, enum values, uuids, random letters).
        case plainText
        /// A number kept as its text (an enum value of a numeric field), written without quotes.
        case rawNumber
        /// Epoch milliseconds, written as RFC 3339 text.
        case timestamp
        /// Days since 1970-01-01, written as `YYYY-MM-DD`.
        case date
    }

    public var kind: Kind = .null

    /// Whether the value lives in the arena.
    public var hasText: Bool { kind == .text || kind == .plainText || kind == .rawNumber }

    /// `.plainText` when `bytes` need no JSON escapes, else `.text`.
    public static func textKind(_ bytes: some Sequence<UInt8>) -> Kind {
        bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") } ? .text : .plainText
    }
    public var int: Int64 = 0
    public var double: Double = 0
    /// The text's bytes in the arena: `start..<end`.
    public var start: Int32 = 0
    public var end: Int32 = 0

    public init() {}
}

/// The values of one record: a slot per field plus the arena their text lives in.
public struct GenRecord: Sendable {
    public var slots: [GenSlot]
    public var arena: [UInt8] = []

    public init(fieldCount: Int) {
        slots = [GenSlot](repeating: GenSlot(), count: fieldCount)
        arena.reserveCapacity(1024)
    }

    @inline(__always)
    public mutating func setNull(_ i: Int) { slots[i].kind = .null }

    @inline(__always)
    public mutating func setInt(_ i: Int, _ value: Int64) {
        slots[i].kind = .int
        slots[i].int = value
    }

    @inline(__always)
    public mutating func setDouble(_ i: Int, _ value: Double) {
        slots[i].kind = .double
        slots[i].double = value
    }

    @inline(__always)
    public mutating func setBool(_ i: Int, _ value: Bool) {
        slots[i].kind = .bool
        slots[i].int = value ? 1 : 0
    }

    @inline(__always)
    public mutating func setTime(_ i: Int, _ kind: GenSlot.Kind, _ value: Int64) {
        slots[i].kind = kind
        slots[i].int = value
    }

    /// Marks the start of text for field `i`; append bytes to `arena`, then call `endText`.
    @inline(__always)
    public mutating func beginText(_ i: Int, kind: GenSlot.Kind = .text) {
        slots[i].kind = kind
        slots[i].start = Int32(arena.count)
    }

    @inline(__always)
    public mutating func endText(_ i: Int) { slots[i].end = Int32(arena.count) }

    public mutating func setText(_ i: Int, _ bytes: some Collection<UInt8>, kind: GenSlot.Kind = .text) {
        beginText(i, kind: kind)
        arena.append(contentsOf: bytes)
        endText(i)
    }

    public func text(_ i: Int) -> String {
        String(decoding: arena[Int(slots[i].start)..<Int(slots[i].end)], as: UTF8.self)
    }

    /// The value as expressions see it.
    public func value(_ i: Int) -> GenValue {
        let slot = slots[i]
        switch slot.kind {
        case .null: return .null
        case .int, .timestamp: return .int(slot.int)
        case .double: return .double(slot.double)
        case .bool: return .bool(slot.int != 0)
        case .text, .plainText: return .string(text(i))
        case .rawNumber:
            let t = text(i)
            if let int = Int64(t) { return .int(int) }
            return Double(t).map(GenValue.double) ?? .string(t)
        case .date:
            var out: [UInt8] = []
            GenFormat.appendDate(daysSinceEpoch: slot.int, to: &out)
            return .string(String(decoding: out, as: UTF8.self))
        }
    }

    /// Stores an expression result as field `i` of type `type` (numbers convert; a mismatch gives null).
    public mutating func set(_ i: Int, _ value: GenValue, as type: FieldType) {
        switch (type, value) {
        case (_, .null): setNull(i)
        case (.integer, .int(let v)): setInt(i, v)
        case (.integer, .double(let v)):
            if v.isFinite, abs(v) < 9.2e18 { setInt(i, Int64(v.rounded())) } else { setNull(i) }
        case (.integer, .bool(let b)): setInt(i, b ? 1 : 0)
        case (.float, _), (.decimal, _):
            if let d = value.doubleValue { setDouble(i, d) } else { setNull(i) }
        case (.boolean, .bool(let b)): setBool(i, b)
        case (.boolean, _):
            if let d = value.doubleValue { setBool(i, d != 0) } else { setNull(i) }
        case (.timestamp, .int(let ms)): setTime(i, .timestamp, ms)
        case (.timestamp, .double(let ms)): setTime(i, .timestamp, Int64(ms))
        default:
            var text = value.text
            text.withUTF8 { setText(i, $0) }
        }
    }

    /// A stable 64-bit key for the value of field `i` (random-walk groups).
    public func groupKey(_ i: Int) -> UInt64 {
        let slot = slots[i]
        switch slot.kind {
        case .null: return 0
        case .int, .bool, .timestamp, .date: return UInt64(bitPattern: slot.int) &* 0x9e37_79b9_7f4a_7c15 ^ 1
        case .double: return slot.double.bitPattern &* 0x9e37_79b9_7f4a_7c15 ^ 2
        case .text, .plainText, .rawNumber:
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for k in Int(slot.start)..<Int(slot.end) { h = (h ^ UInt64(arena[k])) &* 0x100_0000_01b3 }
            return h
        }
    }
}
