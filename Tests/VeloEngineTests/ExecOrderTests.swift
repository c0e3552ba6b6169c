import Testing
import VeloEngine
import VeloSQL

/// ORDER BY against plain-Swift sorts of the same data: the whole output at the end of a bounded input, or
/// each fired window's rows for a windowed EMIT FINAL query; NULL is the smallest value; ties keep arrival
/// order; LIMIT applies after sorting.
@Suite struct ExecOrderTests {
    /// NULL first, then numbers ascending (the engine's order for the values used here).
    static func ascending(_ a: Int?, _ b: Int?) -> Bool {
        switch (a, b) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (x?, y?): return x < y
        }
    }

    @Test func projectionSortedByAColumnWithNullsFirstAndStableTies() throws {
        let trades = Trade.generate(500, seed: 71, keys: 4, nulls: 0.2)
        let result = try execRun("SELECT id, qty FROM t ORDER BY qty", trades)
        // A stable sort of the input by qty (ties stay in arrival order).
        let expected = trades.enumerated().sorted { a, b in
            if Self.ascending(a.element.qty, b.element.qty) { return true }
            if Self.ascending(b.element.qty, a.element.qty) { return false }
            return a.offset < b.offset
        }.map { "\($0.element.id)|\($0.element.qty.map(String.init) ?? "null")" }
        #expect(result.records.map { execRow($0, ["id", "qty"]) } == expected)
    }

    @Test func groupByOrderedByAnAggregateDescendingWithLimit() throws {
        let trades = Trade.generate(2000, seed: 72, keys: 30, nulls: 0.05)
        var totals: [String: Int] = [:]
        var firstSeen: [String] = []
        for t in trades {
            guard let sym = t.sym else { continue }
            if totals[sym] == nil { firstSeen.append(sym) }
            totals[sym, default: 0] += t.qty ?? 0
        }
        let ranked = firstSeen.enumerated().sorted { a, b in
            let x = totals[a.element]!, y = totals[b.element]!
            return x != y ? x > y : a.offset < b.offset
        }.map { "\($0.element)|\(totals[$0.element]!)" }
        let sql = "SELECT sym, SUM(qty) AS total FROM t WHERE sym IS NOT NULL GROUP BY sym"
        // By alias, by the same expression, by position: one order.
        for order in ["total DESC", "SUM(qty) DESC", "2 DESC"] {
            let all = try execRun("\(sql) ORDER BY \(order) EMIT FINAL", trades)
            #expect(all.records.map { execRow($0, ["sym", "total"]) } == ranked, "\(order)")
        }
        let top = try execRun("\(sql) ORDER BY total DESC LIMIT 5 EMIT FINAL", trades)
        #expect(top.records.map { execRow($0, ["sym", "total"]) } == Array(ranked.prefix(5)))
        #expect(top.metrics.recordsOut == 5)
        #expect(top.metrics.recordsIn == Int64(trades.count)) // top-N reads everything
    }

    @Test func eachFiredWindowIsSortedAndWindowsStayInEndOrder() throws {
        let trades = Trade.generate(1500, seed: 73, keys: 6, nulls: 0)
        var windows: [Int: [String: Int]] = [:]
        for t in trades { windows[t.ts - t.ts % 1000, default: [:]][t.sym!, default: 0] += 1 }
        var expected: [String] = []
        for start in windows.keys.sorted() {
            let counts = windows[start]!
            for sym in counts.keys.sorted(by: { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1 }) {
                expected.append("\(start)|\(sym)|\(counts[sym]!)")
            }
        }
        func sql(_ limit: String) -> String {
            "SELECT _window_start AS ws, sym, COUNT(*) AS n FROM t GROUP BY sym WINDOW TUMBLING(1s) "
                + "ORDER BY n DESC, sym \(limit) WITH ('event.time.field' = 'ts')"
        }
        let result = try execRun(sql(""), trades)
        #expect(result.records.map { execRow($0, ["ws", "sym", "n"]) } == expected)
        // LIMIT counts rows across windows, in the same order.
        let limited = try execRun(sql("LIMIT 7"), trades)
        #expect(limited.records.map { execRow($0, ["ws", "sym", "n"]) } == Array(expected.prefix(7)))
    }

    @Test func selectStarOrderedByAField() throws {
        let lines = [#"{"a":2,"b":"x"}"#, #"{"a":null,"b":"y"}"#, #"{"b":"z"}"#, #"{"a":1,"b":"w"}"#]
        let result = try ExecEngine.run("SELECT * FROM t ORDER BY a DESC", records: lines)
        #expect(result.records.map { execRow($0, ["b"]) } == ["x", "w", "y", "z"])
    }

    @Test func orderByOutsideTheOutputIsRefusedWithItsPlace() {
        for (sql, message) in [
            ("SELECT id FROM t ORDER BY qty", "output columns"),
            ("SELECT id, qty FROM t ORDER BY 3", "not a column position")
        ] {
            do {
                _ = try ExecEngine.run(sql, records: [])
                Issue.record("\(sql) ran")
            } catch let issue as SQLIssue {
                #expect(issue.message.contains(message), "\(issue.message)")
                #expect(issue.span.start > 20, "\(issue.span)") // the ORDER BY item, not the statement
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
