/// Generates the records of one schema: a precompiled plan per field, filled in dependency order into a
/// reusable `GenRecord` (no per-record allocation), with the event time of each record.
public final class GenSchemaGenerator: @unchecked Sendable {
    public let schema: Schema
    var plans: [GenFieldPlan]
    /// Plan indices in the order they are filled (dependencies first; derived fields last).
    let order: [Int]
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
    var taps: [(field: Int, pool: GenPool)] = []
    /// The event time of the current record.
    public private(set) var eventMs: Int64 = 0
    public private(set) var produced: Int64 = 0

    init(schema: Schema, plans: [GenFieldPlan], order: [Int], eventField: Int?, keyField: Int?,
         places: [(digits: Int, fixed: Bool)], timeStartMs: Int64, timeEndMs: Int64?, clock: GenEventClock) {
        self.schema = schema
        self.plans = plans
        self.order = order
        self.record = GenRecord(fieldCount: plans.count)
        self.eventField = eventField
        self.keyField = keyField
        self.places = places
        self.timeStartMs = timeStartMs
        self.timeEndMs = timeEndMs
        self.clock = clock
    }

    /// Feeds every value of field `name` to `pool` as records are generated.
    public func tap(field name: String, into pool: GenPool) {
        guard let i = schema.fields.firstIndex(where: { $0.name == name }) else { return }
        taps.append((i, pool))
    }

    /// Generates the next record into `record`.
    @inline(__always)
    public func next() {
        eventMs = clock.next()
        record.arena.removeAll(keepingCapacity: true)
        for k in order { plans[k].fill(&record, eventMs: eventMs) }
        for tap in taps { tap.pool.offer(record, field: tap.field) }
        produced += 1
    }

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
