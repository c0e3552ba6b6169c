import Testing
import VeloEngine
import VeloJSON
import VeloSQL

/// Row windows (`f(…) OVER (ROWS WINDOW BUFFER n ROWS …)`) against an independent computation: for each
/// row, the batch answer over its partition's last n rows (the current one included, and last).
@Suite struct ExecRowWindowTests {
    /// A value as the oracle computes it; numbers compare with a relative tolerance.
    enum Val: Equatable, CustomStringConvertible {
        case null, num(Double)
        init(_ i: Int?) { self = i.map { .num(Double($0)) } ?? .null }
        init(_ d: Double?) { self = d.map { .num($0) } ?? .null }
        var description: String { if case .num(let d) = self { return "\(d)" }; return "null" }
        static func == (a: Val, b: Val) -> Bool {
            switch (a, b) {
            case (.null, .null): return true
            case (.num(let x), .num(let y)): return abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
            default: return false
            }
        }
    }

    static func val(_ v: JSONValue?) -> Val? {
        switch v {
        case .null?: return .null
        case .int(let i)?: return .num(Double(i))
        case .double(let d)?: return .num(d)
        default: return nil
        }
    }

    /// Checks every output row's columns against the oracle's, in order.
    static func check(_ result: ExecEngine.Result, _ expected: [[String: Val]], _ label: String) {
        #expect(result.records.count == expected.count, "\(label): \(result.records.count) rows, expected \(expected.count)")
        for (row, want) in zip(result.records, expected) {
            for (k, v) in want {
                let got = val(row[k])
                #expect(got == v, "\(label): \(k) of \(row) is \(got.map(\.description) ?? "missing"), expected \(v)")
            }
        }
    }

    /// The partition key of a trade for a PARTITION BY list used below.
    static func key(_ t: Trade, _ partition: String) -> String {
        switch partition {
        case "sym": return t.sym ?? "<null>"
        case "sym, id % 2": return "\(t.sym ?? "<null>")|\(t.id % 2)"
        default: return ""
        }
    }

    /// NULL sorts as the smallest value; DESC reverses.
    static func order(_ a: Int?, _ b: Int?, descending: Bool) -> Int {
        let c: Int
        switch (a, b) {
        case (nil, nil): c = 0
        case (nil, _): c = -1
        case (_, nil): c = 1
        case let (x?, y?): c = x < y ? -1 : (x > y ? 1 : 0)
        }
        return descending ? -c : c
    }

