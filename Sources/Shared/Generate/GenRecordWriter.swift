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

    /// The record as one compact JSON object, no newline (the value of a topic message).
    @inline(__always)
    public func writeObject(_ record: borrowing GenRecord, to writer: inout JSONWriter) {
        prefixBytes.withUnsafeBufferPointer { prefixes in
            record.slots.withUnsafeBufferPointer { slots in
                record.arena.withUnsafeBufferPointer { arena in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: GenFormat.scratchSize + 2) { scratch in
                        let p = scratch.baseAddress!
                        for i in 0..<slots.count {
                            writer.writeRaw(bytes: UnsafeBufferPointer(rebasing: prefixes[prefixBounds[i]..<prefixBounds[i + 1]]))
                            let slot = slots[i]
                            switch slot.kind {
                            case .null: writer.writeRaw("null")
                            case .int: writer.writeInt(slot.int)
                            case .bool: if slot.int != 0 { writer.writeRaw("true") } else { writer.writeRaw("false") }
                            case .text:
                                writer.writeStringBytes(UnsafeBufferPointer(rebasing: arena[Int(slot.start)..<Int(slot.end)]))
                            case .plainText:
                                let n = Int(slot.end - slot.start)
                                if n <= GenFormat.scratchSize {
                                    // One copy with its quotes: cheaper than escaping text that needs none.
                                    p[0] = UInt8(ascii: "\"")
                                    (p + 1).update(from: arena.baseAddress! + Int(slot.start), count: n)
                                    p[n + 1] = UInt8(ascii: "\"")
                                    writer.writeRaw(bytes: UnsafeBufferPointer(start: p, count: n + 2))
                                } else {
                                    writer.writeStringBytes(UnsafeBufferPointer(rebasing: arena[Int(slot.start)..<Int(slot.end)]))
                                }
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
