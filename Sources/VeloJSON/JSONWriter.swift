import VeloBase

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serializes JSON into a growing byte buffer and flushes it to a file descriptor in large writes.
/// Doubles print in Swift's shortest round-trip form (95496.0 stays 95496.0); NaN and infinities become null.
///
/// The bytes live in raw memory written through a pointer (an `[UInt8]` append per byte was the bottleneck);
/// a copied writer gets its own copy of the bytes before it writes, so the type keeps value semantics.
public struct JSONWriter {
    /// Owns the memory `base` points to.
    private var storage: JSONByteStorage
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int
    /// How many member positions have a cached key: records repeat their keys, so the `"key":` last written
    /// at each position is kept in a 32-byte slot of `storage.keySlots` (first byte = length), and a key with
    /// the same UTF-8 bytes is copied from there instead of being escaped again. Only keys that needed no
    /// escape are cached, so the slot holds the key's own bytes after the quote.
    private var cachedKeys = 0
    /// Flush automatically once the buffer holds this many bytes (when writing to a descriptor).
    public var flushThreshold: Int
    public let fd: Int32?

    /// - Parameter fd: where `flushIfNeeded`/`flush` write; nil keeps everything in `buffer`.
    public init(fd: Int32? = nil, capacity: Int = 1 << 16) {
        self.fd = fd
        self.flushThreshold = capacity
        self.capacity = max(64, capacity + 4096)
        self.storage = JSONByteStorage(capacity: self.capacity)
        self.base = storage.base
    }

    /// The bytes written so far (and not yet flushed).
    public var buffer: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Forgets the bytes written, keeping the memory and the key cache: for building one message at a time.
    public mutating func clear() { count = 0 }

    // MARK: values

    public mutating func write(_ value: JSONValue) {
        makeUnique()
        emit(value)
    }

    /// Writes one record followed by a newline (NDJSON), flushing when the buffer is full.
    public mutating func writeLine(_ value: JSONValue) throws {
        makeUnique()
        emit(value)
        put(0x0A)
        try flushIfNeeded()
    }

    public mutating func writeNull() { writeRaw("null") }

    public mutating func writeBool(_ b: Bool) {
        if b { writeRaw("true") } else { writeRaw("false") }
    }

    public mutating func writeInt(_ value: Int64) {
        makeUnique()
        emitInt(value)
    }

    public mutating func writeDouble(_ value: Double) {
        makeUnique()
        emitDouble(value)
    }

    /// Writes a string with JSON escapes; UTF-8 passes through unchanged.
    public mutating func writeString(_ string: String) {
        makeUnique()
        emitString(string)
    }