    @Test func offsetsFramesAndAggregatesMatchTheBufferOracle() throws {
        for (seed, rows, partition) in [(1 as UInt64, 3, "sym"), (2, 5, "sym, id % 2"), (3, 50, "sym"), (4, 4, "")] {
            let trades = Trade.generate(300, seed: seed, keys: 4, nulls: 0.15)
            let over = "ROWS WINDOW BUFFER \(rows) ROWS" + (partition.isEmpty ? "" : " PARTITION BY \(partition)") + " ORDER BY ts"
            let sql = """
                SELECT id, LAG(price) OVER (\(over)) AS lag1, LAG(price, 2, -1) OVER (\(over)) AS lag2,
                       price - LAG(price, 1) OVER (\(over)) AS change,
                       ROW_NUMBER() OVER (\(over)) AS rn, AVG(price) OVER (\(over)) AS avg_p,
                       SUM(qty) OVER (\(over) ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS sum3,
                       COUNT(*) OVER (\(over)) AS n, COUNT(price) OVER (\(over)) AS np,
                       MIN(price) OVER (\(over)) AS lo, MAX(price) OVER (\(over)) AS hi,
                       STDDEV(price) OVER (\(over)) AS sd,
                       FIRST_VALUE(price) OVER (\(over)) AS first_p, LAST_VALUE(qty) OVER (\(over)) AS last_q,
                       NTH_VALUE(price, 2) OVER (\(over)) AS second_p,
                       FIRST_VALUE(price) OVER (\(over) ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING) AS prev_frame
                FROM t WHERE qty > 5
                """
            var history: [String: [Trade]] = [:]
            var expected: [[String: Val]] = []
            for t in trades where (t.qty ?? 0) > 5 {
                let k = Self.key(t, partition)
                history[k, default: []].append(t)
                let all = history[k]!
                let buffer = Array(all.suffix(rows))
                let n = buffer.count, cur = n - 1
                let prices = buffer.compactMap(\.price)
                let frame3 = buffer.suffix(3).compactMap(\.qty)
                var sd = Val.null
                if prices.count >= 2 {
                    let mean = Double(prices.reduce(0, +)) / Double(prices.count)
                    sd = .num((prices.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / Double(prices.count - 1)).squareRoot())
                }
                let lag1 = n > 1 ? Val(buffer[cur - 1].price) : .null
                expected.append([
                    "id": Val(t.id), "lag1": lag1,
                    "lag2": n > 2 ? Val(buffer[cur - 2].price) : .num(-1),
                    "change": n > 1 && t.price != nil && buffer[cur - 1].price != nil ? Val(t.price! - buffer[cur - 1].price!) : .null,
                    "rn": Val(all.count),
                    "avg_p": prices.isEmpty ? .null : .num(Double(prices.reduce(0, +)) / Double(prices.count)),
                    "sum3": frame3.isEmpty ? .null : Val(frame3.reduce(0, +)),
                    "n": Val(n), "np": Val(prices.count),
                    "lo": Val(prices.min()), "hi": Val(prices.max()), "sd": sd,
                    "first_p": Val(buffer[0].price), "last_q": Val(t.qty),
                    "second_p": n >= 2 ? Val(buffer[1].price) : .null,
                    "prev_frame": lag1
                ])
            }
            let result = try execRun(sql, trades)
            Self.check(result, expected, "seed \(seed), \(rows) rows, PARTITION BY \(partition)")
            #expect(result.metrics.recordsIn == 300)
        }
    }

    @Test func rankingFunctionsRankTheCurrentRowWithinTheBuffer() throws {
        for (seed, rows) in [(5 as UInt64, 1), (6, 7), (7, 25)] {
            let trades = Trade.generate(250, seed: seed, keys: 3, nulls: 0.2)
            let byPrice = "ROWS WINDOW BUFFER \(rows) ROWS PARTITION BY sym ORDER BY price DESC"
            // qty / 10 has many ties; a second key breaks some of them.
            let byBand = "ROWS WINDOW BUFFER \(rows) ROWS PARTITION BY sym ORDER BY qty / 10, price"
            let sql = """
                SELECT id, RANK() OVER (\(byPrice)) AS r, DENSE_RANK() OVER (\(byPrice)) AS dr,
                       PERCENT_RANK() OVER (\(byPrice)) AS pr, CUME_DIST() OVER (\(byPrice)) AS cd,
                       NTILE(3) OVER (\(byPrice)) AS tile,
                       RANK() OVER (\(byBand)) AS r2, DENSE_RANK() OVER (\(byBand)) AS dr2,
                       RANK() OVER (ROWS WINDOW BUFFER \(rows) ROWS PARTITION BY sym) AS unordered
                FROM t
                """
            var history: [String: [Trade]] = [:]
            var expected: [[String: Val]] = []
            func band(_ t: Trade) -> Int? { t.qty.map { $0 / 10 } }
            func cmpBand(_ a: Trade, _ b: Trade) -> Int {
                let c = Self.order(band(a), band(b), descending: false)
                return c != 0 ? c : Self.order(a.price, b.price, descending: false)
            }
            for t in trades {
                let k = t.sym ?? "<null>"
                history[k, default: []].append(t)
                let buffer = Array(history[k]!.suffix(rows))
                let others = buffer.dropLast()
                let n = buffer.count
                let before = others.filter { Self.order($0.price, t.price, descending: true) < 0 }
                let atOrBefore = others.filter { Self.order($0.price, t.price, descending: true) <= 0 }.count
                let distinctBefore = Set(before.map { $0.price.map(String.init) ?? "null" }).count
                let bandBefore = others.filter { cmpBand($0, t) < 0 }
                var distinctBands: [Trade] = []
                for o in bandBefore where !distinctBands.contains(where: { cmpBand($0, o) == 0 }) { distinctBands.append(o) }
                // NTILE over the buffer sorted by price DESC, the current row after its peers.
                let position = atOrBefore + 1
                let size = n / 3, extra = n % 3
                let tile = position <= extra * (size + 1) ? (position - 1) / (size + 1) + 1 : extra + (position - 1 - extra * (size + 1)) / size + 1
                expected.append([
                    "id": Val(t.id), "r": Val(before.count + 1), "dr": Val(distinctBefore + 1),
                    "pr": .num(n == 1 ? 0 : Double(before.count) / Double(n - 1)),
                    "cd": .num(Double(atOrBefore + 1) / Double(n)), "tile": Val(tile),
                    "r2": Val(bandBefore.count + 1), "dr2": Val(distinctBands.count + 1), "unordered": .num(1)
                ])
            }
            Self.check(try execRun(sql, trades), expected, "seed \(seed), \(rows) rows")
        }
    }

