import VeloBase
import VeloJSON
import VeloSchema

/// Generates the records of one schema: a precompiled plan per field, filled in dependency order into a
/// reusable `GenRecord` (no per-record allocation), with the event time of each record.
public final class GenSchemaGenerator: @unchecked Sendable {
    public let schema: Schema
    package var plans: [GenFieldPlan]
    /// Plan indices in the order they are filled (dependencies first; derived fields last).
    package let order: [Int]
    public var record: GenRecord
    /// The field carrying event time (stream mode), if any.
    public let eventField: Int?
    /// `key_field`'s index, if set.
    public let keyField: Int?
    /// Places after the point for each field's floats, and whether they are fixed (decimal) or trimmed (float).
    public let places: [(digits: Int, fixed: Bool)]
    /// Where event time starts and ends before `--start`/`--end` apply: the event field's range.
    public let timeStartMs: Int64
    public let timeEndMs: Int64?
    public var clock: GenEventClock
    /// Pools fed by this schema's fields (for references from other schemas).
    package var taps: [(field: Int, pool: GenPool)] = []
    /// The event time of the current record.
    public private(set) var eventMs: Int64 = 0
    public private(set) var produced: Int64 = 0

    package init(
        schema: Schema, plans: [GenFieldPlan], order: [Int], eventField: Int?, keyField: Int?,
        places: [(digits: Int, fixed: Bool)], timeStartMs: Int64, timeEndMs: Int64?
    ) {
        self.schema = schema
        self.plans = plans
        self.order = order
        self.record = GenRecord(fieldCount: plans.count)
        self.eventField = eventField
        self.keyField = keyField
        self.places = places
        self.timeStartMs = timeStartMs
        self.timeEndMs = timeEndMs
        self.clock = GenEventClock(
            startMs: timeStartMs, stepMs: 1000, endMs: nil, settings: GenTimeSettings(),
            rng: GenRandom(seed: 0))
    }

    /// Sets up event time for a run and returns how many records to generate: `count`, else (with both
    /// `--rate` and `--end`) as many as fit between start and end, else the schema's `record_count`.
    /// `--start`/`--end` override the event field's range; without `--rate` records spread evenly over it.
    @discardableResult
    public func prepare(count: Int?, settings: GenSettings) throws -> Int {
        let time = settings.time
        let start = time.start?.resolve(nowMs: settings.nowMs) ?? timeStartMs
        var end = time.end?.resolve(nowMs: settings.nowMs)
        if end == nil, time.rate == nil { end = max(start, timeEndMs ?? start) }
        if let end, end < start {
            throw VeloError(
                "event time would end before it starts (start \(GenSchemaGenerator.show(start)), end \(GenSchemaGenerator.show(end)))",
                hint: "check --start and --end, or the time range of the event field", exit: .usage)
        }
        var n = count ?? schema.effectiveRecordCount
        if count == nil, let rate = time.rate, let end {
            n = Int((Double(end - start) / 1000 * rate).rounded(.down))
        }
        clock = GenEventClock(
            startMs: start, endMs: end, rate: time.rate, count: n, settings: time,
            rng: GenRandom(seed: settings.seed, stream: schema.name + "#clock"))
        return n
    }

    package static func show(_ ms: Int64) -> String {
        var out: [UInt8] = []
        GenFormat.appendTimestamp(epochMs: ms, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Feeds every value of field `name` to `pool` as records are generated.
    public func tap(field name: String, into pool: GenPool) {
        guard let i = schema.fields.firstIndex(where: { $0.name == name }) else { return }
        taps.append((i, pool))
    }

    /// Generates the next record into `record` (tests and small jobs).
    public func next() { next(into: &record) }

    /// Generates the next record into the caller's `record` (made with `makeRecord()`): the hot path, where
    /// the record lives in a local variable and nothing is copied or retained per field.
    @inline(__always)
    public func next(into record: inout GenRecord) {
        let event = clock.next()
        eventMs = event
        record.arena.removeAll(keepingCapacity: true)
        order.withUnsafeBufferPointer { order in
            plans.withUnsafeMutableBufferPointer { plans in
                for k in order { plans[k].fill(&record, eventMs: event) }
            }
        }
        if !taps.isEmpty {
            for tap in taps { tap.pool.offer(record, field: tap.field) }
        }
        produced += 1
    }

    /// An empty record shaped for this schema.
    public func makeRecord() -> GenRecord { GenRecord(fieldCount: plans.count) }

    /// The current record as a JSON object (tests and small outputs; the writers do not use it).
    public func currentObject() -> JSONObject {
        var object = JSONObject()
        for (i, field) in schema.fields.enumerated() {
            switch record.value(i) {
            case .null: object.append(field.name, .null)
            case .bool(let b): object.append(field.name, .bool(b))
            case .int(let v):
                if record.slots[i].kind == .timestamp {
                    var out: [UInt8] = []
                    GenFormat.appendTimestamp(epochMs: v, to: &out)
                    object.append(field.name, .string(String(decoding: out, as: UTF8.self)))
                } else {
                    object.append(field.name, .int(v))
                }
            case .double(let d): object.append(field.name, .double(d))
            case .string(let s): object.append(field.name, .string(s))
            }
        }
        return object
    }
}
