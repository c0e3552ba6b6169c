import Testing
import VeloEngine

/// A record that one aggregate refuses (SUM overflows, a string in SUM/STDDEV, MIN over mixed kinds) is a
/// failed record and is folded into none of its group's aggregates (FoldPlan.swift); a group made only of
/// such records is not emitted (issue 18).
@Suite struct RefusedRecordTests {
    private func rows(_ sql: String, _ records: [String], failed: Int64, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let r = try ExecEngine.run(sql, records: records)
        #expect(r.metrics.failedRecords == failed, sourceLocation: sourceLocation)
        return r.records.map(\.description).sorted()
    }

    @Test func aFailedRecordCountsInNoAggregateOfItsGroup() throws {
        let records = [
            "{\"k\":\"a\",\"v\":9000000000000000000}", "{\"k\":\"a\",\"v\":9000000000000000000}",
            "{\"k\":\"b\",\"v\":\"abc\"}", "{\"k\":\"a\",\"v\":1}", "{\"k\":\"c\",\"v\":2}",
            "{\"k\":\"c\",\"v\":\"x\"}"
        ]
        for window in ["", " WINDOW TUMBLING(INTERVAL '1' HOUR)"] {
            let out = try rows(
                "SELECT k, COUNT(*) AS n, MIN(v) AS lo, SUM(v) AS s, STDDEV(v) AS sd FROM t\(window) GROUP BY k EMIT FINAL;",
                records, failed: 3)
            #expect(
                out == [
                    "{\"k\":\"a\",\"n\":2,\"lo\":1,\"s\":9000000000000000001,\"sd\":6.363961030678927e+18}",
                    "{\"k\":\"c\",\"n\":1,\"lo\":2,\"s\":2,\"sd\":null}"
                ], "\(window)")
        }
    }

    /// A SUM folded before a later aggregate refuses the record gets its state back, to the bit.
    @Test func sumsBeforeTheRefusingAggregateArePutBack() throws {
        let records = [
            "{\"k\":1,\"a\":0.1,\"i\":5,\"b\":3}", "{\"k\":1,\"a\":0.2,\"i\":7,\"b\":\"text\"}",
            "{\"k\":1,\"a\":0.7,\"i\":1,\"b\":4}"
        ]
        let out = try rows(
            "SELECT k, SUM(a) AS sa, AVG(i) AS ai, MAX(b) AS mb, COUNT(*) AS n FROM t GROUP BY k EMIT FINAL;",
            records, failed: 1)
        #expect(out == ["{\"k\":1,\"sa\":\((0.1 + 0.7).description),\"ai\":3.0,\"mb\":4,\"n\":2}"])
    }

    /// Two aggregates that check (MIN, MAX) and one that may refuse last: nothing is folded when any refuses.
    @Test func checkedAggregatesRefuseBeforeAnythingIsFolded() throws {
        let records = ["{\"v\":2}", "{\"v\":\"x\"}", "{\"v\":5}", "{\"v\":true}"]
        let out = try rows(
            "SELECT MIN(v) AS lo, MAX(v) AS hi, STDDEV_POP(v) AS sd, FIRST_VALUE(v) AS f, LAST_VALUE(v) AS l, COUNT(v) AS n FROM t EMIT FINAL;",
            records, failed: 2)
        #expect(out == ["{\"lo\":2,\"hi\":5,\"sd\":1.5,\"f\":2,\"l\":5,\"n\":2}"])
    }

    /// A value SUM(DISTINCT …) refused is not remembered as seen.
    @Test func aRefusedDistinctValueIsNotSeen() throws {
        let records = ["{\"v\":9223372036854775807}", "{\"v\":1}", "{\"v\":-1}", "{\"v\":1}"]
        let out = try rows("SELECT SUM(DISTINCT v) AS s, COUNT(*) AS n FROM t EMIT FINAL;", records, failed: 1)
        #expect(out == ["{\"s\":9223372036854775807,\"n\":3}"]) // the second 1 counts: the first was refused
    }

    /// EMIT CHANGES writes no row for a refused record, and a group with only refused records never appears.
    @Test func aRefusedRecordEmitsNoChange() throws {
        let records = ["{\"k\":\"a\",\"v\":1}", "{\"k\":\"b\",\"v\":\"x\"}", "{\"k\":\"a\",\"v\":\"y\"}", "{\"k\":\"a\",\"v\":2}"]
        let r = try ExecEngine.run("SELECT k, SUM(v) AS s, COUNT(*) AS n FROM t GROUP BY k EMIT CHANGES;", records: records)
        #expect(r.metrics.failedRecords == 2)
        #expect(r.records.map(\.description) == ["{\"k\":\"a\",\"s\":1,\"n\":1}", "{\"k\":\"a\",\"s\":3,\"n\":2}"])
    }

    /// The global group over only refused records is the aggregate over no rows.
    @Test func theGlobalGroupOfRefusedRecordsIsTheEmptyAggregate() throws {
        let out = try rows("SELECT COUNT(*) AS n, SUM(v) AS s FROM t EMIT FINAL;", ["{\"v\":\"x\"}"], failed: 1)
        #expect(out == ["{\"n\":0,\"s\":null}"])
    }
}
