import Foundation
import Testing
import VeloEngine
import VeloJSON
import VeloSQL

/// A small deterministic generator (SplitMix64) so every test sees the same random data.
struct ExecRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
}

/// One generated trade; nil fields are written as JSON null (or left out).
struct Trade {
    var id: Int
    var sym: String?
    var price: Int?
    var qty: Int?
    var ts: Int

    var json: String {
        var parts = ["\"id\":\(id)", "\"ts\":\(ts)"]
        parts.append("\"sym\":" + (sym.map { "\"\($0)\"" } ?? "null"))
        if let price { parts.append("\"price\":\(price)") } else if id % 2 == 0 { parts.append("\"price\":null") }
        parts.append("\"qty\":" + (qty.map(String.init) ?? "null"))
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func generate(
        _ n: Int, seed: UInt64, keys: Int = 5, nulls: Double = 0.1, disorder: Int = 0,
        step: ClosedRange<Int> = 0...400
    ) -> [Trade] {
        var rng = ExecRandom(seed: seed)
        var t = 1_700_000_000_000 - 1_700_000_000_000 % 1000
        var out: [Trade] = []
        for i in 0..<n {
            t += rng.int(step)
            // Some records land exactly on second boundaries (time never goes back unless `disorder`).
            if rng.chance(0.1) { t += (1000 - t % 1000) % 1000 }
            let jitter = disorder > 0 ? rng.int(0...disorder) : 0
            out.append(
                Trade(
                    id: i, sym: rng.chance(nulls) ? nil : "S\(rng.int(0...(keys - 1)))",
                    price: rng.chance(nulls) ? nil : rng.int(-50...1000),
                    qty: rng.chance(nulls) ? nil : rng.int(1...100), ts: t - jitter))
        }
        return out
    }
}

func execRun(_ sql: String, _ trades: [Trade]) throws -> ExecEngine.Result {
    try ExecEngine.run(sql, records: trades.map(\.json))
}

/// Output rows as comparable text: keys in a fixed order, numbers normalised.
func execRow(_ v: JSONValue, _ keys: [String]) -> String {
    keys.map { k -> String in
        guard let x = v[k] else { return "missing" }
        switch x {
        case .double(let d): return execFormat6(d)
        case .int(let i): return String(i)
        case .null: return "null"
        case .string(let s): return s
        case .bool(let b): return String(b)
        default: return x.description
        }
    }.joined(separator: "|")
}

/// Six decimals, integral values without a fraction (so 268.0 and 268 compare equal).
func execFormat6(_ d: Double) -> String {
    let r = (d * 1e6).rounded() / 1e6
    return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)
}

@Suite struct ExecOracleTests {
    @Test func filterAndProjectionMatchNaiveEvaluation() throws {
        for seed: UInt64 in [1, 2, 3] {
            let trades = Trade.generate(400, seed: seed)
            let result = try execRun("SELECT id, price * 2 AS p2, UPPER(sym) AS u, qty + price AS s FROM t WHERE price > 100 AND sym <> 'S1'", trades)
            let expected = trades.filter { t in
                guard let p = t.price, let s = t.sym else { return false } // NULL comparisons are not true
                return p > 100 && s != "S1"
            }.map { t -> String in
                let s = t.qty.map { String($0 + t.price!) } ?? "null"
                return "\(t.id)|\(t.price! * 2)|\(t.sym!.uppercased())|\(s)"
            }
            #expect(result.records.map { execRow($0, ["id", "p2", "u", "s"]) } == expected)
            #expect(result.metrics.recordsIn == 400)
            #expect(result.metrics.recordsOut == Int64(expected.count))
        }
    }

    @Test func nullSemanticsInPredicates() throws {
        let trades = Trade.generate(300, seed: 7, nulls: 0.3)
        let result = try execRun("SELECT id FROM t WHERE price IS NULL OR NOT (qty < 50)", trades)
        let expected = trades.filter { $0.price == nil || ($0.qty.map { !($0 < 50) } ?? false) }.map { String($0.id) }
        #expect(result.records.map { execRow($0, ["id"]) } == expected)
        let coalesced = try execRun(
            "SELECT id, COALESCE(sym, 'none') AS s, CASE WHEN price > 500 THEN 'hi' WHEN price IS NULL THEN 'nil' ELSE 'lo' END AS band FROM t",
            trades)
        let expectedBands = trades.map { t in "\(t.id)|\(t.sym ?? "none")|\(t.price.map { $0 > 500 ? "hi" : "lo" } ?? "nil")" }
        #expect(coalesced.records.map { execRow($0, ["id", "s", "band"]) } == expectedBands)
    }

