import VeloBase
import VeloJSON
import VeloSchema

/// Per-run state of a query's joins. Stream-table: each joined source is read into memory and indexed
/// on its join key before the stream starts; every stream record then looks its key up and the matching
/// row fills that side's slots of the record's row (NULLs for LEFT without a match; INNER drops it).
/// Stream-stream joins run their own loop (`IntervalJoin`).
package final class JoinRuntime {
    package let plan: JoinPlan
    package private(set) var tables: ContiguousArray<JoinTable> = []
    /// Every slot of the FROM side (fields and system columns), to blank it for a table-only row.
    package let mainSlots: [Int]
    /// The FROM record, when `*` writes it.
    package var mainObject: JSONObject?
    /// The FROM record's column names (from its first record), for rows without one.
    package var mainColumns: [String] = []
    package var interval: IntervalJoin?

    package init(plan: JoinPlan, layout: InputLayout) {
        self.plan = plan
        mainSlots = layout.fieldSlots + layout.systemSlots.values.sorted()
    }

    /// Opens every joined source (tables are loaded here, once).
    package func open(_ runtime: ExecRuntime) throws {
        guard let sources = runtime.sources else {
            throw VeloError("this job joins other sources, but none can be opened here", hint: "run it with velo-run", exit: .usage)
        }
        if let side = plan.intervalSide {
            interval = try IntervalJoin(side: side, source: try Self.open(side, sources), join: self, runtime: runtime)
            return
        }
        for side in plan.sides {
            tables.append(
                try JoinTable(
                    side: side, source: try Self.open(side, sources), row: runtime.row, types: runtime.plan.fieldTypes(of: side.name)))
        }
    }

    /// Opens a joined source; a failure names the side ("joined source 'instruments': cannot open …").
    private static func open(_ side: JoinSide, _ sources: any ExecSources) throws -> any RecordSource {
        do {
            return try sources.open(side.name)
        } catch var error as VeloError where !error.diagnostic.message.contains("'\(side.name)'") {
            error.diagnostic.message = "joined source '\(side.name)': " + error.diagnostic.message
            throw error
        }
    }

    /// One stream record: joins it with each table in turn and hands every combined row to `emit`.
    @inline(__always) package func probe(_ row: ExecRow, mainObject: JSONObject?, _ emit: () throws -> Void) throws {
        if plan.mainStar {
            self.mainObject = mainObject
            if mainColumns.isEmpty, let mainObject { mainColumns = mainObject.keys }
        }
        try probe(0, row, emit)
    }

    private func probe(_ k: Int, _ row: ExecRow, _ emit: () throws -> Void) throws {
        if k == tables.count { return try emit() }
        let t = tables[k]
        var matched = false
        if t.indexed {
            if let i = try t.lookup(row) {
                t.fill(row, i)
                if try t.passes(row) {
                    matched = true
                    t.markMatched(i)
                    try probe(k + 1, row, emit)
                }
            }
        } else {
            for i in 0..<t.rowCount {
                t.fill(row, i)
                guard try t.passes(row) else { continue }
                matched = true
                t.markMatched(i)
                try probe(k + 1, row, emit)
            }
        }
        if !matched && t.keepsProbeRows {
            t.fillNull(row)
            try probe(k + 1, row, emit)
        }
    }

    /// RIGHT/FULL: the table rows no stream record matched, with the other sides NULL (at the end of the run).
    package func finish(_ row: ExecRow, _ emit: () throws -> Void) throws {
        guard interval == nil else { return }
        for (k, t) in tables.enumerated() where t.keepsOwnRows {
            for i in t.candidateRows where !t.matched[i] {
                for s in mainSlots { row.slots[s] = .null }
                mainObject = nil
                for (j, other) in tables.enumerated() where j != k { other.fillNull(row) }
                t.fill(row, i)
                try emit()
            }
        }
    }

    /// The record `*` writes: the FROM record's fields, then each starred side's fields whose names are
    /// not taken yet (qualify a column to get both: `i.symbol AS i_symbol`).
    package func star() -> JSONObject? {
        var o = JSONObject()
        if plan.mainStar {
            if let mainObject { o = mainObject } else { for key in mainColumns { o.append(key, .null) } }
        }
        let sideObjects = interval.map { [$0.joinedObject] } ?? tables.map(\.currentObject)
        for (k, side) in plan.sides.enumerated() where side.star {
            let columns = interval?.joinedColumns ?? tables[k].columns
            if let obj = sideObjects[k] {
                for (key, v) in obj where o[key] == nil { o.append(key, v) }
            } else {
                for key in columns where o[key] == nil { o.append(key, .null) }
            }
        }
        return o
    }
}

