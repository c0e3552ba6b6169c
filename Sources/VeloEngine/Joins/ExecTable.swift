import VeloBase
import VeloJSON
import VeloSchema

/// A named source read to its end into memory: per record, the values of the fields `layout` names (in
/// its slot order), and the whole record when `*` needs it. Reusable by anything that looks rows up
/// (joins, IN/EXISTS subqueries); `ExecTableIndex` finds rows by key.
package final class ExecTable {
    package let name: String
    /// Where it came from, for messages.
    package let label: String
    package private(set) var rows: [ContiguousArray<SQLValue>] = []
    /// The whole records (only when asked for).
    package private(set) var objects: [JSONObject] = []

    /// Reads `source` to its end. A record that is not valid JSON stops the load with its file:line:column.
    /// `types`: the source's schema field types (`--schemas`), as the FROM source's decoder takes them.
    package init(source: any RecordSource, layout: InputLayout, wantObjects: Bool, types: [String: FieldType] = [:]) throws {
        name = source.name
        label = source.label
        let decoder = RecordDecoder(
            layout: layout, format: source.format, wantObject: wantObjects,
            file: source.kind == "file" ? source.label : nil, types: types)
        let row = ExecRow(count: layout.count)
        var record = RawRecord()
        while try source.next(&record) {
            do {
                guard try decoder.decode(record, into: row) else { continue }
            } catch let error as RuntimeError {
                throw VeloError(
                    "table '\(name)' (\(label)) record \(record.offset): \(error.reason)",
                    hint: "each record of a joined table must be a JSON object or a CSV row", exit: .invalidInput)
            }
            for (column, slot) in layout.systemSlots { row.slots[slot] = record.systemValue(column, arrival: nil) }
            rows.append(ContiguousArray(row.slots))
            if wantObjects { objects.append(decoder.object) }
        }
    }
}

/// Rows of a table by key. Table semantics: when several rows share a key, the last one read wins (a
/// file or topic of updates reads as the latest value per key). Rows with a NULL key are not indexed.
/// A class, so a lookup per record retains one reference rather than copying two dictionaries.
package final class ExecTableIndex {
    private let single: [SQLValue: Int32]
    private let multi: [[SQLValue]: Int32]
    package let width: Int

    /// `key(i, &values)` fills row i's key values; the index normalizes them (`JoinKey`).
    package init(rows: Int, width: Int, key: (Int, inout [SQLValue]) throws -> Void) rethrows {
        self.width = width
        var single: [SQLValue: Int32] = [:]
        var multi: [[SQLValue]: Int32] = [:]
        var values = [SQLValue](repeating: .null, count: width)
        for i in 0..<rows {
            try key(i, &values)
            if width == 1 {
                guard let k = JoinKey.normalize(values[0]) else { continue }
                single[k] = Int32(i)
            } else {
                var normalized: [SQLValue] = []
                normalized.reserveCapacity(width)
                for v in values { guard let k = JoinKey.normalize(v) else { break }; normalized.append(k) }
                if normalized.count == width { multi[normalized] = Int32(i) }
            }
        }
        self.single = single
        self.multi = multi
    }

    /// The number of distinct keys.
    package var count: Int { width == 1 ? single.count : multi.count }

    /// Every indexed row (the survivors of "latest per key").
    package var rowIndexes: [Int] { width == 1 ? single.values.map(Int.init) : multi.values.map(Int.init) }

    @inline(__always) package func find(_ value: SQLValue) -> Int? {
        guard let k = JoinKey.normalize(value), let i = single[k] else { return nil }
        return Int(i)
    }

    package func find(_ values: [SQLValue]) -> Int? {
        var normalized: [SQLValue] = []
        normalized.reserveCapacity(values.count)
        for v in values { guard let k = JoinKey.normalize(v) else { return nil }; normalized.append(k) }
        return multi[normalized].map(Int.init)
    }
}

/// How join keys compare across sides, the way a user expects of a CSV table joined to JSON records:
/// NULL matches nothing; numbers match by value (1 = 1.0 = DECIMAL 1.00); a string that reads as a number
/// in full matches that number ("1" = 1, " 1" does not); timestamps match their epoch milliseconds;
/// other strings match exactly (case and spaces count); booleans match booleans.
package enum JoinKey {
    @inline(__always) package static func normalize(_ v: SQLValue) -> SQLValue? {
        switch v {
        case .null: return nil
        case .int: return v
        case .string(let s):
            guard let first = s.utf8.first,
                first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                    || (first >= 48 && first <= 57)
            else { return v }
            if let i = Int64(s) { return .int(i) }
            if let last = s.utf8.last, last == UInt8(ascii: ".") || (last >= 48 && last <= 57), let d = Double(s), d.isFinite {
                return number(d)
            }
            return v
        case .double(let d): return number(d)
        case .decimal(let d): return d.exactInt.map { .int($0) } ?? number(d.doubleValue)
        case .timestamp(let t): return .int(t)
        default: return v
        }
    }

    private static func number(_ d: Double) -> SQLValue {
        if d == d.rounded(), abs(d) < 9.2e18 { return .int(Int64(d)) }
        return .double(d)
    }
}
