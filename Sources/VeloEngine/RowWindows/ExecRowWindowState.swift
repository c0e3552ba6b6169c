import VeloJSON

/// One partition's buffer: its last `capacity` rows, `width` values each, in a ring that grows up to the
/// capacity and then overwrites the oldest row. Rows are numbered 0 (oldest) … count − 1 (current).
/// Raw memory, like `ExecRow`: reading a value needs no retain of an array buffer.
package final class RowWindowPartition {
    package let capacity: Int
    package let width: Int
    private var values: UnsafeMutablePointer<SQLValue>
    private var allocatedRows = 0
    package private(set) var head = 0
    package private(set) var count = 0
    /// Rows the partition has seen (ROW_NUMBER; LEAD's distances).
    package private(set) var seen: Int64 = 0
    /// Rows held back by LEAD (only in the LEAD group's partitions).
    package let pending: RowWindowPending?
    /// The partition's running aggregates (`ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW` without a buffer).
    package let running: [Accumulator]

    package init(capacity: Int, width: Int, pending: RowWindowPending?, running: [Accumulator] = []) {
        self.capacity = capacity
        self.width = width
        self.pending = pending
        self.running = running
        values = .allocate(capacity: 0)
    }

    deinit {
        values.deinitialize(count: count * width)
        values.deallocate()
    }

    @inline(__always) package func value(_ row: Int, _ column: Int) -> SQLValue {
        var p = head + row
        if p >= capacity { p -= capacity }
        return values[p * width + column]
    }

    @inline(__always) package func append(_ row: UnsafeMutablePointer<SQLValue>) {
        seen += 1
        if count < capacity {
            if count == allocatedRows { grow() }
            let base = values + count * width
            for c in 0..<width { (base + c).initialize(to: row[c]) }
            count += 1
        } else {
            // A loop of plain assignments: `update(from:count:)` goes through a generic array witness.
            let base = values + head * width
            for c in 0..<width { base[c] = row[c] }
            head += 1
            if head == capacity { head = 0 }
        }
    }

    /// Doubles the memory up to the capacity (the ring has not wrapped yet, so rows are in order).
    private func grow() {
        let rows = min(capacity, max(4, allocatedRows * 2))
        let bigger = UnsafeMutablePointer<SQLValue>.allocate(capacity: rows * width)
        bigger.moveInitialize(from: values, count: count * width)
        values.deallocate()
        values = bigger
        allocatedRows = rows
    }
}

/// An output row waiting for LEAD's later rows: a copy of the input row (window results included),
/// with what the sink needs.
package final class PendingRow {
    package let row: ExecRow
    package var star: JSONObject?
    package var timestamp: Int64?
    package var offset: Int64 = 0
    /// Its number in its partition (`RowWindowPartition.seen` when it arrived) and in the whole input.
    package var position: Int64 = 0
    package var sequence: Int64 = 0

    package init(width: Int) { row = ExecRow(count: width) }
}

/// A partition's rows waiting for LEAD, oldest first: at most `delay + 1`, preallocated.
package final class RowWindowPending {
    package let rows: [PendingRow]
    package private(set) var head = 0
    package private(set) var count = 0

    package init(delay: Int, width: Int) { rows = (0...delay).map { _ in PendingRow(width: width) } }

    @inline(__always) package func at(_ i: Int) -> PendingRow { rows[(head + i) % rows.count] }

    package func push() -> PendingRow {
        let r = at(count)
        count += 1
        return r
    }

    package func pop() -> PendingRow {
        let r = rows[head]
        head = (head + 1) % rows.count
        count -= 1
        return r
    }
}

/// A window call flattened for the per-record loop: plain values only, so reading one retains nothing.
package struct RowWindowOp {
    package enum Kind: UInt8 {
        case lag, lead, rowNumber, rank, denseRank, percentRank, cumeDist, ntile, firstValue, lastValue, nthValue, aggregate, running
    }
    package var kind: Kind
    /// LAG/LEAD offset, NTILE buckets, NTH_VALUE position, an aggregate's number of arguments.
    package var n: Int
    package var column0: Int
    package var column1: Int
    /// Frame as rows back from the current row; `frameStart` −1 is the oldest buffered row.
    package var frameStart: Int
    package var frameEnd: Int
    /// A RANGE frame by time (ms back and ahead of the current row's ORDER BY key); `rangeBack` −1 for none.
    package var rangeBack: Int64
    package var rangeAhead: Int64
    package var slot: Int
    /// The aggregate's accumulator, or LAG/LEAD's default expression; −1 for none.
    package var extra: Int
}

