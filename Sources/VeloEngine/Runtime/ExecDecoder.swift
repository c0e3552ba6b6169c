import VeloBase
import VeloJSON
import VeloSchema

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

    /// The schema's type of each field (aligned with `layout.fieldNames`; nil without a schema for it).
    package let types: [FieldType?]
    /// Fields the schema declares `decimal(N)`: slot and scale. Their numbers become exact decimals.
    private let decimals: [(slot: Int, scale: UInt8)]

    package init(layout: InputLayout, format: RecordFormat, wantObject: Bool, file: String?, types: [String: FieldType] = [:]) {
        self.layout = layout
        self.format = format
        self.wantObject = wantObject
        self.file = file
        reader = ExecFieldReader(fields: layout.fieldNames, slots: layout.fieldSlots)
        if case .csv(_, false) = format { header = [] }
        self.types = layout.fieldNames.map { types[$0] }
        decimals = zip(self.types, layout.fieldSlots).compactMap { type, slot in
            if case .decimal(let precision)? = type { return (slot, UInt8(clamping: min(precision, Int(SQLDecimal.maxScale)))) }
            return nil
        }
    }

    /// `decimal(N)` fields as exact decimals with scale N (`33761.34` stays 3376134 hundredths, and
    /// `334665.00` keeps its two places on output). A JSON number arrives as a double or an integer; rounded
    /// to N places it is the decimal the text wrote (for up to 15 significant digits).
    private func makeDecimals(_ row: ExecRow) throws {
        for (slot, scale) in decimals {
            switch row.slots[slot] {
            case .double(let d): row.slots[slot] = .decimal(try SQLDecimal(double: d, scale: scale))
            case .int(let i): row.slots[slot] = .decimal(try SQLDecimal(int: i, scale: scale))
            case .decimal(let d): row.slots[slot] = .decimal(try d.rescaled(to: scale))
            case .string(let s):
                if let d = SQLDecimal(parsing: Substring(s)) { row.slots[slot] = .decimal(try d.rescaled(to: scale)) }
            default: break
            }
        }
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
            if !decimals.isEmpty { try makeDecimals(row) }
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
                row.slots[slot] = c >= 0 && c < fields.count ? CSV.value(fields[c], quoted: spans[c].quoted, type: types[i]) : .null
            }
            if !decimals.isEmpty { try makeDecimals(row) }
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
/// schema, a cell is typed the way its text reads, and only a plain decimal literal is a number: empty, `NULL` or
/// `null` → NULL (a quoted `""` is an empty string), true/false → BOOLEAN, `-?digits` → BIGINT (text when it does
/// not fit 64 bits), `-?digits.digits` → DOUBLE; `02134`, `+4412345`, `0x1F`, `1e5` stay text; an ISO date or
/// timestamp text compares with epoch-ms numbers (SQLValue.compare).
package enum CSV {
    /// With a schema the field's type decides: a `string` or `uuid` field keeps `02134` as text, an
    /// `integer` field reads `+5` as 5, a `decimal(N)` field reads the digits exactly; text that is not of
    /// the type stays text (and fails where it is used as a number).
    package static func value(_ text: String, quoted: Bool = false, type: FieldType?) -> SQLValue {
        guard let type, !text.isEmpty, quoted || (text != "NULL" && text != "null") else { return value(text, quoted: quoted) }
        switch type {
        case .string, .uuid, .timestamp, .date: return .string(text)
        case .integer: return Int64(text).map { .int($0) } ?? .string(text)
        case .float: return Double(text).map { .double($0) } ?? .string(text)
        case .decimal: return SQLDecimal(parsing: Substring(text)).map { .decimal($0) } ?? .string(text)
        case .boolean:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .string(text)
            }
        }
    }

    package static func value(_ text: String, quoted: Bool = false) -> SQLValue {
        if text.isEmpty { return quoted ? .string("") : .null }
        // Unquoted `NULL`/`null` cells are NULL (reference tables from Velostream projects write NULL this way).
        if !quoted && (text == "NULL" || text == "null") { return .null }
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
