/// The values a foreign key may take: the referenced schema's generated values (fed while that schema is
/// generated, before the schema that references it) or values loaded from a file. Non-null values only.
/// Above `capacity` it keeps a uniform reservoir sample, so every key it hands out was really generated.
public final class GenPool: @unchecked Sendable {
    /// `schema.field`, for messages.
    public let name: String
    public let capacity: Int
    private var slots: [GenSlot] = []
    private var arena: [UInt8] = []
    private var seen: Int64 = 0
    private var rng: GenRandom

    public init(name: String, capacity: Int = 1_000_000, seed: UInt64 = 0) {
        self.name = name
        self.capacity = max(1, capacity)
        self.rng = GenRandom(seed: seed, stream: "pool:" + name)
    }

    public var count: Int { slots.count }
    public var isEmpty: Bool { slots.isEmpty }

    /// Offers field `i` of `record` to the pool.
    public func offer(_ record: GenRecord, field i: Int) {
        let slot = record.slots[i]
        guard slot.kind != .null else { return }
        seen += 1
        var target = slots.count
        if slots.count >= capacity {
            let j = Int(rng.next(below: UInt64(seen)))
            guard j < capacity else { return }
            target = j
        }
        var stored = slot
        if slot.hasText {
            stored.start = Int32(arena.count)
            arena.append(contentsOf: record.arena[Int(slot.start)..<Int(slot.end)])
            stored.end = Int32(arena.count)
        }
        if target == slots.count { slots.append(stored) } else { slots[target] = stored }
        // Replaced text stays in the arena; compact when the waste is large.
        if arena.count > 64 * capacity + (1 << 20) { compact() }
    }

    /// Adds a value loaded from a file.
    public func add(_ value: GenValue) {
        var record = GenRecord(fieldCount: 1)
        switch value {
        case .null: return
        case .bool(let b): record.setBool(0, b)
        case .int(let i): record.setInt(0, i)
        case .double(let d): record.setDouble(0, d)
        case .string(var s): s.withUTF8 { record.setText(0, $0) }
        }
        offer(record, field: 0)
    }

    /// Copies value `index` into field `i` of `record`.
    @inline(__always)
    public func copy(_ index: Int, into record: inout GenRecord, field i: Int) {
        let stored = slots[index]
        if stored.hasText {
            record.beginText(i, kind: stored.kind)
            record.arena.append(contentsOf: arena[Int(stored.start)..<Int(stored.end)])
            record.endText(i)
        } else {
            record.slots[i] = stored
        }
    }

    /// The value at `index`, as expressions see it (for tests and messages).
    public func value(at index: Int) -> GenValue {
        var record = GenRecord(fieldCount: 1)
        copy(index, into: &record, field: 0)
        return record.value(0)
    }

    private func compact() {
        var fresh: [UInt8] = []
        fresh.reserveCapacity(arena.count / 2)
        for k in slots.indices where slots[k].hasText {
            let start = Int32(fresh.count)
            fresh.append(contentsOf: arena[Int(slots[k].start)..<Int(slots[k].end)])
            slots[k].start = start
            slots[k].end = Int32(fresh.count)
        }
        arena = fresh
    }
}
