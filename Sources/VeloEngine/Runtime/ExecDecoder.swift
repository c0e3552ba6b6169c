import VeloBase
import VeloJSON

/// Fills the input row's field slots from a raw record: only the fields the query uses are parsed
/// (`ExecFieldReader`), unless the query writes `*`, which needs the whole object.
package final class RecordDecoder {
    package let layout: InputLayout
    package let format: RecordFormat
    package let wantObject: Bool
    package let file: String?
    private let reader: ExecFieldReader
    private var parser = JSONParser()
    /// The whole record, when `wantObject`.
    package private(set) var object = JSONObject()
    // CSV
    package private(set) var header: [String]?
    private var columnOfField: [Int] = []
    private var fields: [String] = []
    private var cells: [UInt8] = []
    private var spans: [CSVCells.Span] = []
    private var expectedCells = -1

    package init(layout: InputLayout, format: RecordFormat, wantObject: Bool, file: String?) {
        self.layout = layout
        self.format = format
        self.wantObject = wantObject
        self.file = file
        reader = ExecFieldReader(fields: layout.fieldNames, slots: layout.fieldSlots)
        if case .csv(_, false) = format { header = [] }
    }

    /// Decodes one record into `row`; false when the line was a CSV header (not a record).
    package func decode(_ record: RawRecord, into row: ExecRow) throws -> Bool {
        switch format {
        case .ndjson:
            if wantObject {
                let value = try parser.parse(record.bytes, line: record.line, file: file)
                guard case .object(let o) = value else {
                    throw RuntimeError(.typeMismatch, "record is \(Self.kindName(value)), not a JSON object")
                }
                object = o
                for (i, name) in layout.fieldNames.enumerated() {
                    row.slots[layout.fieldSlots[i]] = o[name].map(SQLValue.init) ?? .null
                }
            } else {
                try reader.read(record.bytes, line: record.line, file: file, into: row)
            }
            return true
        case .csv(let delimiter, let hasHeader):
            do {
                try CSVCells.split(record.bytes, separator: delimiter, cells: &cells, spans: &spans)
            } catch {
                throw CSVRecordError(message: "invalid CSV: \(error.message)")
            }
            fields.removeAll(keepingCapacity: true)
            for span in spans { fields.append(String(decoding: cells[span.start..<span.end], as: UTF8.self)) }
            if hasHeader && header == nil {
                header = fields
                columnOfField = layout.fieldNames.map { name in fields.firstIndex(of: name) ?? -1 }
                return false
            }
            // Every record has as many cells as the header (or, without one, as the first record).
            if expectedCells < 0 { expectedCells = header?.count ?? fields.count }
            if fields.count != expectedCells {
                throw CSVRecordError(
                    message:
                        "\(fields.count) cell\(fields.count == 1 ? "" : "s") where the \(header != nil ? "header" : "first record") has \(expectedCells)"
                )
            }
            if !hasHeader && columnOfField.isEmpty {
                columnOfField = layout.fieldNames.map { name in
                    name.hasPrefix("column") ? (Int(name.dropFirst(6)) ?? 0) - 1 : -1
                }
            }
            for (i, slot) in layout.fieldSlots.enumerated() {
                let c = columnOfField[i]
                row.slots[slot] = c >= 0 && c < fields.count ? CSV.value(fields[c], quoted: spans[c].quoted) : .null
            }
            if wantObject {
                var o = JSONObject()
                for (c, text) in fields.enumerated() {
                    let name = hasHeader ? (c < header!.count ? header![c] : "column\(c + 1)") : "column\(c + 1)"
                    o.append(name, CSV.value(text, quoted: spans[c].quoted).jsonValue)
                }
                object = o
            }
            return true
        }
    }

    package static func kindName(_ v: JSONValue) -> String {
        switch v {
        case .array: return "an array"
        case .string: return "a string"
        case .null: return "null"
        case .bool: return "a boolean"
        default: return "a number"
        }
    }
}

/// A CSV record that is not valid RFC 4180, or has the wrong number of cells: a failed record.
package struct CSVRecordError: Error {
    package var message: String
}

/// CSV cell values. Records are split by `CSVCells` (VeloBase), the reader every tool shares. Without a
/// schema, a cell is typed the way its text reads, and only a plain decimal literal is a number: empty →
/// NULL (a quoted `""` is an empty string), true/false → BOOLEAN, `-?digits` → BIGINT (text when it does
/// not fit 64 bits), `-?digits.digits` → DOUBLE; `02134`, `+4412345`, `0x1F`, `1e5` stay text.
package enum CSV {
    package static func value(_ text: String, quoted: Bool = false) -> SQLValue {
        if text.isEmpty { return quoted ? .string("") : .null }
        // Reference tables flag rows with true/false (`WHERE h.active = true` must compare booleans).
        if text == "true" || text == "TRUE" { return .bool(true) }
        if text == "false" || text == "FALSE" { return .bool(false) }
        let shape = CSVCells.isPlainDecimal(text.utf8)
        guard shape.isDecimal else { return .string(text) }
        if !shape.hasFraction { return Int64(text).map { .int($0) } ?? .string(text) }
        if let d = Double(text), d.isFinite { return .double(d) }
        return .string(text)
    }

    /// A value as a CSV field: quoted when it holds the delimiter, a quote or a line break.
    package static func field(_ v: SQLValue, delimiter: UInt8) -> String {
        if v.isNull { return "" }
        let text = v.description
        if text.utf8.contains(where: { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
            return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
        }
        return text
    }
}
