import VeloBase
import VeloJSON
import VeloTopics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a run ended.
package enum RunEnd: Equatable {
    /// Every source read to its end (or LIMIT reached).
    case finished
    /// Ctrl+C, or `@timeout`.
    case interrupted
    case timedOut
    /// `FailBatch`: stopped at the first failed record.
    case failedBatch(String)
}

/// The push pipeline of one job: scan → decode → filter → (project | group/window/aggregate) → sink.
/// Everything per record reuses preallocated rows; expressions were compiled once by the planner.
package final class ExecRuntime {
    package let plan: ExecPlan
    package let source: (any RecordSource)?
    package let sink: any RecordSink
    /// With ORDER BY: the sink above, which holds rows back and writes them sorted.
    package let sorting: SortingSink?
    package let decoder: RecordDecoder?
    package let events: EventStream?
    package let row: ExecRow
    package let groupRow: ExecRow
    package var out: ContiguousArray<SQLValue>
    package let store: WindowStore?
    /// `store` for the per-record call, which then takes no retain and release (`self` keeps the store).
    private let storeRef: Unmanaged<WindowStore>?
    package let rowWindows: RowWindowRuntime?
    package var watermark: WatermarkTracker
    package let aggregates: [ExecAggregate]
    /// Every aggregate's argument expressions in order, and how many each aggregate takes (flattened so the
    /// per-record loop touches no structs with reference-counted fields).
    package let argumentExprs: ExprList
    package let argumentCounts: ContiguousArray<Int>
    /// The order `fold` folds aggregates in, so that a record one refuses goes into none (FoldPlan.swift).
    package let foldPlan: FoldPlan
    package let keyExprs: ExprList
    package let outputExprs: ExprList
    package let filter: ExecExpr?
    package let windowed: Bool
    /// The store puts each record in one group (no window, or tumbling).
    package let singleWindow: Bool
    /// `'late.data.strategy'` for windowed jobs; `lateUpdates` when it is update_previous.
    package let lateData: ExecLateData?
    package let lateUpdates: Bool
    package let needsEventTime: Bool
    /// The event-time expression and format (nil: arrival time), and the `_event_time` slot, resolved once.
    package let eventTimeExpr: ExecExpr?
    package let eventTimeFormat: EventTimeFormat
    package let eventTimeSlot: Int?
    /// The input slot the event time is read from when its expression is a plain column, else -1; likewise
    /// the one GROUP BY key. Read straight from the row: a call to the expression's `eval` per record showed
    /// in profiles (callgrind, 1 s tumbling: two calls per record, about 90 instructions).
    package let eventTimeColumn: Int
    package let keyColumn: Int
    /// The input headers' slot of a non-grouped query that calls the header functions: its rows carry
    /// message headers (`HeaderEdit`).
    package let headersSlot: Int?
    /// The layout's system columns as an array: reading the layout's dictionary per record showed in profiles.
    package let systemSlots: [(SystemColumn, Int)]
    /// Aggregate argument values of the current record (raw slots: no uniqueness checks per write).
    package let aggregateArgs: ExecRow
    /// Where fold reads each argument: the input row's slot when the argument is a plain column (nothing to
    /// evaluate or copy per record), else the argument's slot in `aggregateArgs`.
    package let argumentValues: UnsafeMutableBufferPointer<UnsafeMutablePointer<SQLValue>>
    /// The arguments that are evaluated into `aggregateArgs` per record (raw memory: iterating an array
    /// retained it per record).
    package let computedArguments: UnsafeMutableBufferPointer<Int>
    package let emitChanges: Bool
    /// Stage counts are only kept when profiling (each is an array update).
    package let profiling: Bool
    /// The job's other named sources (joined tables and streams, subqueries' tables), counted for metrics.
    package let sources: CountedSources?
    /// The query's joins (ExecJoin.swift), nil without JOIN.
    package let joins: JoinRuntime?

    package var failures = ExecFailures()
    package var recordsIn: Int64 = 0
    /// Rows WHERE turned away (metrics: `filtered_records`).
    package var filteredRecords: Int64 = 0
    package var latency = LatencyHistogram()
    package var profiler: StageProfiler
    package var seen = Set<GroupKey>()
    package var limitReached = false
    package var startNanos: UInt64 = 0
    package var lastProgress: UInt64 = 0
    /// The record being processed, for failure reports.
    package var currentOffset: Int64 = 0
    package var currentPartition: Int32 = 0
    /// Set when a FailBatch failure stops the run.
    package var batchFailure: String?
    /// Seconds between progress events (with --events).
    package var progressInterval: UInt64 = 1_000_000_000

    /// A UNION's later SELECT: it writes into the first SELECT's sink, which that one finishes.
    package let partOfUnion: Bool
    /// The other SELECTs of a UNION (ExecUnion.swift), run after this one.
    package private(set) var unionBranches: [ExecRuntime] = []

    package init(
        plan: ExecPlan, source: (any RecordSource)?, sink: any RecordSink, events: EventStream?,
        profiler: StageProfiler, sources: (any ExecSources)? = nil, partOfUnion: Bool = false
    ) throws {
        self.partOfUnion = partOfUnion
        self.plan = plan
        self.sources = sources.map(CountedSources.init)
        joins = plan.input.join.map { JoinRuntime(plan: $0, layout: plan.input) }
        self.source = source
        sorting = plan.order.map { SortingSink(sink, order: $0, limit: plan.limit) }
        self.sink = plan.unionDistinct ? DistinctSink(sorting ?? sink) : sorting ?? sink
        self.events = events
        self.profiler = profiler
        row = ExecRow(count: plan.input.count)
        out = ContiguousArray(repeating: .null, count: plan.outputs.count)
        if let source {
            decoder = RecordDecoder(
                layout: plan.input, format: source.format,
                wantObject: plan.selectAll, file: source.kind == "file" ? source.label : nil, types: plan.sourceFieldTypes)
        } else {
            decoder = nil
        }
        watermark = plan.watermark
        if let agg = plan.aggregation {
            groupRow = ExecRow(count: agg.groupRowCount)
            aggregates = agg.aggregates
            store = WindowStore(window: plan.window, prototypes: try agg.aggregates.map { try $0.makeAccumulator() })
            aggregateArgs = ExecRow(count: agg.aggregates.reduce(0) { $0 + $1.args.count })
        } else {
            groupRow = ExecRow(count: 0)
            aggregates = []
            store = nil
            aggregateArgs = ExecRow(count: 0)
        }
        storeRef = store.map { Unmanaged.passUnretained($0) }
        rowWindows = plan.rowWindows.map { RowWindowRuntime(plan: $0, rowWidth: plan.input.count) }
        emitChanges = plan.emit == .changes
        profiling = profiler.enabled
        let arguments = aggregates.flatMap(\.args)
        argumentExprs = ExprList(arguments)
        argumentCounts = ContiguousArray(aggregates.map(\.args.count))
        foldPlan = FoldPlan(prototypes: try aggregates.map { AggregateSlot(try $0.makeAccumulator()) }, argumentCounts: argumentCounts)
        argumentValues = .allocate(capacity: arguments.count)
        var computed = ContiguousArray<Int>()
        for (k, argument) in arguments.enumerated() {
            if let column = argument as? SlotExpr {
                argumentValues[k] = row.slots.baseAddress! + column.index
            } else {
                argumentValues[k] = aggregateArgs.slots.baseAddress! + k
                computed.append(k)
            }
        }
        computedArguments = .allocate(capacity: computed.count)
        _ = computedArguments.initialize(from: computed)
        keyExprs = ExprList(plan.aggregation?.keys ?? [])
        outputExprs = ExprList(plan.outputs)
        filter = plan.filter
        windowed = plan.window != nil
        singleWindow = store?.isSingleWindow ?? false
        lateData = plan.window != nil && store != nil ? ExecLateData(strategy: plan.lateStrategy, store: store) : nil
        lateUpdates = lateData?.strategy == .updatePrevious
        needsEventTime = plan.needsEventTime
        switch plan.eventTime {
        case .arrival: eventTimeExpr = nil; eventTimeFormat = .epochMillis
        case .expr(let e, let f): eventTimeExpr = e; eventTimeFormat = f
        }
        eventTimeColumn = (eventTimeExpr as? SlotExpr)?.index ?? -1
        keyColumn = plan.aggregation.flatMap { $0.keys.count == 1 ? ($0.keys[0] as? SlotExpr)?.index : nil } ?? -1
        eventTimeSlot = plan.input.systemSlots[.eventTime]
        headersSlot = plan.aggregation == nil ? plan.input.systemSlots[.headers] : nil
        systemSlots = plan.input.systemSlots.sorted { $0.value < $1.value }.map { ($0.key, $0.value) }
        if decoder != nil && joins == nil { unseenFields = Array(plan.input.fieldNames.indices) }
        do {
            try plan.subqueries.load(from: self.sources, types: plan.schemaTypes) // counted, so --metrics lists the tables
            unionBranches = try makeUnionBranches()
        } catch {
            if !partOfUnion { sink.abort() }
            throw error
        }
    }

    deinit {
        argumentValues.deallocate()
        computedArguments.deallocate()
        foldPlan.deallocate()
    }

    // MARK: the loop

    /// Runs the query (then a UNION's other SELECTs), and finishes the sink and the dead-letter output.
    package func run() throws -> RunEnd {
        var end = try runQuery()
        if end == .finished { end = try runUnionBranches() }
        if !partOfUnion {
            try sink.finish()
            try lateData?.finish()
            // Every record read has reached the sink (or was counted late or failed): a consumer group commits.
            if case .failedBatch = end { try source?.close(commit: false) } else { try source?.close(commit: true) }
        }
        return end
    }

    /// A consumer group commits while the job runs only when a record's output is written once the record is
    /// processed — no window, aggregate, LEAD, ORDER BY or interval join holds records back — and the sink can
    /// write out what it has (stdout, a Kafka topic). Otherwise it commits when the run stops cleanly.
    private func commitAsYouGo(_ source: any RecordSource) {
        guard store == nil, rowWindows == nil, sorting == nil, joins?.interval == nil else { return }
        source.commitWhenDone { [weak self] in (try? self?.sink.checkpoint()) == true }
    }

    private func runQuery() throws -> RunEnd {
        startNanos = MonotonicClock.nanoseconds()
        lastProgress = startNanos
        guard let source, let decoder else {
            // SELECT without FROM: one row, which an aggregate folds like any other (COUNT(*) is 1).
            if store != nil {
                try guarded { try process(RawRecord(), sampled: false, t1: 0) }
                try guarded { try closeWindows() }
            } else {
                try guarded { try project() }
            }
            return batchFailure.map { .failedBatch($0) } ?? .finished
        }
        if let joins {
            try joins.open(self)
            if joins.interval != nil { return try runIntervalJoin() }
        }
        commitAsYouGo(source)
        // Windows and LAG/LEAD need a topic's partitions merged by time; anything else takes records as they come.
        source.keepTimeOrder(windowed || rowWindows != nil)
        if plan.input.uses(.headers) { source.readHeaders() }
        var record = RawRecord()
        // Progress (--events, at most once a second) is looked at every 8,192 records, or on every record of a
        // live source, where 8,192 records can take minutes.
        let progressMask: Int64 = source.isLive ? 0 : 8191
        // Live input: what is written so far goes out while the source waits, not when a buffer fills.
        if source.isLive { source.whenIdle { [unowned self] in _ = try? self.sink.checkpoint() } }
        let useProcessingTime = plan.input.uses(.timestamp) || (plan.needsEventTime && plan.eventTimeIsArrival)
        var end = RunEnd.finished
        while true {
            if ExecSignals.stopRequested {
                end = ExecSignals.interrupted != 0 ? .interrupted : .timedOut
                break
            }
            let sampled = profiler.beginRecord()
            let timeLatency = sampled || Self.timesLatency(recordsIn)
            let readStart = sampled ? MonotonicClock.nanoseconds() : 0
            guard try source.next(&record) else {
                if ExecSignals.stopRequested { end = ExecSignals.interrupted != 0 ? .interrupted : .timedOut }
                break
            }
            // Latency starts once the record is in hand: waiting for a followed topic's next record is idle time.
            let t0 = timeLatency ? MonotonicClock.nanoseconds() : 0
            var t1: UInt64 = t0
            if sampled { profiler.addTime(.read, nanoseconds: Int64(t0 &- readStart)) }
            if profiling { profiler.count(.read) }
            currentOffset = record.offset
            currentPartition = record.partition
            messageTimestamp = record.timestamp
            do {
                guard try decoder.decode(record, into: row) else { continue }
            } catch let error as JSONSyntaxError {
                recordsIn += 1
                try fail(kind: "bad_record", reason: "invalid JSON: \(error.message)")
                continue
            } catch let error as CSVRecordError {
                recordsIn += 1
                try fail(kind: "bad_record", reason: error.message)
                continue
            } catch let error as RuntimeError {
                recordsIn += 1
                try fail(error)
                continue
            }
            recordsIn += 1
            if !unseenFields.isEmpty { noteFields(record) }
            if sampled { let t = MonotonicClock.nanoseconds(); profiler.addTime(.deserialize, nanoseconds: Int64(t &- t1)); t1 = t }
            if profiling { profiler.count(.deserialize) }
            fillSystemColumns(record, processingTime: useProcessingTime)
            if joins != nil {
                try guarded {
                    try joins!.probe(row, mainObject: plan.selectAll ? decoder.object : nil) { try process(record, sampled: sampled, t1: t1) }
                }
            } else {
                try guarded { try process(record, sampled: sampled, t1: t1) }
            }
            if batchFailure != nil { end = .failedBatch(batchFailure!); break }
            if timeLatency { latency.record(UInt64(MonotonicClock.nanoseconds() &- t0)) }
            if limitReached { break }
            if let events, recordsIn & progressMask == 0 { try progress(events) }
        }
        // Close what is open: the end of a bounded input, an interrupt or a timeout all flush windows.
        if case .failedBatch = end {
        } else {
            try joins?.finish(row) {
                joinedEventTime = arrivalTime
                defer { joinedEventTime = nil }
                try guarded { try process(RawRecord(), sampled: false, t1: 0) }
            }
            try guarded { try closeWindows() }
        }
        return end
    }

    // MARK: columns never seen

    /// Fields of the FROM source (indices into the layout's field names) that no record has had a value
    /// for yet. Without schemas a misspelled column is just NULL; the run warns of these at its end.
    /// Once every field has been seen, this costs nothing per record.
    package var unseenFields: [Int] = []
    /// Keys the first records had, for "did you mean".
    package var keysSeen = Set<String>()

    private func noteFields(_ record: RawRecord) {
        unseenFields.removeAll { !row.slots[plan.input.fieldSlots[$0]].isNull }
        guard recordsIn <= 100, let decoder else { return }
        if let header = decoder.header {
            keysSeen.formUnion(header)
        } else if case .ndjson = decoder.format {
            var parser = JSONParser()
            if case .object(let o)? = try? parser.parse(record.bytes, line: record.line, file: nil) { keysSeen.formUnion(o.keys) }
        }
    }

    /// The FROM source's columns no record had a value for, each with the closest key records did have.
    package var neverSeenColumns: [(name: String, suggestion: String?)] {
        guard recordsIn > 0 else { return [] }
        return unseenFields.map { i in
            let name = plan.input.fieldNames[i]
            return (name, keysSeen.contains(name) ? nil : Suggest.closest(to: name, among: keysSeen.sorted()))
        }
    }

    /// Latency is timed for every one of the first 1,024 records (short runs get exact percentiles), then
    /// for every 64th: two clock reads per record were 2% of a windowed query's time.
    @inline(__always) package static func timesLatency(_ recordsIn: Int64) -> Bool {
        recordsIn < 1024 || recordsIn & 63 == 0
    }

    package func fillSystemColumns(_ record: RawRecord, processingTime: Bool) {
        guard !systemSlots.isEmpty || processingTime else { return }
        let now = processingTime ? Self.nowMillis() : 0
        for (column, slot) in systemSlots { row.slots[slot] = record.systemValue(column, arrival: now) }
        arrivalTime = record.timestamp ?? now
    }

    package var arrivalTime: Int64 = 0
    /// Set while a joined side's row is emitted without a FROM record (RIGHT/FULL): its event time.
    package var joinedEventTime: Int64?
    /// The current topic message's timestamp: a row without event time keeps it on its way to a topic sink.
    package var messageTimestamp: Int64?

    package static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// The record's event time (and `_event_time`).
    @inline(__always) package func eventTime() throws -> Int64 {
        var t = arrivalTime
        if let j = joinedEventTime { return j } // the FROM side's `_event_time` stays NULL
        // `eventTimeExpr!` rather than `if let e`: binding the optional cost a retain and release per record.
        if eventTimeColumn >= 0, case .int(let ms) = row.slots[eventTimeColumn], eventTimeFormat == .epochMillis {
            t = ms
        } else if eventTimeExpr != nil {
            let v = try eventTimeExpr!.eval(row)
            if case .int(let ms) = v, eventTimeFormat == .epochMillis {
                t = ms
            } else {
                if v.isNull {
                    throw RuntimeError(
                        .missingEventTime, "record has no event time" + (plan.eventTimeFieldName.map { " ('\($0)' is missing or null)" } ?? ""))
                }
                t = try eventTimeFormat.epochMillis(of: v)
            }
        }
        if let slot = eventTimeSlot { row.slots[slot] = .int(t) }
        return t
    }

    package func process(_ record: RawRecord, sampled: Bool, t1: UInt64) throws {
        var t = t1
        let time = needsEventTime ? try eventTime() : 0
        // Optional properties are unwrapped with `!`, not bound: a binding cost a retain and release per record.
        if filter != nil, try filter!.eval(row).truth() != true {
            filteredRecords &+= 1
            if profiling { profiler.count(.filterProject) }
            if sampled { profiler.addTime(.filterProject, nanoseconds: Int64(MonotonicClock.nanoseconds() &- t)) }
            return
        }
        if profiling { profiler.count(.filterProject) }
        if storeRef != nil {
            // The store as a guaranteed reference: a strong local cost a retain and release per record.
            try storeRef.unsafelyUnwrapped._withUnsafeGuaranteedRef { store in
                try foldGrouped(record, into: store, time: time, sampled: sampled, t: t)
            }
        } else {
            if let rowWindows {
                let ready = try rowWindows.add(
                    row, star: currentStar, timestamp: rowTimestamp,
                    offset: currentOffset, emit: projectHeld)
                if ready { try project() }
            } else {
                try project()
            }
            if sampled { profiler.addTime(.filterProject, nanoseconds: Int64(MonotonicClock.nanoseconds() &- t)) }
        }
    }

    /// A grouped or windowed query's record: its key, the aggregate arguments, the group it folds into, late
    /// records and the windows the watermark closes.
    @inline(__always) private func foldGrouped(_ record: RawRecord, into store: WindowStore, time: Int64, sampled: Bool, t t1: UInt64) throws {
        var t = t1
        let key: GroupKey
        switch keyExprs.count {
        case 0: key = .none
        case 1: key = .one(keyColumn >= 0 ? row.slots[keyColumn] : try keyExprs.eval(0, row))
        default: key = .many(try (0..<keyExprs.count).map { try keyExprs.eval($0, row) })
        }
        for k in computedArguments { aggregateArgs.slots[k] = try argumentExprs.eval(k, row) }
        if sampled { let now = MonotonicClock.nanoseconds(); profiler.addTime(.filterProject, nanoseconds: Int64(now &- t)); t = now }
        let stage: StageProfiler.Stage = windowed ? .window : .aggregate
        var outcome = WindowStore.Outcome.accepted
        if singleWindow {
            // No window or tumbling: one group per record, found without closures.
            if let (g, bounds) = try store.singleGroup(eventTime: time, key: key) {
                try g._withUnsafeGuaranteedRef { g in
                    try fold(g)
                    if emitChanges { try emitGroup(bounds, g) }
                }
            } else {
                outcome = .late
            }
        } else {
            outcome = try store.add(
                eventTime: time, key: key, { g in try self.fold(g) },
                onChange: emitChanges ? { bounds, g in try self.emitGroup(bounds, g) } : nil)
        }
        if outcome == .late || (lateUpdates && time < store.closedThrough) {
            try handleLate(record, time: time, key: key, late: outcome == .late) // ExecLateData.swift
        }
        if windowed, watermark.observe(time) {
            try store.advance(watermark: watermark.watermark) { bounds, g in
                if !emitChanges { try emitGroup(bounds, g) }
            }
            if sorting != nil, plan.order!.perWindow { try flushSorted() }
        }
        if profiling { profiler.count(stage) }
        if sampled { profiler.addTime(stage, nanoseconds: Int64(MonotonicClock.nanoseconds() &- t)) }
    }

    /// Folds the current record into every aggregate of `g`, or into none when one refuses it (FoldPlan.swift).
    @inline(__always) package func fold(_ g: AggregateGroup) throws {
        do {
            if foldPlan.keptSlots.count != 0 { foldPlan.keep(g) }
            if foldPlan.checks.count != 0 { try checkFold(g) }
            for step in foldPlan.steps {
                switch step.arguments {
                case 0: try g.add(step.slot, .null)
                case 1: try g.add(step.slot, argumentValues[step.argument].pointee)
                default: try g.add(step.slot, argumentValues[step.argument].pointee, argumentValues[step.argument + 1].pointee)
                }
            }
        } catch {
            foldPlan.restore(g)
            g.rows -= 1 // not folded in: a group made for this record alone is not emitted
            throw error
        }
    }

    /// The checks of `FoldPlan.checks`: they throw before anything is folded.
    private func checkFold(_ g: AggregateGroup) throws {
        for step in foldPlan.checks {
            let x = step.arguments == 0 ? SQLValue.null : argumentValues[step.argument].pointee
            try g.slots[step.slot].check(x, step.arguments > 1 ? argumentValues[step.argument + 1].pointee : nil)
        }
    }

    /// A non-grouped row: evaluate the SELECT list and write it.
    package func project() throws {
        try project(row, star: currentStar, timestamp: rowTimestamp)
    }

    /// The `*` object of the current row (the joined sides' fields after a join).
    package var currentStar: JSONObject? { plan.selectAll ? (joins?.star() ?? decoder?.object) : nil }

    /// The current row's event time (topic message timestamp).
    package var rowTimestamp: Int64? { eventTimeSlot.flatMap { row.slots[$0].intValue } ?? messageTimestamp }

    /// A row LEAD held back: a failure while writing it counts against its own record.
    package func projectHeld(_ held: ExecRow, star: JSONObject?, timestamp: Int64?, offset: Int64) throws {
        let saved = currentOffset
        currentOffset = offset
        defer { currentOffset = saved }
        try guarded { try project(held, star: star, timestamp: timestamp) }
    }

    package func project(_ row: ExecRow, star: JSONObject?, timestamp: Int64?) throws {
        for i in 0..<outputExprs.count { out[i] = try outputExprs.eval(i, row) }
        if plan.distinct {
            var values = Array(out)
            if let star { values += star.values.map(SQLValue.init) }
            guard seen.insert(GroupKey(values)).inserted else { return }
        }
        let raw: UnsafeBufferPointer<UInt8>? = nil
        var headers: [TopicHeader]?
        if let slot = headersSlot { headers = try HeaderEdit.apply(plan.headerEdits, to: row.slots[slot], row: row) }
        try write(OutputRecord(values: out, star: star, raw: raw, timestamp: timestamp, headers: headers))
    }

    /// One group's row (EMIT CHANGES: after an update; EMIT FINAL: when its window fires).
    package func emitGroup(_ bounds: WindowBounds?, _ g: AggregateGroup) throws {
        guard let agg = plan.aggregation else { return }
        // A group whose records all failed holds nothing (the global group over no rows still emits, n = 0).
        if g.rows == 0 {
            if case .none = g.key {} else { return }
        }
        switch g.key {
        case .none: break
        case .one(let v): groupRow.slots[0] = v
        case .many(let vs): for (i, v) in vs.enumerated() { groupRow.slots[i] = v }
        }
        for (i, slot) in agg.aggregateSlots.enumerated() { groupRow.slots[slot] = g.result(i) }
        if let s = agg.windowStartSlot { groupRow.slots[s] = bounds.map { .int($0.start) } ?? .null }
        if let s = agg.windowEndSlot { groupRow.slots[s] = bounds.map { .int($0.end) } ?? .null }
        if let having = agg.having, try having.eval(groupRow).truth() != true { return }
        for i in 0..<outputExprs.count { out[i] = try outputExprs.eval(i, groupRow) }
        if plan.distinct {
            guard seen.insert(GroupKey(Array(out))).inserted else { return }
        }
        try write(OutputRecord(values: out, star: nil, raw: nil, timestamp: bounds.map { $0.end - 1 }))
    }

    /// Writes the fired windows' rows held for ORDER BY; LIMIT may be reached there.
    package func flushSorted() throws {
        try sorting!.flush()
        if let limit = plan.limit, sink.records >= limit { limitReached = true }
    }

    @inline(__always) package func write(_ record: OutputRecord) throws {
        if limitReached { return }
        if let limit = plan.limit, sink.records >= limit { limitReached = true; return }
        try sink.write(record)
        if profiling { profiler.count(.write) }
        if let limit = plan.limit, sink.records >= limit { limitReached = true }
    }

    package func closeWindows() throws {
        try rowWindows?.finish(emit: projectHeld)
        guard let store else { return }
        watermark.finish()
        // EMIT CHANGES has written every update already; closing only releases the state.
        if plan.window == nil && emitChanges { return }
        var emitted = false
        try store.closeAll { bounds, g in
            emitted = true
            if !emitChanges { try emitGroup(bounds, g) }
        }
        // A global aggregate (no GROUP BY, no window) over no rows is still one row, as in batch SQL: n = 0.
        if !emitted && plan.window == nil && keyExprs.count == 0 && !emitChanges {
            try emitGroup(nil, store.newGroup(.none))
        }
    }

    // MARK: failures

    /// Runs `body`, turning a per-record runtime error into a failed record.
    @inline(__always) package func guarded(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as RuntimeError {
            try fail(error)
        }
    }

    package func fail(_ error: RuntimeError) throws {
        failures.record(error, source: plan.sourceName, offset: currentOffset, partition: failurePartition)
        try reportFailure(kind: error.kind.rawValue, reason: error.reason)
    }

    package func fail(kind: String, reason: String) throws {
        failures.record(kind: kind, reason: reason, source: plan.sourceName, offset: currentOffset, partition: failurePartition)
        try reportFailure(kind: kind, reason: reason)
    }

    /// A topic's offsets count per partition, so a topic record's place names its partition.
    private var failurePartition: Int32? { source?.kind == "topic" ? currentPartition : nil }

    private func reportFailure(kind: String, reason: String) throws {
        if let events {
            var fields: [(String, JSONValue)] = [
                ("kind", .string(kind)), ("reason", .string(reason)),
                ("source", plan.sourceName.map { .string($0) } ?? .null), ("offset", .int(currentOffset))
            ]
            if let partition = failurePartition { fields.append(("partition", .int(Int64(partition)))) }
            try events.event("error", fields)
        }
        if plan.failureStrategy == .failBatch && batchFailure == nil {
            let place = failurePartition.map { "partition \($0) offset \(currentOffset)" } ?? "record \(currentOffset)"
            batchFailure = "\(reason) (\(source?.label ?? "input") \(place))"
        }
    }

    package func progress(_ events: EventStream) throws {
        let now = MonotonicClock.nanoseconds()
        guard now &- lastProgress >= progressInterval else { return }
        lastProgress = now
        let seconds = Double(now &- startNanos) / 1e9
        try events.event(
            "progress",
            [
                ("records_in", .int(recordsIn)), ("records_out", .int(sink.records)),
                ("elapsed_ms", .double((seconds * 1000).rounded())),
                ("records_per_sec", .double(seconds > 0 ? (Double(recordsIn) / seconds).rounded() : 0))
            ])
    }
}