    /// Running aggregates per key in arrival order, as the oracle for EMIT CHANGES and EMIT FINAL.
    struct Acc {
        var rows = 0, count = 0, sum = 0
        var minV: Int?, maxV: Int?
        var avg: String { count == 0 ? "null" : execFormat6(Double(sum) / Double(count)) }
        mutating func add(_ v: Int?) {
            rows += 1
            guard let v else { return }
            count += 1
            sum += v
            minV = min(minV ?? v, v)
            maxV = max(maxV ?? v, v)
        }
        func text(_ key: String) -> String {
            "\(key)|\(rows)|\(count)|\(count == 0 ? "null" : String(sum))|\(minV.map(String.init) ?? "null")|\(maxV.map(String.init) ?? "null")|\(avg)"
        }
    }

    static let aggregateColumns = ["sym", "n", "c", "total", "lo", "hi", "mean"]
    static let aggregateSelect =
        "SELECT sym, COUNT(*) AS n, COUNT(price) AS c, SUM(price) AS total, MIN(price) AS lo, MAX(price) AS hi, AVG(price) AS mean FROM t"

    @Test func groupByEmitChangesAndFinal() throws {
        let trades = Trade.generate(500, seed: 11, keys: 7, nulls: 0.15)
        var accs: [String: Acc] = [:]
        var order: [String] = []
        var changes: [String] = []
        for t in trades where (t.qty ?? 0) > 10 {
            let key = t.sym ?? "null"
            if accs[key] == nil { order.append(key) }
            accs[key, default: Acc()].add(t.price)
            changes.append(accs[key]!.text(key))
        }
        let running = try execRun(Self.aggregateSelect + " WHERE qty > 10 GROUP BY sym", trades)
        #expect(running.records.map { execRow($0, Self.aggregateColumns) } == changes)
        let final = try execRun(Self.aggregateSelect + " WHERE qty > 10 GROUP BY sym EMIT FINAL", trades)
        #expect(final.records.map { execRow($0, Self.aggregateColumns) } == order.map { accs[$0]!.text($0) })
        #expect(final.metrics.windowState?.peakGroups == order.count)
    }

    @Test func havingAndAliasesFilterGroups() throws {
        let trades = Trade.generate(400, seed: 12, keys: 9, nulls: 0)
        var sums: [String: Int] = [:]
        var order: [String] = []
        for t in trades {
            if sums[t.sym!] == nil { order.append(t.sym!) }
            sums[t.sym!, default: 0] += t.qty!
        }
        let result = try execRun("SELECT sym, SUM(qty) AS total FROM t GROUP BY sym HAVING total > 2000 EMIT FINAL", trades)
        #expect(result.records.map { execRow($0, ["sym", "total"]) } == order.filter { sums[$0]! > 2000 }.map { "\($0)|\(sums[$0]!)" })
    }

    /// A column neither grouped nor aggregated is the group's first record's value (Velostream's reading).
    @Test func anUngroupedColumnIsTheGroupsFirstValue() throws {
        let lines = ["{\"k\":\"a\",\"v\":3}", "{\"k\":\"b\",\"v\":7}", "{\"k\":\"a\",\"v\":9}", "{\"k\":\"b\",\"v\":1}"]
        let result = try ExecEngine.run("SELECT k, v, COUNT(*) AS n FROM t GROUP BY k HAVING v > 5 EMIT FINAL", records: lines)
        #expect(result.records.map { execRow($0, ["k", "v", "n"]) } == ["b|7|2"])
    }

