import Foundation
import Testing
import VeloBase
import VeloEngine
import VeloJSON
import VeloSQL

/// One row of the subqueries' table; nil fields are written as JSON null.
private struct Limit {
    var sym: String?
    var lim: Int?
    var active: Bool

    var json: String {
        "{\"sym\":" + (sym.map { "\"\($0)\"" } ?? "null") + ",\"lim\":" + (lim.map(String.init) ?? "null") + ",\"active\":\(active)}"
    }

    /// Symbols S0…S9 (trades use S0…S6, so some trades have no row and some rows no trade), duplicates
    /// and NULLs on both columns.
    static func generate(_ n: Int, seed: UInt64, nulls: Double = 0.1) -> [Limit] {
        var rng = ExecRandom(seed: seed)
        return (0..<n).map { _ in
            Limit(
                sym: rng.chance(nulls) ? nil : "S\(rng.int(0...9))", lim: rng.chance(nulls) ? nil : rng.int(1...100),
                active: rng.chance(0.6))
        }
    }
}

/// SQL's three-valued logic for the oracle: nil is UNKNOWN.
private func sqlIn(_ x: Int?, _ values: [Int?]) -> Bool? {
    if values.isEmpty { return false }
    guard let x else { return nil }
    if values.contains(where: { $0 == x }) { return true }
    return values.contains(where: { $0 == nil }) ? nil : false
}

private func sqlIn(_ x: String?, _ values: [String?]) -> Bool? {
    if values.isEmpty { return false }
    guard let x else { return nil }
    if values.contains(where: { $0 == x }) { return true }
    return values.contains(where: { $0 == nil }) ? nil : false
}

private func not(_ b: Bool?) -> Bool? { b.map { !$0 } }

private func run(_ sql: String, _ trades: [Trade], _ limits: [Limit]) throws -> ExecEngine.Result {
    try ExecEngine.run(sql, records: trades.map(\.json), inputs: ["limits": limits.map(\.json)])
}

private func ids(_ r: ExecEngine.Result) -> [String] { r.records.map { execRow($0, ["id"]) } }

@Suite struct ExecSubqueryTests {
    static let seeds: [UInt64] = [1, 2, 3]
    /// The subqueries' tables for a seed: NULLs and duplicates, no NULLs, empty, a single row.
    fileprivate static func tables(_ seed: UInt64) -> [(String, [Limit])] {
        [
            ("mixed", Limit.generate(40, seed: seed + 100)), ("no nulls", Limit.generate(40, seed: seed + 200, nulls: 0)),
            ("empty", []), ("one row", Limit.generate(1, seed: seed + 300, nulls: 0))
        ]
    }

