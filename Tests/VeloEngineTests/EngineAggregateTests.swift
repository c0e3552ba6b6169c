import Testing
import VeloEngine

func aggregate(_ name: String, _ values: [SQLValue], parameters: [SQLValue] = [], distinct: Bool = false) throws -> SQLValue {
    let acc = try AggregateFunctions.lookup(name)!.make(parameters: parameters, distinct: distinct)
    for v in values { try acc.add(v) }
    return acc.result()
}

/// Splits the input in two accumulators and merges them, which must equal one pass.
func aggregateMerged(_ name: String, _ values: [SQLValue], split: Int, parameters: [SQLValue] = []) throws -> SQLValue {
    let f = AggregateFunctions.lookup(name)!
    let a = try f.make(parameters: parameters), b = try f.make(parameters: parameters)
    for v in values[..<split] { try a.add(v) }
    for v in values[split...] { try b.add(v) }
    try a.merge(b)
    return a.result()
}

func close(_ a: SQLValue, _ b: Double, relative: Double = 1e-9) -> Bool {
    guard let x = a.doubleValue else { return false }
    return abs(x - b) <= relative * max(1, abs(b))
}

@Suite struct EngineAggregateTests {
    @Test func registryAndArity() throws {
        #expect(AggregateFunctions.lookup("count", star: true)?.valueArity == 0)
        #expect(AggregateFunctions.lookup("GROUP_CONCAT")?.name == "STRING_AGG")
        #expect(AggregateFunctions.lookup("corr")?.valueArity == 2)
        #expect(AggregateFunctions.lookup("nope") == nil)
        #expect(runtimeErrorKind { try AggregateFunctions.lookup("PERCENTILE_CONT")!.make(parameters: [0.1, 0.2]) } == .badArgument)
        #expect(try aggregate("PERCENTILE_CONT", [1, 2, 3, 10]) == .double(2.5), "no parameter means the median")
        for name in ["ARRAY_AGG", "COLLECT", "REGR_AVGX", "REGR_AVGY", "REGR_SLOPE", "REGR_INTERCEPT", "REGR_R2", "REGR_COUNT"] {
            #expect(AggregateFunctions.lookup(name) != nil, "\(name)")
        }
        #expect(runtimeErrorKind { try AggregateFunctions.lookup("PERCENTILE_CONT")!.make(parameters: [1.5]) } == .badArgument)
        for name in [
            "COUNT", "COUNT_DISTINCT", "APPROX_COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX", "FIRST_VALUE", "FIRST",
            "LAST_VALUE", "LAST", "STDDEV", "STDDEV_SAMP", "STDDEV_POP", "VARIANCE", "VAR_SAMP", "VAR_POP", "MEDIAN",
            "PERCENTILE_CONT", "PERCENTILE_DISC", "STRING_AGG", "LISTAGG", "CORR", "COVAR_POP", "COVAR_SAMP"
        ] {
            #expect(AggregateFunctions.lookup(name) != nil, "\(name)")
        }
    }

    @Test func nullsAndEmptyInput() throws {
        let values: [SQLValue] = [nil, 2, nil, 4]
        #expect(try aggregate("COUNT", values) == .int(2))
        let star = try AggregateFunctions.lookup("COUNT", star: true)!.make()
        for v in values { try star.add(v) }
        #expect(star.result() == .int(4))
        #expect(try aggregate("SUM", values) == .int(6))
        #expect(try aggregate("AVG", values) == .double(3))
        #expect(try aggregate("MIN", values) == .int(2))
        #expect(try aggregate("FIRST_VALUE", values) == .int(2))
        #expect(try aggregate("LAST_VALUE", values + [nil]) == .int(4))
        for name in ["SUM", "AVG", "MIN", "MAX", "FIRST", "LAST", "STDDEV", "VAR_POP", "MEDIAN", "STRING_AGG"] {
            #expect(try aggregate(name, []) == .null, "\(name) of nothing")
            #expect(try aggregate(name, [nil, nil]) == .null, "\(name) of NULLs")
        }
        #expect(try aggregate("COUNT", [nil]) == .int(0))
        #expect(try aggregate("STDDEV", [5]) == .null, "sample stddev needs two values")
        #expect(try aggregate("STDDEV_POP", [5]) == .double(0))
    }

