import Testing
import VeloEngine
import VeloJSON

/// `f(…) OVER (…)` inside a grouped query, as Velostream evaluates it: over one record — the group's first
/// record in the window (windowed queries) or the record that updated the group (no WINDOW) — whatever the
/// OVER clause's buffer, PARTITION BY and ORDER BY say. Expected values are worked out from the input here.
@Suite struct ExecGroupedWindowTests {
    /// Each record's minute and value; `nil` is a NULL value.
    static let input: [(symbol: String, minute: Int, v: Int?)] = [
        ("A", 0, 4), ("A", 0, 10), ("B", 0, nil), ("B", 0, 6), ("A", 1, 7), ("A", 1, 1), ("A", 1, 2)
    ]

    static var records: [String] {
        input.enumerated().map { i, r in
            let v = r.v.map(String.init) ?? "null"
            return #"{"s":"\#(r.symbol)","v":\#(v),"ts":\#(r.minute * 60_000 + i * 1000)}"#
        }
    }

    static let calls = """
        AVG(v) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY s ORDER BY _event_time) AS avg_over,
        STDDEV_POP(v) OVER (PARTITION BY s) AS sd_pop, STDDEV_SAMP(v) OVER (PARTITION BY s) AS sd_samp,
        COUNT(*) OVER (PARTITION BY s) AS n_over, ROW_NUMBER() OVER (ORDER BY v) AS rn,
        PERCENT_RANK() OVER (ORDER BY v) AS pr, CUME_DIST() OVER (ORDER BY v) AS cd,
        LAG(v) OVER (PARTITION BY s) AS lag1, LAG(v, 1, -1) OVER (PARTITION BY s) AS lag_default,
        LEAD(v, 0) OVER (PARTITION BY s) AS lead0, FIRST_VALUE(v) OVER (PARTITION BY s) AS fv,
        NTH_VALUE(v, 2) OVER (PARTITION BY s) AS nth2,
        SUM(v) OVER (ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING) AS empty_frame,
        CASE WHEN MAX(v) > AVG(v) OVER (PARTITION BY s) THEN 'above' ELSE 'not' END AS cmp
        """

    /// What every call gives over the one record whose value is `v`, with the group's MAX.
    static func expected(v: Int?, max: Int?) -> [String: JSONValue] {
        let value: JSONValue = v.map { .int(Int64($0)) } ?? .null
        let above = v.flatMap { v in max.map { $0 > v } } ?? false
        return [
            "avg_over": v.map { .double(Double($0)) } ?? .null, "sd_pop": v == nil ? .null : .double(0),
            "sd_samp": .null, "n_over": .int(1), "rn": .int(1), "pr": .double(0), "cd": .double(1),
            "lag1": .null, "lag_default": .int(-1), "lead0": value, "fv": value, "nth2": .null,
            "empty_frame": .null, "cmp": .string(above ? "above" : "not")
        ]
    }

    static func check(_ row: JSONValue, _ want: [String: JSONValue], _ label: String) {
        for (k, v) in want {
            let got = row[k]
            if let d = v.doubleValue, case .double = v {
                #expect(got?.doubleValue.map { abs($0 - d) < 1e-9 } == true, "\(label): \(k) is \(String(describing: got)), expected \(v)")
            } else {
                #expect(got == v, "\(label): \(k) is \(String(describing: got)), expected \(v)")
            }
        }
    }

    @Test func windowedGroupsUseTheirFirstRecordInTheWindow() throws {
        let sql = """
            SELECT s, COUNT(*) AS n, \(Self.calls)
            FROM trades WINDOW TUMBLING(_event_time, INTERVAL '1' MINUTE) GROUP BY s EMIT FINAL
            WITH ('event.time.field' = 'ts');
            """
        let result = try ExecEngine.run(sql, records: Self.records)
        // One row per (minute, symbol), in window order; the first record of each decides the calls.
        var groups: [(key: String, first: Int?, max: Int?, n: Int)] = []
        for r in Self.input {
            let key = "\(r.minute)/\(r.symbol)"
            if let i = groups.firstIndex(where: { $0.key == key }) {
                groups[i].n += 1
                if let v = r.v { groups[i].max = Swift.max(groups[i].max ?? v, v) }
            } else {
                groups.append((key, r.v, r.v, 1))
            }
        }
        #expect(result.records.count == groups.count)
        for g in groups {
            let symbol = String(g.key.split(separator: "/")[1])
            let minute = Int(g.key.split(separator: "/")[0])!
            let matching = result.records.filter {
                $0["s"]?.stringValue == symbol && $0["n"]?.intValue == Int64(g.n)
                    && (minute == 0) == (result.records.firstIndex(of: $0)! < 2)
            }
            guard let row = matching.first else {
                Issue.record("no output row for \(g.key) in \(result.records)")
                continue
            }
            Self.check(row, Self.expected(v: g.first, max: g.max), g.key)
        }
    }

    @Test func ungroupedWindowlessQueriesUseTheRecordThatUpdatedTheGroup() throws {
        let sql = "SELECT s, COUNT(*) AS n, \(Self.calls) FROM trades GROUP BY s EMIT CHANGES;"
        let result = try ExecEngine.run(sql, records: Self.records)
        #expect(result.records.count == Self.input.count)
        var max: [String: Int] = [:]
        for (r, row) in zip(Self.input, result.records) {
            if let v = r.v { max[r.symbol] = Swift.max(max[r.symbol] ?? v, v) }
            #expect(row["s"]?.stringValue == r.symbol)
            Self.check(row, Self.expected(v: r.v, max: max[r.symbol]), "record \(r)")
        }
    }

    @Test func aWindowCallMayBeRepeatedAndUsedInHaving() throws {
        let sql = """
            SELECT s, FIRST_VALUE(v) OVER (PARTITION BY s) AS a, FIRST_VALUE(v) OVER (PARTITION BY s) + 1 AS b
            FROM trades WINDOW TUMBLING(_event_time, INTERVAL '1' MINUTE) GROUP BY s
            HAVING LAG(v, 0) OVER (PARTITION BY s) > 5 EMIT FINAL WITH ('event.time.field' = 'ts');
            """
        let result = try ExecEngine.run(sql, records: Self.records)
        // First records per window: minute 0 A=4, B=NULL; minute 1 A=7. Only 7 passes HAVING.
        #expect(result.records.count == 1)
        #expect(result.records.first?["a"] == .int(7))
        #expect(result.records.first?["b"] == .int(8))
    }

    @Test func badArgumentsAreClearErrors() throws {
        let cases: [(String, String)] = [
            ("SELECT s, COUNT(*) AS n, NTILE(0) OVER (ORDER BY v) AS t FROM trades GROUP BY s", "number of buckets"),
            ("SELECT s, COUNT(*) AS n, LAG(v, 1, 2, 3) OVER (ORDER BY v) AS t FROM trades GROUP BY s", "LAG"),
            ("SELECT s, COUNT(*) AS n, NTH_VALUE(v, 0) OVER (ORDER BY v) AS t FROM trades GROUP BY s", "position")
        ]
        for (sql, fragment) in cases {
            #expect(throws: (any Error).self, "\(sql)") { _ = try ExecEngine.run(sql, records: Self.records) }
            do {
                _ = try ExecEngine.run(sql, records: Self.records)
            } catch {
                #expect("\(error)".contains(fragment), "\(sql): \(error)")
            }
        }
    }
}
