import VeloJSON

/// Runs the row windows of a query without GROUP BY. Per record (after WHERE): every group stores the
/// record in its partition's buffer, then every call writes its result into its slot of the input row,
/// computed over that buffer with the record as the newest row. A query with LEAD holds each row back
/// until `leadDelay` later rows of its partition have arrived (or the input ends), so LEAD sees them.
package final class RowWindowRuntime {
    /// A LEAD call: the slot it fills in a held-back row, its offset and the stored column it reads.
    package struct LeadFill { package var offset: Int64; package var slot: Int; package var column: Int }
    package typealias Emit = (ExecRow, JSONObject?, Int64?, Int64) throws -> Void

    package let states: [RowWindowGroupState]
    package let leadGroup: Int?
    package let leadDelay: Int
    package let leads: ContiguousArray<LeadFill>
    package let rowWidth: Int
    /// `states` without a retain per use (`states` keeps them alive).
    private let refs: ContiguousArray<Unmanaged<RowWindowGroupState>>
    private var sequence: Int64 = 0

    package init(plan: RowWindowPlan, rowWidth: Int) {
        states = plan.groups.indices.map { g in RowWindowGroupState(plan.groups[g], calls: plan.calls.filter { $0.group == g }) }
        leadGroup = plan.leadGroup
        leadDelay = plan.leadDelay
        leads = ContiguousArray(
            plan.calls.compactMap { c in
                if case .lead(let k) = c.function, k > 0 { return LeadFill(offset: Int64(k), slot: c.slot, column: c.columns[0]) }
                return nil
            })
        self.rowWidth = rowWidth
        refs = ContiguousArray(states.map { Unmanaged.passUnretained($0) })
    }

    @inline(__always) private func forEachState(_ body: (RowWindowGroupState) throws -> Void) rethrows {
        for r in refs { try r._withUnsafeGuaranteedRef(body) }
    }

    /// Adds the record and computes its window values into `row`. Returns true when the row is complete
    /// (write it now); false when LEAD holds it back. `emit` gets each held row this record completes.
    package func add(_ row: ExecRow, star: JSONObject?, timestamp: Int64?, offset: Int64, emit: Emit) throws -> Bool {
        try forEachState { try $0.evaluate(row) }
        guard let leadGroup else {
            forEachState { $0.commit(leadDelay: nil, rowWidth: rowWidth) }
            try forEachState { try $0.compute(row) }
            return true
        }
        for g in 0..<refs.count { refs[g]._withUnsafeGuaranteedRef { $0.commit(leadDelay: g == leadGroup ? leadDelay : nil, rowWidth: rowWidth) } }
        // Held rows take this record's value for each LEAD that reaches exactly this far; the ones it
        // completes are written before anything here can fail.
        let state = states[leadGroup]
        let p = state.current
        let pending = p.pending!
        for i in 0..<pending.count {
            let held = pending.at(i)
            let distance = p.seen - held.position
            for l in leads where l.offset == distance { held.row.slots[l.slot] = state.scratch[l.column] }
        }
        try release(pending, seen: p.seen, emit)
        try forEachState { try $0.compute(row) }
        let held = pending.push()
        for i in 0..<rowWidth { held.row.slots[i] = row.slots[i] }
        held.star = star
        held.timestamp = timestamp
        held.offset = offset
        held.position = p.seen
        sequence += 1
        held.sequence = sequence
        try release(pending, seen: p.seen, emit)
        return false
    }

    private func release(_ pending: RowWindowPending, seen: Int64, _ emit: Emit) throws {
        while pending.count > 0 && seen - pending.at(0).position >= Int64(leadDelay) { try write(pending.pop(), emit) }
    }

    /// The end of the input: rows still waiting for LEAD are written in arrival order, LEAD giving
    /// its default (NULL) where the later row never came.
    package func finish(emit: Emit) throws {
        guard let leadGroup else { return }
        var held: [PendingRow] = []
        for p in states[leadGroup].partitions.values {
            guard let pending = p.pending else { continue }
            while pending.count > 0 { held.append(pending.pop()) }
        }
        for r in held.sorted(by: { $0.sequence < $1.sequence }) { try write(r, emit) }
    }

    private func write(_ r: PendingRow, _ emit: Emit) throws {
        let star = r.star
        r.star = nil
        try emit(r.row, star, r.timestamp, r.offset)
    }
}

extension RowWindowGroupState {
    /// Every call of the group, over the current record's partition, into `row`.
    @inline(__always) package func compute(_ row: ExecRow) throws {
        let p = current
        for i in 0..<ops.count {
            let op = ops[i]
            row.slots[op.slot] = try value(op, p, row)
        }
    }

