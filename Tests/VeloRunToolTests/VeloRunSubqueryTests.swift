import Foundation
import Testing

/// velo-run with subqueries over CSV file tables bound in WITH (the shape of Velostream's app_compliance).
@Suite struct VeloRunSubqueryTests {
    static let sql = """
        CREATE STREAM flagged AS
        SELECT o.id, o.symbol,
               (SELECT MAX(max_qty) FROM limits l WHERE l.trader = o.trader) AS max_qty
        FROM orders o
        WHERE o.symbol IN (SELECT symbol FROM watchlist)
          AND NOT EXISTS (SELECT 1 FROM halts h WHERE h.symbol = o.symbol AND h.active = true)
        WITH ('watchlist.type' = 'file_source', 'watchlist.path' = 'watchlist.csv', 'watchlist.format' = 'csv',
              'halts.type' = 'file_source', 'halts.path' = 'halts.csv', 'halts.format' = 'csv',
              'limits.type' = 'file_source', 'limits.path' = 'limits.csv', 'limits.format' = 'csv');
        """

    @Test func inNotExistsAndScalarOverCsvTables() throws {
        let dir = try VeloRun.directory([
            "app.sql": Self.sql,
            "watchlist.csv": "symbol,reason\nAAPL,news\nTSLA,volatility\nGME,meme\n",
            "halts.csv": "symbol,active\nTSLA,true\nGME,false\nAAPL,false\n",
            "limits.csv": "trader,max_qty\nann,100\nann,250\nbob,50\n"
        ])
        let symbols = ["AAPL", "TSLA", "GME", "MSFT"]
        let traders = ["ann", "bob", "cy"]
        let orders = (0..<24).map { i in "{\"id\":\(i),\"symbol\":\"\(symbols[i % 4])\",\"trader\":\"\(traders[i % 3])\"}" }
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("app.sql").path], stdin: orders.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        // Oracle: on the watchlist (AAPL, TSLA, GME), not actively halted (TSLA is), max limit per trader.
        let maxQty = ["ann": "250", "bob": "50", "cy": "null"]
        let expected = (0..<24).filter { ["AAPL", "GME"].contains(symbols[$0 % 4]) }.map { i in
            "{\"id\":\(i),\"symbol\":\"\(symbols[i % 4])\",\"max_qty\":\(maxQty[traders[i % 3]]!)}"
        }
        #expect(r.stdout.split(separator: "\n").map(String.init) == expected)
    }

    @Test func missingTableFileIsAnInputError() throws {
        let dir = try VeloRun.directory(["app.sql": Self.sql, "watchlist.csv": "symbol\nAAPL\n", "limits.csv": "trader,max_qty\n"])
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("app.sql").path], stdin: "{\"id\":1,\"symbol\":\"AAPL\"}\n")
        #expect(r.status != 0)
        #expect(r.stderr.contains("halts.csv"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
