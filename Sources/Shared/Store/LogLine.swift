/// One message as a line of a partition log:
///
///     <offset> TAB <timestamp> TAB <key> TAB <value> LF
///
/// Offset and timestamp (epoch ms) are decimal. Key and value are stored as they are when they are valid
/// UTF-8 without LF or NUL (and, for the key, without TAB) and do not start with '='; anything else is
/// written as '=' followed by base64. An empty key field is a null key; '=' alone is an empty key.
/// Values are NDJSON records in practice, so the log stays readable with `tail -f` and `grep`.
enum LogLine {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let escapeMark: UInt8 = 0x3D // '='

    /// Appends `<timestamp>\t<key>\t<value>\n` (everything after the offset) to `out`.
    static func encodeBody(key: [UInt8]?, value: [UInt8], timestamp: Int64, into out: inout [UInt8]) {
        appendDecimal(timestamp, to: &out)
        out.append(tab)
        if let key { appendField(key, isKey: true, to: &out) }
        out.append(tab)
        appendField(value, isKey: false, to: &out)
        out.append(newline)
    }

    static func appendField(_ bytes: [UInt8], isKey: Bool, to out: inout [UInt8]) {
        if isVerbatim(bytes, isKey: isKey) {
            out.append(contentsOf: bytes)
        } else {
            out.append(escapeMark)
            Base64.encode(bytes, into: &out)
        }
    }

    /// True when the bytes can go into the line unchanged.
    static func isVerbatim(_ bytes: [UInt8], isKey: Bool) -> Bool {
        if bytes.isEmpty { return !isKey } // an empty key must differ from a null key
        if bytes[0] == escapeMark { return false }
        return bytes.withUnsafeBufferPointer { buf in
            var i = 0
            let n = buf.count
            while i < n {
                let b = buf[i]
                if b < 0x80 {
                    if b == newline || b == 0 || (isKey && b == tab) { return false }
                    i += 1
                    continue
                }
                // Multi-byte UTF-8: check the lead byte, the continuation bytes and the shortest-form rules.
                let length: Int
                var low: UInt8 = 0x80, high: UInt8 = 0xBF
                switch b {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: return false
                }
                guard i + length <= n else { return false }
                let second = buf[i + 1]
                guard second >= low && second <= high else { return false }
                var j = 2
                while j < length {
                    guard buf[i + j] & 0xC0 == 0x80 else { return false }
                    j += 1
                }
                i += length
            }
            return true
        }
    }

    static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0
            while count > 0 { count -= 1; out.append(d[count]) }
        }
    }

    /// The offset at the start of a line (the digits before the first TAB).
    static func parseOffset(_ bytes: ArraySlice<UInt8>) -> Int64? {
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
    struct Fields {
        var offset: Int64
        var timestamp: Int64
        var key: [UInt8]?
        var value: [UInt8]
    }

    static func decode(_ line: UnsafeBufferPointer<UInt8>) -> Fields? {
        var i = 0
        let n = line.count
        func number() -> Int64? {
            var negative = false
            if i < n && line[i] == 0x2D { negative = true; i += 1 }
            var value: Int64 = 0
            var digits = 0
            while i < n && line[i] != tab {
                let d = line[i] &- 0x30
                guard d < 10, digits < 19 else { return nil }
                value = value * 10 + Int64(d)
                digits += 1
                i += 1
            }
            guard digits > 0, i < n else { return nil }
            i += 1 // the TAB
            return negative ? -value : value
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
    static func timestamp(_ line: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let firstTab = line.firstIndex(of: tab) else { return nil }
        var i = firstTab + 1
        var negative = false
        if i < line.count && line[i] == 0x2D { negative = true; i += 1 }
        var value: Int64 = 0
        var digits = 0
        while i < line.count && line[i] != tab {
            let d = line[i] &- 0x30
            guard d < 10, digits < 19 else { return nil }
            value = value * 10 + Int64(d)
            digits += 1
            i += 1
        }
        return digits > 0 ? (negative ? -value : value) : nil
    }

    private static func field(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if let first = bytes.first, first == escapeMark {
            return Base64.decode(UnsafeBufferPointer(rebasing: bytes[1...]))
        }
        return Array(bytes)
    }
}
