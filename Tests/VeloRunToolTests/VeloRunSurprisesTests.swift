import Foundation
import Testing
import VeloTestSupport

/// Runs that used to end "fine" while something went silently wrong (issue 18, "Silent surprises" and
/// "Messages").
@Suite struct VeloRunSurprisesTests {
    static func path(_ dir: URL, _ name: String) -> String { dir.appendingPathComponent(name).path }

    @Test func aGlobalAggregateWithEmitFinalOverNoRowsIsOneRow() throws {
        let dir = try VeloRun.directory([
            "q.sql": "CREATE STREAM totals AS SELECT COUNT(*) AS n, SUM(v) AS s FROM t WHERE v > 100 EMIT FINAL;",
            "g.sql": "CREATE STREAM per AS SELECT k, COUNT(*) AS n FROM t WHERE v > 100 GROUP BY k EMIT FINAL;"
        ])
        let input = "{\"k\":\"a\",\"v\":1}\n{\"k\":\"b\",\"v\":2}\n"
        let global = try VeloRun.run(["-q", Self.path(dir, "q.sql")], stdin: input)
        #expect(global.status == 0, "\(global.stderr)")
        #expect(global.stdout == "{\"n\":0,\"s\":null}\n")
        // With GROUP BY there are no groups, so no rows (as in batch SQL).
        let grouped = try VeloRun.run(["-q", Self.path(dir, "g.sql")], stdin: input)
        #expect(grouped.status == 0 && grouped.stdout.isEmpty, "\(grouped.stderr)")
    }

