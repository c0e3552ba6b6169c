/// COUNT, SUM, AVG, MIN, MAX, FIRST/LAST, DISTINCT.

package final class CountStarAccumulator: Accumulator {
    package var count: Int64 = 0
    package override func add(_ value: SQLValue) throws { count += 1 }
    package override func add(_ x: SQLValue, _ y: SQLValue) throws { count += 1 }
    package override func merge(_ other: Accumulator) throws { count += try sameKind(other, as: CountStarAccumulator.self).count }
    package override func result() -> SQLValue { .int(count) }
    package override func makeEmpty() -> Accumulator { CountStarAccumulator() }
    package override func reset() { count = 0 }
}

package final class CountAccumulator: Accumulator {
    package var count: Int64 = 0
    package override func add(_ value: SQLValue) throws { if !value.isNull { count += 1 } }
    package override func merge(_ other: Accumulator) throws { count += try sameKind(other, as: CountAccumulator.self).count }
    package override func result() -> SQLValue { .int(count) }
    package override func makeEmpty() -> Accumulator { CountAccumulator() }
    package override func reset() { count = 0 }
}

package final class CountDistinctAccumulator: Accumulator {
    package var seen: Set<SQLValue> = []
    package override func add(_ value: SQLValue) throws { if !value.isNull { seen.insert(value) } }
    package override func merge(_ other: Accumulator) throws { try seen.formUnion(sameKind(other, as: CountDistinctAccumulator.self).seen) }
    package override func result() -> SQLValue { .int(Int64(seen.count)) }
    package override var estimatedBytes: Int { 64 + seen.count * 40 }
    package override func makeEmpty() -> Accumulator { CountDistinctAccumulator() }
    package override func reset() { seen.removeAll() }
}

/// Feeds each distinct non-NULL value to the inner aggregate once (SUM(DISTINCT x) …).
package final class DistinctAccumulator: Accumulator {
    package let inner: Accumulator
    package var seen: Set<SQLValue> = []
    package init(_ inner: Accumulator) { self.inner = inner }
    package override func add(_ value: SQLValue) throws {
        guard !value.isNull, seen.insert(value).inserted else { return }
        do { try inner.add(value) } catch {
            seen.remove(value) // refused: not seen
            throw error
        }
    }
    package override var canRefuse: Bool { inner.canRefuse }
    package override func check(_ x: SQLValue, _ y: SQLValue?) throws {
        if !x.isNull, !seen.contains(x) { try inner.check(x, y) }
    }
    package override func merge(_ other: Accumulator) throws {
        for v in try sameKind(other, as: DistinctAccumulator.self).seen where seen.insert(v).inserted { try inner.add(v) }
    }
    package override func result() -> SQLValue { inner.result() }
    package override var estimatedBytes: Int { inner.estimatedBytes + 64 + seen.count * 40 }
    package override func makeEmpty() -> Accumulator { DistinctAccumulator(inner.makeEmpty()) }
    package override func reset() { inner.reset(); seen.removeAll() }
}

/// SUM keeps integers and decimals exact; a sum that no longer fits is a failed record (overflow), never
/// a silent switch to DOUBLE that loses digits (`9e18 + 9e18 + 1`). AVG (`averaging`) may go on in DOUBLE:
/// its result is a DOUBLE anyway. Any double makes the sum a double; a double sum that overflows to
/// infinity fails too. A value type so that it can live inline in an `AggregateSlot`.
public enum SumState: Sendable {
    case empty, int(Int64), decimal(SQLDecimal), double(Double)

    @inline(__always) public mutating func add(_ value: SQLValue, averaging: Bool = false) throws {
        // One switch on the value, then on the state: a switch over the pair copied the value each time.
        switch value {
        case .null: return
        case .int(let x):
            if case .int(let s) = self {
                let (r, o) = s.addingReportingOverflow(x)
                if !o { self = .int(r); return }
            }
        case .double(let x):
            if case .double(let s) = self, (s + x).isFinite { self = .double(s + x); return }
        default: break
        }
        try addSlow(AggregateFunctions.numeric(value, "SUM"), averaging: averaging)
    }