/// A group's partitions by PARTITION BY key, its calls, and the values of the record being processed.
package final class RowWindowGroupState {
    package let bufferRows: Int
    package let width: Int
    package let orderCount: Int
    package let descending: ContiguousArray<Bool>
    package let columns: ExprList
    package let partitionExprs: ExprList
    package let ops: ContiguousArray<RowWindowOp>
    package let accumulators: [Accumulator]
    /// What each new partition copies for its running aggregates.
    package let runningPrototypes: [Accumulator]
    package let fallbacks: ExprList
    package var partitions: [GroupKey: RowWindowPartition] = [:]
    /// The current record's column values, its key and its partition.
    package let scratch: UnsafeMutablePointer<SQLValue>
    package var key: GroupKey = .none
    /// Not retained: `partitions` owns every partition (a retain and release per record showed in profiles).
    package unowned(unsafe) var current: RowWindowPartition
    private let placeholder: RowWindowPartition
    /// DENSE_RANK's reusable list of buffer rows.
    package var sortScratch: [Int] = []

    package init(_ group: RowWindowGroup, calls: [RowWindowCall]) {
        bufferRows = group.bufferRows
        width = group.columns.count
        orderCount = group.orderCount
        descending = ContiguousArray(group.descending)
        columns = ExprList(group.columns)
        partitionExprs = ExprList(group.partition)
        placeholder = RowWindowPartition(capacity: 1, width: 0, pending: nil)
        current = placeholder
        scratch = .allocate(capacity: width)
        scratch.initialize(repeating: .null, count: width)
        var ops = ContiguousArray<RowWindowOp>()
        var accumulators: [Accumulator] = []
        var running: [Accumulator] = []
        var fallbacks: [ExecExpr] = []
        for c in calls {
            var op = RowWindowOp(
                kind: .rowNumber, n: 0, column0: c.columns.first ?? 0, column1: c.columns.count > 1 ? c.columns[1] : 0,
                frameStart: c.frameStart ?? -1, frameEnd: c.frameEnd, rangeBack: c.range?.back ?? -1,
                rangeAhead: c.range?.ahead ?? 0, slot: c.slot, extra: -1)
            switch c.function {
            case .lag(let k): op.kind = .lag; op.n = k
            case .lead(let k): op.kind = .lead; op.n = k
            case .rowNumber: op.kind = .rowNumber
            case .rank: op.kind = .rank
            case .denseRank: op.kind = .denseRank
            case .percentRank: op.kind = .percentRank
            case .cumeDist: op.kind = .cumeDist
            case .ntile(let b): op.kind = .ntile; op.n = b
            case .firstValue: op.kind = .firstValue
            case .lastValue: op.kind = .lastValue
            case .nthValue(let m): op.kind = .nthValue; op.n = m
            case .aggregate(let acc, let arity):
                op.kind = .aggregate; op.n = arity; op.extra = accumulators.count
                accumulators.append(acc)
            case .running(let acc, let arity):
                op.kind = .running; op.n = arity; op.extra = running.count
                running.append(acc)
            }
            if let f = c.fallback { op.extra = fallbacks.count; fallbacks.append(f) }
            ops.append(op)
        }
        self.ops = ops
        self.accumulators = accumulators
        runningPrototypes = running
        self.fallbacks = ExprList(fallbacks)
    }

    deinit {
        scratch.deinitialize(count: width)
        scratch.deallocate()
    }

    /// Evaluates the record's key and columns without touching the buffers (a failure leaves them as they were).
    @inline(__always) package func evaluate(_ row: ExecRow) throws {
        switch partitionExprs.count {
        case 0: key = .none
        case 1: key = .one(try partitionExprs.eval(0, row))
        default: key = .many(try (0..<partitionExprs.count).map { try partitionExprs.eval($0, row) })
        }
        for c in 0..<columns.count { scratch[c] = try columns.eval(c, row) }
    }

    @inline(__always) package func commit(leadDelay: Int?, rowWidth: Int) {
        let p: RowWindowPartition
        if let found = partitions[key] {
            p = found
        } else {
            p = RowWindowPartition(
                capacity: bufferRows, width: width,
                pending: leadDelay.map { RowWindowPending(delay: $0, width: rowWidth) },
                running: runningPrototypes.map { $0.makeEmpty() })
            partitions[key] = p
        }
        p.append(scratch)
        current = p
    }

    /// Orders buffer rows `a` and `b` by ORDER BY (NULL is the smallest value).
    @inline(__always) package func compare(_ p: RowWindowPartition, _ a: Int, _ b: Int) -> Int {
        for o in 0..<orderCount {
            var c = SQLValue.orderedCompare(p.value(a, o), p.value(b, o))
            if descending[o] { c = -c }
            if c != 0 { return c }
        }
        return 0
    }
}