    @Test func columnsNoRecordHadAreNamedAtTheEndWithoutSchemas() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT symbl, price FROM trades WHERE price > 1;"])
        let input = "{\"symbol\":\"A\",\"price\":2}\n{\"symbol\":\"B\",\"price\":3}\n"
        let r = try VeloRun.run([Self.path(dir, "q.sql")], stdin: input)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: column 'symbl' had no value in any of the 2 records of trades"))
        #expect(r.stderr.contains("did you mean 'symbol'?"))
        #expect(!r.stderr.contains("column 'price'"))
    }

    @Test func columnsNoRecordHadAreNamedPerJobInAnApp() throws {
        let sql = """
            -- @name: big
            CREATE STREAM big AS SELECT symbol, price FROM trades WHERE pric > 1;
            -- @name: counts
            CREATE STREAM counts AS SELECT symbol, COUNT(*) AS n FROM big GROUP BY symbol EMIT FINAL;
            """
        let dir = try VeloRun.directory(["app.sql": sql, "trades.jsonl": "{\"symbol\":\"A\",\"price\":2}\n"])
        let r = try VeloRun.run(["app.sql", "--input", "trades=trades.jsonl", "--store", "store"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("column 'pric' had no value in any of the 1 record of trades (job 'big')"))
        #expect(r.stderr.contains("did you mean 'price'?"))
        // A job over another job's output knows its columns from the SQL: nothing to say about them.
        #expect(!r.stderr.contains("job 'counts'"))
    }

    @Test func checkFailsOnABrokenSchemaAndItsJSONSaysWhy() throws {
        let dir = try VeloRun.directory([
            "q.sql": "SELECT id FROM orders;",
            "schemas/orders.schema.yaml": "name: orders\nfields:\n  - name: id\n    type: nosuchtype\n"
        ])
        let schemas = Self.path(dir, "schemas")
        let text = try VeloRun.run(["--check", Self.path(dir, "q.sql"), "--schemas", schemas])
        #expect(text.status == 3, "\(text.stderr)")
        #expect(!text.stderr.contains(", ok"))
        let json = try VeloRun.run(["--check", "--json", Self.path(dir, "q.sql"), "--schemas", schemas])
        #expect(json.status == 3)
        let report = try VeloRunExecTests.json(json.stdout)
        #expect(report["valid"] as? Bool == false)
        let diagnostics = report["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.contains { ($0["file"] as? String)?.hasSuffix("orders.schema.yaml") == true && $0["severity"] as? String == "error" })
    }

    @Test func jobOverANameSeveralJobsWriteIsRefusedWithTheList() throws {
        let sql = """
            CREATE STREAM all_orders AS SELECT id FROM orders WHERE region = 'eu';
            INSERT INTO all_orders SELECT id FROM orders WHERE region = 'us';
            SELECT COUNT(*) AS n FROM all_orders;
            """
        let dir = try VeloRun.directory(["app.sql": sql])
        let r = try VeloRun.run(["--job", "all_orders", Self.path(dir, "app.sql")], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("2 jobs write 'all_orders': CREATE STREAM (line 1), INSERT INTO (line 2)"))
    }

    @Test func sqlOnStdinLeavesNothingForTheRecords() throws {
        let r = try VeloRun.run(["-"], stdin: "SELECT a FROM t;")
        #expect(r.status == 2)
        #expect(r.stderr.contains("stdin cannot hold both the SQL and the records"))
        // Without a FROM there are no records to read: that still runs.
        let constant = try VeloRun.run(["-q", "-"], stdin: "SELECT 1 AS one;")
        #expect(constant.status == 0 && constant.stdout == "{\"one\":1}\n", "\(constant.stderr)")
    }

    @Test func sqlFromAProcessSubstitutionIsRead() throws {
        let tool = try VeloRun.binary.path
        let r = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/bash"), ["-c", "'\(tool)' -q <(printf 'SELECT 2 AS two;')"], stdin: .text(""),
            environment: ["NO_COLOR": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{\"two\":2}\n")
    }

    @Test func anUnwritableMetricsPathFailsBeforeTheRun() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT a FROM t;"])
        let r = try VeloRun.run([Self.path(dir, "q.sql"), "--metrics", "/nonexistent-dir/m.json"], stdin: "{\"a\":1}\n")
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("cannot write '/nonexistent-dir/m.json'"))
    }

    @Test func summaryMessages() throws {
        let dir = try VeloRun.directory([
            "q.sql": "SELECT a FROM t;",
            "w.sql": "SELECT a, COUNT(*) AS n FROM t GROUP BY a;"
        ])
        let one = try VeloRun.run([Self.path(dir, "q.sql")], stdin: "{\"a\":1}\n")
        #expect(one.stderr.contains("velo-run: 1 record in → 1 out"), "\(one.stderr)")
        // A peak is never below the count at the end.
        let grouped = try VeloRun.run([Self.path(dir, "w.sql")], stdin: "{\"a\":1}\n{\"a\":2}\n")
        #expect(grouped.stderr.contains("1 open, 2 groups"), "\(grouped.stderr)")
        #expect(grouped.stderr.contains("(peak 1 windows, 2 groups)"), "\(grouped.stderr)")
        // `-n -5` is a negative count, not a missing one.
        let gen = try ToolRun("velo-gen", ["--example", "orders", "-n", "-5"])
        #expect(gen.status == 2)
        #expect(gen.stderr.contains("-n takes no negative number (-5)"), "\(gen.stderr)")
        let infer = try ToolRun("velo-infer", ["--sample", "-5", "x.json"])
        #expect(infer.status == 2)
        #expect(infer.stderr.contains("--sample takes no negative number (-5)"), "\(infer.stderr)")
    }

    @Test func metricsAccountForEveryRecord() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT a, 10 / a AS tenth FROM t WHERE a < 5;"])
        let metricsPath = Self.path(dir, "m.json")
        let input = (0..<10).map { "{\"a\":\($0)}" }.joined(separator: "\n") + "\n"
        let r = try VeloRun.run(["-q", Self.path(dir, "q.sql"), "--metrics", metricsPath], stdin: input)
        #expect(r.status == 5) // a = 0 divides by zero
        let m = try VeloRunExecTests.json(String(contentsOfFile: metricsPath, encoding: .utf8))
        #expect(m["records_in"] as? Int == 10)
        #expect(m["records_out"] as? Int == 4)
        #expect(m["filtered_records"] as? Int == 5)
        #expect(m["failed_records"] as? Int == 1)
    }
}
