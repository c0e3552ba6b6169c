import VeloBase
import VeloJSON

/// A stream-stream interval join: `a JOIN b ON a.k = b.k AND b._event_time BETWEEN a._event_time - X
/// AND a._event_time + Y` (or `WITHIN d`). Both streams are read and merged by event time (the record
/// with the smaller time goes first, the FROM stream on ties), so the result does not depend on which
/// file is which or how they interleave. Each side keeps its records by join key until the watermark
/// (the largest event time seen on either side minus `'watermark.max_out_of_orderness'`) passes the last
/// time a record of the other side could still match; then it is dropped, or, on an outer side
/// without a match, emitted with the other side NULL. Memory is bounded by the interval plus the
/// out-of-orderness. A record behind the watermark still probes what is kept but is not kept itself.
package final class IntervalJoin {
    /// A decoded record waiting to be merged (values of its side's slots, in slot order).
    package struct Pending {
        package var time: Int64
        package var values: ContiguousArray<SQLValue>
        package var object: JSONObject?
        package var offset: Int64
        package var partition: Int32 = 0
        package var arrival: Int64
    }

    package enum Key: Hashable {
        case one(SQLValue)
        case many([SQLValue])
    }

    /// A kept record.
    package struct Entry {
        package var time: Int64
        package var values: ContiguousArray<SQLValue>
        package var object: JSONObject?
        package var matched: Bool
    }

    /// One key's kept records in arrival order (`head` skips the expired ones).
    package final class KeyList {
        package var entries: [Entry] = []
        package var head = 0
    }

    /// One side's kept records by key, and the order they expire in (arrival order; a record that
    /// arrived out of order waits for those before it, which only keeps it a little longer).
    package final class SideBuffer {
        package var byKey: [Key: KeyList] = [:]
        package var queue: [(expireAt: Int64, key: Key, list: KeyList)] = []
        package var queueHead = 0
        package var count: Int { queue.count - queueHead }
    }

    package let side: JoinSide
    package let source: any RecordSource
    package let decoder: RecordDecoder
    package let localRow: ExecRow
    /// Slots of the combined row: the FROM side's (0) and the joined side's (1).
    package let slots: [ContiguousArray<Int>]
    /// The join keys evaluated on a record of the FROM side (0) and of the joined side (1).
    package let probeKeys: ExprList
    package let ownKeys: ExprList
    package let residual: ExecExpr?
    package let interval: ClosedRange<Int64>
    package let outer: [Bool]
    package let buffers = [SideBuffer(), SideBuffer()]
    package var watermark: WatermarkTracker
    package let eventTimeExpr: ExecExpr?
    package let eventTimeFormat: EventTimeFormat
    package let localEventTimeSlot: Int?
    /// Whether `*` needs whole records.
    package let wantObjects: Bool
    /// For `*`: the current joined record and the joined side's column names (from its first record).
    package private(set) var joinedObject: JSONObject?
    package private(set) var joinedColumns: [String] = []
    /// The largest number of records kept at once (both sides), for tests and `--metrics`.
    package private(set) var peakKept = 0

    package init(side: JoinSide, source: any RecordSource, join: JoinRuntime, runtime: ExecRuntime) throws {
        self.side = side
        self.source = source
        decoder = RecordDecoder(
            layout: side.local, format: source.format, wantObject: side.star,
            file: source.kind == "file" ? source.label : nil, types: runtime.plan.fieldTypes(of: side.name))
        localRow = ExecRow(count: side.local.count)
        slots = [ContiguousArray(join.mainSlots), ContiguousArray(side.absolute)]
        probeKeys = ExprList(side.probeKeys)
        ownKeys = ExprList(side.ownKeys)
        residual = side.residual
        interval = side.interval!
        outer = [side.keepsProbeRows, side.keepsOwnRows]
        watermark = runtime.plan.watermark
        switch side.eventTime {
        case .arrival: eventTimeExpr = nil; eventTimeFormat = .epochMillis
        case .expr(let e, let f): eventTimeExpr = e; eventTimeFormat = f
        }
        localEventTimeSlot = side.local.systemSlots[.eventTime]
        wantObjects = side.star || join.plan.mainStar
    }

    /// Records of the joined stream, also counted in the runtime's `recordsIn` (metrics tell the two apart).
    package private(set) var recordsIn: Int64 = 0
    /// Records of either stream that came behind the watermark and matched nothing still kept (inner sides).
    package private(set) var lateRecords: Int64 = 0

    /// The next record of the joined stream, decoded; nil at its end. Bad records count as failures.
    package func readJoined(_ runtime: ExecRuntime) throws -> Pending? {
        var record = RawRecord()
        while try source.next(&record) {
            runtime.currentOffset = record.offset
            runtime.currentPartition = record.partition
            do {
                guard try decoder.decode(record, into: localRow) else { continue }
                runtime.recordsIn += 1
                recordsIn += 1
                let arrival = record.timestamp ?? ExecRuntime.nowMillis()
                for (column, slot) in side.local.systemSlots { localRow.slots[slot] = record.systemValue(column, arrival: arrival) }
                var time = arrival
                if let e = eventTimeExpr {
                    let v = try e.eval(localRow)
                    if case .int(let ms) = v, eventTimeFormat == .epochMillis {
                        time = ms
                    } else {
                        if v.isNull { throw RuntimeError(.missingEventTime, "record of '\(side.name)' has no event time") }
                        time = try eventTimeFormat.epochMillis(of: v)
                    }
                }
                if let s = localEventTimeSlot { localRow.slots[s] = .int(time) }
                if side.star, joinedColumns.isEmpty { joinedColumns = decoder.object.keys }
                return Pending(
                    time: time, values: ContiguousArray(localRow.slots), object: side.star ? decoder.object : nil,
                    offset: record.offset, arrival: arrival)
            } catch let error as JSONSyntaxError {
                runtime.recordsIn += 1
                recordsIn += 1
                try runtime.fail(kind: "bad_record", reason: "invalid JSON in '\(side.name)': \(error.message)")
            } catch let error as RuntimeError {
                runtime.recordsIn += 1
                recordsIn += 1
                try runtime.fail(error)
            }
        }
        return nil
    }

    /// Joins one record of side `s` (0 FROM, 1 joined) with what the other side keeps, then keeps it.
    package func add(_ p: Pending, side s: Int, _ runtime: ExecRuntime, emit: () throws -> Void) throws {
        let row = runtime.row
        let mine = slots[s], theirs = slots[1 - s]
        write(p.values, mine, row)
        if wantObjects { setObject(p.object, side: s, runtime) }
        let key = try makeKey(s, row)
        var matched = false
        if let key, let list = buffers[1 - s].byKey[key] {
            for i in list.head..<list.entries.count {
                // Only the time is read for records outside the interval (no copy of the entry).
                let time = list.entries[i].time
                guard interval.contains(s == 0 ? time - p.time : p.time - time) else { continue }
                write(list.entries[i].values, theirs, row)
                if wantObjects { setObject(list.entries[i].object, side: 1 - s, runtime) }
                guard try residual.map({ try $0.eval(row).truth() == true }) ?? true else { continue }
                matched = true
                list.entries[i].matched = true
                try emit()
            }
        }
        if let key, !watermark.isBehind(p.time) {
            let buffer = buffers[s]
            let list: KeyList
            if let l = buffer.byKey[key] { list = l } else { list = KeyList(); buffer.byKey[key] = list }
            list.entries.append(Entry(time: p.time, values: p.values, object: p.object, matched: matched))
            let expireAt =
                s == 0
                ? p.time.addingReportingOverflow(interval.upperBound).partialValue
                : p.time.subtractingReportingOverflow(interval.lowerBound).partialValue
            buffer.queue.append((expireAt, key, list))
            peakKept = max(peakKept, buffers[0].count + buffers[1].count)
        } else if !matched && outer[s] {
            write(p.values, mine, row)
            setObject(p.object, side: s, runtime)
            blank(1 - s, row, runtime)
            try emitAlone(s, time: p.time, runtime, emit)
        } else if !matched && key != nil {
            // Behind the watermark, matched nothing kept, and not kept itself: dropped as late, and counted.
            lateRecords += 1
        }
        if watermark.observe(p.time) { try expire(runtime, emit: emit) }
    }

    /// End of the input: every kept record expires.
    package func finish(_ runtime: ExecRuntime, emit: () throws -> Void) throws {
        watermark.finish()
        try expire(runtime, emit: emit)
    }

    /// Drops kept records the watermark has passed; an unmatched one on an outer side is emitted first.
    private func expire(_ runtime: ExecRuntime, emit: () throws -> Void) throws {
        let wm = watermark.watermark
        for s in 0..<2 {
            let buffer = buffers[s]
            while buffer.queueHead < buffer.queue.count, buffer.queue[buffer.queueHead].expireAt < wm {
                let (_, key, list) = buffer.queue[buffer.queueHead]
                buffer.queueHead += 1
                let e = list.entries[list.head]
                list.head += 1
                if list.head == list.entries.count {
                    buffer.byKey[key] = nil
                } else if list.head >= 32 && list.head * 2 >= list.entries.count {
                    list.entries.removeFirst(list.head)
                    list.head = 0
                }
                if !e.matched && outer[s] {
                    let row = runtime.row
                    write(e.values, slots[s], row)
                    setObject(e.object, side: s, runtime)
                    blank(1 - s, row, runtime)
                    try runtime.guarded { try emitAlone(s, time: e.time, runtime, emit) }
                }
            }
            if buffer.queueHead >= 4096 && buffer.queueHead * 2 >= buffer.queue.count {
                buffer.queue.removeFirst(buffer.queueHead)
                buffer.queueHead = 0
            }
        }
    }

    /// A row of one side alone; a joined-side row takes its own event time.
    private func emitAlone(_ s: Int, time: Int64, _ runtime: ExecRuntime, _ emit: () throws -> Void) throws {
        if s == 0 { return try emit() }
        runtime.joinedEventTime = time
        defer { runtime.joinedEventTime = nil }
        try emit()
    }

    @inline(__always) private func write(_ values: ContiguousArray<SQLValue>, _ to: ContiguousArray<Int>, _ row: ExecRow) {
        values.withUnsafeBufferPointer { v in
            for j in 0..<to.count { row.slots[to[j]] = v[j] }
        }
    }

    private func blank(_ s: Int, _ row: ExecRow, _ runtime: ExecRuntime) {
        for slot in slots[s] { row.slots[slot] = .null }
        setObject(nil, side: s, runtime)
    }

    private func setObject(_ object: JSONObject?, side s: Int, _ runtime: ExecRuntime) {
        if s == 0 { runtime.joins?.mainObject = object } else { joinedObject = object }
    }

    /// The record's join key, normalized; nil when a key is NULL (it matches nothing).
    private func makeKey(_ s: Int, _ row: ExecRow) throws -> Key? {
        s == 0 ? try makeKey(probeKeys, row) : try makeKey(ownKeys, row)
    }

    private func makeKey(_ exprs: borrowing ExprList, _ row: ExecRow) throws -> Key? {
        if exprs.count == 0 { return .many([]) }
        if exprs.count == 1 { return JoinKey.normalize(try exprs.eval(0, row)).map(Key.one) }
        var values: [SQLValue] = []
        for i in 0..<exprs.count {
            guard let v = JoinKey.normalize(try exprs.eval(i, row)) else { return nil }
            values.append(v)
        }
        return .many(values)
    }
}

