import Testing
import VeloEngine
import VeloTestSupport

/// `'late.data.strategy'` against an oracle that follows the definitions in docs/engine-runtime.md:
/// W = max event time − bound; a record is late when its window's end ≤ W; a fired window stays
/// updatable while end + window size > W (update_previous); late records go unchanged to the
/// dead-letter output (dead_letter).
@Suite struct ExecLateDataTests {
    static let size = 1000

    struct Window {
        var keys: [String] = []
        var acc: [String: (n: Int, q: Int)] = [:]
        mutating func add(_ key: String, _ qty: Int) {
            if acc[key] == nil { keys.append(key); acc[key] = (0, 0) }
            acc[key]!.n += 1
            acc[key]!.q += qty
        }
        func row(_ start: Int, _ key: String) -> String { "\(start)|\(key)|\(acc[key]!.n)|\(acc[key]!.q)" }
    }

    struct Expected {
        var rows: [String] = []
        var late = 0
        var updated = 0
        var lateRecords: [Int] = [] // trade ids, in arrival order
    }

    /// The engine's output in order: fired windows (end order, first-seen keys) as the watermark moves,
    /// corrected rows at the late record that caused them (update_previous), the rest at the end.
    static func oracle(_ trades: [Trade], bound: Int, updatePrevious: Bool) -> Expected {
        var e = Expected()
        var open: [Int: Window] = [:]
        var fired: [Int: Window] = [:]
        var watermark = Int.min
        var maxT = Int.min
        func fire(through w: Int) {
            for start in open.keys.sorted() where start + size <= w {
                let win = open.removeValue(forKey: start)!
                e.rows += win.keys.map { win.row(start, $0) }
                fired[start] = win
            }
            fired = fired.filter { $0.key + 2 * size > w } // kept one window length after firing
        }
        for t in trades {
            let start = t.ts - ((t.ts % size) + size) % size
            if start + size <= watermark {
                e.late += 1
                e.lateRecords.append(t.id)
                if updatePrevious, var win = fired[start] {
                    win.add(t.sym!, t.qty!)
                    fired[start] = win
                    e.rows.append(win.row(start, t.sym!))
                    e.updated += 1
                }
            } else {
                open[start, default: Window()].add(t.sym!, t.qty!)
            }
            maxT = max(maxT, t.ts)
            if maxT - bound > watermark {
                watermark = maxT - bound
                fire(through: watermark)
            }
        }
        fire(through: .max)
        return e
    }

    static func sql(_ strategy: String, bound: Int, window: String = "TUMBLING(1s)") -> String {
        "SELECT _window_start AS ws, sym, COUNT(*) AS n, SUM(qty) AS q FROM t GROUP BY sym WINDOW \(window) "
            + "WITH ('event.time.field' = 'ts', 'watermark.max_out_of_orderness' = '\(bound)ms', 'late.data.strategy' = '\(strategy)')"
    }

    static func rows(_ result: ExecEngine.Result) -> [String] {
        result.records.map { execRow($0, ["ws", "sym", "n", "q"]) }
    }

    @Test func updatePreviousRewritesKeptWindowsAndDropsOlderLateRecords() throws {
        var updated = 0, droppedBeyond = 0
        for (seed, bound) in [(41 as UInt64, 300), (42, 0), (43, 800)] {
            let trades = Trade.generate(800, seed: seed, keys: 4, nulls: 0, disorder: 2600)
            let expected = Self.oracle(trades, bound: bound, updatePrevious: true)
            let result = try execRun(Self.sql("update_previous", bound: bound), trades)
            #expect(Self.rows(result) == expected.rows, "seed \(seed)")
            #expect(result.metrics.lateRecords == Int64(expected.late), "seed \(seed)")
            #expect(result.metrics.lateStrategy == "update_previous")
            #expect(result.metrics.windowState?.groups == 0)
            updated += expected.updated
            droppedBeyond += expected.late - expected.updated
        }
        // The data reaches both cases: late records within the allowed lateness and beyond it.
        #expect(updated > 0 && droppedBeyond > 0)
    }

    @Test func dropAndDeadLetterWriteTheSameRowsAndDeadLetterKeepsTheLateRecords() throws {
        for (seed, bound) in [(51 as UInt64, 200), (52, 0)] {
            let trades = Trade.generate(600, seed: seed, keys: 3, nulls: 0, disorder: 2000)
            let expected = Self.oracle(trades, bound: bound, updatePrevious: false)
            #expect(expected.late > 0)
            let drop = try execRun(Self.sql("drop", bound: bound), trades)
            let dead = try execRun(Self.sql("dead_letter", bound: bound), trades)
            #expect(Self.rows(drop) == expected.rows, "seed \(seed)")
            #expect(Self.rows(dead) == expected.rows, "seed \(seed)")
            #expect(drop.deadLetters.isEmpty)
            // Each late record, unchanged, in arrival order.
            let byID = Dictionary(uniqueKeysWithValues: trades.map { ($0.id, $0) })
            #expect(dead.deadLetters == expected.lateRecords.map { try! parseLine(byID[$0]!.json) }, "seed \(seed)")
            #expect(dead.metrics.lateRecords == Int64(expected.late))
            #expect(dead.metrics.sinks.count == 2 && dead.metrics.sinks[1].records == Int64(expected.late))
        }
    }

