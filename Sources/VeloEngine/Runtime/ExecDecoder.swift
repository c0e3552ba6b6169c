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
    private var header: [String]?
    private var columnOfField: [Int] = []
    private var fields: [String] = []

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
            CSV.split(record.bytes, delimiter: delimiter, into: &fields)
            if hasHeader && header == nil {
                header = fields
                columnOfField = layout.fieldNames.map { name in fields.firstIndex(of: name) ?? -1 }
                return false
            }
            if !hasHeader && columnOfField.isEmpty {
                columnOfField = layout.fieldNames.map { name in
                    name.hasPrefix("column") ? (Int(name.dropFirst(6)) ?? 0) - 1 : -1
                }
            }
            for (i, slot) in layout.fieldSlots.enumerated() {
                let c = columnOfField[i]
                row.slots[slot] = c >= 0 && c < fields.count ? CSV.value(fields[c]) : .null
            }
            if wantObject {
                var o = JSONObject()
                for (c, text) in fields.enumerated() {
                    let name = hasHeader ? (c < header!.count ? header![c] : "column\(c + 1)") : "column\(c + 1)"
                    o.append(name, CSV.value(text).jsonValue)
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

/// RFC 4180 CSV: quoted fields with doubled quotes inside. Values are typed the way a user expects from a
/// spreadsheet: empty, `NULL` or `null` → NULL, true/false → BOOLEAN, whole numbers → BIGINT, other numbers →
/// DOUBLE, everything else text (an ISO date or timestamp text compares with epoch-ms numbers: SQLValue.compare).
package enum CSV {
    package static func split(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, into fields: inout [String]) {
        fields.removeAll(keepingCapacity: true)
        var i = 0
        let n = bytes.count
        var current: [UInt8] = []
        while true {
            current.removeAll(keepingCapacity: true)
            if i < n && bytes[i] == UInt8(ascii: "\"") {
                i += 1
                while i < n {
                    if bytes[i] == UInt8(ascii: "\"") {
                        if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") { current.append(UInt8(ascii: "\"")); i += 2; continue }
                        i += 1
                        break
                    }
                    current.append(bytes[i])
                    i += 1
                }
                while i < n && bytes[i] != delimiter { current.append(bytes[i]); i += 1 }
            } else {
                while i < n && bytes[i] != delimiter { current.append(bytes[i]); i += 1 }
            }
            fields.append(String(decoding: current, as: UTF8.self))
            if i >= n { break }
            i += 1 // the delimiter
        }
    }

    package static func value(_ text: String) -> SQLValue {
        // `NULL`/`null` cells are NULL (reference tables from Velostream projects write NULL this way).
        if text.isEmpty || text == "NULL" || text == "null" { return .null }
        // Reference tables flag rows with true/false (`WHERE h.active = true` must compare booleans).
        if text == "true" || text == "TRUE" { return .bool(true) }
        if text == "false" || text == "FALSE" { return .bool(false) }
        if let i = Int64(text) { return .int(i) }
        if let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || (first >= 48 && first <= 57),
            let d = Double(text), d.isFinite
        {
            return .double(d)
        }
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