    /// DELTA (Velostream): the largest value minus the smallest, NULLs skipped, merged across partials.
    @Test func deltaIsMaxMinusMin() throws {
        #expect(try aggregate("DELTA", [5, nil, 2, 9, 4]) == .int(7))
        #expect(try aggregate("DELTA", [1.5, 4]) == .double(2.5))
        #expect(try aggregate("DELTA", [3]) == .int(0))
        #expect(try aggregate("DELTA", [nil]) == .null)
        let a = try AggregateFunctions.lookup("DELTA")!.make(), b = try AggregateFunctions.lookup("DELTA")!.make()
        for v: SQLValue in [4, 6] { try a.add(v) }
        for v: SQLValue in [1, 5] { try b.add(v) }
        try a.merge(b)
        #expect(a.result() == .int(5))
    }

    @Test func sumTypes() throws {
        #expect(try aggregate("SUM", [1, 2, 3]) == .int(6))
        #expect(try aggregate("SUM", [1, 2.5]) == .double(3.5))
        #expect(try aggregate("SUM", [dec("0.10"), dec("0.20"), 1]).description == "1.30")
        #expect(runtimeErrorKind { try aggregate("SUM", [.int(.max), 1]) } == .overflow, "overflow is a failed record, not DOUBLE")
        #expect(try aggregate("SUM", ["2", "3"]) == .int(5), "numeric strings")
        #expect(runtimeErrorKind { try aggregate("SUM", ["x"]) } == .typeMismatch)
        #expect(try aggregate("AVG", [dec("1.00"), dec("2.00")]).description == "1.500000")
        #expect(try aggregate("SUM", [1, 1, 2], distinct: true) == .int(3))
        #expect(try aggregate("COUNT", [1, 1.0, 2, nil], distinct: true) == .int(2))
        #expect(try aggregate("COUNT_DISTINCT", ["a", "b", "a", nil]) == .int(2))
    }

    @Test func minMaxAnyComparable() throws {
        #expect(try aggregate("MAX", ["pear", "apple", nil]) == "pear")
        #expect(try aggregate("MIN", [3, 1.5, dec("2.0")]) == .double(1.5))
        #expect(try aggregate("MAX", [.timestamp(5), .timestamp(9)]) == .timestamp(9))
        #expect(runtimeErrorKind { try aggregate("MAX", [1, "a"]) } == .typeMismatch)
    }

    @Test func arrayAgg() throws {
        #expect(try aggregate("ARRAY_AGG", [1, nil, "a"]) == .json([1, "a"]))
        #expect(try aggregate("COLLECT_LIST", [nil]) == .null)
        #expect(try aggregateMerged("ARRAY_AGG", [1, 2, 3], split: 2) == .json([1, 2, 3]))
        let avg = try AggregateFunctions.lookup("REGR_AVGX")!.make()
        try avg.add(2, 10); try avg.add(4, nil); try avg.add(6, 20)
        #expect(avg.result() == .double(4), "pairs with a NULL are skipped")
    }

    @Test func stringAgg() throws {
        #expect(try aggregate("STRING_AGG", ["a", nil, "b", 3], parameters: ["|"]) == "a|b|3")
        #expect(try aggregate("GROUP_CONCAT", ["a", "b"]) == "a,b")
        #expect(try aggregateMerged("STRING_AGG", ["a", "b", "c"], split: 1, parameters: ["-"]) == "a-b-c")
        #expect(try aggregateMerged("STRING_AGG", ["a", "b"], split: 0, parameters: ["-"]) == "a-b")
        // Velostream's aggregation: COLLECT is LISTAGG's alias, a NULL delimiter is the default ',', and a
        // third argument is read by nothing.
        #expect(AggregateFunctions.lookup("COLLECT")?.name == "STRING_AGG")
        #expect(try aggregate("COLLECT", ["a", 2]) == "a,2")
        #expect(try aggregate("LISTAGG", ["a", "b"], parameters: [.null]) == "a,b")
        #expect(try aggregate("LISTAGG", ["a", "b"], parameters: [";", "ignored"]) == "a;b")
        #expect(runtimeErrorKind { try AggregateFunctions.lookup("LISTAGG")!.make(parameters: [";", "x", "y"]) } == .badArgument)
    }