    /// LEAD sees later rows: a row is written once the rows it needs have arrived, or at the end of the
    /// input with the default. Values match a batch engine over the whole ordered input.
    @Test func leadHoldsRowsUntilTheLaterRowsArrive() throws {
        let trades = Trade.generate(200, seed: 11, keys: 4, nulls: 0.15)
        let over = "ROWS WINDOW BUFFER 5 ROWS PARTITION BY sym ORDER BY ts"
        let sql = """
            SELECT id, LEAD(price) OVER (\(over)) AS next1, LEAD(price, 3, -1) OVER (\(over)) AS next3,
                   LEAD(price) OVER (\(over)) - price AS up, LAG(price) OVER (\(over)) AS prev, LEAD(price, 0) OVER (\(over)) AS same
            FROM t WHERE price IS NULL OR price > 100
            """
        let kept = trades.filter { $0.price == nil || $0.price! > 100 }
        var byKey: [String: [Int]] = [:] // indices into `kept`
        for (i, t) in kept.enumerated() { byKey[t.sym ?? "<null>", default: []].append(i) }
        var rows: [(emitAt: Int, row: [String: Val])] = []
        for (i, t) in kept.enumerated() {
            let mine = byKey[t.sym ?? "<null>"]!
            let p = mine.firstIndex(of: i)!
            func later(_ k: Int) -> Trade? { p + k < mine.count ? kept[mine[p + k]] : nil }
            let next1 = later(1).map { Val($0.price) } ?? .null
            let up: Val = (later(1)?.price).flatMap { n in t.price.map { Val(n - $0) } } ?? .null
            rows.append(
                (
                    emitAt: p + 3 < mine.count ? mine[p + 3] : Int.max,
                    row: [
                        "id": Val(t.id), "next1": next1, "next3": later(3).map { Val($0.price) } ?? .num(-1), "up": up,
                        "prev": p > 0 ? Val(kept[mine[p - 1]].price) : .null, "same": Val(t.price)
                    ]
                ))
        }
        // Written when the third later row of the partition arrives; the rest at the end, in arrival order.
        let expected = rows.enumerated().sorted { ($0.element.emitAt, $0.offset) < ($1.element.emitAt, $1.offset) }.map(\.element.row)
        Self.check(try execRun(sql, trades), expected, "LEAD")
    }

    @Test func leadWithStarAndLimitKeepsEachRowsOwnFields() throws {
        let records = (0..<12).map { "{\"k\":\"\($0 % 2 == 0 ? "a" : "b")\",\"v\":\($0)}" }
        let result = try ExecEngine.run("SELECT *, LEAD(v) OVER (ROWS WINDOW BUFFER 2 ROWS PARTITION BY k) AS nv FROM s LIMIT 7", records: records)
        let got = result.records.map { r in "\(r["k"]!)/\(r["v"]!)/\(r["nv"]!)" }
        // Rows of k=a are 0,2,4,…; each is written when the next row of its key arrives.
        #expect(got == ["\"a\"/0/2", "\"b\"/1/3", "\"a\"/2/4", "\"b\"/3/5", "\"a\"/4/6", "\"b\"/5/7", "\"a\"/6/8"])
    }

