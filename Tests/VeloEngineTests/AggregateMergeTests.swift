import Testing
import VeloBase

@testable import VeloEngine

/// `Accumulator.merge` cannot be skipped silently: every aggregate of the catalogue merges (one split of
/// the input merged equals one pass), an accumulator without an override throws an error naming its class,
/// and merging two kinds is an error rather than a crash.
@Suite struct AggregateMergeTests {
    /// Input every aggregate accepts: numbers for one-value aggregates, pairs for CORR/COVAR/REGR.
    static let values: [SQLValue] = [.int(4), .null, .int(-2), .int(9), .int(4), .int(7), .int(1), .int(12)]

    static func parameters(_ f: AggregateFunction) -> [SQLValue] {
        guard f.parameters.lowerBound == 0, f.parameters.upperBound > 0 else { return [] }
        return f.name == "STRING_AGG" ? [.string("|")] : [.double(0.5)]
    }

    static func feed(_ acc: Accumulator, _ f: AggregateFunction, _ values: ArraySlice<SQLValue>) throws {
        for (i, v) in zip(values.indices, values) {
            if f.valueArity == 2 { try acc.add(v, .int(Int64(i * 3 % 5))) } else { try acc.add(v) }
        }
    }

    @Test func everyCatalogueAggregateMerges() throws {
        for f in Set(AggregateFunctions.all.values.map(\.name)).sorted().map({ AggregateFunctions.all[$0]! }) {
            for distinct in f.valueArity == 1 ? [false, true] : [false] {
                let p = Self.parameters(f)
                let whole = try f.make(parameters: p, distinct: distinct)
                let a = try f.make(parameters: p, distinct: distinct), b = try f.make(parameters: p, distinct: distinct)
                try Self.feed(whole, f, Self.values[...])
                try Self.feed(a, f, Self.values[..<3])
                try Self.feed(b, f, Self.values[3...])
                try a.merge(b)
                let merged = a.result(), expected = whole.result()
                // DISTINCT merges the other side's set, in no order: order-sensitive results may differ.
                if distinct && ["STRING_AGG", "ARRAY_AGG", "LAST_VALUE"].contains(f.name) {
                    #expect(!merged.isNull, "\(f.name) distinct")
                } else if f.name == "APPROX_COUNT_DISTINCT" || expected.doubleValue == nil || expected.isNull {
                    #expect(merged == expected, "\(f.name) distinct=\(distinct): \(merged) vs \(expected)")
                } else {
                    let x = merged.doubleValue ?? .nan, y = expected.doubleValue!
                    #expect(abs(x - y) <= 1e-9 * max(1, abs(y)), "\(f.name) distinct=\(distinct): \(merged) vs \(expected)")
                }
                // makeEmpty gives the same kind (a base Accumulator would merge nothing and add nothing).
                #expect(type(of: a.makeEmpty()) == type(of: a), "\(f.name).makeEmpty")
            }
        }
    }

    /// The planner's one-record values (window calls in a grouped query): the first row's value or the latest
    /// one, NULL included, also across a session merge (the other side holds later input).
    @Test func rowValueAccumulatorsKeepTheirRowThroughMerges() throws {
        for (first, expected) in [(true, SQLValue.null), (false, SQLValue.int(3))] {
            let a = RowValueAccumulator(first: first), b = RowValueAccumulator(first: first)
            try a.add(.null); try a.add(.int(1))
            try b.add(.int(2)); try b.add(.int(3))
            try a.merge(b)
            #expect(a.result() == expected, "first=\(first)")
            let empty = RowValueAccumulator(first: first)
            try empty.merge(b)
            #expect(empty.result() == (first ? .int(2) : .int(3)), "first=\(first), merged into an empty one")
            a.reset()
            #expect(a.result() == .null && !a.seen)
        }
    }

    /// An aggregate someone forgot to give a `merge`.
    final class NoMerge: Accumulator {
        var n = 0
        override func add(_ value: SQLValue) throws { n += 1 }
        override func result() -> SQLValue { .int(Int64(n)) }
        override func makeEmpty() -> Accumulator { NoMerge() }
    }

    @Test func aMissingMergeOverrideIsAnErrorNamingTheClass() throws {
        let a = NoMerge(), b = NoMerge()
        try b.add(.int(1))
        let error = #expect(throws: VeloError.self) { try a.merge(b) }
        #expect(error?.diagnostic.message.contains("NoMerge does not implement merge") == true)

        // Boxed in a group, as session windows merge them.
        var slot = AggregateSlot(NoMerge())
        #expect(throws: VeloError.self) { try slot.merge(AggregateSlot(NoMerge())) }
    }

    @Test func mergingDifferentKindsIsAnErrorNotACrash() throws {
        let sum = try AggregateFunctions.lookup("SUM")!.make()
        let median = try AggregateFunctions.lookup("MEDIAN")!.make()
        let error = #expect(throws: VeloError.self) { try sum.merge(median) }
        #expect(error?.diagnostic.message.contains("cannot merge PercentileAccumulator into SumAccumulator") == true)
        for name in ["STDDEV", "CORR", "STRING_AGG", "ARRAY_AGG", "APPROX_COUNT_DISTINCT", "COUNT_DISTINCT", "FIRST", "MAX", "AVG", "COUNT"] {
            let acc = try AggregateFunctions.lookup(name)!.make()
            #expect(throws: VeloError.self, "\(name)") { try acc.merge(NoMerge()) }
        }
        let distinct = try AggregateFunctions.lookup("SUM")!.make(distinct: true)
        #expect(throws: VeloError.self) { try distinct.merge(sum) }

        var count = AggregateSlot(try AggregateFunctions.lookup("COUNT")!.make())
        #expect(throws: VeloError.self) { try count.merge(AggregateSlot(sum)) }
    }
}