    @Test func statisticsMatchTwoPassOracle() throws {
        var rng = SeededRandom(seed: 2024)
        for round in 0..<20 {
            let n = Int(rng.int(2...400))
            let xs = (0..<n).map { _ in rng.double() * 1000 - 300 }
            let ys = xs.map { $0 * 0.5 + rng.double() * 50 }
            let mean = xs.reduce(0, +) / Double(n)
            let ss = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let meanY = ys.reduce(0, +) / Double(n)
            let ssY = ys.reduce(0) { $0 + ($1 - meanY) * ($1 - meanY) }
            let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mean) * ($1.1 - meanY) }
            let values = xs.map { SQLValue.double($0) }
            let split = Int(rng.int(0...Int64(n)))
            #expect(close(try aggregate("AVG", values), mean, relative: 1e-12))
            #expect(close(try aggregate("VAR_SAMP", values), ss / Double(n - 1)), "round \(round)")
            #expect(close(try aggregate("VAR_POP", values), ss / Double(n)))
            #expect(close(try aggregate("STDDEV", values), (ss / Double(n - 1)).squareRoot()))
            #expect(close(try aggregateMerged("STDDEV_POP", values, split: split), (ss / Double(n)).squareRoot()))
            #expect(close(try aggregateMerged("VARIANCE", values, split: split), ss / Double(n - 1)))

