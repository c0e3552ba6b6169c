/// One partition's buffer: its last `capacity` rows, `width` values each, in a ring that grows up to the
/// capacity and then overwrites the oldest row. Rows are numbered 0 (oldest) … count − 1 (current).
/// Raw memory, like `ExecRow`: reading a value needs no retain of an array buffer.
final class RowWindowPartition {
    let capacity: Int
    let width: Int
    private var values: UnsafeMutablePointer<SQLValue>
    private var allocatedRows = 0
    @exclusivity(unchecked) private(set) var head = 0
    @exclusivity(unchecked) private(set) var count = 0
    /// Rows the partition has seen (ROW_NUMBER; LEAD's distances).
    @exclusivity(unchecked) private(set) var seen: Int64 = 0
    /// Rows held back by LEAD (only in the LEAD group's partitions).
    let pending: RowWindowPending?
    /// The partition's running aggregates (`ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW` without a buffer).
    let running: [Accumulator]

    init(capacity: Int, width: Int, pending: RowWindowPending?, running: [Accumulator] = []) {
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

    @inline(__always) func value(_ row: Int, _ column: Int) -> SQLValue {
        var p = head + row
        if p >= capacity { p -= capacity }
        return values[p * width + column]
    }

    @inline(__always) func append(_ row: UnsafeMutablePointer<SQLValue>) {
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
final class PendingRow {
    let row: ExecRow
    var star: JSONObject?
    var timestamp: Int64?
    var offset: Int64 = 0
    /// Its number in its partition (`RowWindowPartition.seen` when it arrived) and in the whole input.
    var position: Int64 = 0
    var sequence: Int64 = 0

    init(width: Int) { row = ExecRow(count: width) }
}

/// A partition's rows waiting for LEAD, oldest first: at most `delay + 1`, preallocated.
final class RowWindowPending {
    let rows: [PendingRow]
    private(set) var head = 0
    private(set) var count = 0

    init(delay: Int, width: Int) { rows = (0...delay).map { _ in PendingRow(width: width) } }

    @inline(__always) func at(_ i: Int) -> PendingRow { rows[(head + i) % rows.count] }

    func push() -> PendingRow {
        let r = at(count)
        count += 1
        return r
    }

    func pop() -> PendingRow {
        let r = rows[head]
        head = (head + 1) % rows.count
        count -= 1
        return r
    }
}

/// A window call flattened for the per-record loop: plain values only, so reading one retains nothing.
struct RowWindowOp {
    enum Kind: UInt8 { case lag, lead, rowNumber, rank, denseRank, percentRank, cumeDist, ntile, firstValue, lastValue, nthValue, aggregate, running }
    var kind: Kind
    /// LAG/LEAD offset, NTILE buckets, NTH_VALUE position, an aggregate's number of arguments.
    var n: Int
    var column0: Int
    var column1: Int
    /// Frame as rows back from the current row; `frameStart` −1 is the oldest buffered row.
    var frameStart: Int
    var frameEnd: Int
    var slot: Int
    /// The aggregate's accumulator, or LAG/LEAD's default expression; −1 for none.
    var extra: Int
}

/// A group's partitions by PARTITION BY key, its calls, and the values of the record being processed.
final class RowWindowGroupState {
    let bufferRows: Int
    let width: Int
    let orderCount: Int
    let descending: ContiguousArray<Bool>
    let columns: ExprList
    let partitionExprs: ExprList
    let ops: ContiguousArray<RowWindowOp>
    let accumulators: [Accumulator]
    /// What each new partition copies for its running aggregates.
    let runningPrototypes: [Accumulator]
    let fallbacks: ExprList
    var partitions: [GroupKey: RowWindowPartition] = [:]
    /// The current record's column values, its key and its partition.
    let scratch: UnsafeMutablePointer<SQLValue>
    @exclusivity(unchecked) var key: GroupKey = .none
    /// Not retained: `partitions` owns every partition (a retain and release per record showed in profiles).
    @exclusivity(unchecked) unowned(unsafe) var current: RowWindowPartition
    private let placeholder: RowWindowPartition
    /// DENSE_RANK's reusable list of buffer rows.
    @exclusivity(unchecked) var sortScratch: [Int] = []

    init(_ group: RowWindowGroup, calls: [RowWindowCall]) {
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
            var op = RowWindowOp(kind: .rowNumber, n: 0, column0: c.columns.first ?? 0, column1: c.columns.count > 1 ? c.columns[1] : 0,
                                 frameStart: c.frameStart ?? -1, frameEnd: c.frameEnd, slot: c.slot, extra: -1)
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
        columns.free()
        partitionExprs.free()
        fallbacks.free()
        scratch.deinitialize(count: width)
        scratch.deallocate()
    }

    /// Evaluates the record's key and columns without touching the buffers (a failure leaves them as they were).
    @inline(__always) func evaluate(_ row: ExecRow) throws {
        switch partitionExprs.count {
        case 0: key = .none
        case 1: key = .one(try partitionExprs.eval(0, row))
        default: key = .many(try (0..<partitionExprs.count).map { try partitionExprs.eval($0, row) })
        }
        for c in 0..<columns.count { scratch[c] = try columns.eval(c, row) }
    }

    @inline(__always) func commit(leadDelay: Int?, rowWidth: Int) {
        let p: RowWindowPartition
        if let found = partitions[key] {
            p = found
        } else {
            p = RowWindowPartition(capacity: bufferRows, width: width,
                                   pending: leadDelay.map { RowWindowPending(delay: $0, width: rowWidth) },
                                   running: runningPrototypes.map { $0.makeEmpty() })
            partitions[key] = p
        }
        p.append(scratch)
        current = p
    }

    /// Orders buffer rows `a` and `b` by ORDER BY (NULL is the smallest value).
    @inline(__always) func compare(_ p: RowWindowPartition, _ a: Int, _ b: Int) -> Int {
        for o in 0..<orderCount {
            var c = SQLValue.orderedCompare(p.value(a, o), p.value(b, o))
            if descending[o] { c = -c }
            if c != 0 { return c }
        }
        return 0
    }
}
