import Testing
import VeloEngine
import VeloSQL

/// UNION [ALL] against plain-Swift results: each SELECT over its own source, in order; the first SELECT's
/// column names; UNION drops repeated rows (by value); ORDER BY and LIMIT over the whole union; metrics add up.
@Suite struct ExecUnionTests {
    static let a = Trade.generate(300, seed: 81, keys: 4, nulls: 0.1)
    static let b = Trade.generate(200, seed: 82, keys: 6, nulls: 0.1)

    static func run(_ sql: String) throws -> ExecEngine.Result {
        try ExecEngine.run(sql, records: a.map(\.json), inputs: ["b": b.map(\.json)])
    }

    @Test func unionAllWritesEachSelectsRowsInTurn() throws {
        let result = try Self.run("SELECT id, qty FROM a WHERE qty > 50 UNION ALL SELECT id * 1000, price FROM b WHERE price < 100")
        let expected =
            Self.a.filter { ($0.qty ?? 0) > 50 }.map { "\($0.id)|\($0.qty!)" }
            + Self.b.filter { $0.price.map { $0 < 100 } ?? false }.map { "\($0.id * 1000)|\($0.price!)" }
        #expect(result.records.map { execRow($0, ["id", "qty"]) } == expected)
        #expect(result.metrics.recordsIn == Int64(Self.a.count + Self.b.count))
        #expect(result.metrics.sources.map(\.name) == ["a", "b"])
        #expect(result.metrics.sources.map(\.records) == [Int64(Self.a.count), Int64(Self.b.count)])
    }

    @Test func unionDropsRepeatedRowsAcrossAndWithinSelects() throws {
        let result = try Self.run("SELECT sym FROM a UNION SELECT sym FROM b")
        var seen = Set<String>()
        var expected: [String] = []
        for sym in (Self.a + Self.b).map({ $0.sym ?? "null" }) where seen.insert(sym).inserted { expected.append(sym) }
        #expect(result.records.map { execRow($0, ["sym"]) } == expected)
        // 1 and 1.0 are one value, as in GROUP BY.
        let numbers = try ExecEngine.run(
            "SELECT x FROM a UNION SELECT y FROM b", records: [#"{"x":1}"#, #"{"x":2}"#],
            inputs: ["b": [#"{"y":1.0}"#, #"{"y":3}"#]])
        #expect(numbers.records.map { execRow($0, ["x"]) } == ["1", "2", "3"])
    }

    @Test func orderByAndLimitApplyToTheWholeUnion() throws {
        let sql =
            "SELECT id, qty FROM a WHERE qty IS NOT NULL UNION ALL SELECT id + 10000, qty FROM b WHERE qty IS NOT NULL "
            + "ORDER BY qty DESC, id LIMIT 7"
        let rows = (Self.a.map { ($0.id, $0.qty) } + Self.b.map { ($0.id + 10000, $0.qty) })
            .compactMap { id, qty in qty.map { (id, $0) } }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        #expect(try Self.run(sql).records.map { execRow($0, ["id", "qty"]) } == rows.prefix(7).map { "\($0.0)|\($0.1)" })
    }

    @Test func eachSelectMayAggregateAndFailuresAddUp() throws {
        // EMIT belongs to the statement, so it applies to both SELECTs.
        let sql =
            "SELECT sym, COUNT(*) AS n FROM a WHERE sym IS NOT NULL GROUP BY sym "
            + "UNION ALL SELECT sym, SUM(100 / (qty - qty)) FROM b WHERE id < 3 GROUP BY sym EMIT FINAL"
        let result = try Self.run(sql)
        var counts: [String: Int] = [:]
        var order: [String] = []
        for t in Self.a { guard let s = t.sym else { continue }; if counts[s] == nil { order.append(s) }; counts[s, default: 0] += 1 }
        let fromB = Self.b.filter { $0.id < 3 }
        var bOrder: [String] = []
        // b's rows fail with division by zero before reaching a group; a NULL qty gives NULL, whose group's sum is NULL.
        for t in fromB where t.qty == nil && !bOrder.contains(t.sym ?? "null") { bOrder.append(t.sym ?? "null") }
        #expect(result.records.map { execRow($0, ["sym", "n"]) } == order.map { "\($0)|\(counts[$0]!)" } + bOrder.map { "\($0)|null" })
        let failing = fromB.filter { $0.qty != nil }.count
        #expect(result.metrics.failedRecords == Int64(failing))
        #expect(failing > 0 && result.metrics.failures.first?.kind == "division_by_zero")
    }

    @Test func unsupportedShapesAreRefusedWithTheirPlace() {
        for (sql, message) in [
            ("SELECT id FROM a UNION SELECT id FROM b UNION ALL SELECT id FROM c", "UNION and UNION ALL"),
            ("SELECT * FROM a UNION ALL SELECT id FROM b", "columns listed")
        ] {
            do {
                _ = try ExecEngine.run(sql, records: [], inputs: ["b": [], "c": []])
                Issue.record("\(sql) ran")
            } catch let issue as SQLIssue {
                #expect(issue.message.contains(message), "\(issue.message)")
            } catch {
                Issue.record("\(sql): \(error)")
            }
        }
    }
}
