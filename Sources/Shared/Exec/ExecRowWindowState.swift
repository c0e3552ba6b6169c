/// One partition's buffer: its last `capacity` rows, `width` values each, in a ring that grows up to the
/// capacity and then overwrites the oldest row. Rows are numbered 0 (oldest) … count − 1 (current).
final class RowWindowPartition {
    let capacity: Int
    let width: Int
    @exclusivity(unchecked) var values: ContiguousArray<SQLValue> = []
    @exclusivity(unchecked) var head = 0
    @exclusivity(unchecked) var count = 0
    /// Rows the partition has seen (ROW_NUMBER).
    @exclusivity(unchecked) var seen: Int64 = 0
    /// Rows held back by LEAD (only in the LEAD group's partitions).
    let pending: RowWindowPending?

    init(capacity: Int, width: Int, pending: RowWindowPending?) {
        self.capacity = capacity
        self.width = width
        self.pending = pending
    }

    @inline(__always) func value(_ row: Int, _ column: Int) -> SQLValue {
        var p = head + row
        if p >= capacity { p -= capacity }
        return values[p * width + column]
    }

    func append(_ row: ContiguousArray<SQLValue>) {
        seen += 1
        if count < capacity {
            values.append(contentsOf: row)
            count += 1
        } else {
            let base = head * width
            for c in 0..<width { values[base + c] = row[c] }
            head += 1
            if head == capacity { head = 0 }
        }
    }
}

/// An output row waiting for LEAD's later rows: a copy of the input row (window results included),
/// with what the sink needs.
final class PendingRow {
    var values: ContiguousArray<SQLValue>
    var star: JSONObject?
    var timestamp: Int64?
    var offset: Int64 = 0
    var sequence: Int64 = 0

    init(width: Int) { values = ContiguousArray(repeating: .null, count: width) }
}

/// A partition's rows waiting for LEAD, oldest first: at most `delay + 1`, preallocated.
final class RowWindowPending {
    let rows: [PendingRow]
    var head = 0
    var count = 0

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

/// A group's partitions by PARTITION BY key, and the values of the record being processed.
final class RowWindowGroupState {
    let group: RowWindowGroup
    let columns: ExprList
    let partitionExprs: ExprList
    var partitions: [GroupKey: RowWindowPartition] = [:]
    /// The current record's column values and its partition.
    @exclusivity(unchecked) var scratch: ContiguousArray<SQLValue>
    @exclusivity(unchecked) var key: GroupKey = .none
    @exclusivity(unchecked) var current: RowWindowPartition!

    init(_ group: RowWindowGroup) {
        self.group = group
        columns = ExprList(group.columns)
        partitionExprs = ExprList(group.partition)
        scratch = ContiguousArray(repeating: .null, count: group.columns.count)
    }

    deinit {
        columns.free()
        partitionExprs.free()
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
            p = RowWindowPartition(capacity: group.bufferRows, width: group.columns.count,
                                   pending: leadDelay.map { RowWindowPending(delay: $0, width: rowWidth) })
            partitions[key] = p
        }
        p.append(scratch)
        current = p
    }

    /// Orders buffer rows `a` and `b` by ORDER BY (NULL is the smallest value).
    @inline(__always) func compare(_ p: RowWindowPartition, _ a: Int, _ b: Int) -> Int {
        for o in 0..<group.orderCount {
            var c = SQLValue.orderedCompare(p.value(a, o), p.value(b, o))
            if group.descending[o] { c = -c }
            if c != 0 { return c }
        }
        return 0
    }
}
