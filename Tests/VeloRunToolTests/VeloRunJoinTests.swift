import Foundation
import Testing

/// Joins through the `velo-run` binary: a CSV reference table bound in WITH, a stream-stream join of two files.
@Suite struct VeloRunJoinTests {
    static let instruments = """
        symbol,name,lot
        AAPL,Apple,100
        MSFT,Microsoft,50
        7,Seven,1
        AAPL,Apple Inc.,10
        """
    static let trades = """
        {"symbol":"AAPL","qty":3,"ts":1000}
        {"symbol":"GOOG","qty":1,"ts":2000}
        {"symbol":7.0,"qty":2,"ts":3000}
        {"symbol":"MSFT","qty":4,"ts":4000}
        """

    @Test func leftJoinWithACSVFileTableBoundInWith() throws {
        let sql = """
            CREATE STREAM enriched AS
            SELECT t.symbol, t.qty * i.lot AS units, i.name FROM trades t LEFT JOIN instruments i ON t.symbol = i.symbol
            WITH ('instruments.type' = 'file_source', 'instruments.path' = 'instruments.csv', 'instruments.format' = 'csv',
                  'enriched.type' = 'file_sink', 'enriched.path' = 'OUT');
            """
        let dir = try VeloRun.directory(["instruments.csv": Self.instruments, "trades.jsonl": Self.trades])
        // The sink path is taken from the working directory, so it is written absolute.
        try sql.replacingOccurrences(of: "OUT", with: dir.appendingPathComponent("out.jsonl").path)
            .write(to: dir.appendingPathComponent("app.sql"), atomically: true, encoding: .utf8)
        let r = try VeloRun.run([
            dir.appendingPathComponent("app.sql").path, "--input", "trades=" + dir.appendingPathComponent("trades.jsonl").path, "-q"
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try String(contentsOf: dir.appendingPathComponent("out.jsonl"), encoding: .utf8)
        // The later AAPL row wins; 7.0 matches the CSV's 7; GOOG has no row.
        #expect(
            out == """
                {"symbol":"AAPL","units":30,"name":"Apple Inc."}
                {"symbol":"GOOG","units":null,"name":null}
                {"symbol":7.0,"units":2,"name":"Seven"}
                {"symbol":"MSFT","units":200,"name":"Microsoft"}

                """)
    }

    @Test func metricsListTheJoinedTableWithItsRows() throws {
        let sql = """
            SELECT t.symbol, i.name FROM trades t LEFT JOIN instruments i ON t.symbol = i.symbol
            WITH ('instruments.type' = 'file_source', 'instruments.path' = 'instruments.csv', 'instruments.format' = 'csv');
            """
        let dir = try VeloRun.directory(["instruments.csv": Self.instruments, "app.sql": sql])
        let metrics = dir.appendingPathComponent("m.json").path
        let r = try VeloRun.run([dir.appendingPathComponent("app.sql").path, "--metrics", metrics], stdin: Self.trades)
        #expect(r.status == 0, "\(r.stderr)")
        let m = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: metrics))) as! [String: Any]
        let sources = (m["sources"] as! [[String: Any]]).map { "\($0["name"]!) \($0["kind"]!) \($0["records"]!)" }
        // Four CSV rows: the header line is not a record.
        #expect(sources == ["trades stdin 4", "instruments file 4"])
        #expect(m["records_in"] as? Int == 4)
        #expect(r.stderr.contains("instruments (file) 4"), "\(r.stderr)")
    }

    @Test func aMissingTableFileNamesTheJoinedSource() throws {
        let sql = """
            SELECT t.symbol, i.name FROM trades t JOIN instruments i ON t.symbol = i.symbol
            WITH ('instruments.type' = 'file_source', 'instruments.path' = 'missing.csv');
            """
        let dir = try VeloRun.directory(["app.sql": sql])
        let r = try VeloRun.run([dir.appendingPathComponent("app.sql").path, "-q"], stdin: Self.trades)
        #expect(r.status == 3)
        #expect(r.stderr.contains("joined source 'instruments'") && r.stderr.contains("missing.csv"))
    }

    @Test func streamStreamJoinOfTwoFiles() throws {
        let sql = """
            SELECT o.id, p.amount FROM orders o LEFT JOIN payments p ON o.id = p.order_id
              AND p._event_time BETWEEN o._event_time AND o._event_time + INTERVAL '1' MINUTE
            WITH ('event.time.field' = 'ts', 'payments.event.time.field' = 'paid_at');
            """
        let orders = (1...3).map { #"{"id":\#($0),"ts":\#($0 * 10_000)}"# }.joined(separator: "\n")
        // Payment 2 comes 61 s late, outside the minute; payment 3 exactly at the minute.
        let payments = [
            #"{"order_id":1,"amount":5,"paid_at":15000}"#, #"{"order_id":3,"amount":7,"paid_at":90000}"#,
            #"{"order_id":2,"amount":6,"paid_at":81000}"#
        ].joined(separator: "\n")
        let dir = try VeloRun.directory(["app.sql": sql, "orders.jsonl": orders, "payments.jsonl": payments])
        let r = try VeloRun.run([
            dir.appendingPathComponent("app.sql").path, "-q",
            "--input", "orders=" + dir.appendingPathComponent("orders.jsonl").path,
            "--input", "payments=" + dir.appendingPathComponent("payments.jsonl").path
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").sorted() == [#"{"id":1,"amount":5}"#, #"{"id":2,"amount":null}"#, #"{"id":3,"amount":7}"#])
    }
}
