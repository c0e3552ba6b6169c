#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serializes JSON into a growing byte buffer and flushes it to a file descriptor in large writes.
/// Doubles print in Swift's shortest round-trip form (95496.0 stays 95496.0); NaN and infinities become null.
public struct JSONWriter {
    public private(set) var buffer: [UInt8] = []
    /// Flush automatically once the buffer holds this many bytes (when writing to a descriptor).
    public var flushThreshold: Int
    public let fd: Int32?

    /// - Parameter fd: where `flushIfNeeded`/`flush` write; nil keeps everything in `buffer`.
    public init(fd: Int32? = nil, capacity: Int = 1 << 16) {
        self.fd = fd
        self.flushThreshold = capacity
        buffer.reserveCapacity(capacity + 4096)
    }

    // MARK: values

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: writeNull()
        case .bool(let b): writeBool(b)
        case .int(let i): writeInt(i)
        case .double(let d): writeDouble(d)
        case .string(let s): writeString(s)
        case .array(let items):
            buffer.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                write(item)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let object):
            buffer.append(UInt8(ascii: "{"))
            for i in object.keys.indices {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                writeString(object.keys[i])
                buffer.append(UInt8(ascii: ":"))
                write(object.values[i])
            }
            buffer.append(UInt8(ascii: "}"))
        }
    }

    /// Writes one record followed by a newline (NDJSON), flushing when the buffer is full.
    public mutating func writeLine(_ value: JSONValue) throws {
        write(value)
        buffer.append(UInt8(ascii: "\n"))
        try flushIfNeeded()
    }

    public mutating func writeNull() { writeRaw("null") }

    public mutating func writeBool(_ b: Bool) {
        if b { writeRaw("true") } else { writeRaw("false") }
    }

    public mutating func writeInt(_ value: Int64) {
        if value == 0 { buffer.append(UInt8(ascii: "0")); return }
        var magnitude = value.magnitude
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            while magnitude > 0 {
                raw[19 - count] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            }
            buffer.append(contentsOf: raw[(20 - count)...])
        }
    }

    public mutating func writeDouble(_ value: Double) {
        guard value.isFinite else { writeNull(); return }
        // Whole numbers below 2^53 print as Swift's description does ("95496.0"), without building a String.
        if value == value.rounded(.towardZero) && value.magnitude < 9007199254740992.0 {
            if value == 0 {
                if value.sign == .minus { writeRaw("-0.0") } else { writeRaw("0.0") }
                return
            }
            writeInt(Int64(value))
            writeRaw(".0")
            return
        }
        // Swift's description is the shortest text that parses back to the same Double.
        var text = value.description
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// Writes a string with JSON escapes; UTF-8 passes through unchanged.
    public mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { writeStringBytes($0) }
    }

    public mutating func writeStringBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(UInt8(ascii: "\""))
        var runStart = 0
        for i in 0..<bytes.count {
            let byte = bytes[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < i { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            runStart = i + 1
            buffer.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
            case 0x0A: buffer.append(UInt8(ascii: "n"))
            case 0x0D: buffer.append(UInt8(ascii: "r"))
            case 0x09: buffer.append(UInt8(ascii: "t"))
            case 0x08: buffer.append(UInt8(ascii: "b"))
            case 0x0C: buffer.append(UInt8(ascii: "f"))
            default:
                writeRaw("u00")
                buffer.append(byte >> 4 == 0 ? 0x30 : 0x31)
                let low = byte & 0xF
                buffer.append(low < 10 ? 0x30 + low : UInt8(ascii: "a") + low - 10)
            }
        }
        if runStart < bytes.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends raw bytes (already valid JSON or separators).
    public mutating func writeRaw(_ text: StaticString) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func writeRaw(bytes: UnsafeBufferPointer<UInt8>) { buffer.append(contentsOf: bytes) }

    public mutating func writeByte(_ byte: UInt8) { buffer.append(byte) }

    // MARK: output

    /// The buffered text (for tests and small outputs).
    public var text: String { String(decoding: buffer, as: UTF8.self) }

    public mutating func flushIfNeeded() throws {
        if fd != nil && buffer.count >= flushThreshold { try flush() }
    }

    /// Writes everything buffered to the descriptor. A closed pipe (EPIPE) throws `JSONWriter.Closed`.
    public mutating func flush() throws {
        guard let fd, !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE { throw Closed() }
                    throw VeloError("write failed: \(String(cString: strerror(errno)))", exit: .partial)
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The reader of our output went away (e.g. `| head`): stop quietly.
    public struct Closed: Error {}
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text.
    public var description: String {
        var writer = JSONWriter()
        writer.write(self)
        return writer.text
    }
}
