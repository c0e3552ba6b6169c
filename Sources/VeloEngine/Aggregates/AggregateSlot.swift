import VeloBase

/// One aggregate's state inside a group. The common aggregates (COUNT, SUM, AVG, MIN, MAX, FIRST,
/// LAST) live inline as enum payloads so that folding a record in is a switch on a value in place —
/// no allocation, no virtual call, no reference counting. Everything else is a boxed `Accumulator`.
public enum AggregateSlot {
    case countStar(Int64)
    case count(Int64)
    case sum(SumState)
    case avg(SumState, Int64)
    case min(SQLValue)
    case max(SQLValue)
    case first(SQLValue)
    case last(SQLValue)
    case boxed(Accumulator)

    /// Inline state for the aggregates that have one, else the accumulator boxed.
    public init(_ accumulator: Accumulator) {
        switch accumulator {
        case is CountStarAccumulator: self = .countStar(0)
        case is CountAccumulator: self = .count(0)
        case is SumAccumulator: self = .sum(.empty)
        case is AvgAccumulator: self = .avg(.empty, 0)
        case let e as ExtremeAccumulator: self = e.keepLess ? .min(.null) : .max(.null)
        case let f as FirstLastAccumulator: self = f.first ? .first(.null) : .last(.null)
        default: self = .boxed(accumulator)
        }
    }

    @inline(__always) public mutating func add(_ v: SQLValue) throws {
        switch self {
        case .countStar(let n): self = .countStar(n &+ 1)
        case .count(let n): if !v.isNull { self = .count(n &+ 1) }
        case .sum(var s):
            if v.isNull { return }
            try s.add(v)
            self = .sum(s)
        case .avg(var s, let n):
            if v.isNull { return }
            try s.add(v, averaging: true)
            self = .avg(s, n &+ 1)
        case .min(let best): if try ExtremeAccumulator.better(v, than: best, keepLess: true) { self = .min(v) }
        case .max(let best): if try ExtremeAccumulator.better(v, than: best, keepLess: false) { self = .max(v) }
        case .first(let f): if f.isNull && !v.isNull { self = .first(v) }
        case .last: if !v.isNull { self = .last(v) }
        case .boxed(let a): try a.add(v)
        }
    }

    /// Whether `add` can refuse a value (SUM overflows, a string in AVG, MIN over mixed kinds …).
    public var canRefuse: Bool {
        switch self {
        case .countStar, .count, .first, .last: return false
        case .sum, .avg, .min, .max: return true
        case .boxed(let a): return a.canRefuse
        }
    }

    /// Whether the state holds no references, so that a bitwise copy can put it back (`FoldPlan`).
    public var isTrivial: Bool {
        switch self {
        case .countStar, .count, .sum, .avg: return true
        default: return false
        }
    }

    /// Throws what `add(x)` (or `add(x, y)`: `y` non-nil) would, changing nothing.
    public func check(_ x: SQLValue, _ y: SQLValue?) throws {
        switch self {
        case .countStar, .count, .first, .last: return
        case .sum(var s): try s.add(x)
        case .avg(var s, _): try s.add(x, averaging: true)
        case .min(let best): _ = try ExtremeAccumulator.better(x, than: best, keepLess: true)
        case .max(let best): _ = try ExtremeAccumulator.better(x, than: best, keepLess: false)
        case .boxed(let a): try a.check(x, y)
        }
    }

    /// Two-argument aggregates (CORR, COVAR_*, REGR_*); COUNT(*) counts the row.
    public mutating func add(_ x: SQLValue, _ y: SQLValue) throws {
        switch self {
        case .boxed(let a): try a.add(x, y)
        default: try add(x)
        }
    }

    public var result: SQLValue {
        switch self {
        case .countStar(let n), .count(let n): return .int(n)
        case .sum(let s): return s.result
        case .avg(let s, let n): return s.average(count: n)
        case .min(let v), .max(let v), .first(let v), .last(let v): return v
        case .boxed(let a): return a.result()
        }
    }

    /// Folds `other` (same aggregate, later input) in.
    public mutating func merge(_ other: AggregateSlot) throws {
        switch (self, other) {
        case (.countStar(let a), .countStar(let b)): self = .countStar(a + b)
        case (.count(let a), .count(let b)): self = .count(a + b)
        case (.sum(var a), .sum(let b)): try a.merge(b); self = .sum(a)
        case (.avg(var a, let n), .avg(let b, let m)): try a.merge(b, averaging: true); self = .avg(a, n + m)
        case (.min, .min(let v)), (.max, .max(let v)), (.first, .first(let v)), (.last, .last(let v)): try add(v)
        case (.boxed(let a), .boxed(let b)): try a.merge(b)
        default: throw VeloError("internal error: cannot merge aggregates of different kinds", exit: .failed)
        }
    }

    /// The empty state of the same aggregate (a new accumulator when boxed).
    public func makeEmpty() -> AggregateSlot {
        switch self {
        case .countStar: return .countStar(0)
        case .count: return .count(0)
        case .sum: return .sum(.empty)
        case .avg: return .avg(.empty, 0)
        case .min: return .min(.null)
        case .max: return .max(.null)
        case .first: return .first(.null)
        case .last: return .last(.null)
        case .boxed(let a): return .boxed(a.makeEmpty())
        }
    }

    /// Back to empty in place (boxed accumulators keep their allocation).
    public mutating func reset() {
        if case .boxed(let a) = self { a.reset() } else { self = makeEmpty() }
    }

    public var estimatedBytes: Int {
        switch self {
        case .min(let v), .max(let v), .first(let v), .last(let v): return 32 + v.estimatedHeapBytes
        case .boxed(let a): return 8 + a.estimatedBytes
        default: return 32
        }
    }
}