    @Test func keptWindowsCountInWindowStateUntilReleased() throws {
        // [1000,2000) fires at 2,100 with groups A and B. Under update_previous it is kept while [2000,3000)
        // gathers A and C: four live groups at the peak; without keeping, three (A's new group is made before
        // the record moves the watermark).
        let lines = [
            #"{"ts":1000,"sym":"A"}"#, #"{"ts":1100,"sym":"B"}"#, #"{"ts":2100,"sym":"A"}"#,
            #"{"ts":2200,"sym":"C"}"#
        ]
        func sql(_ strategy: String) -> String {
            "SELECT sym, COUNT(*) AS n FROM t GROUP BY sym WINDOW TUMBLING(1s) "
                + "WITH ('event.time.field' = 'ts', 'late.data.strategy' = '\(strategy)')"
        }
        let kept = try ExecEngine.run(sql("update_previous"), records: lines).metrics.windowState
        let dropped = try ExecEngine.run(sql("drop"), records: lines).metrics.windowState
        #expect(kept?.peakGroups == 4)
        #expect(dropped?.peakGroups == 3)
        #expect(kept?.groups == 0 && kept?.estimatedBytes == 0) // all released at the end
    }

    @Test func updatePreviousOnSessionsBehavesAsDrop() throws {
        let trades = Trade.generate(400, seed: 61, keys: 3, nulls: 0, disorder: 3000)
        let session = "SESSION(700ms)"
        let drop = try execRun(Self.sql("drop", bound: 200, window: session), trades)
        let update = try execRun(Self.sql("update_previous", bound: 200, window: session), trades)
        #expect(drop.metrics.lateRecords > 0)
        #expect(Self.rows(update) == Self.rows(drop))
    }

    @Test func slidingWindowsUpdateEveryKeptWindowOfALateRecord() throws {
        // One key, ascending watermark; a record at 1,100 arrives when W = 2,600.
        let lines = [
            #"{"id":1,"ts":100,"sym":"A","qty":1}"#, #"{"id":2,"ts":1200,"sym":"A","qty":2}"#,
            #"{"id":3,"ts":2600,"sym":"A","qty":4}"#, #"{"id":4,"ts":1100,"sym":"A","qty":8}"#
        ]
        let sql =
            "SELECT _window_start AS ws, sym, COUNT(*) AS n, SUM(qty) AS q FROM t GROUP BY sym WINDOW SLIDING(2s, 500ms) "
            + "WITH ('event.time.field' = 'ts', 'late.data.strategy' = 'update_previous')"
        let result = try ExecEngine.run(sql, records: lines)
        let rows = Self.rows(result)
        // Fired when 2,600 arrives: [-1500,500) [-1000,1000) [-500,1500) [0,2000) [500,2500).
        #expect(Array(rows.prefix(5)) == ["-1500|A|1|1", "-1000|A|1|1", "-500|A|2|3", "0|A|2|3", "500|A|1|2"])
        // [-1500,500) was released at 2,600 (end + 2 s ≤ W); the late record corrects the three kept
        // windows holding 1,100 and joins the open [1000,3000).
        #expect(Array(rows[5...7]) == ["-500|A|3|11", "0|A|3|11", "500|A|2|10"])
        #expect(rows.contains("1000|A|3|14"))
        #expect(result.metrics.lateRecords == 0) // not late: one of its windows was still open
    }

    @Test func includeInNextWindowCountsALateRecordInTheOpenWindow() throws {
        // 2,100 closes [1000,2000); 1,500 then arrives late and joins [2000,3000) instead of being dropped.
        let lines = [#"{"ts":1000,"sym":"A"}"#, #"{"ts":2100,"sym":"A"}"#, #"{"ts":1500,"sym":"A"}"#]
        func sql(_ strategy: String) -> String {
            "SELECT _window_start AS ws, COUNT(*) AS n FROM t GROUP BY sym WINDOW TUMBLING(1s) "
                + "WITH ('event.time.field' = 'ts', 'late.data.strategy' = '\(strategy)')"
        }
        for name in ["include_in_next_window", "include_in_next"] {
            let rows = try ExecEngine.run(sql(name), records: lines).records.map(\.description)
            #expect(rows == [#"{"ws":1000,"n":1}"#, #"{"ws":2000,"n":2}"#], "\(name)")
        }
        let dropped = try ExecEngine.run(sql("no_such_strategy"), records: lines)
        #expect(dropped.records.map(\.description) == [#"{"ws":1000,"n":1}"#, #"{"ws":2000,"n":1}"#], "unknown: drop")
        #expect(dropped.metrics.lateRecords == 1)
    }

    @Test func deadLetterOutputIsNamedAfterTheSink() {
        #expect(ExecLateData.deadLetterPath("out/trades.jsonl") == "out/trades-dlq.jsonl")
        #expect(ExecLateData.deadLetterPath("out.d/trades") == "out.d/trades-dlq")
        #expect(ExecLateData.deadLetterPath("trades") == "trades-dlq")
    }
}
