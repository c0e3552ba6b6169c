import VeloBase

/// One message as a line of a partition log:
///
///     <offset> TAB <timestamp> TAB <key> TAB <value> LF
///
/// Offset and timestamp (epoch ms) are decimal. Key and value are stored as they are when they are valid
/// UTF-8 without LF or NUL (and, for the key, without TAB) and do not start with '='; anything else is
/// written as '=' followed by base64. An empty key field is a null key; '=' alone is an empty key.
/// Values are NDJSON records in practice, so the log stays readable with `tail -f` and `grep`.
package enum LogLine {
    package static let tab: UInt8 = 0x09
    package static let newline: UInt8 = 0x0A
    package static let escapeMark: UInt8 = 0x3D // '='

    /// Appends `<timestamp>\t<key>\t<value>\n` (everything after the offset) to `out`.
    package static func encodeBody(key: [UInt8]?, value: [UInt8], timestamp: Int64, into out: inout [UInt8]) {
        appendDecimal(timestamp, to: &out)
        out.append(tab)
        if let key { appendField(key, isKey: true, to: &out) }
        out.append(tab)
        appendField(value, isKey: false, to: &out)
        out.append(newline)
    }

    package static func appendField(_ bytes: [UInt8], isKey: Bool, to out: inout [UInt8]) {
        if isVerbatim(bytes, isKey: isKey) {
            out.append(contentsOf: bytes)
        } else {
            out.append(escapeMark)
            Base64.encode(bytes, into: &out)
        }
    }

    /// True when the bytes can go into the line unchanged.
    package static func isVerbatim(_ bytes: [UInt8], isKey: Bool) -> Bool {
        if bytes.isEmpty { return !isKey } // an empty key must differ from a null key
        if bytes[0] == escapeMark { return false }
        return bytes.withUnsafeBufferPointer { buf in
            var i = 0
            let n = buf.count
            // Fast path: 8 ASCII bytes at a time, none of them LF, NUL (or TAB in a key).
            let raw = UnsafeRawPointer(buf.baseAddress!)
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if w & highBits != 0 || hasZeroByte(w) || hasZeroByte(w ^ lfBytes) || (isKey && hasZeroByte(w ^ tabBytes)) {
                    break
                }
                i += 8
            }
            while i < n {
                let b = buf[i]
                if b < 0x80 {
                    if b == newline || b == 0 || (isKey && b == tab) { return false }
                    i += 1
                    continue
                }
                // Multi-byte UTF-8: the lead byte, the continuation bytes and the shortest-form rules.
                let length = UTF8Text.sequenceLength(buf, at: i)
                if length == 0 { return false }
                i += length
            }
            return true
        }
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let lfBytes: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    private static let tabBytes: UInt64 = 0x0909_0909_0909_0909

    /// True when one of the 8 bytes is zero (the classic bit trick; exact when no byte has its high bit set).
    @inline(__always) private static func hasZeroByte(_ w: UInt64) -> Bool {
        (w &- lowBits) & ~w & highBits != 0
    }

    package static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in // 19 digits and a sign at most
            var i = 20
            repeat {
                i -= 1
                digits[i] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { i -= 1; digits[i] = 0x2D }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
        }
    }

    /// The offset at the start of a line (the digits before the first TAB).
    package static func parseOffset(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        for b in bytes {
            if b == tab { return digits > 0 ? value : nil }
            guard b >= 0x30 && b <= 0x39, digits < 19 else { return nil }
            value = value * 10 + Int64(b - 0x30)
            digits += 1
        }
        return nil
    }

    /// The fields of one line (without its LF), or nil when the line is malformed.
    package struct Fields {
        package var offset: Int64
        package var timestamp: Int64
        package var key: [UInt8]?
        package var value: [UInt8]
    }

    package static func decode(_ line: UnsafeBufferPointer<UInt8>) -> Fields? {
        var i = 0
        let n = line.count
        func number() -> Int64? {
            guard let (value, end) = parseSigned(line, from: i), end < n else { return nil }
            i = end + 1 // past the TAB
            return value
        }
        guard let offset = number(), let timestamp = number() else { return nil }
        let keyStart = i
        while i < n && line[i] != tab { i += 1 }
        guard i < n else { return nil }
        let keyEnd = i
        i += 1
        var key: [UInt8]?
        if keyEnd > keyStart {
            guard let k = field(UnsafeBufferPointer(rebasing: line[keyStart..<keyEnd])) else { return nil }
            key = k
        }
        guard let value = field(UnsafeBufferPointer(rebasing: line[i..<n])) else { return nil }
        return Fields(offset: offset, timestamp: timestamp, key: key, value: value)
    }

    /// The timestamp of a line without decoding key and value (used to pick the last N across partitions).
    package static func timestamp(_ line: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let firstTab = line.firstIndex(of: tab) else { return nil }
        return parseSigned(line, from: firstTab + 1)?.value
    }

    /// A decimal Int64 (optionally negative, Int64.min included) from `start` up to a TAB or the end.
    package static func parseSigned(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> (value: Int64, end: Int)? {
        var i = start
        let n = line.count
        var negative = false
        if i < n && line[i] == 0x2D { negative = true; i += 1 }
        var magnitude: UInt64 = 0
        var digits = 0
        while i < n && line[i] != tab {
            let d = line[i] &- 0x30
            guard d < 10, digits < 19 else { return nil }
            magnitude = magnitude * 10 + UInt64(d)
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return (Int64(bitPattern: 0 &- magnitude), i)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return (Int64(magnitude), i)
    }

    private static func field(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if let first = bytes.first, first == escapeMark {
            return Base64.decode(UnsafeBufferPointer(rebasing: bytes[1...]))
        }
        return Array(bytes)
    }
}
