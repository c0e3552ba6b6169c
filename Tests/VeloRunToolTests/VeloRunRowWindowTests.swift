import Foundation
import Testing

/// velo-run with row windows: Velostream's quickstart lesson 4 shape (CSV file in, CSV file out) and an
/// OVER in a place the engine does not run.
@Suite struct VeloRunRowWindowTests {
    @Test func lagOverACSVFileLikeTheQuickstart() throws {
        let sql = """
            CREATE STREAM price_with_change AS
            SELECT symbol, price, timestamp,
                LAG(price, 1) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY symbol ORDER BY timestamp) AS previous_price,
                price - LAG(price, 1) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY symbol ORDER BY timestamp) AS price_change
            FROM stock_prices
            EMIT CHANGES
            WITH ('stock_prices.type' = 'file_source', 'stock_prices.path' = 'prices.csv', 'stock_prices.format' = 'csv',
                  'price_with_change.type' = 'file_sink', 'price_with_change.path' = 'OUT', 'price_with_change.format' = 'csv');
            """
        let input =
            "symbol,price,timestamp\nXYZ,20.00,2025-03-01T09:30:00\nQRS,8.50,2025-03-01T09:30:01\n"
            + "XYZ,21.25,2025-03-01T09:30:02\nQRS,8.00,2025-03-01T09:30:03\nXYZ,20.75,2025-03-01T09:30:04\n"
        let dir = try VeloRun.directory(["prices.csv": input])
        let out = dir.appendingPathComponent("changes.csv").path
        try sql.replacingOccurrences(of: "OUT", with: out).write(to: dir.appendingPathComponent("w.sql"), atomically: true, encoding: .utf8)
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("w.sql").path], stdin: "")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            try String(contentsOfFile: out, encoding: .utf8) == """
                symbol,price,timestamp,previous_price,price_change
                XYZ,20.0,2025-03-01T09:30:00,,
                QRS,8.5,2025-03-01T09:30:01,,
                XYZ,21.25,2025-03-01T09:30:02,20.0,1.25
                QRS,8.0,2025-03-01T09:30:03,8.5,-0.5
                XYZ,20.75,2025-03-01T09:30:04,21.25,-0.5

                """)
    }

    @Test func leadFromStdinWritesHeldRowsAtTheEnd() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT k, v, LEAD(v) OVER (ROWS WINDOW BUFFER 4 ROWS PARTITION BY k) AS nv FROM s;"])
        let stdin = ["a", "b", "a", "a"].enumerated().map { "{\"k\":\"\($0.element)\",\"v\":\($0.offset)}" }.joined(separator: "\n") + "\n"
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("q.sql").path], stdin: stdin)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                {"k":"a","v":0,"nv":2}
                {"k":"a","v":2,"nv":3}
                {"k":"b","v":1,"nv":null}
                {"k":"a","v":3,"nv":null}

                """)
    }

    @Test func overInWhereExitsThreeWithThePlace() throws {
        let dir = try VeloRun.directory(["bad.sql": "SELECT v FROM s WHERE LAG(v) OVER (ROWS WINDOW BUFFER 5 ROWS) > 1;"])
        let r = try VeloRun.run([dir.appendingPathComponent("bad.sql").path], stdin: "{\"v\":1}\n")
        #expect(r.status == 3)
        #expect(r.stderr.contains("bad.sql:1:23"), "\(r.stderr)")
        #expect(r.stderr.contains("not supported in WHERE"), "\(r.stderr)")
        #expect(r.stderr.contains("hint:"), "\(r.stderr)")
    }

    /// Velostream's app_trading_signals shape: a row window next to GROUP BY and WINDOW is computed over the
    /// group's first record in the window, with a warning on stderr.
    @Test func aWindowCallInAGroupedWindowedQueryUsesTheFirstRecord() throws {
        let sql = """
            SELECT symbol, COUNT(*) AS n, AVG(volume) AS avg_volume,
                AVG(volume) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY symbol ORDER BY _event_time) AS rolling
            FROM trades GROUP BY symbol WINDOW TUMBLING(_event_time, 1s) EMIT FINAL WITH ('event.time.field' = 'ts');
            """
        let dir = try VeloRun.directory(["q.sql": sql])
        let stdin =
            [(100, 7), (400, 1), (900, 4), (1200, 10), (1500, 2)]
            .map { #"{"symbol":"X","volume":\#($0.1),"ts":\#($0.0)}"# }.joined(separator: "\n") + "\n"
        let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path], stdin: stdin)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                {"symbol":"X","n":3,"avg_volume":4.0,"rolling":7.0}
                {"symbol":"X","n":2,"avg_volume":6.0,"rolling":10.0}

                """)
        #expect(r.stderr.contains("computed over one record (the group's first record in the window)"), "\(r.stderr)")
    }

    /// A RANGE frame by time: the last second of each symbol's rows.
    @Test func rangeFrameByTimeSumsTheLastSecond() throws {
        let sql = """
            SELECT symbol, ts, SUM(volume) OVER (ROWS WINDOW BUFFER 50 ROWS PARTITION BY symbol ORDER BY ts
                RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW) AS last_second
            FROM trades;
            """
        let dir = try VeloRun.directory(["q.sql": sql])
        let stdin =
            [(0, 1), (600, 2), (1500, 4), (1600, 8), (3000, 16)]
            .map { #"{"symbol":"X","volume":\#($0.1),"ts":\#($0.0)}"# }.joined(separator: "\n") + "\n"
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("q.sql").path], stdin: stdin)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").map { $0.split(separator: ":").last.map(String.init) ?? "" } == ["1}", "3}", "6}", "14}", "16}"])
    }
}