    public mutating func writeStringBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        makeUnique()
        emitString(bytes)
    }

    /// Appends raw bytes (already valid JSON or separators).
    @inlinable public mutating func writeRaw(_ text: StaticString) {
        makeUnique()
        put(text.utf8Start, text.utf8CodeUnitCount)
    }

    @inlinable public mutating func writeRaw(bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        makeUnique()
        put(start, bytes.count)
    }

    @inlinable public mutating func writeByte(_ byte: UInt8) {
        makeUnique()
        put(byte)
    }

    // MARK: output

    /// The buffered text (for tests and small outputs).
    public var text: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    public mutating func flushIfNeeded() throws {
        if fd != nil && count >= flushThreshold { try flush() }
    }

    /// Writes everything buffered to the descriptor. A closed pipe (EPIPE) throws `JSONWriter.Closed`.
    public mutating func flush() throws {
        guard let fd, count > 0 else { return }
        var offset = 0
        while offset < count {
            let n = Glibc.write(fd, base + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw Closed() }
                throw VeloError("write failed: \(String(cString: strerror(errno)))", exit: .partial)
            }
            offset += n
        }
        makeUnique()
        count = 0
    }

    /// The reader of our output went away (e.g. `| head`): stop quietly.
    public struct Closed: Error {}

    // MARK: internals (callers have made the storage unique)

    @usableFromInline mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { reallocate(capacity) }
    }

    @usableFromInline mutating func reallocate(_ newCapacity: Int) {
        let fresh = JSONByteStorage(capacity: newCapacity)
        fresh.base.update(from: base, count: count)
        fresh.keySlots.update(from: storage.keySlots, count: 32 * JSONByteStorage.keySlotCount)
        storage = fresh
        base = fresh.base
        capacity = newCapacity
    }

    @inlinable @inline(__always) package mutating func reserve(_ n: Int) {
        if count + n > capacity { reallocate(max(capacity * 2, count + n)) }
    }

    @inlinable @inline(__always) package mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inlinable @inline(__always) package mutating func put(_ bytes: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        (base + count).update(from: bytes, count: n)
        count += n
    }

    @inlinable @inline(__always) package mutating func putStatic(_ text: StaticString) {
        put(text.utf8Start, text.utf8CodeUnitCount)
    }

    private mutating func emit(_ value: JSONValue) {
        switch value {
        case .null: putStatic("null")
        case .bool(let b): if b { putStatic("true") } else { putStatic("false") }
        case .int(let i): emitInt(i)
        case .double(let d): emitDouble(d)
        case .string(let s): emitString(s)
        case .array(let items):
            put(UInt8(ascii: "["))
            for i in items.indices {
                if i > 0 { put(UInt8(ascii: ",")) }
                emit(items[i])
            }
            put(UInt8(ascii: "]"))
        case .object(let object):
            put(UInt8(ascii: "{"))
            let keys = object.keys
            let values = object.values
            for i in keys.indices {
                if i > 0 { put(UInt8(ascii: ",")) }
                emitKey(keys[i], member: i)
                emit(values[i])
            }
            put(UInt8(ascii: "}"))
        }
    }

    /// Writes `"key":`, from the cache when the key at this position has the same bytes as last time.
    private mutating func emitKey(_ key: String, member: Int) {
        if let done: Void = key.utf8.withContiguousStorageIfAvailable({ emitKey($0, member: member) }) { return done }
        var key = key
        key.withUTF8 { emitKey($0, member: member) }
    }

    @inline(__always) private mutating func emitKey(_ key: UnsafeBufferPointer<UInt8>, member: Int) {
        let n = key.count
        if member < cachedKeys {
            let slot = storage.keySlots + 32 * member
            // An uncached position has length 0, and a cached key has length n + 3 (`"`, key, `":`).
            if Int(slot[0]) == n + 3 && Self.equal(slot + 2, key.baseAddress, n) {
                put(slot + 1, n + 3)
                return
            }
        }
        let before = count
        emitString(key)
        put(UInt8(ascii: ":"))
        let length = count - before
        guard member < JSONByteStorage.keySlotCount && member <= cachedKeys && length < 32 else { return }
        let slot = storage.keySlots + 32 * member
        // A key that needed escapes is longer than its bytes + 3: it is written but not cached.
        slot[0] = length == n + 3 ? UInt8(length) : 0
        (slot + 1).update(from: base + before, count: length)
        if member == cachedKeys { cachedKeys += 1 }
    }

    /// Whether the `n` bytes at `a` and `b` are equal, in two overlapping loads for up to 16 bytes (keys are
    /// short; a call to memcmp or a byte loop cost more than the rest of the cache hit).
    @inline(__always) private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
        guard let b else { return n == 0 }
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        @inline(__always) func same<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> Bool {
            x.loadUnaligned(fromByteOffset: at, as: T.self) == y.loadUnaligned(fromByteOffset: at, as: T.self)
        }
        switch n {
        case 0: return true
        case 1...3: return a[0] == b[0] && a[n >> 1] == b[n >> 1] && a[n - 1] == b[n - 1]
        case 4...7: return same(0, UInt32.self) && same(n - 4, UInt32.self)
        case 8...16: return same(0, UInt64.self) && same(n - 8, UInt64.self)
        default:
            var i = 0
            while i + 8 < n {
                if !same(i, UInt64.self) { return false }
                i += 8
            }
            return same(n - 8, UInt64.self)
        }
    }

    private mutating func emitInt(_ value: Int64) {
        reserve(20)
        let magnitude = value.magnitude
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        let digits = Self.decimalDigitCount(magnitude)
        putDigits(magnitude, width: digits, at: count)
        count += digits
    }

    @inlinable @inline(__always) package static func decimalDigitCount(_ value: UInt64) -> Int {
        var digits = 1
        var power: UInt64 = 10
        while digits < 19 && value >= power { digits += 1; power &*= 10 }
        if digits == 19 && value >= power { digits = 20 }
        return digits
    }

    /// Writes `value` as exactly `width` digits (zero-padded) at `base[at]`, two digits per division. The
    /// caller reserved the room.
    @inlinable @inline(__always) package func putDigits(_ value: UInt64, width: Int, at: Int) {
        let pairs = Self.digitPairs.utf8Start
        var rest = value
        var i = at + width
        while i - at >= 2 {
            let pair = Int(truncatingIfNeeded: rest % 100) &* 2
            rest /= 100
            i -= 2
            base[i] = pairs[pair]
            base[i + 1] = pairs[pair + 1]
        }
        if i > at { base[i - 1] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30 }
    }

    @usableFromInline static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    private mutating func emitDouble(_ value: Double) {
        guard value.isFinite else { putStatic("null"); return }
        // Whole numbers below 2^53 print as Swift's description does ("95496.0"), without building a String.
        if value == value.rounded(.towardZero) && value.magnitude < 9007199254740992.0 {
            if value == 0 {
                if value.sign == .minus { putStatic("-0.0") } else { putStatic("0.0") }
                return
            }
            emitInt(Int64(value))
            putStatic(".0")
            return
        }
        if emitShortDecimal(value) { return }
        // Swift's description is the shortest text that parses back to the same Double.
        var text = value.description
        text.withUTF8 { put($0.baseAddress!, $0.count) }
    }

    /// Writes 0.0001 <= |value| < 1e15 as the fewest fraction digits that parse back to exactly `value`
    /// (what Swift's description prints, without its cost). False in the rare cases it cannot decide.
    private mutating func emitShortDecimal(_ value: Double) -> Bool {
        let magnitude = value.magnitude
        guard magnitude >= 1e-4 && magnitude < 1e15 else { return false }
        var scale = 1.0
        for k in 1...22 {
            scale *= 10
            let scaled = magnitude * scale
            let n: UInt64
            if scaled < 1e15 {
                // Half up by truncation (no libm call); a wrong neighbour would fail the check below too.
                let rounded = Double(Int64(scaled + 0.5))
                // rounded and scale are exact, so rounded / scale is the correctly rounded value of the text.
                guard rounded / scale == magnitude else { continue }
                n = UInt64(rounded)
            } else {
                // 16 or 17 significant digits (AVG results, say): no longer exact in a Double.
                switch Self.roundTripDigits(magnitude, scale: scale, scaled: scaled) {
                case .digits(let d): n = d
                case .tooShort: continue
                case .undecided: return false
                }
            }
            writeFixed(n, fractionDigits: k, negative: value < 0)
            return true
        }
        return false
    }

    package enum RoundTrip { case digits(UInt64), tooShort, undecided }

    /// The integer nearest to `magnitude` × `scale` (scale = 10^k, k ≤ 22, so exact) when that many digits
    /// parse back to `magnitude`, computed exactly: the product is split into its rounded value and the
    /// rounding error (an FMA), and the decimal is compared with half an ulp around the double. Ties and
    /// powers of two (whose rounding interval is lopsided) are left to Swift's own printing.
    package static func roundTripDigits(_ magnitude: Double, scale: Double, scaled: Double) -> RoundTrip {
        guard scaled < 1e17, magnitude.significandBitPattern != 0 else { return .undecided }
        let error = (-scaled).addingProduct(magnitude, scale) // magnitude × scale − scaled, exactly
        // scaled ≥ 1e15 > 2^49: its fraction is a multiple of 1/16, so floor and the rest are exact (above
        // 2^53 it has none, and the error alone can be several units).
        let whole = scaled.rounded(.down)
        let fraction = (scaled - whole) + error
        let step = fraction.rounded()
        let distance = abs(fraction - step) // from the decimal n / scale to magnitude, in units of 1 / scale
        guard abs(distance - 0.5) > 0x1p-20 else { return .undecided }
        let n = UInt64(Int64(whole) &+ Int64(step))
        let halfUlp = magnitude.ulp / 2 * scale
        if distance < halfUlp * (1 - 0x1p-20) { return .digits(n) }
        if distance > halfUlp * (1 + 0x1p-20) { return .tooShort }
        return .undecided
    }

    /// `n` with its last `fractionDigits` digits after a point ("0.000123" when n has fewer digits).
    private mutating func writeFixed(_ n: UInt64, fractionDigits k: Int, negative: Bool) {
        reserve(48)
        if negative { base[count] = UInt8(ascii: "-"); count += 1 }
        // n < 2 · 10^17 < 10^k from k = 20 on: no integer part.
        var whole: UInt64 = 0
        var fraction = n
        if k <= 19 {
            var scale: UInt64 = 1
            for _ in 0..<k { scale &*= 10 }
            whole = n / scale
            fraction = n % scale
        }
        let digits = Self.decimalDigitCount(whole)
        putDigits(whole, width: digits, at: count)
        count += digits
        base[count] = UInt8(ascii: ".")
        putDigits(fraction, width: k, at: count + 1)
        count += k + 1
    }

    private mutating func emitString(_ string: String) {
        var string = string
        string.withUTF8 { emitString($0) }
    }

    private mutating func emitString(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Worst case: every byte becomes \u00XX.
        reserve(bytes.count * 6 + 2)
        var out = base + count
        out.pointee = UInt8(ascii: "\"")
        out += 1
        for i in 0..<bytes.count {
            let byte = bytes[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                out.pointee = byte
                out += 1
                continue
            }
            out.pointee = UInt8(ascii: "\\")
            let escaped: UInt8
            switch byte {
            case UInt8(ascii: "\""): escaped = UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
            case 0x0A: escaped = UInt8(ascii: "n")
            case 0x0D: escaped = UInt8(ascii: "r")
            case 0x09: escaped = UInt8(ascii: "t")
            case 0x08: escaped = UInt8(ascii: "b")
            case 0x0C: escaped = UInt8(ascii: "f")
            default:
                let low = byte & 0xF
                out[1] = UInt8(ascii: "u")
                out[2] = 0x30
                out[3] = 0x30
                out[4] = byte >> 4 == 0 ? 0x30 : 0x31
                out[5] = low < 10 ? 0x30 + low : UInt8(ascii: "a") + low - 10
                out += 6
                continue
            }
            out[1] = escaped
            out += 2
        }
        out.pointee = UInt8(ascii: "\"")
        out += 1
        count = out - base
    }
}

/// The raw memory behind a `JSONWriter`: the output bytes and the encoded keys of its key cache.
package final class JSONByteStorage {
    package static let keySlotCount = 64
    @usableFromInline package let base: UnsafeMutablePointer<UInt8>
    /// 32 bytes per member position: a length byte, then `"key":`.
    package let keySlots: UnsafeMutablePointer<UInt8>

    package init(capacity: Int) {
        base = .allocate(capacity: capacity)
        keySlots = .allocate(capacity: 32 * JSONByteStorage.keySlotCount)
        keySlots.initialize(repeating: 0, count: 32 * JSONByteStorage.keySlotCount)
    }

    deinit {
        base.deallocate()
        keySlots.deallocate()
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text.
    public var description: String {
        var writer = JSONWriter(capacity: 256)
        writer.write(self)
        return writer.text
    }
}