    @Test func inAndNotInMatchTheOracle() throws {
        for seed in Self.seeds {
            let trades = Trade.generate(300, seed: seed, keys: 7, nulls: 0.15)
            for (name, limits) in Self.tables(seed) {
                let active = limits.filter(\.active)
                let syms = active.map(\.sym)
                let lims = active.map(\.lim)
                let inSym = try run("SELECT id FROM trades WHERE sym IN (SELECT sym FROM limits WHERE active = true)", trades, limits)
                #expect(ids(inSym) == trades.filter { sqlIn($0.sym, syms) == true }.map { String($0.id) }, "\(name) seed \(seed)")
                let notIn = try run("SELECT id FROM trades WHERE qty NOT IN (SELECT lim FROM limits WHERE active)", trades, limits)
                #expect(ids(notIn) == trades.filter { not(sqlIn($0.qty, lims)) == true }.map { String($0.id) }, "\(name) seed \(seed)")
                // The IN value itself, NULLs included, in the SELECT list.
                let projected = try run("SELECT id, price IN (SELECT lim FROM limits) AS hit FROM trades", trades, limits)
                let all = limits.map(\.lim)
                #expect(
                    projected.records.map { execRow($0, ["id", "hit"]) }
                        == trades.map { "\($0.id)|\(sqlIn($0.price, all).map(String.init) ?? "null")" }, "\(name) seed \(seed)")
                // Correlated: each trade's own symbol's limits (NULL limits make NOT IN unknown, not true).
                let correlated = try run("SELECT id, qty NOT IN (SELECT lim FROM limits l WHERE l.sym = o.sym) AS miss FROM trades o", trades, limits)
                #expect(
                    correlated.records.map { execRow($0, ["id", "miss"]) }
                        == trades.map { t in
                            let own = limits.filter { $0.sym != nil && $0.sym == t.sym }.map(\.lim)
                            return "\(t.id)|\(not(sqlIn(t.qty, own)).map(String.init) ?? "null")"
                        }, "\(name) seed \(seed)")
            }
        }
    }

    @Test func notInOverASetWithNullIsNeverTrue() throws {
        let trades = Trade.generate(200, seed: 5, keys: 7, nulls: 0.1)
        let limits = [Limit(sym: "S1", lim: 5, active: true), Limit(sym: nil, lim: nil, active: true)]
        let r = try run("SELECT id FROM trades WHERE sym NOT IN (SELECT sym FROM limits)", trades, limits)
        #expect(r.records.isEmpty)
        let withoutNull = try run("SELECT id FROM trades WHERE sym NOT IN (SELECT sym FROM limits WHERE sym IS NOT NULL)", trades, limits)
        #expect(ids(withoutNull) == trades.filter { $0.sym != nil && $0.sym != "S1" }.map { String($0.id) })
    }

    @Test func correlatedExistsAndNotExistsMatchTheOracle() throws {
        for seed in Self.seeds {
            let trades = Trade.generate(300, seed: seed, keys: 7, nulls: 0.15)
            for (name, limits) in Self.tables(seed) {
                func exists(_ t: Trade) -> Bool { limits.contains { $0.active && $0.sym != nil && $0.sym == t.sym } }
                let e = try run(
                    "SELECT id FROM trades o WHERE EXISTS (SELECT 1 FROM limits l WHERE l.sym = o.sym AND l.active = true)", trades, limits)
                #expect(ids(e) == trades.filter(exists).map { String($0.id) }, "\(name) seed \(seed)")
                let ne = try run(
                    "SELECT id FROM trades o WHERE NOT EXISTS (SELECT * FROM limits l WHERE o.sym = l.sym AND l.active = true)", trades, limits)
                #expect(ids(ne) == trades.filter { !exists($0) }.map { String($0.id) }, "\(name) seed \(seed)")
                // A condition over both sides besides the key is evaluated per matching row.
                let mixed = try run(
                    "SELECT id FROM trades o WHERE EXISTS (SELECT 1 FROM limits l WHERE l.sym = o.sym AND l.lim < o.qty)", trades, limits)
                let mixedExpected = trades.filter { t in
                    limits.contains { l in l.sym != nil && l.sym == t.sym && l.lim != nil && t.qty != nil && l.lim! < t.qty! }
                }
                #expect(ids(mixed) == mixedExpected.map { String($0.id) }, "\(name) seed \(seed)")
                // No equality at all: every row is visited per record.
                let range = try run(
                    "SELECT id FROM trades o WHERE EXISTS (SELECT 1 FROM limits WHERE lim > o.qty AND lim < o.qty + 3)", trades, limits)
                let rangeExpected = trades.filter { t in
                    limits.contains { l in t.qty != nil && l.lim != nil && l.lim! > t.qty! && l.lim! < t.qty! + 3 }
                }
                #expect(ids(range) == rangeExpected.map { String($0.id) }, "\(name) seed \(seed)")
            }
        }
    }

    @Test func scalarAggregateSubqueries() throws {
        for seed in Self.seeds {
            let trades = Trade.generate(300, seed: seed, keys: 7, nulls: 0.15)
            for (name, limits) in Self.tables(seed) {
                let r = try run(
                    "SELECT id, (SELECT MAX(lim) FROM limits l WHERE l.sym = o.sym) AS m, (SELECT COUNT(*) FROM limits l WHERE l.sym = o.sym) AS n FROM trades o",
                    trades, limits)
                let expected = trades.map { t -> String in
                    let rows = limits.filter { $0.sym != nil && $0.sym == t.sym }
                    let m = rows.compactMap(\.lim).max()
                    return "\(t.id)|\(m.map(String.init) ?? "null")|\(rows.count)"
                }
                #expect(r.records.map { execRow($0, ["id", "m", "n"]) } == expected, "\(name) seed \(seed)")
                // Uncorrelated, in WHERE.
                let above = try run("SELECT id FROM trades WHERE qty > (SELECT AVG(lim) FROM limits WHERE active)", trades, limits)
                let active = limits.filter(\.active).compactMap(\.lim)
                let avg = active.isEmpty ? nil : Double(active.reduce(0, +)) / Double(active.count)
                #expect(
                    ids(above) == trades.filter { t in avg != nil && t.qty != nil && Double(t.qty!) > avg! }.map { String($0.id) },
                    "\(name) seed \(seed)")
            }
        }
    }

    @Test func scalarSubqueryOverZeroOneAndTwoRows() throws {
        // S0: no row, S1: one row, S2: two rows (the second with NULL), S3: one row with a NULL value.
        let limits = [
            Limit(sym: "S1", lim: 10, active: true), Limit(sym: "S2", lim: 20, active: true),
            Limit(sym: "S2", lim: nil, active: true), Limit(sym: "S3", lim: nil, active: false)
        ]
        let trades = Trade.generate(200, seed: 9, keys: 4, nulls: 0.1)
        let r = try run("SELECT id, (SELECT lim FROM limits l WHERE l.sym = o.sym) AS v FROM trades o", trades, limits)
        let kept = trades.filter { $0.sym != "S2" }
        let expected = kept.map { t in "\(t.id)|\(t.sym == "S1" ? "10" : "null")" }
        #expect(r.records.map { execRow($0, ["id", "v"]) } == expected)
        let failing = trades.count - kept.count
        #expect(failing > 0)
        #expect(r.metrics.failedRecords == Int64(failing))
        #expect(r.metrics.failures.first?.kind == "subquery_rows")
        // DISTINCT and LIMIT bring two rows down to one.
        let limited = try run("SELECT id, (SELECT lim FROM limits l WHERE l.sym = o.sym LIMIT 1) AS v FROM trades o", trades, limits)
        #expect(limited.metrics.failedRecords == 0)
        #expect(
            limited.records.map { execRow($0, ["id", "v"]) }
                == trades.map { t in "\(t.id)|\(t.sym == "S1" ? "10" : t.sym == "S2" ? "20" : "null")" })
        let dupes = [Limit(sym: "S1", lim: 10, active: true), Limit(sym: "S1", lim: 10, active: false)]
        let distinct = try run("SELECT id, (SELECT DISTINCT lim FROM limits l WHERE l.sym = o.sym) AS v FROM trades o", trades, dupes)
        #expect(distinct.metrics.failedRecords == 0)
        #expect(distinct.records.count == trades.count)
    }

    @Test func anyAndAllMatchTheOracle() throws {
        for seed in Self.seeds {
            let trades = Trade.generate(300, seed: seed, keys: 7, nulls: 0.15)
            for (name, limits) in Self.tables(seed) {
                let lims = limits.map(\.lim)
                func quantified(_ x: Int?, all: Bool, _ holds: (Int, Int) -> Bool) -> Bool? {
                    if lims.isEmpty { return all }
                    var unknown = false
                    for l in lims {
                        guard let x, let l else { unknown = true; continue }
                        if holds(x, l) != all { return !all }
                    }
                    return unknown ? nil : all
                }
                let r = try run(
                    "SELECT id, qty > ALL (SELECT lim FROM limits) AS a, qty = ANY (SELECT lim FROM limits) AS b, qty <= SOME (SELECT lim FROM limits) AS c FROM trades",
                    trades, limits)
                func text(_ b: Bool?) -> String { b.map(String.init) ?? "null" }
                let expected = trades.map { t in
                    "\(t.id)|\(text(quantified(t.qty, all: true, >)))|\(text(quantified(t.qty, all: false, ==)))|\(text(quantified(t.qty, all: false, <=)))"
                }
                #expect(r.records.map { execRow($0, ["id", "a", "b", "c"]) } == expected, "\(name) seed \(seed)")
            }
        }
    }

    @Test func valuesMatchAcrossNumericTypesAndNumericText() throws {
        let table =
            ["{\"k\":1}", "{\"k\":2.5}", "{\"k\":\"7\"}", "{\"k\":\"AAPL\"}", "{\"k\":true}"]
            + (10..<30).map { "{\"k\":\($0 * 100)}" } // enough values for the hashed lookup
        let outer = [
            "{\"id\":1,\"x\":1.0}", "{\"id\":2,\"x\":\"1\"}", "{\"id\":3,\"x\":2.5}", "{\"id\":4,\"x\":7}",
            "{\"id\":5,\"x\":\"AAPL\"}", "{\"id\":6,\"x\":\"aapl\"}", "{\"id\":7,\"x\":3}", "{\"id\":8,\"x\":1000}",
            "{\"id\":9,\"x\":\"1e3\"}", "{\"id\":10,\"x\":false}"
        ]
        for sql in [
            "SELECT id FROM s WHERE x IN (SELECT k FROM t)",
            "SELECT id FROM s WHERE EXISTS (SELECT 1 FROM t WHERE t.k = s.x)"
        ] {
            let r = try ExecEngine.run(sql, records: outer, inputs: ["t": table])
            #expect(r.records.map { execRow($0, ["id"]) } == ["1", "2", "3", "4", "5", "8", "9"], "\(sql)")
            #expect(r.metrics.failedRecords == 0)
        }
        // Few values: scanned instead of hashed, same answers.
        let small = try ExecEngine.run("SELECT id FROM s WHERE x IN (SELECT k FROM t)", records: outer, inputs: ["t": Array(table.prefix(5))])
        #expect(small.records.map { execRow($0, ["id"]) } == ["1", "2", "3", "4", "5"])
    }

    @Test func subqueriesInHavingAndNested() throws {
        let trades = Trade.generate(300, seed: 4, keys: 7, nulls: 0.1)
        let limits = Limit.generate(30, seed: 44)
        let r = try run(
            "SELECT sym, SUM(qty) AS total FROM trades o GROUP BY sym HAVING SUM(qty) > (SELECT SUM(lim) FROM limits l WHERE l.sym = o.sym) EMIT FINAL",
            trades, limits)
        var totals: [String: Int] = [:]
        var order: [String] = []
        for t in trades {
            let k = t.sym ?? "null"
            if totals[k] == nil { order.append(k) }
            totals[k, default: 0] += t.qty ?? 0
        }
        let expected = order.filter { k in
            let lim = limits.filter { $0.sym == k }.compactMap(\.lim)
            return k != "null" && !lim.isEmpty && totals[k]! > lim.reduce(0, +)
        }
        #expect(r.records.map { execRow($0, ["sym"]) } == expected)
        // A subquery inside a subquery, correlated to the outermost row.
        let nested = try run(
            "SELECT id FROM trades o WHERE EXISTS (SELECT 1 FROM limits l WHERE l.sym = o.sym AND l.lim IN (SELECT lim FROM limits m WHERE m.active AND m.lim < o.qty))",
            trades, limits)
        let expectedNested = trades.filter { t in
            let inner = limits.filter { $0.active && $0.lim != nil && t.qty != nil && $0.lim! < t.qty! }.map(\.lim)
            return limits.contains { l in l.sym != nil && l.sym == t.sym && sqlIn(l.lim, inner) == true }
        }
        #expect(ids(nested) == expectedNested.map { String($0.id) })
    }

    @Test func groupByAndHavingInsideSubqueries() throws {
        for seed in Self.seeds {
            let trades = Trade.generate(300, seed: seed, keys: 7, nulls: 0.15)
            for (name, limits) in Self.tables(seed) {
                var bySym: [String?: [Limit]] = [:]
                for l in limits { bySym[l.sym, default: []].append(l) }
                // Symbols with at least 4 rows (NULL symbols form a group too, and NULL never matches IN).
                let busy = bySym.filter { $0.value.count >= 4 }.map(\.key)
                let r = try run("SELECT id FROM trades WHERE sym IN (SELECT sym FROM limits GROUP BY sym HAVING COUNT(*) >= 4)", trades, limits)
                #expect(ids(r) == trades.filter { sqlIn($0.sym, busy) == true }.map { String($0.id) }, "\(name) seed \(seed)")
                // Correlated through WHERE, grouped per key, HAVING on the group (the analyzer rejects outer
                // columns in a subquery's HAVING, so the per-row condition sits in WHERE).
                let e = try run(
                    "SELECT id FROM trades o WHERE EXISTS (SELECT 1 FROM limits l WHERE l.sym = o.sym AND l.lim < o.qty GROUP BY l.sym HAVING SUM(lim) > 60)",
                    trades, limits)
                let expected = trades.filter { t in
                    guard let s = t.sym, let q = t.qty, let rows = bySym[s] else { return false }
                    let lims = rows.compactMap(\.lim).filter { $0 < q }
                    return !lims.isEmpty && lims.reduce(0, +) > 60
                }
                #expect(ids(e) == expected.map { String($0.id) }, "\(name) seed \(seed)")
                // A grouped scalar subquery with more than one group fails the record.
                let scalar = try run("SELECT id, (SELECT MAX(lim) FROM limits GROUP BY active) AS m FROM trades", trades, limits)
                let groups = Set(limits.map(\.active)).count
                #expect(scalar.metrics.failedRecords == (groups > 1 ? Int64(trades.count) : 0), "\(name) seed \(seed)")
            }
        }
    }

    /// A column of a grouped subquery that is neither grouped nor aggregated is the group's first value, as
    /// at top level (FIRST_VALUE: the first non-NULL one), instead of failing the run.
    @Test func ungroupedColumnsInGroupedSubqueriesTakeTheGroupsFirstValue() throws {
        for seed in Self.seeds {
            let trades = Trade.generate(200, seed: seed, keys: 7, nulls: 0.15)
            for (name, limits) in Self.tables(seed) {
                var bySym: [String: [Limit]] = [:]
                for l in limits { if let s = l.sym { bySym[s, default: []].append(l) } }
                let r = try run(
                    "SELECT id FROM trades o WHERE o.qty > (SELECT lim FROM limits l WHERE l.sym = o.sym GROUP BY l.sym)",
                    trades, limits)
                let expected = trades.filter { t in
                    guard let s = t.sym, let q = t.qty, let first = bySym[s]?.lazy.compactMap(\.lim).first else { return false }
                    return q > first
                }
                #expect(ids(r) == expected.map { String($0.id) }, "\(name) seed \(seed)")
                // In HAVING: the symbols whose first row (in table order) is active.
                let h = try run("SELECT id FROM trades WHERE sym IN (SELECT sym FROM limits GROUP BY sym HAVING active)", trades, limits)
                let firstActive = Set(bySym.filter { $0.value.first?.active == true }.map(\.key))
                #expect(ids(h) == trades.filter { $0.sym.map(firstActive.contains) == true }.map { String($0.id) }, "\(name) seed \(seed)")
            }
        }
    }

    /// A CREATE TABLE job's keyed changelog read by a later job's subquery is its latest row per key: running
    /// counts that once were below the bound do not count when the final count is not.
    @Test func aTableJobReadByALaterJobsSubquery() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-subquery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("quiet.jsonl").path
        let sql = """
            CREATE TABLE per_user AS SELECT user_id PRIMARY KEY, COUNT(*) AS clicks FROM clicks GROUP BY user_id EMIT CHANGES;
            CREATE STREAM quiet AS SELECT order_id, user_id FROM orders o
            WHERE o.user_id IN (SELECT user_id FROM per_user WHERE clicks < 25)
            WITH ('quiet.type' = 'file_sink', 'quiet.path' = '\(out)');
            """
        let app = try ExecClicksApp(sql: sql, in: dir, seed: 8, orders: 30)
        let (orders, counts) = (app.orders, app.counts)
        #expect(app.run() == .ok)
        #expect(counts.values.contains { $0 < 25 } && counts.values.contains { $0 >= 25 }, "the data must test both sides")
        let expected = orders.filter { counts[$0.1].map { $0 < 25 } ?? false }.map { "\($0.0)" }
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(bytes: Array($0.utf8)) }
        #expect(rows.map { execRow($0, ["order_id"]) } == expected)
    }

    @Test func unsupportedAndMissingTablesAreClearErrors() throws {
        #expect(throws: SQLIssue.self) {
            try run("SELECT id FROM trades WHERE sym IN (SELECT l.sym FROM limits l JOIN other x ON l.sym = x.sym)", [], [])
        }
        // An ungrouped column runs (the group's first value: ungroupedColumnsInGroupedSubqueriesTakeTheGroupsFirstValue).
        _ = try run("SELECT id FROM trades WHERE sym IN (SELECT lim FROM limits GROUP BY sym)", [], [])
        #expect(throws: SQLIssue.self) {
            try run("SELECT id FROM trades WHERE qty > (SELECT lim, sym FROM limits)", [], [])
        }
        do {
            _ = try ExecEngine.run("SELECT id FROM trades WHERE sym IN (SELECT sym FROM nowhere)", records: [])
            Issue.record("a missing table must fail")
        } catch let error as VeloError {
            #expect(error.description.contains("nowhere"))
        }
    }
}
