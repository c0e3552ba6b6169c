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
    /// Per field: `{"name":` for the first and `,"name":` for the rest (NDJSON and JSON).
    private let prefixes: [[UInt8]]
    private let header: [UInt8]
    private let places: [(digits: Int, fixed: Bool)]
    private var scratch: [UInt8] = []
    public private(set) var records = 0

    public init(format: GenFormatKind, fieldNames: [String], places: [(digits: Int, fixed: Bool)]) {
        self.format = format
        self.places = places
        var prefixes: [[UInt8]] = []
        for (i, name) in fieldNames.enumerated() {
            var w = JSONWriter()
            w.writeByte(i == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
            w.writeString(name)
            w.writeByte(UInt8(ascii: ":"))
            prefixes.append(w.buffer)
        }
        self.prefixes = prefixes
        var header: [UInt8] = []
        for (i, name) in fieldNames.enumerated() {
            if i > 0 { header.append(UInt8(ascii: ",")) }
            GenRecordWriter.appendCSV(Array(name.utf8)[...], to: &header)
        }
        header.append(0x0A)
        self.header = header
        scratch.reserveCapacity(64)
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
    public mutating func write(_ record: GenRecord, to writer: inout JSONWriter) {
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

    /// The record as one compact JSON object, no newline (the value of a topic message).
    @inline(__always)
    public mutating func writeObject(_ record: GenRecord, to writer: inout JSONWriter) {
        for i in 0..<prefixes.count {
            prefixes[i].withUnsafeBufferPointer { writer.writeRaw(bytes: $0) }
            writeJSONValue(record, i, to: &writer)
        }
        writer.writeByte(UInt8(ascii: "}"))
    }

    @inline(__always)
    private mutating func writeJSONValue(_ record: GenRecord, _ i: Int, to writer: inout JSONWriter) {
        let slot = record.slots[i]
        switch slot.kind {
        case .null: writer.writeRaw("null")
        case .int: writer.writeInt(slot.int)
        case .bool: if slot.int != 0 { writer.writeRaw("true") } else { writer.writeRaw("false") }
        case .text:
            record.arena.withUnsafeBufferPointer {
                writer.writeStringBytes(UnsafeBufferPointer(rebasing: $0[Int(slot.start)..<Int(slot.end)]))
            }
        case .rawNumber:
            record.arena.withUnsafeBufferPointer {
                writer.writeRaw(bytes: UnsafeBufferPointer(rebasing: $0[Int(slot.start)..<Int(slot.end)]))
            }
        case .double, .timestamp, .date:
            scratch.removeAll(keepingCapacity: true)
            let quoted = slot.kind != .double
            if quoted { scratch.append(UInt8(ascii: "\"")) }
            formatScalar(slot, i)
            if quoted { scratch.append(UInt8(ascii: "\"")) }
            scratch.withUnsafeBufferPointer { writer.writeRaw(bytes: $0) }
        }
    }

    /// Formats a double, timestamp or date slot into `scratch`.
    @inline(__always)
    private mutating func formatScalar(_ slot: GenSlot, _ i: Int) {
        switch slot.kind {
        case .double: GenFormat.appendFixed(slot.double, digits: places[i].digits, trim: !places[i].fixed, to: &scratch)
        case .timestamp: GenFormat.appendTimestamp(epochMs: slot.int, to: &scratch)
        case .date: GenFormat.appendDate(daysSinceEpoch: slot.int, to: &scratch)
        default: break
        }
    }

    private mutating func writeRow(_ record: GenRecord, to writer: inout JSONWriter) {
        scratch.removeAll(keepingCapacity: true)
        for i in 0..<record.slots.count {
            if i > 0 { scratch.append(UInt8(ascii: ",")) }
            appendText(record, i, to: &scratch, csv: true)
        }
        scratch.append(0x0A)
        scratch.withUnsafeBufferPointer { writer.writeRaw(bytes: $0) }
    }

    /// The value of field `i` as plain text (a message key, a CSV cell); null is empty.
    public func appendText(_ record: GenRecord, _ i: Int, to out: inout [UInt8], csv: Bool = false) {
        let slot = record.slots[i]
        switch slot.kind {
        case .null: break
        case .int: GenFormat.appendInt(slot.int, to: &out)
        case .bool: out.append(contentsOf: slot.int != 0 ? Array("true".utf8) : Array("false".utf8))
        case .text, .rawNumber:
            let bytes = record.arena[Int(slot.start)..<Int(slot.end)]
            if csv { GenRecordWriter.appendCSV(bytes, to: &out) } else { out.append(contentsOf: bytes) }
        case .double: GenFormat.appendFixed(slot.double, digits: places[i].digits, trim: !places[i].fixed, to: &out)
        case .timestamp: GenFormat.appendTimestamp(epochMs: slot.int, to: &out)
        case .date: GenFormat.appendDate(daysSinceEpoch: slot.int, to: &out)
        }
    }

    /// A CSV cell: quoted when it holds a comma, quote or line break (quotes doubled).
    static func appendCSV(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
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
