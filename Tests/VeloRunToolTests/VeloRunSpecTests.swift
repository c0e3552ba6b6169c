import Foundation
import Testing
import VeloTestSupport

/// `velo-run --spec` runs a Velostream test spec as Velostream's `velo-test` does (docs/test-spec.md).
@Suite struct VeloRunSpecTests {
    static let ticksSchema = """
        name: ticks
        fields:
          - name: symbol
            type: string
            constraints:
              enum_values:
                values: [AAA, BBB]
          - name: price
            type: float
        """

    /// Simulated time is each generated record's event time, and a `from_previous` input keeps the event
    /// time its upstream gave it (a window's rows: the window's end), so `_event_time` windows work in both.
    @Test func simulatedAndUpstreamEventTimeDriveWindows() throws {
        let dir = try VeloRun.directory([
            "schemas/ticks.schema.yaml": Self.ticksSchema,
            "app.sql": """
            -- @name: per_minute
            CREATE TABLE per_minute AS
            SELECT symbol, COUNT(*) AS n, TUMBLE_START(_event_time, INTERVAL '1' MINUTE) AS ws
            FROM ticks WINDOW TUMBLING(_event_time, INTERVAL '1' MINUTE) GROUP BY symbol EMIT FINAL;

            -- @name: per_ten
            CREATE TABLE per_ten AS
            SELECT symbol, SUM(n) AS total, TUMBLE_START() AS ws10
            FROM per_minute WINDOW TUMBLING(_event_time, INTERVAL '10' MINUTE) GROUP BY symbol EMIT FINAL;
            """,
            "app.test.yaml": """
            application: ticks
            queries:
              - name: per_minute
                inputs:
                  - source: ticks
                    records: 600
                    time_simulation: {start_time: "2026-01-01T00:00:00Z", end_time: "2026-01-01T00:10:00Z", sequential: true}
                assertions:
                  - {type: field_values, field: ws, operator: greater_than_or_equals, value: 1767225600000}
                  - {type: field_values, field: ws, operator: less_than, value: 1767226200000}
                  - {type: record_count, equals: 20}
              - name: per_ten
                inputs:
                  - {source: per_minute, from_previous: per_minute}
                assertions:
                  - {type: field_values, field: ws10, operator: equals, value: 1767225600000}
                  - {type: record_count, equals: 2}
            """
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try VeloRun.run(["--spec", dir.appendingPathComponent("app.sql").path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("2 queries: 2 passed"))
    }
}

/// Input files that are not what they claim: refused with the place, never misread.
@Suite struct VeloRunBadFileTests {
    /// Nine levels of ten aliases each: a billion strings once expanded.
    static let aliasBomb =
        (["a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]"]
        + zip("bcdefghi", "abcdefgh").map { "\($0): &\($0) [" + Array(repeating: "*\($1)", count: 10).joined(separator: ",") + "]" })
        .joined(separator: "\n") + "\n"

    @Test func invalidUTF8InSQLIsAnErrorWithItsPlace() throws {
        let dir = try VeloRun.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let sql = dir.appendingPathComponent("bad.sql")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try (Data("SELECT a FROM t\nWHERE b = 'caf".utf8) + Data([0xE9]) + Data("';\n".utf8)).write(to: sql)
        for args in [["--check", sql.path], [sql.path]] {
            let r = try VeloRun.run(args)
            #expect(r.status == 3, "\(args)")
            #expect(r.stderr.contains("bad.sql:2:15: invalid UTF-8 (byte 0xE9)"), "\(r.stderr)")
        }
    }

    @Test func checkOfAFileWithNoStatementFailsLikeARun() throws {
        let dir = try VeloRun.directory(["empty.sql": "-- only a comment\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("empty.sql").path
        let check = try VeloRun.run(["--check", path])
        #expect(check.status == 3)
        #expect(check.stderr.contains("no statement to run"))
        #expect(try VeloRun.run([path]).status == 3)
    }

    @Test func aliasBombsAreRefusedInEveryYAMLReader() throws {
        let dir = try VeloRun.directory([
            "schemas/bomb.schema.yaml": Self.aliasBomb + "name: bomb\nfields: []\n",
            "app.sql": "-- @name: q\nCREATE STREAM q AS SELECT x FROM s;\n",
            "app.test.yaml": Self.aliasBomb + "application: bomb\nqueries: []\n",
            "cfg.sql": "SELECT x FROM s WITH ('s.config_file' = 'bomb.yaml');\n",
            "bomb.yaml": Self.aliasBomb + "datasource: {type: file, path: in.ndjson}\n"
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = try VeloRun.run(["--check", dir.appendingPathComponent("app.sql").path, "--schemas", dir.appendingPathComponent("schemas").path])
        #expect(schema.stderr.contains("bomb.schema.yaml:1:1: YAML aliases expand this file beyond any real document"), "\(schema.stderr)")
        let spec = try VeloRun.run(["--spec", dir.appendingPathComponent("app.sql").path])
        #expect(spec.status == 3)
        #expect(spec.stderr.contains("app.test.yaml:1:1: YAML aliases expand"), "\(spec.stderr)")
        let config = try VeloRun.run([dir.appendingPathComponent("cfg.sql").path])
        #expect(config.status == 3)
        #expect(config.stderr.contains("config file 'bomb.yaml': YAML aliases expand"), "\(config.stderr)")
    }
}

/// Spec semantics as velo-test's: which job a query runs, how often its assertions run.
@Suite struct VeloRunSpecSemanticsTests {
    @Test func aQueryNamedAfterItsSinkRunsTheOnlyJobOnce() throws {
        let dir = try VeloRun.directory([
            "schemas/ticks.schema.yaml": VeloRunSpecTests.ticksSchema,
            "app.sql": """
            CREATE STREAM cheap AS SELECT symbol, price FROM ticks WHERE price < 1000000
            WITH ('cheap.type' = 'kafka_sink', 'cheap.topic.name' = 'cheap_ticks');
            """,
            "app.test.yaml": """
            application: ticks
            queries:
              - name: cheap_ticks_output
                inputs: [{source: ticks, records: 50}]
                assertions:
                  - {type: record_count, equals: 50}
                  - {type: no_nulls, fields: [symbol, not_a_field]}
            """
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try VeloRun.run(["--spec", dir.appendingPathComponent("app.sql").path, "-o", "json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["passed"] as? Int == 1)
        #expect(summary["total_assertions"] as? Int == 2, "each assertion once, not once per name of the output")
    }
}

@Suite struct VeloRunReferenceCSVTests {
    /// A watchlist CSV with `NULL` cells and dates, read through a config file's `file.path` (relative to the
    /// config file's folder): only the blocked symbol whose restriction is in force is filtered out.
    @Test func csvTableWithNullsAndDatesFiltersByEventTime() throws {
        let dir = try VeloRun.directory([
            "data/watchlist.csv":
                "symbol,trader_id,restriction,effective_date,expiry_date\nMEME,NULL,BLOCKED,2025-01-01,NULL\nOLD,NULL,BLOCKED,2020-01-01,2021-01-01\n",
            "configs/watchlist.yaml": "data_source:\n  type: file\n  format: csv\nfile:\n  path: ../data/watchlist.csv\n",
            "apps/app.sql": """
            SELECT t.symbol FROM trades t
            WHERE NOT EXISTS (SELECT 1 FROM watchlist w WHERE (w.symbol = t.symbol OR w.trader_id IS NOT NULL)
              AND w.effective_date <= t._event_time AND (w.expiry_date IS NULL OR w.expiry_date > t._event_time))
            WITH ('event.time.field' = 'ts', 'watchlist.type' = 'file_source',
                  'watchlist.config_file' = '../configs/watchlist.yaml');
            """
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let input =
            #"{"symbol":"MEME","ts":1767225600000}"# + "\n" + #"{"symbol":"OLD","ts":1767225600000}"# + "\n"
            + #"{"symbol":"ACME","ts":1767225600000}"# + "\n"
        let r = try VeloRun.run([dir.appendingPathComponent("apps/app.sql").path], stdin: input)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == #"{"symbol":"OLD"}"# + "\n" + #"{"symbol":"ACME"}"# + "\n")
    }
}