    private func value(_ op: RowWindowOp, _ p: RowWindowPartition, _ row: ExecRow) throws -> SQLValue {
        let n = p.count, cur = n - 1
        switch op.kind {
        case .lag:
            if op.n < n { return p.value(cur - op.n, op.column0) }
            return op.extra >= 0 ? try fallbacks.eval(op.extra, row) : .null
        case .lead:
            if op.n == 0 { return p.value(cur, op.column0) }
            return op.extra >= 0 ? try fallbacks.eval(op.extra, row) : .null // replaced when the later row arrives
        case .rowNumber:
            return .int(p.seen)
        case .rank:
            return .int(Int64(before(p, orEqual: false) + 1))
        case .percentRank:
            return .double(n == 1 ? 0 : Double(before(p, orEqual: false)) / Double(n - 1))
        case .cumeDist:
            return .double(Double(before(p, orEqual: true) + 1) / Double(n))
        case .denseRank:
            sortScratch.removeAll(keepingCapacity: true)
            for j in 0..<cur where compare(p, j, cur) < 0 { sortScratch.append(j) }
            sortScratch.sort { compare(p, $0, $1) < 0 }
            var distinct = 0
            for i in sortScratch.indices where i == 0 || compare(p, sortScratch[i - 1], sortScratch[i]) != 0 { distinct += 1 }
            return .int(Int64(distinct + 1))
        case .ntile:
            // The current row sorts after its peers (they arrived first): its position among the n rows.
            return .int(Int64(Self.ntile(position: before(p, orEqual: true) + 1, rows: n, buckets: op.n)))
        case .running:
            let acc = p.running[op.extra]
            switch op.n {
            case 0: try acc.add(.null)
            case 1: try acc.add(p.value(cur, op.column0))
            default: try acc.add(p.value(cur, op.column0), p.value(cur, op.column1))
            }
            return acc.result()
        case .firstValue, .lastValue, .nthValue, .aggregate:
            if op.rangeBack >= 0 { return try rangeValue(op, p) }
            let hi = cur - op.frameEnd
            let lo = op.frameStart < 0 ? 0 : max(cur - op.frameStart, 0)
            switch op.kind {
            case .firstValue: return hi >= lo ? p.value(lo, op.column0) : .null
            case .lastValue: return hi >= lo ? p.value(hi, op.column0) : .null
            case .nthValue: return lo + op.n - 1 <= hi ? p.value(lo + op.n - 1, op.column0) : .null
            default: return try aggregate(op, p, lo, hi)
            }
        }
    }

    private func aggregate(_ op: RowWindowOp, _ p: RowWindowPartition, _ lo: Int, _ hi: Int) throws -> SQLValue {
        let acc = accumulators[op.extra]
        acc.reset()
        if hi >= lo {
            switch op.n {
            case 0: for _ in lo...hi { try acc.add(.null) }
            case 1: for j in lo...hi { try acc.add(p.value(j, op.column0)) }
            default: for j in lo...hi { try acc.add(p.value(j, op.column0), p.value(j, op.column1)) }
            }
        }
        return acc.result()
    }

    /// A call over a RANGE frame by time: the buffered rows whose ORDER BY time is within
    /// [current − back, current + ahead] (reversed for DESC), in arrival order.
    private func rangeValue(_ op: RowWindowOp, _ p: RowWindowPartition) throws -> SQLValue {
        let cur = p.count - 1
        let now = Self.millis(p.value(cur, 0))
        sortScratch.removeAll(keepingCapacity: true)
        for j in 0...cur {
            guard let t = Self.millis(p.value(j, 0)), let now else {
                if Self.millis(p.value(j, 0)) == nil && now == nil { sortScratch.append(j) } // NULL keys are peers
                continue
            }
            let (d, overflow) = now.subtractingReportingOverflow(t)
            if overflow { continue }
            let back = descending[0] ? -d : d
            if back <= op.rangeBack && -back <= op.rangeAhead { sortScratch.append(j) }
        }
        switch op.kind {
        case .firstValue: return sortScratch.first.map { p.value($0, op.column0) } ?? .null
        case .lastValue: return sortScratch.last.map { p.value($0, op.column0) } ?? .null
        case .nthValue: return op.n <= sortScratch.count ? p.value(sortScratch[op.n - 1], op.column0) : .null
        default:
            let acc = accumulators[op.extra]
            acc.reset()
            for j in sortScratch {
                switch op.n {
                case 0: try acc.add(.null)
                case 1: try acc.add(p.value(j, op.column0))
                default: try acc.add(p.value(j, op.column0), p.value(j, op.column1))
                }
            }
            return acc.result()
        }
    }

    /// An ORDER BY key as epoch milliseconds (DATE as its midnight); nil for NULL and non-times.
    @inline(__always) static func millis(_ v: SQLValue) -> Int64? {
        switch v {
        case .int(let i), .timestamp(let i): return i
        case .double(let d) where d.isFinite && abs(d) < 9.2e18: return Int64(d)
        case .decimal(let d): return abs(d.doubleValue) < 9.2e18 ? Int64(d.doubleValue) : nil
        case .date(let days): return Int64(days) * 86_400_000
        default: return nil
        }
    }

    /// How many rows before the current one sort before it (or are its peers, with `orEqual`).
    @inline(__always) private func before(_ p: RowWindowPartition, orEqual: Bool) -> Int {
        let cur = p.count - 1
        if orderCount == 0 { return orEqual ? cur : 0 }
        var k = 0
        for j in 0..<cur {
            let c = compare(p, j, cur)
            if c < 0 || (orEqual && c == 0) { k += 1 }
        }
        return k
    }

    /// SQL's NTILE: `rows` split into `buckets` groups as equal as possible, the larger ones first.
    package static func ntile(position: Int, rows: Int, buckets: Int) -> Int {
        let size = rows / buckets, extra = rows % buckets
        let big = extra * (size + 1)
        if position <= big { return (position - 1) / (size + 1) + 1 }
        return extra + (position - 1 - big) / size + 1
    }
}