    /// A record that fails while its window values are computed is counted, not written, and still
    /// takes its place in its partition (as it would in a batch engine's input), including for LEAD.
    @Test func aFailingRecordIsCountedAndKeepsItsPlace() throws {
        let records = [
            "{\"k\":\"a\",\"v\":1,\"s\":1}", "{\"k\":\"a\",\"v\":2,\"s\":\"x\"}", "{\"k\":\"b\",\"v\":9,\"s\":9}",
            "{\"k\":\"a\",\"v\":3,\"s\":3}", "{\"k\":\"a\",\"v\":4,\"s\":4}"
        ]
        let sql = """
            SELECT v, LEAD(v) OVER (ROWS WINDOW BUFFER 2 ROWS PARTITION BY k) AS nv,
                   LAG(v) OVER (ROWS WINDOW BUFFER 2 ROWS PARTITION BY k) AS pv,
                   SUM(s) OVER (ROWS WINDOW BUFFER 1 ROWS PARTITION BY k) AS ss FROM t
            """
        let result = try ExecEngine.run(sql, records: records)
        let got = result.records.map { r in "\(r["v"]!)/\(r["nv"]!)/\(r["pv"]!)/\(r["ss"]!)" }
        #expect(got == ["1/2/null/1", "3/4/2/3", "9/null/null/9", "4/null/3/4"])
        #expect(result.metrics.failedRecords == 1)
        #expect(result.metrics.failures.first?.firstOffset == 2)
    }

    /// Row windows see the joined row: LAG over a value from the table side, LEAD across the join.
    @Test func rowWindowsOverAJoinedStream() throws {
        let trades = ["{\"s\":\"A\",\"p\":10}", "{\"s\":\"A\",\"p\":12}", "{\"s\":\"B\",\"p\":3}", "{\"s\":\"A\",\"p\":11}"]
        let sql = """
            SELECT t.s, t.p * i.lot AS n, LAG(t.p * i.lot) OVER (ROWS WINDOW BUFFER 3 ROWS PARTITION BY t.s) AS prev_n,
                   LEAD(t.p) OVER (ROWS WINDOW BUFFER 3 ROWS PARTITION BY t.s) AS next_p
            FROM trades t LEFT JOIN instruments i ON t.s = i.s
            """
        let result = try ExecEngine.run(sql, records: trades, inputs: ["instruments": ["{\"s\":\"A\",\"lot\":10}", "{\"s\":\"B\",\"lot\":100}"]])
        let got = result.records.map { r in "\(r["n"]!)/\(r["prev_n"]!)/\(r["next_p"]!)" }
        #expect(got == ["100/null/12", "120/100/11", "300/null/null", "110/120/null"])
    }

    /// Velostream's quickstart form (lesson 4): previous value per id and the change.
    @Test func quickstartLagForm() throws {
        let records = [("A", 10.0, 1), ("B", 7.5, 2), ("A", 11.25, 3), ("A", 9.0, 4), ("B", 8.0, 5), ("C", 1.0, 6)].map {
            "{\"id\":\"\($0.0)\",\"value\":\($0.1),\"timestamp\":\($0.2)}"
        }
        let sql = """
            CREATE STREAM changes AS
            SELECT id, value, timestamp,
                   LAG(value, 1) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY id ORDER BY timestamp) AS previous_value,
                   value - LAG(value, 1) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY id ORDER BY timestamp) AS change
            FROM readings EMIT CHANGES;
            """
        let result = try ExecEngine.run(sql, records: records)
        let got = result.records.map { r in "\(r["id"]!) \(r["previous_value"]!) \(r["change"]!)" }
        #expect(got == ["\"A\" null null", "\"B\" null null", "\"A\" 10.0 1.25", "\"A\" 11.25 -2.25", "\"B\" 7.5 0.5", "\"C\" null null"])
    }

