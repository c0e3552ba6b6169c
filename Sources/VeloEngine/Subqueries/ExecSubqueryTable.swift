import VeloBase
import VeloSQL
import VeloSchema

/// One subquery of a plan: what to read, how to filter it, and how it meets the outer row.
///
/// The inner table is read once before the stream runs (`load`): WHERE conjuncts that do not mention the
/// outer query filter it then, and equalities `inner expr = outer expr` become a hash index on the inner
/// side. Per outer record only the matching rows are visited, and the rest of the WHERE (conjuncts that mix
/// both sides) is evaluated over them with the outer values in `outer`. When nothing but the index key
/// depends on the outer row, each key's answer is computed once and kept.
package final class SubqueryTable {
    package let sourceName: String
    package let span: SQLSpan
    package let layout = InputLayout()
    /// Conjuncts over the inner row only, applied while loading.
    package var filter: ExecExpr?
    /// `inner = outer` pairs: the index key.
    package var innerKeys: [ExecExpr] = []
    package var outerKeys: [ExecExpr] = []
    /// Conjuncts over the inner row and outer values.
    package var residual: ExecExpr?
    /// Outer expressions the residual and the SELECT item read, evaluated over the outer row per record.
    package var outerRefs: [ExecExpr] = []
    package let outer = SubqueryOuterValues()
    /// The SELECT item over the inner row (nil for EXISTS or when it aggregates).
    package var value: ExecExpr?
    /// `SELECT MAX(x) …`: the aggregates, folded over the matching rows, and the item over their results.
    package var aggregated = false
    /// GROUP BY expressions over the inner row (none: one group, present even over no rows).
    package var groupKeys: [ExecExpr] = []
    package var aggregates: [ExecAggregate] = []
    /// The item and HAVING over the group row: keys, then aggregate results.
    package var aggregateResult: ExecExpr?
    package var having: ExecExpr?
    package var distinct = false
    package var limit: Int64?

    package private(set) var rows: [ExecRow] = []
    /// 0..<rows.count, made once: the candidates when there is no index key.
    private var allRows: [Int32] = []
    private var index: [GroupKey: [SubqueryKeyGroup]] = [:]
    private var accumulators: [Accumulator] = []
    private var aggregateRow = ExecRow(count: 0)
    private var uncorrelated: SubqueryValueSet?
    private var noRows: SubqueryValueSet?
    private var keyValues: [SQLValue] = []
    private var loaded = false

    package init(sourceName: String, span: SQLSpan) {
        self.sourceName = sourceName
        self.span = span
    }

    package var isCorrelated: Bool { !outerKeys.isEmpty || !outerRefs.isEmpty }

    // MARK: loading

    /// Reads the table, keeps the rows that pass `filter` and indexes them by the inner key.
    package func load(from sources: (any ExecSources)?, types: [String: FieldType] = [:]) throws {
        guard let sources else {
            throw VeloError(
                "the subquery reads '\(sourceName)', but this run has no way to open it",
                hint: "bind '\(sourceName)' in WITH or pass --input \(sourceName)=FILE", exit: .usage)
        }
        let source = try sources.open(sourceName)
        defer { source.stop() }
        let decoder = RecordDecoder(
            layout: layout, format: source.format, wantObject: false,
            file: source.kind == "file" ? source.label : nil, types: types)
        var record = RawRecord()
        var loadedRows: [ExecRow] = []
        // A keyed topic (a CREATE TABLE with PRIMARY KEY writes one) is a changelog: its table is the latest
        // row per message key, as a compacted topic reads. Records without a key are all kept.
        var rowOfKey: [[UInt8]: Int] = [:]
        while try source.next(&record) {
            let row = ExecRow(count: layout.count)
            do {
                guard try decoder.decode(record, into: row) else { continue }
                fillSystemColumns(row, record)
            } catch let error as RuntimeError {
                throw failure(source, record, error.reason)
            } catch let error as VeloReportable {
                throw error
            } catch {
                throw failure(source, record, "\(error)")
            }
            if let key = record.key.map(Array.init) {
                if let i = rowOfKey[key] {
                    loadedRows[i] = row
                    continue
                }
                rowOfKey[key] = loadedRows.count
            }
            loadedRows.append(row)
        }
        // Filtered after the changelog collapsed: a key's latest row decides, not an earlier one that passed.
        if let filter {
            do {
                loadedRows = try loadedRows.filter { try filter.eval($0).truth() == true }
            } catch let error as RuntimeError {
                throw VeloError(
                    "subquery table '\(sourceName)' (\(source.label)): \(error.reason)",
                    hint: "fix that record, or filter it out in the subquery's WHERE", exit: .invalidInput)
            }
        }
        rows = loadedRows
        allRows = Array(0..<Int32(rows.count))
        accumulators = try aggregates.map { try $0.makeAccumulator() }
        aggregateRow = ExecRow(count: groupKeys.count + aggregates.count)
        if !innerKeys.isEmpty { try buildIndex(source) }
        loaded = true
    }

    private func failure(_ source: any RecordSource, _ record: RawRecord, _ reason: String) -> VeloError {
        VeloError(
            "subquery table '\(sourceName)' (\(source.label)) record \(record.line): \(reason)",
            hint: "fix that record, or filter it out in the subquery's WHERE", exit: .invalidInput)
    }

    private func fillSystemColumns(_ row: ExecRow, _ record: RawRecord) {
        for (column, slot) in layout.systemSlots { row[slot] = record.systemValue(column, arrival: nil) }
    }

    /// Rows whose key has a NULL never match an equality, so they are left out of the index.
    private func buildIndex(_ source: any RecordSource) throws {
        var index: [GroupKey: [SubqueryKeyGroup]] = [:]
        for (i, row) in rows.enumerated() {
            var key: [SQLValue] = []
            key.reserveCapacity(innerKeys.count)
            do {
                for k in innerKeys { key.append(try k.eval(row)) }
            } catch let error as RuntimeError {
                throw VeloError("subquery table '\(sourceName)' (\(source.label)) row \(i + 1): \(error.reason)", exit: .invalidInput)
            }
            if key.contains(where: \.isNull) { continue }
            let hash = GroupKey(key.map(SubqueryMatch.key))
            var groups = index[hash, default: []]
            if let g = groups.first(where: { $0.key.elementsEqual(key, by: SQLValue.isNotDistinct) }) {
                g.rows.append(Int32(i))
            } else {
                groups.append(SubqueryKeyGroup(key: key, row: Int32(i)))
            }
            index[hash] = groups
        }
        self.index = index
    }

    // MARK: answering

    /// What the subquery returns for this outer row: its values (one per result row; NULLs for EXISTS).
    package func answer(_ outerRow: ExecRow) throws -> SubqueryValueSet {
        if !isCorrelated {
            if let uncorrelated { return uncorrelated }
            let all = try compute(allRows)
            uncorrelated = all
            return all
        }
        if !outerRefs.isEmpty { try outer.fill(outerRefs, outerRow) }
        guard !outerKeys.isEmpty else { return try compute(allRows) }
        switch try match(outerRow) {
        case .none: return try empty()
        case .rows(let rows): return try compute(rows)
        case .group(let group):
            guard outerRefs.isEmpty else { return try compute(group.rows) }
            // Only the key depends on the outer row: the answer is the group's, every time.
            if let cached = group.answer { return cached }
            let a = try compute(group.rows)
            group.answer = a
            return a
        }
    }

    /// EXISTS: when the answer cannot be kept, stops at the first matching row instead of building it.
    package func hasRows(_ outerRow: ExecRow) throws -> Bool {
        if aggregated || outerRefs.isEmpty || (limit ?? 1) <= 0 { return try !answer(outerRow).isEmpty }
        try outer.fill(outerRefs, outerRow)
        if outerKeys.isEmpty { return try anyPasses(allRows) }
        switch try match(outerRow) {
        case .none: return false
        case .rows(let rows): return try anyPasses(rows)
        case .group(let group): return try anyPasses(group.rows)
        }
    }

    private func anyPasses(_ candidates: [Int32]) throws -> Bool {
        guard let residual else { return !candidates.isEmpty }
        for i in candidates where try residual.eval(rows[Int(i)]).truth() == true { return true }
        return false
    }

    private enum Match {
        case none
        /// One exact key value matched (the usual case).
        case group(SubqueryKeyGroup)
        /// Several key values that `=` all equals ('1' and 1.0 for the outer 1), merged in table order.
        case rows([Int32])
    }

    /// The index entries whose key equals the outer row's key; none when a key part is NULL.
    private func match(_ outerRow: ExecRow) throws -> Match {
        if outerKeys.count == 1 {
            // One key column, one exact value under its hash: the usual case, without building arrays.
            let v = try outerKeys[0].eval(outerRow)
            if v.isNull { return .none }
            guard let groups = index[.one(SubqueryMatch.key(v))] else { return .none }
            if groups.count == 1 { return SubqueryMatch.equal(v, groups[0].key[0]) ? .group(groups[0]) : .none }
        }
        keyValues.removeAll(keepingCapacity: true)
        for k in outerKeys {
            let v = try k.eval(outerRow)
            if v.isNull { return .none }
            keyValues.append(v)
        }
        // One key column is the common case: no array for the hash key.
        let hash = keyValues.count == 1 ? GroupKey.one(SubqueryMatch.key(keyValues[0])) : GroupKey(keyValues.map(SubqueryMatch.key))
        guard let groups = index[hash] else { return .none }
        var matched: SubqueryKeyGroup?
        var more: [Int32] = []
        for g in groups where zip(g.key, keyValues).allSatisfy({ SubqueryMatch.equal($0, $1) }) {
            if let first = matched {
                if more.isEmpty { more = first.rows }
                more += g.rows
            } else {
                matched = g
            }
        }
        guard let matched else { return .none }
        return more.isEmpty ? .group(matched) : .rows(more.sorted())
    }

    private func empty() throws -> SubqueryValueSet {
        if outerRefs.isEmpty, let noRows { return noRows }
        let a = try compute([])
        if outerRefs.isEmpty { noRows = a }
        return a
    }

    /// The result rows over the given candidate rows (in table order).
    private func compute(_ candidates: [Int32]) throws -> SubqueryValueSet {
        precondition(loaded, "subquery table '\(sourceName)' used before it was loaded")
        if let limit, limit <= 0 { return SubqueryValueSet([]) }
        if aggregated { return try computeGroups(candidates) }
        var values: [SQLValue] = []
        for i in candidates {
            let row = rows[Int(i)]
            if let residual, try residual.eval(row).truth() != true { continue }
            let v = try value?.eval(row) ?? .null
            if distinct && values.contains(where: { SQLValue.isNotDistinct($0, v) }) { continue }
            values.append(v)
            if let limit, values.count >= limit { break }
        }
        return SubqueryValueSet(values)
    }

    /// Aggregates over the candidates, per GROUP BY group in first-seen order; HAVING drops groups.
    private func computeGroups(_ candidates: [Int32]) throws -> SubqueryValueSet {
        var order: [GroupKey] = []
        var groups: [GroupKey: [Accumulator]] = [:]
        if groupKeys.isEmpty {
            for a in accumulators { a.reset() }
            order = [.none]
            groups[.none] = accumulators
        }
        var keyValues: [SQLValue] = []
        for i in candidates {
            let row = rows[Int(i)]
            if let residual, try residual.eval(row).truth() != true { continue }
            var accs = accumulators
            if !groupKeys.isEmpty {
                keyValues.removeAll(keepingCapacity: true)
                for k in groupKeys { keyValues.append(try k.eval(row)) }
                let key = GroupKey(keyValues)
                if let existing = groups[key] {
                    accs = existing
                } else {
                    accs = accumulators.map { $0.makeEmpty() }
                    groups[key] = accs
                    order.append(key)
                }
            }
            for (k, aggregate) in aggregates.enumerated() {
                switch aggregate.args.count {
                case 0: try accs[k].add(.null)
                case 1: try accs[k].add(try aggregate.args[0].eval(row))
                default: try accs[k].add(try aggregate.args[0].eval(row), try aggregate.args[1].eval(row))
                }
            }
        }
        var values: [SQLValue] = []
        for key in order {
            for (k, v) in key.values.enumerated() { aggregateRow[k] = v }
            for (k, a) in groups[key]!.enumerated() { aggregateRow[groupKeys.count + k] = a.result() }
            if let having, try having.eval(aggregateRow).truth() != true { continue }
            let v = try aggregateResult!.eval(aggregateRow)
            if distinct && values.contains(where: { SQLValue.isNotDistinct($0, v) }) { continue }
            values.append(v)
            if let limit, values.count >= limit { break }
        }
        return SubqueryValueSet(values)
    }
}

/// The inner rows sharing one exact key value (rows whose keys only share a hash bucket are kept apart).
package final class SubqueryKeyGroup {
    package let key: [SQLValue]
    package var rows: [Int32]
    /// The group's answer, when it depends on nothing but the key.
    package var answer: SubqueryValueSet?

    package init(key: [SQLValue], row: Int32) {
        self.key = key
        rows = [row]
    }
}

/// The outer row's values a correlated subquery reads, set once per outer record.
package final class SubqueryOuterValues {
    package var values = ContiguousArray<SQLValue>()

    package func fill(_ exprs: [ExecExpr], _ row: ExecRow) throws {
        if values.count != exprs.count { values = ContiguousArray(repeating: .null, count: exprs.count) }
        for (i, e) in exprs.enumerated() { values[i] = try e.eval(row) }
    }
}

/// An outer column inside a subquery.
package final class SubqueryOuterExpr: ExecExpr {
    package let outer: SubqueryOuterValues
    package let index: Int
    package init(_ outer: SubqueryOuterValues, _ index: Int) { self.outer = outer; self.index = index }
    package override func eval(_ row: ExecRow) throws -> SQLValue { outer.values[index] }
}