extension ExecRuntime {
    /// The loop of a stream-stream join: read both streams, merge by event time, join, then filter and
    /// project or aggregate each joined row as usual.
    package func runIntervalJoin() throws -> RunEnd {
        guard let source, let decoder, let joins, let ij = joins.interval else { return .finished }
        var end = RunEnd.finished
        var record = RawRecord()
        var main: IntervalJoin.Pending?
        var joined: IntervalJoin.Pending?
        var mainDone = false, joinedDone = false
        let processingTime = plan.input.uses(.timestamp) || plan.eventTimeIsArrival
        let mainSlots = ContiguousArray(joins.mainSlots)

        func readMain() throws -> IntervalJoin.Pending? {
            while try source.next(&record) {
                currentOffset = record.offset
                currentPartition = record.partition
                messageTimestamp = record.timestamp
                do {
                    guard try decoder.decode(record, into: row) else { continue }
                    recordsIn += 1
                    fillSystemColumns(record, processingTime: processingTime)
                    let time = try eventTime()
                    var values = ContiguousArray<SQLValue>()
                    values.reserveCapacity(mainSlots.count)
                    for slot in mainSlots { values.append(row.slots[slot]) }
                    return IntervalJoin.Pending(
                        time: time, values: values,
                        object: joins.plan.mainStar ? joins.noteMain(decoder.object) : nil,
                        offset: record.offset, partition: record.partition, arrival: arrivalTime)
                } catch let error as JSONSyntaxError {
                    recordsIn += 1
                    try fail(kind: "bad_record", reason: "invalid JSON: \(error.message)")
                } catch let error as RuntimeError {
                    recordsIn += 1
                    try fail(error)
                }
                if batchFailure != nil { return nil }
            }
            return nil
        }

        while true {
            if ExecSignals.stopRequested {
                end = ExecSignals.interrupted != 0 ? .interrupted : .timedOut
                break
            }
            let t0 = Self.timesLatency(recordsIn) ? MonotonicClock.nanoseconds() : 0
            if main == nil && !mainDone { main = try readMain(); mainDone = main == nil }
            if joined == nil && !joinedDone { joined = try ij.readJoined(self); joinedDone = joined == nil }
            if batchFailure != nil { end = .failedBatch(batchFailure!); break }
            let s: Int
            let p: IntervalJoin.Pending
            if let m = main, joined.map({ m.time <= $0.time }) ?? true {
                s = 0; p = m; main = nil
            } else if let j = joined {
                s = 1; p = j; joined = nil
            } else {
                break
            }
            currentOffset = p.offset
            currentPartition = p.partition
            arrivalTime = p.arrival
            let rec = RawRecord(offset: p.offset)
            try guarded { try ij.add(p, side: s, self) { try process(rec, sampled: false, t1: 0) } }
            if batchFailure != nil { end = .failedBatch(batchFailure!); break }
            if t0 != 0 { latency.record(UInt64(MonotonicClock.nanoseconds() &- t0)) }
            if limitReached { break }
            if let events, recordsIn & 8191 == 0 { try progress(events) }
        }
        if case .failedBatch = end {
        } else {
            try ij.finish(self) { try process(RawRecord(), sampled: false, t1: 0) }
            try guarded { try closeWindows() }
        }
        return end
    }
}
