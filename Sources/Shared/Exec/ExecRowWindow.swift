/// Runs the row windows of a query without GROUP BY. Per record (after WHERE): every group stores the
/// record in its partition's buffer, then every call writes its result into its slot of the input row,
/// computed over that buffer with the record as the newest row. A query with LEAD holds each row back
/// until `leadDelay` later rows of its partition have arrived (or the input ends), so LEAD sees them.
final class RowWindowRuntime {
    /// A LEAD call: the slot it fills in a held-back row, its offset and the stored column it reads.
    struct LeadFill { var offset: Int; var slot: Int; var column: Int }

    let calls: [RowWindowCall]
    let states: [RowWindowGroupState]
    let leadGroup: Int?
    let leadDelay: Int
    let leads: [LeadFill]
    let rowWidth: Int
    /// Where a held-back row is copied back to be written.
    let emitRow: ExecRow
    private var sequence: Int64 = 0
    /// DENSE_RANK's reusable list of buffer rows.
    private var sortScratch: [Int] = []

    init(plan: RowWindowPlan, rowWidth: Int) {
        calls = plan.calls
        states = plan.groups.map(RowWindowGroupState.init)
        leadGroup = plan.leadGroup
        leadDelay = plan.leadDelay
        leads = plan.calls.compactMap { c in
            if case .lead(let k) = c.function, k > 0 { return LeadFill(offset: k, slot: c.slot, column: c.columns[0]) }
            return nil
        }
        self.rowWidth = rowWidth
        emitRow = ExecRow(count: rowWidth)
    }

    /// Adds the record and computes its window values into `row`. Returns true when the row is complete
    /// (write it now); false when LEAD holds it back, in which case `emit` is called for each held row
    /// that the record completes.
    func add(_ row: ExecRow, star: JSONObject?, timestamp: Int64?, offset: Int64,
             emit: (ExecRow, JSONObject?, Int64?, Int64) throws -> Void) throws -> Bool {
        for s in states { try s.evaluate(row) }
        for (g, s) in states.enumerated() { s.commit(leadDelay: g == leadGroup ? leadDelay : nil, rowWidth: rowWidth) }
        for c in calls { row.slots[c.slot] = try compute(c, row) }
        guard let leadGroup else { return true }
        let state = states[leadGroup]
        let pending = state.current.pending!
        // This record is `count - i` rows after held row i.
        for i in 0..<pending.count {
            let held = pending.at(i)
            let distance = pending.count - i
            for l in leads where l.offset == distance { held.values[l.slot] = state.scratch[l.column] }
        }
        let held = pending.push()
        for i in 0..<rowWidth { held.values[i] = row.slots[i] }
        held.star = star
        held.timestamp = timestamp
        held.offset = offset
        sequence += 1
        held.sequence = sequence
        while pending.count > leadDelay { try write(pending.pop(), emit) }
        return false
    }

    /// The end of the input: rows still waiting for LEAD are written in arrival order, LEAD giving
    /// its default (NULL) where the later row never came.
    func finish(emit: (ExecRow, JSONObject?, Int64?, Int64) throws -> Void) throws {
        guard let leadGroup else { return }
        var held: [PendingRow] = []
        for p in states[leadGroup].partitions.values {
            guard let pending = p.pending else { continue }
            while pending.count > 0 { held.append(pending.pop()) }
        }
        for r in held.sorted(by: { $0.sequence < $1.sequence }) { try write(r, emit) }
    }

    private func write(_ r: PendingRow, _ emit: (ExecRow, JSONObject?, Int64?, Int64) throws -> Void) throws {
        for i in 0..<rowWidth { emitRow.slots[i] = r.values[i] }
        let star = r.star
        r.star = nil
        try emit(emitRow, star, r.timestamp, r.offset)
    }

    // MARK: functions

    private func compute(_ c: RowWindowCall, _ row: ExecRow) throws -> SQLValue {
        let state = states[c.group]
        let p = state.current!
        let n = p.count, cur = n - 1
        switch c.function {
        case .lag(let k):
            if k < n { return p.value(cur - k, c.columns[0]) }
            return try c.fallback?.eval(row) ?? .null
        case .lead(let k):
            if k == 0 { return p.value(cur, c.columns[0]) }
            return try c.fallback?.eval(row) ?? .null  // replaced when the k-th later row arrives
        case .rowNumber:
            return .int(p.seen)
        case .rank:
            return .int(Int64(count(state, p) { $0 < 0 } + 1))
        case .percentRank:
            return .double(n == 1 ? 0 : Double(count(state, p) { $0 < 0 }) / Double(n - 1))
        case .cumeDist:
            return .double(Double(count(state, p) { $0 <= 0 } + 1) / Double(n))
        case .denseRank:
            sortScratch.removeAll(keepingCapacity: true)
            for j in 0..<cur where state.compare(p, j, cur) < 0 { sortScratch.append(j) }
            sortScratch.sort { state.compare(p, $0, $1) < 0 }
            var distinct = 0
            for (i, j) in sortScratch.enumerated() where i == 0 || state.compare(p, sortScratch[i - 1], j) != 0 { distinct += 1 }
            return .int(Int64(distinct + 1))
        case .ntile(let buckets):
            // The current row sorts after its peers (they arrived first): its position among the n rows.
            let position = count(state, p) { $0 <= 0 } + 1
            return .int(Int64(Self.ntile(position: position, rows: n, buckets: buckets)))
        case .firstValue, .lastValue, .nthValue, .aggregate:
            let hi = cur - c.frameEnd
            let lo = max(c.frameStart.map { cur - $0 } ?? 0, 0)
            switch c.function {
            case .firstValue: return hi >= lo ? p.value(lo, c.columns[0]) : .null
            case .lastValue: return hi >= lo ? p.value(hi, c.columns[0]) : .null
            case .nthValue(let m): return lo + m - 1 <= hi ? p.value(lo + m - 1, c.columns[0]) : .null
            case .aggregate(let acc, let arity):
                acc.reset()
                if hi >= lo {
                    switch arity {
                    case 0: for _ in lo...hi { try acc.add(.null) }
                    case 1: for j in lo...hi { try acc.add(p.value(j, c.columns[0])) }
                    default: for j in lo...hi { try acc.add(p.value(j, c.columns[0]), p.value(j, c.columns[1])) }
                    }
                }
                return acc.result()
            default: return .null
            }
        }
    }

    /// How many rows before the current one compare to it as `test` says.
    @inline(__always) private func count(_ state: RowWindowGroupState, _ p: RowWindowPartition, _ test: (Int) -> Bool) -> Int {
        let cur = p.count - 1
        if state.group.orderCount == 0 { return test(0) ? cur : 0 }
        var k = 0
        for j in 0..<cur where test(state.compare(p, j, cur)) { k += 1 }
        return k
    }

    /// SQL's NTILE: `rows` split into `buckets` groups as equal as possible, the larger ones first.
    static func ntile(position: Int, rows: Int, buckets: Int) -> Int {
        let size = rows / buckets, extra = rows % buckets
        let big = extra * (size + 1)
        if position <= big { return (position - 1) / (size + 1) + 1 }
        return extra + (position - 1 - big) / size + 1
    }
}