    /// Without ROWS WINDOW BUFFER, calls that need a bounded number of rows get exactly that buffer, so
    /// they equal a batch engine's answer over the whole partition.
    @Test func withoutABufferBoundedCallsGetWhatTheyNeed() throws {
        let trades = Trade.generate(200, seed: 21, keys: 3, nulls: 0.1)
        let over = "PARTITION BY sym ORDER BY ts"
        let sql = """
            SELECT id, LAG(price, 2) OVER (\(over)) AS lag2, ROW_NUMBER() OVER (\(over)) AS rn,
                   SUM(qty) OVER (\(over) ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS sum4,
                   SUM(qty) OVER (\(over) ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
                   COUNT(*) OVER (\(over) ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS n,
                   MAX(price) OVER (\(over) ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hi
            FROM t
            """
        var history: [String: [Trade]] = [:]
        var expected: [[String: Val]] = []
        for t in trades {
            history[t.sym ?? "<null>", default: []].append(t)
            let all = history[t.sym ?? "<null>"]!
            let last4 = all.suffix(4).compactMap(\.qty)
            let qtys = all.compactMap(\.qty)
            expected.append([
                "id": Val(t.id), "lag2": all.count > 2 ? Val(all[all.count - 3].price) : .null,
                "rn": Val(all.count), "sum4": last4.isEmpty ? .null : Val(last4.reduce(0, +)),
                "running": qtys.isEmpty ? .null : Val(qtys.reduce(0, +)), "n": Val(all.count),
                "hi": Val(all.compactMap(\.price).max())
            ])
        }
        Self.check(try execRun(sql, trades), expected, "no buffer")
    }

    @Test func unsupportedPlacesAreClearErrors() throws {
        let cases: [(String, String)] = [
            ("SELECT RANK() OVER (PARTITION BY k ORDER BY t) AS p FROM s", "ROWS WINDOW BUFFER"),
            ("SELECT SUM(v) OVER (PARTITION BY k ORDER BY t) AS p FROM s", "ROWS WINDOW BUFFER"),
            (
                "SELECT FIRST_VALUE(v) OVER (PARTITION BY k ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS p FROM s",
                "ROWS WINDOW BUFFER"
            ),
            ("SELECT LAG(v, 5) OVER (ROWS WINDOW BUFFER 5 ROWS) AS p FROM s", "does not fit"),
            ("SELECT LEAD(v, 9) OVER (ROWS WINDOW BUFFER 5 ROWS) AS p FROM s", "larger than the buffer"),
            ("SELECT v FROM s WHERE LAG(v) OVER (ROWS WINDOW BUFFER 5 ROWS) > 1", "WHERE"),
            ("SELECT ROW_NUMBER() OVER (ROWS WINDOW BUFFER 5 ROWS) AS n", "FROM"),
            ("SELECT SUM(v) OVER (ROWS WINDOW BUFFER 5 ROWS ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS x FROM s", "FOLLOWING"),
            (
                "SELECT LEAD(v) OVER (ROWS WINDOW BUFFER 5 ROWS PARTITION BY k) AS a, LEAD(v) OVER (ROWS WINDOW BUFFER 5 ROWS) AS b FROM s",
                "share one OVER"
            )
        ]
        for (sql, fragment) in cases {
            do {
                _ = try ExecEngine.run(sql, records: ["{\"k\":1,\"v\":2,\"t\":3}"])
                Issue.record("expected an error for \(sql)")
            } catch let issue as SQLIssue {
                #expect(issue.message.contains(fragment) || (issue.hint ?? "").contains(fragment), "\(sql): \(issue.message)")
                #expect(issue.span.end > issue.span.start, "\(sql): the error has no place")
            }
        }
    }
}
