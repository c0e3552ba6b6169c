import VeloJSON

/// The output formats of `velo-gen`.
public enum GenFormatKind: String, Sendable, CaseIterable {
    /// One JSON object per line (the default; what the other tools read).
    case ndjson
    /// One JSON array of objects.
    case json
    /// A header line of field names, then one row per record (RFC 4180 quoting; null is an empty cell).
    case csv

    public var fileExtension: String { rawValue }
}

/// Writes generated records straight from their slots into a `JSONWriter`'s buffer.
public struct GenRecordWriter {
    public let format: GenFormatKind
    /// Per field, in one flat table: `{"name":` for the first and `,"name":` for the rest.
    private let prefixBytes: [UInt8]
    /// Field i's prefix is prefixBytes[prefixBounds[i]..<prefixBounds[i + 1]].
    private let prefixBounds: [Int]
    private let header: [UInt8]
    private let digits: [Int]
    private let fixed: [Bool]
    /// Where a record is assembled before one copy into the writer.
    private let scratch = GenScratch(capacity: 16_384)
    public private(set) var records = 0

    public init(format: GenFormatKind, fieldNames: [String], places: [(digits: Int, fixed: Bool)]) {
        self.format = format
        self.digits = places.map(\.digits)
        self.fixed = places.map(\.fixed)
        var prefix = JSONWriter()
        var bounds = [0]
        for (i, name) in fieldNames.enumerated() {
            prefix.writeByte(i == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
            prefix.writeString(name)
            prefix.writeByte(UInt8(ascii: ":"))
            bounds.append(prefix.buffer.count)
        }
        prefixBytes = prefix.buffer
        prefixBounds = bounds
        var header: [UInt8] = []
        for (i, name) in fieldNames.enumerated() {
            if i > 0 { header.append(UInt8(ascii: ",")) }
            GenRecordWriter.appendCSV(Array(name.utf8)[...], to: &header)
        }
        header.append(0x0A)
        self.header = header
    }

    /// What goes before the first record (the CSV header, the JSON array's bracket).
    public mutating func begin(_ writer: inout JSONWriter) {
        switch format {
        case .ndjson: break
        case .json: writer.writeRaw("[\n")
        case .csv: header.withUnsafeBufferPointer { writer.writeRaw(bytes: $0) }
        }
    }

    /// What goes after the last record.
    public mutating func end(_ writer: inout JSONWriter) {
        if format == .json { writer.writeRaw(records == 0 ? "]\n" : "\n]\n") }
    }

    /// Appends one record in the chosen format (with its line end).
    @inline(__always)
    public mutating func write(_ record: borrowing GenRecord, to writer: inout JSONWriter) {
        switch format {
        case .ndjson:
            writeObject(record, to: &writer)
            writer.writeByte(0x0A)
        case .json:
            if records > 0 { writer.writeRaw(",\n") }
            writeObject(record, to: &writer)
        case .csv:
            writeRow(record, to: &writer)
        }
        records += 1
    }

    /// The record as one compact JSON object, no newline (the value of a topic message). Built in scratch
    /// memory and handed to the writer in one copy; a record too big for it takes the field-by-field path.
    @inline(__always)
    public func writeObject(_ record: borrowing GenRecord, to writer: inout JSONWriter) {
        record.slots.withUnsafeBufferPointer { slots in
            record.arena.withUnsafeBufferPointer { arena in
                prefixBytes.withUnsafeBufferPointer { prefixes in
                    var bound = prefixes.count + 1
                    for slot in slots { bound += slot.hasText ? 2 + 6 * Int(slot.end - slot.start) : GenFormat.scratchSize + 2 }
                    if bound > scratch.capacity {
                        writeObjectByField(slots, arena, prefixes, to: &writer)
                        return
                    }
                    let p = scratch.base
                    var at = 0
                    for i in 0..<slots.count {
                        let prefixStart = prefixBounds[i], prefixLength = prefixBounds[i + 1] - prefixStart
                        GenRecordWriter.copy(prefixes.baseAddress! + prefixStart, to: p + at, prefixLength)
                        at += prefixLength
                        let slot = slots[i]
                        switch slot.kind {
                        case .null:
                            p[at] = 0x6E; p[at + 1] = 0x75; p[at + 2] = 0x6C; p[at + 3] = 0x6C
                            at += 4
                        case .int:
                            if slot.int < 0 { p[at] = UInt8(ascii: "-"); at += 1 }
                            at += GenFormat.digits(slot.int.magnitude, width: 1, into: p + at)
                        case .bool:
                            if slot.int != 0 {
                                p[at] = 0x74; p[at + 1] = 0x72; p[at + 2] = 0x75; p[at + 3] = 0x65
                                at += 4
                            } else {
                                p[at] = 0x66; p[at + 1] = 0x61; p[at + 2] = 0x6C; p[at + 3] = 0x73; p[at + 4] = 0x65
                                at += 5
                            }
                        case .text:
                            at += GenRecordWriter.escape(UnsafeBufferPointer(rebasing: arena[Int(slot.start)..<Int(slot.end)]), into: p + at)
                        case .plainText:
                            let n = Int(slot.end - slot.start)
                            p[at] = UInt8(ascii: "\"")
                            GenRecordWriter.copy(arena.baseAddress! + Int(slot.start), to: p + at + 1, n)
                            p[at + n + 1] = UInt8(ascii: "\"")
                            at += n + 2
                        case .rawNumber:
                            let n = Int(slot.end - slot.start)
                            GenRecordWriter.copy(arena.baseAddress! + Int(slot.start), to: p + at, n)
                            at += n
                        case .double:
                            at += GenFormat.fixed(slot.double, digits: digits[i], trim: !fixed[i], into: p + at)
                        case .timestamp:
                            p[at] = UInt8(ascii: "\"")
                            at += 1 + GenFormat.timestamp(epochMs: slot.int, into: p + at + 1)
                            p[at] = UInt8(ascii: "\"")
                            at += 1
                        case .date:
                            p[at] = UInt8(ascii: "\"")
                            at += 1 + GenFormat.date(daysSinceEpoch: slot.int, into: p + at + 1)
                            p[at] = UInt8(ascii: "\"")
                            at += 1
                        }
                    }
                    p[at] = UInt8(ascii: "}")
                    writer.writeRaw(bytes: UnsafeBufferPointer(start: p, count: at + 1))
                }
            }
        }
    }

    /// Short copies inline (a call to memmove costs more than the bytes); long ones through memmove.
    @inline(__always)
    package static func copy(_ from: UnsafePointer<UInt8>, to: UnsafeMutablePointer<UInt8>, _ n: Int) {
        if n <= 16 {
            for k in 0..<n { to[k] = from[k] }
        } else {
            to.update(from: from, count: n)
        }
    }

    /// `bytes` as a JSON string with its quotes; at most 2 + 6 × count bytes.
    package static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into p: UnsafeMutablePointer<UInt8>) -> Int {
        let hex: StaticString = "0123456789abcdef"
        var at = 1
        p[0] = UInt8(ascii: "\"")
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): p[at] = UInt8(ascii: "\\"); p[at + 1] = byte; at += 2
            case 0x0A: p[at] = UInt8(ascii: "\\"); p[at + 1] = UInt8(ascii: "n"); at += 2
            case 0x0D: p[at] = UInt8(ascii: "\\"); p[at + 1] = UInt8(ascii: "r"); at += 2
            case 0x09: p[at] = UInt8(ascii: "\\"); p[at + 1] = UInt8(ascii: "t"); at += 2
            case 0x08: p[at] = UInt8(ascii: "\\"); p[at + 1] = UInt8(ascii: "b"); at += 2
            case 0x0C: p[at] = UInt8(ascii: "\\"); p[at + 1] = UInt8(ascii: "f"); at += 2
            case 0..<0x20:
                p[at] = UInt8(ascii: "\\"); p[at + 1] = UInt8(ascii: "u"); p[at + 2] = 0x30; p[at + 3] = 0x30
                p[at + 4] = hex.utf8Start[Int(byte >> 4)]; p[at + 5] = hex.utf8Start[Int(byte & 0xF)]
                at += 6
            default: p[at] = byte; at += 1
            }
        }
        p[at] = UInt8(ascii: "\"")
        return at + 1
    }

    /// Field by field straight into the writer, for records larger than the scratch memory.
    private func writeObjectByField(
        _ slots: UnsafeBufferPointer<GenSlot>, _ arena: UnsafeBufferPointer<UInt8>,
        _ prefixes: UnsafeBufferPointer<UInt8>, to writer: inout JSONWriter
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: GenFormat.scratchSize + 2) { scratch in
            let p = scratch.baseAddress!
            for i in 0..<slots.count {
                writer.writeRaw(bytes: UnsafeBufferPointer(rebasing: prefixes[prefixBounds[i]..<prefixBounds[i + 1]]))
                let slot = slots[i]
                switch slot.kind {
                case .null: writer.writeRaw("null")
                case .int: writer.writeInt(slot.int)
                case .bool: if slot.int != 0 { writer.writeRaw("true") } else { writer.writeRaw("false") }
                case .text, .plainText:
                    writer.writeStringBytes(UnsafeBufferPointer(rebasing: arena[Int(slot.start)..<Int(slot.end)]))
                case .rawNumber:
                    writer.writeRaw(bytes: UnsafeBufferPointer(rebasing: arena[Int(slot.start)..<Int(slot.end)]))
                case .double:
                    let n = GenFormat.fixed(slot.double, digits: digits[i], trim: !fixed[i], into: p)
                    writer.writeRaw(bytes: UnsafeBufferPointer(start: p, count: n))
                case .timestamp:
                    p[0] = UInt8(ascii: "\"")
                    let n = GenFormat.timestamp(epochMs: slot.int, into: p + 1)
                    p[n + 1] = UInt8(ascii: "\"")
                    writer.writeRaw(bytes: UnsafeBufferPointer(start: p, count: n + 2))
                case .date:
                    p[0] = UInt8(ascii: "\"")
                    let n = GenFormat.date(daysSinceEpoch: slot.int, into: p + 1)
                    p[n + 1] = UInt8(ascii: "\"")
                    writer.writeRaw(bytes: UnsafeBufferPointer(start: p, count: n + 2))
                }
            }
        }
        writer.writeByte(UInt8(ascii: "}"))
    }

    private func writeRow(_ record: borrowing GenRecord, to writer: inout JSONWriter) {
        var row: [UInt8] = []
        row.reserveCapacity(256)
        for i in 0..<record.slots.count {
            if i > 0 { row.append(UInt8(ascii: ",")) }
            appendText(record, i, to: &row, csv: true)
        }
        row.append(0x0A)
        row.withUnsafeBufferPointer { writer.writeRaw(bytes: $0) }
    }

    /// The value of field `i` as plain text (a message key, a CSV cell); null is empty.
    public func appendText(_ record: borrowing GenRecord, _ i: Int, to out: inout [UInt8], csv: Bool = false) {
        let slot = record.slots[i]
        switch slot.kind {
        case .null: break
        case .int: GenFormat.appendInt(slot.int, to: &out)
        case .bool: out.append(contentsOf: slot.int != 0 ? Array("true".utf8) : Array("false".utf8))
        case .text, .plainText, .rawNumber:
            let bytes = record.arena[Int(slot.start)..<Int(slot.end)]
            if csv { GenRecordWriter.appendCSV(bytes, to: &out) } else { out.append(contentsOf: bytes) }
        case .double: GenFormat.appendFixed(slot.double, digits: digits[i], trim: !fixed[i], to: &out)
        case .timestamp: GenFormat.appendTimestamp(epochMs: slot.int, to: &out)
        case .date: GenFormat.appendDate(daysSinceEpoch: slot.int, to: &out)
        }
    }

    /// A CSV cell: quoted when it holds a comma, quote or line break (quotes doubled).
    package static func appendCSV(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { out.append(contentsOf: bytes); return }
        out.append(UInt8(ascii: "\""))
        for b in bytes {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Memory a record writer assembles records in; freed with the writer.
package final class GenScratch: @unchecked Sendable {
    package let base: UnsafeMutablePointer<UInt8>
    package let capacity: Int

    package init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
}
