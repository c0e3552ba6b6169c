import VeloBase

/// The running state of one aggregate for one group in one window. Subclasses are final; the window
/// store calls `add` per record, `merge` when session windows join, `result` when it emits.
/// NULL inputs are skipped by every aggregate except COUNT(*), as SQL requires; an aggregate over no
/// non-NULL input is NULL (COUNT is 0).
public class Accumulator {
    /// One input value (for one-argument aggregates).
    public func add(_ value: SQLValue) throws {}
    /// Two input values (CORR, COVAR_*, REGR_*); one-argument aggregates use the first.
    public func add(_ x: SQLValue, _ y: SQLValue) throws { try add(x) }
    /// Whether `add` can refuse a value (then `check` must throw exactly what `add` would).
    public var canRefuse: Bool { false }
    /// Throws what `add(x)` (or `add(x, y)`: `y` non-nil) would, changing nothing. A record one aggregate of a
    /// group refuses is folded into none of them (`FoldPlan`), so the others check it before they fold it in.
    public func check(_ x: SQLValue, _ y: SQLValue?) throws {}
    /// Folds another accumulator of the same kind into this one (session merges, partial aggregates).
    /// `other` covers later input when order matters (FIRST/LAST, STRING_AGG).
    ///
    /// Every aggregate must override this: the default throws an internal error naming the class, which
    /// stops the run, rather than drop `other`'s input without a word. `AggregateMergeTests` merges every
    /// aggregate of the catalogue, so a missing override fails the tests first.
    public func merge(_ other: Accumulator) throws {
        throw VeloError("internal error: \(type(of: self)) does not implement merge", exit: .failed)
    }

    /// `other` as this accumulator's own class, for `merge`; an internal error when it is another kind.
    @inline(__always) package func sameKind<T: Accumulator>(_ other: Accumulator, as _: T.Type) throws -> T {
        guard let same = other as? T else {
            throw VeloError("internal error: cannot merge \(type(of: other)) into \(T.self)", exit: .failed)
        }
        return same
    }
    public func result() -> SQLValue { .null }
    /// Approximate heap bytes held, for the window-state metric.
    public var estimatedBytes: Int { 32 }
    /// A fresh accumulator of the same kind and parameters.
    public func makeEmpty() -> Accumulator { Accumulator() }
    /// Back to the empty state, keeping parameters (and allocated capacity) so the window store can
    /// reuse the object for the next window instead of allocating a new one.
    public func reset() {}
}

/// An aggregate function from the catalogue.
public struct AggregateFunction: Sendable {
    public let name: String
    /// Per-row value arguments: 0 for COUNT(*), 2 for CORR/COVAR/REGR, else 1.
    public let valueArity: Int
    /// How many constant parameters may follow the values (PERCENTILE_CONT(x, 0.9), STRING_AGG(x, ',')).
    public let parameters: ClosedRange<Int>
    package let factory: @Sendable ([SQLValue]) throws -> Accumulator

    /// A new accumulator. `parameters` are the constant arguments after the values; `distinct` wraps
    /// it so that each distinct value counts once (COUNT(DISTINCT x), SUM(DISTINCT x)).
    public func make(parameters: [SQLValue] = [], distinct: Bool = false) throws -> Accumulator {
        guard self.parameters.contains(parameters.count) else {
            throw RuntimeError.badArgument(name, "expects \(ScalarFunction.describe(self.parameters)) constant parameters, got \(parameters.count)")
        }
        let inner = try factory(parameters)
        return distinct && valueArity == 1 ? DistinctAccumulator(inner) : inner
    }
}

