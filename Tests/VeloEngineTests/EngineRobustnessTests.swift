import Testing
import VeloBase
import VeloEngine
import VeloJSON

/// Hostile values through every operator, cast and function: a bad record may raise a RuntimeError,
/// but must never trap (a crash would take the whole run down).
@Suite struct EngineRobustnessTests {
    static let edges: [SQLValue] = [
        nil, true, false, 0, 1, -1, .int(.max), .int(.min), .int(Int64(Int32.max) + 1), 0.0, -0.0, 1.5, .double(.nan),
        .double(.infinity), .double(-.infinity), .double(1e300), .double(-1e-300), .double(9.3e18),
        .decimal(SQLDecimal(units: .max, scale: 0)), .decimal(SQLDecimal(units: .min, scale: 18)),
        .decimal(SQLDecimal(units: 1, scale: 18)), .decimal(SQLDecimal(units: -12345, scale: 2)),
        "", " ", "abc", "héllo wörld", "12", "-3.5", "1e400", "2024-03-05T14:07:09Z", "9999-12-31", "%_\\", "[1,2]",
        #"{"a":{"b":[1]}}"#, "$.a.b[0]", "(", "1m", "YEAR", "DAY", "%Y-%m-%d %H", .timestamp(.max), .timestamp(.min),
        .timestamp(0), .date(.max), .date(.min), .json([1, "x", nil]), .json(["k": 1])
    ]

    @Test func operatorsAndCastsNeverTrap() {
        var outcomes = 0
        for a in Self.edges {
            for b in Self.edges {
                for op in [SQLValue.ArithmeticOperator.add, .subtract, .multiply, .divide, .modulo] {
                    if (try? SQLValue.arithmetic(op, a, b)) != nil { outcomes += 1 }
                }
                if (try? SQLValue.compare(a, b)) != nil { outcomes += 1 }
                _ = SQLValue.orderedCompare(a, b)
                _ = try? SQLValue.and(a, b)
                _ = SQLValue.concatOperator(a, b)
                _ = a == b
                _ = StableHash.hash(a)
            }
            for t: SQLType in [
                .integer, .bigint, .float, .double, .decimal(precision: 18, scale: 6),
                .decimal(precision: 4, scale: 2), .string, .varchar(2), .boolean, .timestamp, .date, .time,
                .bytes, .json
            ] {
                if (try? a.cast(to: t)) != nil { outcomes += 1 }
            }
            var w = JSONWriter()
            a.write(to: &w)
            _ = a.description
            _ = try? EventTimeFormat.auto.epochMillis(of: a)
            _ = try? LikePattern(ScalarFunctions.string(a)).evaluate(a)
        }
        #expect(outcomes > 1000, "most combinations produce a value")
    }

    @Test func everyFunctionSurvivesHostileArguments() {
        var rng = SeededRandom(seed: 1234)
        var calls = 0
        for name in ScalarFunctions.names {
            let f = ScalarFunctions.lookup(name)!
            for _ in 0..<60 {
                let n = Int(rng.int(Int64(f.arity.lowerBound)...Int64(min(f.arity.upperBound, f.arity.lowerBound + 3))))
                let args = (0..<n).map { _ in Self.edges[Int(rng.int(0...Int64(Self.edges.count - 1)))] }
                _ = try? f.call(args)
                _ = try? f.specialized(constants: args.map { Optional($0) })
                calls += 1
            }
        }
        // every one- and two-argument combination of the hostile values, plus a fixed third argument
        let edges = Self.edges + ["WEEK", "MONTH", "MILLISECOND", "EPOCH"]
        for name in ScalarFunctions.names {
            let f = ScalarFunctions.lookup(name)!
            guard f.arity.lowerBound <= 3 else { continue }
            for a in edges {
                if f.arity.contains(1) { _ = try? f.call([a]) }
                guard f.arity.upperBound >= 2 else { continue }
                for b in edges {
                    if f.arity.contains(2) { _ = try? f.call([a, b]) }
                    if f.arity.contains(3) {
                        _ = try? f.call([a, b, .int(.max)])
                        _ = try? f.call([a, b, .int(.min)])
                        _ = try? f.call([a, "x", b])
                    }
                }
            }
        }
        for name in AggregateFunctions.names {
            let f = AggregateFunctions.lookup(name)!
            guard let acc = try? f.make(parameters: f.parameters.lowerBound == 0 ? [] : [0.5]) else { continue }
            for v in Self.edges {
                if f.valueArity == 2 { _ = try? acc.add(v, v) } else { _ = try? acc.add(v) }
            }
            _ = acc.result()
            calls += 1
        }
        #expect(calls > 5000)
    }

    @Test func windowStoreRejectsTimesItCannotWindow() throws {
        for spec in [WindowSpec.tumbling(size: 1000), .sliding(size: 3000, advance: 1000), .session(gap: 1000)] {
            let store = WindowStore(window: spec, prototypes: [try AggregateFunctions.lookup("COUNT", star: true)!.make()])
            for t: Int64 in [.min, .max, .min + 1, .max - 1, Timestamps.supportedRange.upperBound + 1] {
                #expect(throws: RuntimeError.self) { try store.add(eventTime: t, key: .none) { try $0.add(0, .null) } }
            }
            for t in [Timestamps.supportedRange.lowerBound, Timestamps.supportedRange.upperBound, 0] {
                try store.add(eventTime: t, key: .none) { try $0.add(0, .null) }
            }
            var fired = 0
            store.advance(watermark: .max - 1) { _, _ in fired += 1 }
            store.closeAll { _, _ in fired += 1 }
            #expect(fired >= 3, "\(spec)")
            #expect(WindowAssigner.windows(for: .min, spec).count <= 1)
        }
        #expect(throws: RuntimeError.self) { try EventTimeFormat.epochMillis.epochMillis(of: .int(.max)) }
    }
}