    package mutating func addSlow(_ v: SQLValue, averaging: Bool = false) throws {
        func overflow(_ s: String, _ x: String) -> RuntimeError {
            RuntimeError(.overflow, "\(averaging ? "AVG" : "SUM") overflows: \(s) + \(x) does not fit")
        }
        switch (self, v) {
        case (.empty, .int(let x)): self = .int(x)
        case (.empty, .decimal(let x)): self = .decimal(x)
        case (.empty, _): self = .double(v.doubleValue!)
        case (.int(let s), .int(let x)):
            let (r, o) = s.addingReportingOverflow(x)
            if !o {
                self = .int(r)
            } else if averaging {
                self = .double(Double(s) + Double(x))
            } else {
                throw overflow(String(s), String(x))
            }
        case (.int(let s), .decimal(let x)):
            self = try Self.decimalSum(SQLDecimal(units: s, scale: 0), x, averaging: averaging, overflow)
        case (.decimal(let s), .int(let x)):
            self = try Self.decimalSum(s, SQLDecimal(units: x, scale: 0), averaging: averaging, overflow)
        case (.decimal(let s), .decimal(let x)):
            self = try Self.decimalSum(s, x, averaging: averaging, overflow)
        case (.int(let s), _): self = try Self.doubleSum(Double(s), v.doubleValue!, overflow)
        case (.decimal(let s), _): self = try Self.doubleSum(s.doubleValue, v.doubleValue!, overflow)
        case (.double(let s), _): self = try Self.doubleSum(s, v.doubleValue!, overflow)
        }
    }

    private static func decimalSum(
        _ s: SQLDecimal, _ x: SQLDecimal, averaging: Bool, _ overflow: (String, String) -> RuntimeError
    ) throws -> SumState {
        if let r = try? SQLDecimal.add(s, x) { return .decimal(r) }
        if averaging { return .double(s.doubleValue + x.doubleValue) }
        throw overflow(s.description, x.description)
    }

    private static func doubleSum(_ s: Double, _ x: Double, _ overflow: (String, String) -> RuntimeError) throws -> SumState {
        let r = s + x
        if r.isFinite || !s.isFinite || !x.isFinite { return .double(r) }
        throw overflow(String(s), String(x))
    }

    public mutating func merge(_ other: SumState, averaging: Bool = false) throws {
        let o = other.result
        if !o.isNull { try addSlow(o, averaging: averaging) }
    }

    public var result: SQLValue {
        switch self {
        case .empty: return .null
        case .int(let i): return .int(i)
        case .decimal(let d): return .decimal(d)
        case .double(let d): return .double(d)
        }
    }

    /// AVG from a sum and a count: DOUBLE for integers/doubles; DECIMAL (scale ≥ 6) for decimals.
    public func average(count: Int64) -> SQLValue {
        guard count > 0 else { return .null }
        switch self {
        case .empty: return .null
        case .int(let s): return .double(Double(s) / Double(count))
        case .double(let s): return .double(s / Double(count))
        case .decimal(let s):
            if let q = try? SQLDecimal.divide(s, SQLDecimal(units: count, scale: 0)) { return .decimal(q) }
            return .double(s.doubleValue / Double(count))
        }
    }
}

package final class SumAccumulator: Accumulator {
    package var state: SumState = .empty
    package override func add(_ value: SQLValue) throws { try state.add(value) }
    package override var canRefuse: Bool { true }
    package override func check(_ x: SQLValue, _ y: SQLValue?) throws {
        var s = state
        try s.add(x)
    }
    package override func merge(_ other: Accumulator) throws { try state.merge(sameKind(other, as: SumAccumulator.self).state) }
    package override func result() -> SQLValue { state.result }
    package override func makeEmpty() -> Accumulator { SumAccumulator() }
    package override func reset() { state = .empty }
}

/// AVG: DOUBLE for integer and double input; DECIMAL (scale ≥ 6) when every input is a decimal.
package final class AvgAccumulator: Accumulator {
    package var sum: SumState = .empty
    package var count: Int64 = 0
    package override func add(_ value: SQLValue) throws {
        if value.isNull { return }
        try sum.add(value, averaging: true)
        count += 1
    }
    package override var canRefuse: Bool { true }
    package override func check(_ x: SQLValue, _ y: SQLValue?) throws {
        var s = sum
        try s.add(x, averaging: true)
    }
    package override func merge(_ other: Accumulator) throws {
        let o = try sameKind(other, as: AvgAccumulator.self)
        try sum.merge(o.sum, averaging: true)
        count += o.count
    }
    package override func result() -> SQLValue { sum.average(count: count) }
    package override func makeEmpty() -> Accumulator { AvgAccumulator() }
    package override func reset() { sum = .empty; count = 0 }
}