    /// Tumbling windows with a bounded out-of-orderness watermark: the oracle follows the definition
    /// (a record is late when its window's end ≤ the watermark at its arrival; W = max event time − bound).
    @Test func tumblingWindowsWithLateRecordsAndBoundaries() throws {
        for (seed, bound) in [(21 as UInt64, 500), (22, 0), (23, 2000)] {
            let trades = Trade.generate(600, seed: seed, keys: 4, nulls: 0.1, disorder: 1500)
            let size = 1000
            var watermark = Int.min
            var maxT = Int.min
            var windows: [Int: [String: Acc]] = [:]
            var late = 0
            for t in trades {
                let start = t.ts - ((t.ts % size) + size) % size
                if start + size <= watermark { late += 1 } else { windows[start, default: [:]][t.sym ?? "null", default: Acc()].add(t.price) }
                maxT = max(maxT, t.ts)
                watermark = max(watermark, maxT - bound)
            }
            var expected: [String] = []
            for (start, groups) in windows {
                for (key, acc) in groups { expected.append("\(start)|" + acc.text(key)) }
            }
            let sql =
                Self.aggregateSelect.replacingOccurrences(of: "SELECT sym,", with: "SELECT _window_start AS ws, sym,")
                + " GROUP BY sym WINDOW TUMBLING(1s) WITH ('event.time.field' = 'ts', 'watermark.max_out_of_orderness' = '\(bound)ms')"
            let result = try execRun(sql, trades)
            let got = result.records.map { execRow($0, ["ws"] + Self.aggregateColumns) }
            #expect(got.sorted() == expected.sorted(), "seed \(seed)")
            #expect(result.metrics.lateRecords == Int64(late), "seed \(seed)")
            #expect(late > 0 || bound > 0)
            // Windows come out in end order.
            let starts = result.records.compactMap { $0["ws"]?.intValue }
            #expect(starts == starts.sorted())
            #expect(result.metrics.windowState?.groups == 0)
        }
    }

    @Test func slidingWindowsCoverEveryWindowOfARecord() throws {
        let trades = Trade.generate(300, seed: 31, keys: 3, nulls: 0.1)
        let size = 2000, advance = 500
        var windows: [Int: [String: Acc]] = [:]
        for t in trades {
            var s = t.ts - ((t.ts % advance) + advance) % advance
            while s > t.ts - size {
                windows[s, default: [:]][t.sym ?? "null", default: Acc()].add(t.price)
                s -= advance
            }
        }
        var expected: [String] = []
        for (start, groups) in windows { for (key, acc) in groups { expected.append("\(start)|" + acc.text(key)) } }
        let sql =
            Self.aggregateSelect.replacingOccurrences(of: "SELECT sym,", with: "SELECT _window_start AS ws, sym,")
            + " GROUP BY sym WINDOW SLIDING(2s, 500ms) WITH ('event.time.field' = 'ts')"
        let result = try execRun(sql, trades)
        let got = result.records.map { execRow($0, ["ws"] + Self.aggregateColumns) }
        #expect(Set(got).subtracting(expected).sorted() == [])
        #expect(Set(expected).subtracting(got).sorted() == [])
        #expect(got.count == expected.count)
    }

    @Test func sessionWindowsSplitOnGaps() throws {
        let trades = Trade.generate(300, seed: 41, keys: 3, nulls: 0, step: 0...1500)
        let gap = 2000
        var open: [String: (start: Int, last: Int, acc: Acc)] = [:]
        var expected: [String] = []
        for t in trades {
            let key = t.sym!
            if let s = open[key], t.ts <= s.last + gap {
                var s = s
                s.last = t.ts
                s.acc.add(t.price)
                open[key] = s
            } else {
                if let s = open[key] { expected.append("\(s.start)|\(s.last + gap)|" + s.acc.text(key)) }
                var acc = Acc()
                acc.add(t.price)
                open[key] = (t.ts, t.ts, acc)
            }
        }
        for (key, s) in open { expected.append("\(s.start)|\(s.last + gap)|" + s.acc.text(key)) }
        let sql =
            Self.aggregateSelect.replacingOccurrences(of: "SELECT sym,", with: "SELECT _window_start AS ws, _window_end AS we, sym,")
            + " GROUP BY sym WINDOW SESSION(2s) WITH ('event.time.field' = 'ts')"
        let result = try execRun(sql, trades)
        let got = result.records.map { execRow($0, ["ws", "we"] + Self.aggregateColumns) }
        #expect(Set(got).subtracting(expected).sorted() == [])
        #expect(Set(expected).subtracting(got).sorted() == [])
        #expect(got.count == expected.count)
    }