/// The aggregate catalogue by (case-insensitive) name, aliases included.
public enum AggregateFunctions {
    public static let all: [String: AggregateFunction] = {
        var table: [String: AggregateFunction] = [:]
        func add(
            _ names: [String], arity: Int = 1, parameters: ClosedRange<Int> = 0...0,
            _ factory: @escaping @Sendable ([SQLValue]) throws -> Accumulator
        ) {
            for n in names { table[n] = AggregateFunction(name: names[0], valueArity: arity, parameters: parameters, factory: factory) }
        }
        add(["COUNT"]) { _ in CountAccumulator() }
        add(["COUNT_STAR"], arity: 0) { _ in CountStarAccumulator() }
        add(["COUNT_DISTINCT"]) { _ in CountDistinctAccumulator() }
        add(["APPROX_COUNT_DISTINCT", "APPROX_DISTINCT"]) { _ in HyperLogLogAccumulator() }
        add(["SUM"]) { _ in SumAccumulator() }
        add(["AVG", "MEAN"]) { _ in AvgAccumulator() }
        add(["MIN"]) { _ in ExtremeAccumulator(keepLess: true) }
        add(["MAX"]) { _ in ExtremeAccumulator(keepLess: false) }
        add(["DELTA"]) { _ in DeltaAccumulator() }
        add(["FIRST_VALUE", "FIRST"]) { _ in FirstLastAccumulator(first: true) }
        add(["LAST_VALUE", "LAST"]) { _ in FirstLastAccumulator(first: false) }
        add(["STDDEV", "STDDEV_SAMP", "STD"]) { _ in MomentsAccumulator(.stddevSample) }
        add(["STDDEV_POP"]) { _ in MomentsAccumulator(.stddevPopulation) }
        add(["VARIANCE", "VAR_SAMP", "VAR"]) { _ in MomentsAccumulator(.varianceSample) }
        add(["VAR_POP", "VARIANCE_POP"]) { _ in MomentsAccumulator(.variancePopulation) }
        add(["MEDIAN"]) { _ in PercentileAccumulator(p: 0.5, continuous: true) }
        // Without a percentile parameter the median (0.5) is meant.
        add(["PERCENTILE_CONT", "PERCENTILE", "QUANTILE_CONT"], parameters: 0...1) { p in
            PercentileAccumulator(p: try p.first.map { try percentile($0, "PERCENTILE_CONT") } ?? 0.5, continuous: true)
        }
        add(["PERCENTILE_DISC", "QUANTILE_DISC"], parameters: 0...1) { p in
            PercentileAccumulator(p: try p.first.map { try percentile($0, "PERCENTILE_DISC") } ?? 0.5, continuous: false)
        }
        add(["ARRAY_AGG", "COLLECT_LIST"]) { _ in ArrayAggAccumulator() }
        // As Velostream's aggregation: the delimiter defaults to ',' (also for NULL); a third argument is read
        // by nothing (the analyzer warns).
        add(["STRING_AGG", "GROUP_CONCAT", "LISTAGG", "COLLECT"], parameters: 0...2) { p in
            StringAggAccumulator(separator: p.first.flatMap { $0.isNull ? nil : ScalarFunctions.string($0) } ?? ",")
        }
        add(["CORR"], arity: 2) { _ in CoMomentsAccumulator(.correlation) }
        add(["COVAR_POP"], arity: 2) { _ in CoMomentsAccumulator(.covariancePopulation) }
        add(["COVAR_SAMP", "COVAR"], arity: 2) { _ in CoMomentsAccumulator(.covarianceSample) }
        add(["REGR_SLOPE"], arity: 2) { _ in CoMomentsAccumulator(.slope) }
        add(["REGR_INTERCEPT"], arity: 2) { _ in CoMomentsAccumulator(.intercept) }
        add(["REGR_R2"], arity: 2) { _ in CoMomentsAccumulator(.r2) }
        add(["REGR_COUNT"], arity: 2) { _ in CoMomentsAccumulator(.count) }
        add(["REGR_AVGX"], arity: 2) { _ in CoMomentsAccumulator(.averageX) }
        add(["REGR_AVGY"], arity: 2) { _ in CoMomentsAccumulator(.averageY) }
        return table
    }()

    /// The aggregate named `name` (any case). COUNT(*) is `COUNT_STAR`: ask with `star: true`.
    public static func lookup(_ name: String, star: Bool = false) -> AggregateFunction? {
        let upper = name.uppercased()
        if star && upper == "COUNT" { return all["COUNT_STAR"] }
        return all[upper]
    }

    public static var names: [String] { all.keys.filter { $0 != "COUNT_STAR" }.sorted() }

    package static func percentile(_ v: SQLValue, _ fn: String) throws -> Double {
        guard let p = v.doubleValue ?? (v.stringValue.flatMap { Double($0) }), p >= 0, p <= 1 else {
            throw RuntimeError.badArgument(fn, "percentile must be a number between 0 and 1, got \(v)")
        }
        return p
    }

    /// A number for SUM/AVG/STDDEV; numeric strings (CSV) are read as numbers.
    package static func numeric(_ v: SQLValue, _ fn: String) throws -> SQLValue {
        switch v {
        case .int, .double, .decimal: return v
        default: return try ScalarFunctions.number(v, fn)
        }
    }
}