/// One joined table: its rows, its index on the join key, and which rows were matched (RIGHT/FULL).
package final class JoinTable {
    package let side: JoinSide
    package let table: ExecTable
    /// nil when ON has no equality key (`ON true`, only ranges): every row is a candidate.
    package let index: ExecTableIndex?
    package let probeKeys: ExprList
    /// The single probe key, when there is one (the common case, checked without a loop).
    package let probeKey: ExecExpr?
    package let residual: ExecExpr?
    /// Row slot of each of this side's values, and the table's values row after row (raw memory: the
    /// per-record copy then does no array retains or uniqueness checks).
    package let absolute: UnsafeMutableBufferPointer<Int>
    package let values: UnsafeMutableBufferPointer<SQLValue>
    package let width: Int
    package let rowCount: Int
    package let indexed: Bool
    package let keepsOwnRows: Bool
    package let keepsProbeRows: Bool
    package var keyValues: [SQLValue]
    package var matched: [Bool]
    private var current = -1
    /// The column names `*` writes for this side (from the first record).
    package let columns: [String]

    package init(side: JoinSide, source: any RecordSource, row: ExecRow, types: [String: FieldType] = [:]) throws {
        self.side = side
        table = try ExecTable(source: source, layout: side.local, wantObjects: side.star, types: types)
        absolute = .allocate(capacity: side.absolute.count)
        _ = absolute.initialize(from: side.absolute)
        width = side.absolute.count
        rowCount = table.rows.count
        values = .allocate(capacity: width * rowCount)
        for (i, r) in table.rows.enumerated() { for j in 0..<width { (values.baseAddress! + i * width + j).initialize(to: r[j]) } }
        probeKeys = ExprList(side.probeKeys)
        probeKey = side.probeKeys.count == 1 ? side.probeKeys[0] : nil
        indexed = !side.ownKeys.isEmpty
        keepsOwnRows = side.keepsOwnRows
        keepsProbeRows = side.keepsProbeRows
        residual = side.residual
        keyValues = [SQLValue](repeating: .null, count: side.probeKeys.count)
        matched = side.keepsOwnRows ? [Bool](repeating: false, count: table.rows.count) : []
        columns = table.objects.first?.keys ?? []
        if side.ownKeys.isEmpty {
            index = nil
        } else {
            // The key expressions read this side's slots of the combined row: put each table row there.
            let rows = table.rows, slots = side.absolute, keys = side.ownKeys
            index = try ExecTableIndex(rows: rows.count, width: keys.count) { i, values in
                for j in 0..<slots.count { row.slots[slots[j]] = rows[i][j] }
                for (k, e) in keys.enumerated() { values[k] = try e.eval(row) }
            }
        }
    }

    deinit {
        absolute.deallocate()
        values.deinitialize()
        values.deallocate()
    }

    /// The table row whose key equals the record's (nil: none, or a NULL key).
    /// (Optionals are unwrapped with `!`, not bound: binding one cost a retain and release per record.)
    @inline(__always) package func lookup(_ row: ExecRow) throws -> Int? {
        if index == nil { return nil }
        if probeKey != nil { return index!.find(try probeKey!.eval(row)) }
        for i in 0..<probeKeys.count { keyValues[i] = try probeKeys.eval(i, row) }
        return index!.find(keyValues)
    }

    /// The rows a RIGHT/FULL join can emit unmatched: the latest per key (every row without keys), in file order.
    package var candidateRows: [Int] { index.map { $0.rowIndexes.sorted() } ?? Array(0..<table.rows.count) }

    package var currentObject: JSONObject? { current >= 0 && side.star ? table.objects[current] : nil }

    @inline(__always) package func fill(_ row: ExecRow, _ i: Int) {
        let base = i * width
        for j in 0..<width { row.slots[absolute[j]] = values[base + j] }
        current = i
    }

    package func fillNull(_ row: ExecRow) {
        for s in absolute { row.slots[s] = .null }
        current = -1
    }

    @inline(__always) package func passes(_ row: ExecRow) throws -> Bool {
        if residual == nil { return true }
        return try residual!.eval(row).truth() == true
    }

    @inline(__always) package func markMatched(_ i: Int) {
        if keepsOwnRows { matched[i] = true }
    }
}

extension JoinRuntime {
    /// Remembers the FROM record's column names from its first record (for `*` rows without one).
    package func noteMain(_ object: JSONObject) -> JSONObject {
        if mainColumns.isEmpty { mainColumns = object.keys }
        return object
    }
}
