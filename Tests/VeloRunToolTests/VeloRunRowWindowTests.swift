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
}
