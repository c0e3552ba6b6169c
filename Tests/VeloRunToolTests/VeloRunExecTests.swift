import Foundation
import Testing
import VeloBase

/// velo-run executing SQL end to end: the real binary, records piped in, stdout and exit codes checked.
@Suite struct VeloRunExecTests {
    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    static func json(_ line: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }

    static let trades =
        (0..<40).map { i in
            "{\"id\":\(i),\"sym\":\"S\(i % 3)\",\"price\":\(i * 7 % 50),\"ts\":\(1_700_000_000_000 + i * 250)}"
        }.joined(separator: "\n") + "\n"

    @Test func filterAndProjectionFromStdin() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT id, price * 2 AS double_price, LOWER(sym) AS s FROM trades WHERE price >= 40;"])
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("q.sql").path], stdin: Self.trades)
        #expect(r.status == 0, "\(r.stderr)")
        let expected = (0..<40).filter { $0 * 7 % 50 >= 40 }.map { i in
            "{\"id\":\(i),\"double_price\":\(i * 7 % 50 * 2),\"s\":\"s\(i % 3)\"}"
        }
        #expect(Self.lines(r.stdout) == expected)
        #expect(r.stderr.isEmpty)
    }

    /// Velostream's `CREATE TABLE t (col TYPE, …) AS SELECT`: the list is checked, the query's columns run.
    @Test func createTableWithAColumnListRuns() throws {
        let sql = "CREATE TABLE per_sym (sym STRING, n BIGINT) AS SELECT sym, COUNT(*) AS n FROM trades GROUP BY sym EMIT FINAL;"
        let dir = try VeloRun.directory(["q.sql": sql])
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("q.sql").path], stdin: Self.trades)
        #expect(r.status == 0, "\(r.stderr)")
        let counts = try Self.lines(r.stdout).map(Self.json)
        #expect(counts.compactMap { $0["sym"] as? String }.sorted() == ["S0", "S1", "S2"])
        #expect(counts.compactMap { $0["n"] as? Int }.reduce(0, +) == 40)
    }

    @Test func tumblingWindowWithEventTime() throws {
        let sql = """
            CREATE STREAM per_second AS
            SELECT sym, COUNT(*) AS n, SUM(price) AS total, _window_start AS ws
            FROM trades GROUP BY sym WINDOW TUMBLING(1s)
            WITH ('event.time.field' = 'ts');
            """
        let dir = try VeloRun.directory(["w.sql": sql])
        let r = try VeloRun.run([dir.appendingPathComponent("w.sql").path], stdin: Self.trades)
        #expect(r.status == 0, "\(r.stderr)")
        // Oracle: 4 records per second, 10 seconds.
        var expected: [String: (Int, Int)] = [:]
        for i in 0..<40 {
            let ws = (1_700_000_000_000 + i * 250) / 1000 * 1000
            let key = "\(ws)|S\(i % 3)"
            expected[key, default: (0, 0)].0 += 1
            expected[key, default: (0, 0)].1 += i * 7 % 50
        }
        var got: [String: (Int, Int)] = [:]
        for line in Self.lines(r.stdout) {
            let o = try Self.json(line)
            got["\(o["ws"] as! Int)|\(o["sym"] as! String)"] = (o["n"] as! Int, o["total"] as! Int)
        }
        #expect(got.count == expected.count)
        for (k, v) in expected { #expect(got[k]?.0 == v.0 && got[k]?.1 == v.1, "\(k)") }
        #expect(r.stderr.contains("40 records in"))
        #expect(r.stderr.contains("tumbling"))
    }

    @Test func failedRecordsGiveExitFiveAndTheRestStillRuns() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT a / b AS q FROM t;"])
        let input = "{\"a\":6,\"b\":3}\n{\"a\":1,\"b\":0}\nnot json\n{\"a\":8,\"b\":2}\n"
        let metrics = dir.appendingPathComponent("m.json").path
        let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "--metrics", metrics], stdin: input)
        #expect(r.status == 5)
        #expect(Self.lines(r.stdout) == ["{\"q\":2}", "{\"q\":4}"])
        #expect(r.stderr.contains("division by zero"))
        let m = try Self.json(String(contentsOfFile: metrics, encoding: .utf8))
        #expect(m["version"] as? Int == 1)
        #expect(m["records_in"] as? Int == 4)
        #expect(m["records_out"] as? Int == 2)
        #expect(m["failed_records"] as? Int == 2)
        let failures = m["failures"] as! [[String: Any]]
        #expect(failures.contains { $0["kind"] as? String == "division_by_zero" && $0["first_offset"] as? Int == 2 })
    }

    @Test func invalidSQLExitsThreeWithAPlace() throws {
        let dir = try VeloRun.directory(["bad.sql": "SELECT id FROM t WHERE;"])
        let r = try VeloRun.run([dir.appendingPathComponent("bad.sql").path], stdin: "")
        #expect(r.status == 3)
        #expect(r.stderr.contains("bad.sql:1:"))
        #expect(r.stdout.isEmpty)
        let unsupported = try VeloRun.directory(["u.sql": "SELECT id FROM t ORDER BY qty;"])
        let u = try VeloRun.run([unsupported.appendingPathComponent("u.sql").path], stdin: "")
        #expect(u.status == 3)
        #expect(u.stderr.contains("ORDER BY") && u.stderr.contains("u.sql:1:27"), "\(u.stderr)")
    }

    @Test func unionReadsEachSourceAndRefusesToFollow() throws {
        let dir = try VeloRun.directory([
            "q.sql": "SELECT id, v FROM a UNION ALL SELECT k, val FROM b;",
            "a.jsonl": #"{"id":1,"v":10}"# + "\n" + #"{"id":2,"v":20}"# + "\n",
            "b.jsonl": #"{"k":7,"val":30}"# + "\n"
        ])
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let metrics = path("m.json")
        let r = try VeloRun.run([
            "-q", path("q.sql"), "--input", "a=" + path("a.jsonl"), "--input", "b=" + path("b.jsonl"),
            "--metrics", metrics
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == #"{"id":1,"v":10}"# + "\n" + #"{"id":2,"v":20}"# + "\n" + #"{"id":7,"v":30}"# + "\n")
        let m = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: metrics))) as! [String: Any]
        #expect(m["records_in"] as? Int == 3 && m["records_out"] as? Int == 3)
        let follow = try VeloRun.run([path("q.sql"), "--input", "a=" + path("a.jsonl"), "--input", "b=" + path("b.jsonl"), "--follow"])
        #expect(follow.status == 2)
        #expect(follow.stderr.contains("UNION") && follow.stderr.contains("--follow"), "\(follow.stderr)")
    }

    @Test func orderByWithLimitWritesTheTopRows() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT id, qty FROM t ORDER BY qty DESC, id LIMIT 2;"])
        let input = [#"{"id":1,"qty":5}"#, #"{"id":2,"qty":9}"#, #"{"id":3}"#, #"{"id":4,"qty":9}"#, #"{"id":5,"qty":7}"#]
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("q.sql").path], stdin: input.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == #"{"id":2,"qty":9}"# + "\n" + #"{"id":4,"qty":9}"# + "\n")
    }

    @Test func unreadableInputIsAClearError() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT id FROM t;"])
        let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "--input", "t=/nonexistent/data.jsonl"], stdin: "")
        #expect(r.status == 3)
        #expect(r.stderr.contains("/nonexistent/data.jsonl"))
        let wrong = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "--input", "orders=x.jsonl"], stdin: "")
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("'t'"))
    }

    @Test func csvFileSourceAndSinkFromWithProperties() throws {
        let sql = """
            CREATE STREAM big AS SELECT name, qty * price AS value FROM items WHERE qty > 1
            WITH ('items.type' = 'file_source', 'items.path' = 'items.csv',
                  'big.type' = 'file_sink', 'big.path' = 'OUT', 'big.format' = 'csv');
            """
        let dir = try VeloRun.directory(["items.csv": "name,qty,price\nbolt,3,2.5\n\"nut, hex\",1,9\nwasher,2,4\n"])
        let out = dir.appendingPathComponent("big.csv").path
        try sql.replacingOccurrences(of: "OUT", with: out).write(to: dir.appendingPathComponent("a.sql"), atomically: true, encoding: .utf8)
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("a.sql").path], stdin: "")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "name,value\nbolt,7.5\nwasher,8\n")
    }

    @Test func relativeFileSinkPathIsRelativeToTheSQLFile() throws {
        let sql = """
            CREATE STREAM big AS SELECT name FROM items WHERE qty > 1
            WITH ('items.type' = 'file_source', 'items.path' = 'items.csv',
                  'big.type' = 'file_sink', 'big.path' = 'big.jsonl');
            """
        let dir = try VeloRun.directory(["a.sql": sql, "items.csv": "name,qty\nbolt,3\nnut,1\n"])
        let elsewhere = try VeloRun.directory(["keep.txt": ""])
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("a.sql").path], stdin: "", in: elsewhere)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: dir.appendingPathComponent("big.jsonl").path, encoding: .utf8) == "{\"name\":\"bolt\"}\n")
        #expect(!FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("big.jsonl").path))
    }

    @Test func topicSinkThenTopicSource() throws {
        let dir = try VeloRun.directory([
            "w.sql":
                "CREATE STREAM hot AS SELECT id, sym FROM trades WHERE price > 40 WITH ('hot.type' = 'kafka_sink', 'hot.topic.name' = 'hot_trades');",
            "r.sql": "SELECT sym, COUNT(*) AS n FROM hot GROUP BY sym EMIT FINAL;"
        ])
        let store = dir.appendingPathComponent("store").path
        let w = try VeloRun.run(["-q", "--store", store, dir.appendingPathComponent("w.sql").path], stdin: Self.trades)
        #expect(w.status == 0, "\(w.stderr)")
        let r = try VeloRun.run(["-q", "--store", store, "--topic", "hot_trades", dir.appendingPathComponent("r.sql").path])
        #expect(r.status == 0, "\(r.stderr)")
        var counts: [String: Int] = [:]
        for i in 0..<40 where i * 7 % 50 > 40 { counts["S\(i % 3)", default: 0] += 1 }
        var got: [String: Int] = [:]
        for line in Self.lines(r.stdout) { let o = try Self.json(line); got[o["sym"] as! String] = o["n"] as? Int }
        #expect(got == counts)
    }

    @Test func eventsAreTypedLines() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT id FROM t WHERE id < 2;"])
        let r = try VeloRun.run(
            ["--events", "-q", dir.appendingPathComponent("q.sql").path], stdin: Self.trades.replacingOccurrences(of: "\"id\"", with: "\"id\""))
        #expect(r.status == 0)
        let events = try Self.lines(r.stdout).map(Self.json)
        #expect(events.map { $0["type"] as! String } == ["record", "record", "metrics"])
        #expect((events[0]["record"] as? [String: Any])?["id"] as? Int == 0)
        #expect((events[2]["metrics"] as? [String: Any])?["records_in"] as? Int == 40)
    }

    /// Ctrl+C while stdin is still open: the open window is flushed and the exit code is 130.
    @Test func interruptFlushesWindowsAndExits130() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT sym, COUNT(*) AS n FROM t GROUP BY sym EMIT FINAL;"])
        let process = try VeloRun.start(["-q", dir.appendingPathComponent("q.sql").path], stdin: .open)
        process.write("{\"sym\":\"a\"}\n{\"sym\":\"b\"}\n{\"sym\":\"a\"}\n")
        Thread.sleep(forTimeInterval: 0.7)
        process.interrupt()
        let r = try process.wait()
        process.closeStdin()
        #expect(r.status == 130)
        #expect(Self.lines(r.stdout) == ["{\"sym\":\"a\",\"n\":2}", "{\"sym\":\"b\",\"n\":1}"])
    }

    @Test func timeoutAnnotationStopsCleanly() throws {
        let dir = try VeloRun.directory(["q.sql": "-- @timeout: 300ms\nSELECT sym, COUNT(*) AS n FROM t GROUP BY sym EMIT FINAL;"])
        let process = try VeloRun.start(["-q", dir.appendingPathComponent("q.sql").path], stdin: .open)
        process.write("{\"sym\":\"x\"}\n")
        let r = try process.wait() // stdin stays open: the @timeout annotation ends the run
        process.closeStdin()
        #expect(r.status == 0)
        #expect(r.stdout == "{\"sym\":\"x\",\"n\":1}\n")
    }
}
