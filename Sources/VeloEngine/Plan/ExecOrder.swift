import VeloSQL

/// `ORDER BY` (docs/sql-reference.md, "ORDER BY"). A stream has no end to sort at, so the rows sorted are
/// those written together: each fired window's rows for a windowed query with EMIT FINAL (windows stay in
/// end order), else the whole output when the input ends (a bounded run, or Ctrl+C / `@timeout` with
/// `--follow`). The keys are output columns: an alias or name, a position (`ORDER BY 2`), the same
/// expression as a SELECT item, or a field of `*`.
package struct ExecOrder {
    package enum Key: Equatable {
        case output(Int)
        /// A field of the record written by `SELECT *`.
        case starField(String)
    }

    package let keys: [Key]
    package let descending: [Bool]
    /// Sort each fired window's rows (windowed, EMIT FINAL) instead of the whole output at the end.
    package let perWindow: Bool

    /// - Parameters:
    ///   - outputExprs: the SELECT items' expressions, in output order (nil for `*`).
    package static func make(
        _ items: [SQLOrderItem], outputNames: [String], outputExprs: [SQLExpr], selectAll: Bool,
        perWindow: Bool
    ) throws -> ExecOrder {
        let texts = outputExprs.map(ExecPlan.text)
        var keys: [Key] = []
        for item in items {
            let e = item.expr
            if case .literal(.integer(let text)) = e.kind {
                guard !selectAll, let n = Int(text), (1...outputNames.count).contains(n) else {
                    throw SQLIssue.error(
                        "ORDER BY \(text) is not a column position of the output", at: e.span,
                        hint: selectAll ? "with SELECT * order by a name" : "positions run from 1 to \(outputNames.count)")
                }
                keys.append(.output(n - 1))
                continue
            }
            if case .column(nil, let name) = e.kind {
                if let i = outputNames.firstIndex(where: { $0.lowercased() == name.value.lowercased() }) {
                    keys.append(.output(i))
                    continue
                }
            }
            if let i = texts.firstIndex(of: ExecPlan.text(e)) {
                keys.append(.output(i))
                continue
            }
            if selectAll, case .column(_, let name) = e.kind {
                keys.append(.starField(name.value))
                continue
            }
            throw SQLIssue.error(
                "ORDER BY can only use the query's output columns", at: e.span,
                hint: "add it to the SELECT list (`… AS name`) and order by that name")
        }
        return ExecOrder(keys: keys, descending: items.map(\.descending), perWindow: perWindow)
    }

    /// The record's sort keys.
    package func values(_ record: OutputRecord) -> [SQLValue] {
        keys.map { key in
            switch key {
            case .output(let i): return record.values[i]
            case .starField(let name): return record.star?[name].map(SQLValue.init) ?? .null
            }
        }
    }

    /// Sort order of two key lists: NULL is the smallest value, as in row windows.
    package func inOrder(_ a: [SQLValue], _ b: [SQLValue]) -> Bool {
        for k in 0..<keys.count {
            var c = SQLValue.orderedCompare(a[k], b[k])
            if descending[k] { c = -c }
            if c != 0 { return c < 0 }
        }
        return false
    }
}

/// Holds rows back and writes them sorted (`ExecOrder`) to the sink it wraps: at `flush` (after windows
/// fire) and at `finish`. With LIMIT it keeps only the first `limit` rows of the order, so memory stays
/// bounded for top-N queries.
package final class SortingSink: RecordSink {
    package let inner: any RecordSink
    package let order: ExecOrder
    package let limit: Int64?
    /// Rows waiting, with their keys and arrival number (ties keep arrival order).
    private var pending: [(keys: [SQLValue], seq: Int, record: OutputRecord)] = []
    private var seq = 0

    package init(_ inner: any RecordSink, order: ExecOrder, limit: Int64?) {
        self.inner = inner
        self.order = order
        self.limit = limit
    }

    package var name: String { inner.name }
    package var kind: String { inner.kind }
    /// Rows written to the wrapped sink (rows held back are not counted until they are written).
    package var records: Int64 { inner.records }

    package func write(_ record: OutputRecord) throws {
        pending.append((order.values(record), seq, record))
        seq += 1
        if let limit, pending.count >= max(1024, 2 * Int(clamping: limit)) { trim(to: Int(clamping: limit)) }
    }

    /// Writes the rows held so far, sorted (up to the limit), and forgets them.
    package func flush() throws {
        guard !pending.isEmpty else { return }
        sort()
        for row in pending {
            if let limit, inner.records >= limit { break }
            try inner.write(row.record)
        }
        pending.removeAll(keepingCapacity: true)
    }

    package func finish() throws {
        try flush()
        try inner.finish()
    }

    package func abort() { inner.abort() }

    private func sort() {
        pending.sort { a, b in
            if order.inOrder(a.keys, b.keys) { return true }
            if order.inOrder(b.keys, a.keys) { return false }
            return a.seq < b.seq
        }
    }

    /// Keeps the first `n` rows of the order still to be written.
    private func trim(to n: Int) {
        sort()
        let room = max(0, n - Int(clamping: inner.records))
        if pending.count > room { pending.removeSubrange(room...) }
    }
}
