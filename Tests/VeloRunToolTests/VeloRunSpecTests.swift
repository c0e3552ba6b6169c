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
