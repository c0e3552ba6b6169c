import Testing
import VeloEngine

/// Overflow is a failed record with its reason (issue 18), never a silent change of type or a NULL.
@Suite struct EngineOverflowTests {
    @Test func sumOfIntegersThatOverflowsFailsInsteadOfTurningFloat() throws {
        #expect(throws: RuntimeError.self) {
            _ = try aggregate("SUM", [.int(9_000_000_000_000_000_000), .int(9_000_000_000_000_000_000), .int(1)])
        }
        #expect(throws: RuntimeError.self) {
            _ = try aggregateMerged("SUM", [.int(Int64.max), .int(1)], split: 1)
        }
        // Up to the edge it stays an exact integer.
        #expect(try aggregate("SUM", [.int(Int64.max - 1), .int(1)]) == .int(Int64.max))
        // AVG is a DOUBLE anyway: its sum may go on in DOUBLE.
        #expect(close(try aggregate("AVG", [.int(Int64.max), .int(Int64.max)]), 9.223372036854775807e18))
    }

    @Test func aSumOverflowIsAFailedRecordAndTheGroupKeepsItsExactTotal() throws {
        let records = ["{\"v\":9000000000000000000}", "{\"v\":9000000000000000000}", "{\"v\":1}"]
        let r = try ExecEngine.run("SELECT SUM(v) AS s FROM t EMIT FINAL;", records: records)
        #expect(r.metrics.failedRecords == 1)
        #expect(r.metrics.failures.first?.reason.contains("SUM overflows") == true)
        #expect(r.records.map(\.description) == ["{\"s\":9000000000000000001}"])
    }

    @Test func aDoubleThatOverflowsToInfinityFails() throws {
        let r = try ExecEngine.run("SELECT v * 10 AS big, v AS v FROM t;", records: ["{\"v\":1e308}", "{\"v\":2.5}"])
        #expect(r.metrics.failedRecords == 1)
        #expect(r.metrics.failures.first?.reason == "DOUBLE overflow in 1e+308 * 10.0")
        #expect(r.records.map(\.description) == ["{\"big\":25.0,\"v\":2.5}"])
        for (a, b) in [(SQLValue.double(1e308), SQLValue.double(1e308)), (.double(-1e308), .double(-1e308))] {
            #expect(throws: RuntimeError.self) { _ = try SQLValue.add(a, b) }
            #expect(throws: RuntimeError.self) { _ = try SQLValue.arithmetic(.multiply, a, b) }
        }
        #expect(throws: RuntimeError.self) { _ = try SQLValue.divide(.double(1e308), .double(1e-10)) }
        // An infinity that came in stays what it is: only a new overflow fails.
        #expect(try SQLValue.add(.double(.infinity), .double(1)) == .double(.infinity))
    }
}