            let f = AggregateFunctions.lookup("CORR")!
            let corr = try f.make(), cov = try AggregateFunctions.lookup("COVAR_SAMP")!.make()
            let covPopA = try AggregateFunctions.lookup("COVAR_POP")!.make(), covPopB = try AggregateFunctions.lookup("COVAR_POP")!.make()
            let slope = try AggregateFunctions.lookup("REGR_SLOPE")!.make()
            for (i, (x, y)) in zip(xs, ys).enumerated() {
                try corr.add(.double(x), .double(y)); try cov.add(.double(x), .double(y)); try slope.add(.double(x), .double(y))
                try (i < split ? covPopA : covPopB).add(.double(x), .double(y))
            }
            try covPopA.merge(covPopB)
            #expect(close(corr.result(), sxy / (ss * ssY).squareRoot()))
            #expect(close(cov.result(), sxy / Double(n - 1)))
            #expect(close(covPopA.result(), sxy / Double(n)))
            #expect(close(slope.result(), sxy / ss))
        }
    }

    @Test func percentilesMatchSortedArray() throws {
        var rng = SeededRandom(seed: 11)
        for _ in 0..<30 {
            let n = Int(rng.int(1...300))
            let xs = (0..<n).map { _ in Double(rng.int(-500...500)) / 4 }
            let sorted = xs.sorted()
            let values = xs.map { SQLValue.double($0) }
            for p in [0.0, 0.1, 0.25, 0.5, 0.9, 0.99, 1.0] {
                let pos = p * Double(n - 1)
                let lo = Int(pos.rounded(.down)), hi = min(lo + 1, n - 1)
                let cont = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - Double(lo))
                #expect(close(try aggregate("PERCENTILE_CONT", values, parameters: [.double(p)]), cont))
                let disc = sorted[max(1, Int((p * Double(n)).rounded(.up))) - 1]
                #expect(try aggregate("PERCENTILE_DISC", values, parameters: [.double(p)]) == .double(disc), "p=\(p) n=\(n)")
            }
            let split = Int(rng.int(0...Int64(n)))
            let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            #expect(close(try aggregateMerged("MEDIAN", values, split: split), median))
        }
        #expect(try aggregate("PERCENTILE_DISC", [5, 1, 3], parameters: [0.5]) == .int(3), "integers stay integers")
        #expect(try aggregate("MEDIAN", [1, 2, 3, 4]) == .double(2.5))
    }

    @Test func approxCountDistinctIsCloseAndDeterministic() throws {
        for n in [0, 1, 10, 1000, 50_000] {
            let values = (0..<n).map { SQLValue.string("user-\($0)") } + (0..<n).map { SQLValue.string("user-\($0)") }
            let est = try aggregate("APPROX_COUNT_DISTINCT", values)
            guard case .int(let e) = est else { Issue.record("not an int"); continue }
            let error = n == 0 ? Double(e) : abs(Double(e) - Double(n)) / Double(n)
            #expect(error <= (n < 1000 ? 0.01 : 0.05), "n=\(n) estimate=\(e)")
            #expect(try aggregate("APPROX_COUNT_DISTINCT", values) == est, "same answer every time")
        }
        let ints = (0..<20_000).map { SQLValue.int(Int64($0)) }
        let merged = try aggregateMerged("APPROX_COUNT_DISTINCT", ints, split: 7000)
        #expect(merged == (try aggregate("APPROX_COUNT_DISTINCT", ints)), "merging registers equals one pass")
    }

    @Test func mergeEqualsOnePassForEveryAggregate() throws {
        var rng = SeededRandom(seed: 5)
        let values: [SQLValue] = (0..<200).map { i in i % 17 == 0 ? .null : .int(rng.int(-50...50)) }
        for name in ["COUNT", "SUM", "AVG", "MIN", "MAX", "FIRST_VALUE", "LAST_VALUE", "COUNT_DISTINCT", "MEDIAN", "VAR_POP"] {
            for split in [0, 1, 77, 200] {
                let merged = try aggregateMerged(name, values, split: split)
                let single = try aggregate(name, values)
                if case .double(let m) = merged, case .double(let s) = single {
                    #expect(abs(m - s) <= 1e-9 * max(1, abs(s)), "\(name) split \(split)")
                } else {
                    #expect(merged == single, "\(name) split \(split)")
                }
            }
        }
    }

    @Test func estimatedBytesGrowWithHeldValues() throws {
        let f = AggregateFunctions.lookup("MEDIAN")!
        let small = try f.make(), large = try f.make()
        try small.add(1)
        for i in 0..<1000 { try large.add(.int(Int64(i))) }
        #expect(large.estimatedBytes > small.estimatedBytes + 7000)
    }

    @Test func inlineSlotsAgreeWithAccumulators() throws {
        var rng = SeededRandom(seed: 31)
        let pools: [[SQLValue]] = [
            (0..<150).map { i in i % 9 == 0 ? .null : .int(rng.int(-1000...1000)) },
            (0..<150).map { i in i % 7 == 0 ? .null : .double(rng.double() * 100 - 50) },
            (0..<150).map { i in i % 5 == 0 ? .null : .decimal(SQLDecimal(units: rng.int(-99_999...99_999), scale: 2)) },
            (0..<150).map { i in i % 4 == 0 ? .null : .string("s\(rng.int(0...40))") }
        ]
        for (p, values) in pools.enumerated() {
            for (name, star) in [
                ("COUNT", true), ("COUNT", false), ("SUM", false), ("AVG", false), ("MIN", false), ("MAX", false),
                ("FIRST_VALUE", false), ("LAST_VALUE", false), ("STDDEV", false)
            ] {
                if p == 3 && ["SUM", "AVG", "STDDEV"].contains(name) { continue }
                let f = AggregateFunctions.lookup(name, star: star)!
                let acc = try f.make()
                var slot = AggregateSlot(try f.make())
                if name == "STDDEV" {
                    guard case .boxed = slot else { Issue.record("STDDEV should be boxed"); continue }
                } else {
                    if case .boxed = slot { Issue.record("\(name) should be inline") }
                }
                var a = slot.makeEmpty(), b = slot.makeEmpty()
                for (i, v) in values.enumerated() {
                    try acc.add(v)
                    try slot.add(v)
                    if i < 60 { try a.add(v) } else { try b.add(v) }
                }
                try a.merge(b)
                #expect(slot.result == acc.result(), "\(name)\(star ? "(*)" : "") pool \(p)")
                if case .double(let x) = a.result, case .double(let y) = acc.result() {
                    #expect(abs(x - y) <= 1e-9 * max(1, abs(y)))
                } else {
                    #expect(a.result == acc.result(), "merged \(name) pool \(p)")
                }
                slot.reset()
                #expect(try slot.result == f.make().result(), "reset empties the slot")
            }
        }
    }
}