/// Failed records: runtime errors through the engine's `FailureTracker`, plus input that is not a record
/// at all (a line that is not JSON), which has no `RuntimeError` kind of its own.
package struct ExecFailures {
    package var tracker = FailureTracker()
    package var other: [String: RunMetrics.Failure] = [:]
    package var otherOrder: [String] = []
    package var otherTotal: Int64 = 0

    package var total: Int64 { tracker.total + otherTotal }

    package mutating func record(_ error: RuntimeError, source: String?, offset: Int64?, partition: Int32? = nil) {
        tracker.record(error, source: source, offset: offset, partition: partition)
    }

    package mutating func record(kind: String, reason: String, source: String?, offset: Int64?, partition: Int32? = nil) {
        otherTotal += 1
        let reason = other[reason] == nil && other.count >= 50 ? "other \(kind) errors" : reason
        if other[reason] == nil {
            other[reason] = RunMetrics.Failure(
                kind: kind, reason: reason, count: 0, firstSource: source, firstOffset: offset,
                firstPartition: partition)
            otherOrder.append(reason)
        }
        other[reason]!.count += 1
    }

    /// Most frequent first.
    package var report: [RunMetrics.Failure] {
        (tracker.report + otherOrder.map { other[$0]! }).enumerated()
            .sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.map(\.element)
    }
}

extension ExecPlan {
    package var eventTimeIsArrival: Bool { if case .arrival = eventTime { return true }; return false }
    package var eventTimeFieldName: String? { statement.property("event.time.field")?.value }
}