/// MIN/MAX over any comparable values (numbers across kinds, strings, timestamps, booleans).
package final class ExtremeAccumulator: Accumulator {
    package let keepLess: Bool
    package var best: SQLValue = .null
    package init(keepLess: Bool) { self.keepLess = keepLess }

    package override func add(_ value: SQLValue) throws {
        if try ExtremeAccumulator.better(value, than: best, keepLess: keepLess) { best = value }
    }
    package override var canRefuse: Bool { true }
    package override func check(_ x: SQLValue, _ y: SQLValue?) throws {
        _ = try ExtremeAccumulator.better(x, than: best, keepLess: keepLess)
    }

    /// Whether `value` should replace `best` for MIN (keepLess) or MAX. NULLs never win.
    @inline(__always) package static func better(_ value: SQLValue, than best: SQLValue, keepLess: Bool) throws -> Bool {
        switch (value, best) {
        case (.null, _): return false
        case (_, .null): return true
        case (.int(let x), .int(let y)): return keepLess ? x < y : x > y
        case (.double(let x), .double(let y)): return keepLess ? x < y : x > y
        default:
            guard let c = try SQLValue.compare(value, best) else { return false }
            return keepLess ? c < 0 : c > 0
        }
    }
    package override func merge(_ other: Accumulator) throws { try add(sameKind(other, as: ExtremeAccumulator.self).best) }
    package override func result() -> SQLValue { best }
    package override var estimatedBytes: Int { 48 + best.estimatedHeapBytes }
    package override func makeEmpty() -> Accumulator { ExtremeAccumulator(keepLess: keepLess) }
    package override func reset() { best = .null }
}

/// DELTA(x): the largest value minus the smallest (Velostream's range of a window), NULLs skipped.
package final class DeltaAccumulator: Accumulator {
    package let low = ExtremeAccumulator(keepLess: true)
    package let high = ExtremeAccumulator(keepLess: false)

    package override func add(_ value: SQLValue) throws {
        try high.check(value, nil) // so that a value `high` refuses has not gone into `low`
        try low.add(value)
        try high.add(value)
    }
    package override var canRefuse: Bool { true }
    package override func check(_ x: SQLValue, _ y: SQLValue?) throws {
        try low.check(x, y)
        try high.check(x, y)
    }
    package override func merge(_ other: Accumulator) throws {
        let o = try sameKind(other, as: DeltaAccumulator.self)
        try low.merge(o.low)
        try high.merge(o.high)
    }
    package override func result() -> SQLValue {
        if low.best.isNull || high.best.isNull { return .null }
        return (try? SQLValue.subtract(high.best, low.best)) ?? .null
    }
    package override var estimatedBytes: Int { 48 + low.estimatedBytes + high.estimatedBytes }
    package override func makeEmpty() -> Accumulator { DeltaAccumulator() }
    package override func reset() {
        low.reset()
        high.reset()
    }
}

/// FIRST_VALUE/LAST_VALUE in arrival order, skipping NULLs (Flink's FIRST_VALUE/LAST_VALUE).
package final class FirstLastAccumulator: Accumulator {
    package let first: Bool
    package var value: SQLValue = .null
    package init(first: Bool) { self.first = first }
    package override func add(_ v: SQLValue) throws {
        if v.isNull { return }
        if !first || value.isNull { value = v }
    }
    package override func merge(_ other: Accumulator) throws { try add(sameKind(other, as: FirstLastAccumulator.self).value) }
    package override func result() -> SQLValue { value }
    package override var estimatedBytes: Int { 48 + value.estimatedHeapBytes }
    package override func makeEmpty() -> Accumulator { FirstLastAccumulator(first: first) }
    package override func reset() { value = .null }
}

extension SQLValue {
    /// Heap bytes beyond the inline 24, roughly (strings over 15 UTF-8 bytes live on the heap).
    public var estimatedHeapBytes: Int {
        switch self {
        case .string(let s): return s.utf8.count > 15 ? s.utf8.count + 32 : 0
        case .json(let j): return j.description.utf8.count + 64
        default: return 0
        }
    }
}
