import VeloBase
import VeloJSON
import VeloSchema

/// Reads CSV (RFC 4180: a header row, `"` quoting with `""` for a quote, quoted cells may hold the separator
/// and newlines) into `ScanEvent`s, so CSV goes through the same statistics as NDJSON. Cells are typed by their
/// text: empty → null, `true`/`false` → boolean, JSON number syntax → number (so `007` stays a string), else string.
public struct CSVRowParser {
    public let separator: UInt8
    public private(set) var columns: [Int32] = []
    public private(set) var columnNames: [String] = []
    public var events: [ScanEvent] = []
    /// Unquoted cell text of the current row; event spans point here.
    public var cells: [UInt8] = []
    package var pending: [UInt8] = []

    public init(separator: UInt8 = UInt8(ascii: ",")) { self.separator = separator }

    public var hasHeader: Bool { !columnNames.isEmpty }

    /// Whether `line` ends inside a quoted cell (the record continues on the next line).
    public static func opensQuote(_ line: UnsafeBufferPointer<UInt8>, startingInside: Bool) -> Bool {
        CSVCells.opensQuote(line, startingInside: startingInside)
    }

    private var spans: [CSVCells.Span] = []

    /// Splits one complete record into cells (unquoted) with the reader every tool shares (`CSVCells`);
    /// returns the cell spans in `cells`.
    package mutating func split(_ record: UnsafeBufferPointer<UInt8>) throws(ScanError) -> [(start: Int, end: Int, quoted: Bool)] {
        do {
            try CSVCells.split(record, separator: separator, cells: &cells, spans: &spans)
        } catch {
            throw ScanError(offset: error.offset, message: error.message)
        }
        return spans.map { ($0.start, $0.end, $0.quoted) }
    }

    /// Reads the header row and registers its columns as top-level fields.
    public mutating func header(_ record: UnsafeBufferPointer<UInt8>, table: inout FieldTable) throws(ScanError) {
        let spans = try split(record)
        var seen: Set<String> = []
        for (k, span) in spans.enumerated() {
            var name = String(decoding: cells[span.start..<span.end], as: UTF8.self).trimmingSpaces()
            if name.isEmpty { name = "column_\(k + 1)" }
            var unique = name
            var suffix = 2
            while seen.contains(unique) { unique = "\(name)_\(suffix)"; suffix += 1 }
            seen.insert(unique)
            columnNames.append(unique)
            columns.append(table.topLevel(unique))
        }
    }

    /// Reads one data row into `events` (spans into `cells`).
    public mutating func row(_ record: UnsafeBufferPointer<UInt8>) throws(ScanError) {
        events.removeAll(keepingCapacity: true)
        let spans = try split(record)
        guard spans.count == columns.count else {
            throw ScanError(offset: 0, message: "\(spans.count) cells where the header has \(columns.count)")
        }
        let cellCount = cells.count
        cells.withUnsafeBufferPointer { all in
            for (k, span) in spans.enumerated() where columns[k] >= 0 {
                let text = UnsafeBufferPointer(rebasing: all[span.start..<span.end])
                events.append(CSVRowParser.event(text, field: columns[k], span: span, quoted: span.quoted))
            }
        }
        precondition(cells.count == cellCount)
    }

    package static func event(_ text: UnsafeBufferPointer<UInt8>, field: Int32, span: (start: Int, end: Int, quoted: Bool), quoted: Bool) -> ScanEvent
    {
        if text.isEmpty {
            return ScanEvent(field: field, kind: quoted ? .string : .null, start: span.start, end: span.end)
        }
        if text.count == 4 || text.count == 5, let b = bool(text) {
            return ScanEvent(field: field, kind: .bool, small: b ? 1 : 0, start: span.start, end: span.end)
        }
        if let first = text.first, first == UInt8(ascii: "-") || TextShapes.isDigit(first), let n = NumberText.parse(text) {
            switch n {
            case .integer(let v): return ScanEvent(field: field, kind: .integer, start: span.start, end: span.end, integer: v)
            case .float(let v, let places):
                return ScanEvent(
                    field: field, kind: .float, small: Int8(places.map { min($0, 100) } ?? -1),
                    start: span.start, end: span.end, float: v)
            }
        }
        return ScanEvent(field: field, kind: .string, start: span.start, end: span.end)
    }

    package static func bool(_ s: UnsafeBufferPointer<UInt8>) -> Bool? {
        let lower = String(decoding: s, as: UTF8.self).lowercased()
        return lower == "true" ? true : lower == "false" ? false : nil
    }
}