    @Test func windowedEmitChangesWritesEveryUpdate() throws {
        let trades = Trade.generate(200, seed: 51, keys: 3, nulls: 0)
        var windows: [Int: [String: Int]] = [:]
        var expected: [String] = []
        for t in trades {
            let start = t.ts - t.ts % 1000
            windows[start, default: [:]][t.sym!, default: 0] += 1
            expected.append("\(start)|\(t.sym!)|\(windows[start]![t.sym!]!)")
        }
        let result = try execRun(
            "SELECT _window_start AS ws, sym, COUNT(*) AS n FROM t GROUP BY sym WINDOW TUMBLING(1s) EMIT CHANGES WITH ('event.time.field' = 'ts')",
            trades)
        #expect(result.records.map { execRow($0, ["ws", "sym", "n"]) } == expected)
    }

    @Test func distinctAndLimit() throws {
        let trades = Trade.generate(300, seed: 61, keys: 6, nulls: 0.2)
        var seen: Set<String> = []
        var expected: [String] = []
        for t in trades where seen.insert(t.sym ?? "null").inserted { expected.append(t.sym ?? "null") }
        let distinct = try execRun("SELECT DISTINCT sym FROM t", trades)
        #expect(distinct.records.map { execRow($0, ["sym"]) } == expected)
        let limited = try execRun("SELECT id FROM t WHERE price > 0 LIMIT 7", trades)
        #expect(limited.records.map { execRow($0, ["id"]) } == trades.filter { ($0.price ?? 0) > 0 }.prefix(7).map { String($0.id) })
    }

    @Test func runtimeErrorsCountRecordsAndGoOn() throws {
        let lines = ["{\"a\":10,\"b\":2}", "{\"a\":1,\"b\":0}", "not json", "{\"a\":9,\"b\":3}", "{\"a\":\"x\",\"b\":1}"]
        let result = try ExecEngine.run("SELECT a / b AS q FROM t", records: lines)
        #expect(result.records.map { execRow($0, ["q"]) } == ["5", "3"])
        #expect(result.metrics.failedRecords == 3)
        let kinds = Set(result.metrics.failures.map(\.kind))
        #expect(kinds == ["division_by_zero", "bad_record", "type_mismatch"])
        #expect(result.metrics.failures.first { $0.kind == "division_by_zero" }?.firstOffset == 2)
    }

    @Test func missingEventTimeFailsTheRecord() throws {
        let lines = ["{\"k\":\"a\",\"ts\":1000}", "{\"k\":\"a\"}", "{\"k\":\"a\",\"ts\":\"2024-01-01T00:00:00.500Z\"}"]
        let result = try ExecEngine.run(
            "SELECT k, COUNT(*) AS n FROM t GROUP BY k WINDOW TUMBLING(1s) WITH ('event.time.field' = 'ts')", records: lines)
        #expect(result.metrics.failedRecords == 1)
        #expect(result.metrics.failures.first?.kind == "missing_event_time")
        #expect(result.records.map { execRow($0, ["k", "n"]) } == ["a|1", "a|1"])
    }

    @Test func latencyIsTimedForEachEarlyRecordThenEverySixtyFourth() throws {
        let lines = (0..<3000).map { #"{"id":\#($0)}"# }
        let result = try ExecEngine.run("SELECT id FROM t", records: lines)
        // Records 0…1,023, then 1,024, 1,088 … 2,944.
        #expect(result.metrics.latencyMs.count == 1024 + 31)
        let short = try ExecEngine.run("SELECT id FROM t", records: Array(lines.prefix(10)))
        #expect(short.metrics.latencyMs.count == 10)
    }

    @Test func unsupportedSQLIsRejectedWithAPlace() throws {
        #expect(throws: SQLIssue.self) { try ExecEngine.run("SELECT a FROM t UNION SELECT a FROM u UNION ALL SELECT a FROM v", records: []) }
        #expect(throws: SQLIssue.self) { try ExecEngine.run("SELECT a FROM t WHERE SUM(a) > 1", records: []) }
    }
}
