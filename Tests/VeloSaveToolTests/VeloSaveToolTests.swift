import Foundation
import Testing
import VeloBase
import VeloSession
import VeloTestSupport

/// Runs the built velo-save as a user would, then the saved project's own `make test` and `velo-run --check`.
@Suite struct VeloSaveToolTests {
    static let orders = """
        name: orders
        fields:
          - name: order_id
            type: string
          - name: customer_id
            type: integer
            constraints:
              range: {min: 1, max: 20}
          - name: region
            type: string
            constraints:
              enum_values:
                values: [EU, US, APAC]
          - name: amount
            type: float
            constraints:
              range: {min: 1, max: 1000}
          - name: event_time
            type: integer
            constraints:
              timestamp_epoch_ms: {start: "-1h", end: "now"}
        """
    static let customers = """
        name: customers
        fields:
          - name: customer_id
            type: integer
            constraints:
              range: {min: 1, max: 20}
          - name: tier
            type: string
            constraints:
              enum_values:
                values: [gold, silver]
        """

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-save-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func sessionJSON(_ app: String, _ jobs: [(String, String)]) throws -> String {
        let session = Session(
            app: SessionApp(name: app, description: "saved by a test"),
            schemas: [SessionSchema(name: "orders", yaml: orders), SessionSchema(name: "customers", yaml: customers)],
            jobs: jobs.map { SessionJob(name: $0.0, sql: $0.1) }, backend: "local")
        return String(decoding: try session.encoded(), as: UTF8.self)
    }

    /// Saves, then runs `make -C <app> test` and `velo-run --check`; returns the spec text.
    func saveAndTest(_ app: String, _ jobs: [(String, String)], expecting types: [String]) throws -> String {
        let dir = try Self.folder()
        let save = try ToolRun("velo-save", ["--out", dir.path], stdin: try Self.sessionJSON(app, jobs))
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stdout.contains("\"app\" : \"\(app)\""))
        let project = dir.appendingPathComponent(app)
        let spec = try String(contentsOf: project.appendingPathComponent("test_spec.yaml"), encoding: .utf8)
        for type in types { #expect(spec.contains("type: \(type)"), "\(type) in\n\(spec)") }
        #expect(!spec.contains("skip: true"))

        let make = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/make"), ["-C", project.path, "test", "VELO_RUN=\(try BuiltProducts.url("velo-run").path)"],
            stdin: .text(""), environment: ["NO_COLOR": "1", "VELO_KAFKA": ""])
        #expect(make.status == 0, "\(make.stdout)\n\(make.stderr)")
        #expect(make.stdout.contains("passed") && !make.stdout.contains("FAIL"), "\(make.stdout)")

        // Round trip: the saved SQL lists the session's jobs, in order.
        let list = try ToolRun("velo-save", ["--list", project.appendingPathComponent("sql/\(app).sql").path])
        let entries = try JSONDecoder().decode([SQLJobEntry].self, from: Data(list.stdout.utf8))
        #expect(entries.map(\.name) == jobs.map(\.0))

        let check = try ToolRun("velo-run", ["--check", "sql/\(app).sql", "--schemas", "schemas"], in: project)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stderr.contains("warning") && !check.stderr.contains("error"), "\(check.stderr)")
        return spec
    }

    @Test func filterProjectPassesItsOwnSpec() throws {
        _ = try saveAndTest(
            "filter_app",
            [("big_orders", "CREATE STREAM big_orders AS SELECT order_id, region, amount FROM orders WHERE amount > 100 EMIT CHANGES;")],
            expecting: ["record_count", "schema_contains", "field_values"])
    }

    @Test func aggregateProjectPassesItsOwnSpec() throws {
        _ = try saveAndTest(
            "aggregate_app",
            [
                (
                    "region_totals",
                    "CREATE TABLE region_totals AS SELECT region, COUNT(*) AS orders, MIN(amount) AS low, MAX(amount) AS high FROM orders GROUP BY region EMIT CHANGES;"
                )
            ],
            expecting: ["record_count", "no_nulls", "aggregate_check"])
    }

    @Test func windowProjectPassesItsOwnSpec() throws {
        _ = try saveAndTest(
            "window_app",
            [
                (
                    "per_minute",
                    "CREATE STREAM per_minute AS SELECT region, _window_start AS window_start, _window_end AS window_end, COUNT(*) AS n FROM orders GROUP BY region WINDOW TUMBLING(event_time, INTERVAL '1' MINUTE) EMIT FINAL WITH ('event.time.field' = 'event_time');"
                )
            ],
            expecting: ["window_boundary", "aggregate_check"])
    }

    @Test func joinProjectPassesItsOwnSpec() throws {
        _ = try saveAndTest(
            "join_app",
            [
                (
                    "customer_tiers",
                    "CREATE TABLE customer_tiers AS SELECT customer_id, LAST_VALUE(tier) AS tier FROM customers GROUP BY customer_id EMIT CHANGES;"
                ),
                (
                    "orders_with_tier",
                    "CREATE STREAM orders_with_tier AS SELECT o.order_id, o.amount, c.tier FROM orders o LEFT JOIN customer_tiers c ON o.customer_id = c.customer_id EMIT CHANGES;"
                )
            ],
            expecting: ["join_coverage", "schema_contains"])
    }

    @Test func anExistingFolderIsKeptUnlessForced() throws {
        let dir = try Self.folder()
        let existing = dir.appendingPathComponent("shop")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: true)
        try "mine".write(to: existing.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let session = try Self.sessionJSON("shop", [("big", "CREATE STREAM big AS SELECT order_id FROM orders WHERE amount > 10;")])
        let refused = try ToolRun("velo-save", ["--out", dir.path, "--no-tests"], stdin: session)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("already exists") && refused.stderr.contains("--force"))
        #expect(try String(contentsOf: existing.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")

        let forced = try ToolRun("velo-save", ["--out", dir.path, "--no-tests", "--force"], stdin: session)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(!FileManager.default.fileExists(atPath: existing.appendingPathComponent("notes.txt").path))
        #expect(FileManager.default.fileExists(atPath: existing.appendingPathComponent("sql/shop.sql").path))
        #expect(!FileManager.default.fileExists(atPath: existing.appendingPathComponent("test_spec.yaml").path))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(left == ["shop"], "no staging folder is left: \(left)")
    }

    @Test func traversalNamesWriteNothing() throws {
        let dir = try Self.folder()
        for name in ["../escape", "/tmp/abs", "con"] {
            let run = try ToolRun("velo-save", ["--out", dir.path], stdin: try Self.sessionJSON(name, [("a", "SELECT order_id FROM orders;")]))
            #expect(run.status == 3, "\(name): \(run.stderr)")
            #expect(run.stderr.contains("app name"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.deletingLastPathComponent().appendingPathComponent("escape").path))
    }

    @Test func secretsInTheEnvironmentNeverReachTheFiles() throws {
        let dir = try Self.folder()
        let session = try Self.sessionJSON("secure", [("big", "CREATE STREAM big AS SELECT order_id FROM orders WHERE amount > 10;")])
        let result = try ProcessRunner.run(
            try BuiltProducts.url("velo-save"), ["--out", dir.path], stdin: .text(session),
            environment: ["NO_COLOR": "1", "VELO_KAFKA": "", "KAFKA_SASL_PASSWORD": "pa55-w0rd-xyz", "KAFKA_SASL_USERNAME": "svc-velo"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("pa55-w0rd-xyz") && !result.stderr.contains("pa55-w0rd-xyz"))
        let project = dir.appendingPathComponent("secure")
        let files = FileManager.default.enumerator(atPath: project.path)?.allObjects as? [String] ?? []
        var sawReference = false
        for file in files {
            guard let text = try? String(contentsOf: project.appendingPathComponent(file), encoding: .utf8) else { continue }
            #expect(!text.contains("pa55-w0rd-xyz") && !text.contains("svc-velo"), "\(file)")
            if text.contains("${KAFKA_SASL_PASSWORD}") { sawReference = true }
        }
        #expect(sawReference)
    }

    @Test func editsKeepOtherBytesAndBadEditsChangeNothing() throws {
        let dir = try Self.folder()
        let file = dir.appendingPathComponent("app.sql")
        let original = """
            -- SQL Application: two_jobs
            -- @app: two_jobs

            -- ---- first ----
            -- @name: first
            CREATE STREAM first AS SELECT order_id   ,  amount FROM orders WITH ('orders.type' = 'kafka_source', 'first.type' = 'kafka_sink');

            /* keep me */
            -- @name: second
            CREATE STREAM second AS SELECT order_id FROM first
            WITH ('first.type' = 'kafka_source', 'second.type' = 'kafka_sink');
            -- trailing comment

            """
        try original.write(to: file, atomically: true, encoding: .utf8)
        let list = try ToolRun("velo-save", ["--list", file.path])
        #expect(list.status == 0, "\(list.stderr)")
        let entries = try JSONDecoder().decode([SQLJobEntry].self, from: Data(list.stdout.utf8))
        #expect(entries.map(\.name) == ["first", "second"])
        #expect(entries[1].firstLine == 9 && entries[1].lastLine == 11)

        let bad = try ToolRun("velo-save", ["--replace", "1", "CREATE STREAM first AS SELEC oops;", file.path])
        #expect(bad.status == 3)
        #expect(try String(contentsOf: file, encoding: .utf8) == original)

        let job =
            "-- @name: first\nCREATE STREAM first AS SELECT order_id FROM orders WHERE amount > 5 WITH ('orders.type' = 'kafka_source', 'first.type' = 'kafka_sink');"
        let replace = try ToolRun("velo-save", ["--replace", "1", job, file.path])
        #expect(replace.status == 0, "\(replace.stderr)")
        let firstOld =
            "-- @name: first\nCREATE STREAM first AS SELECT order_id   ,  amount FROM orders WITH ('orders.type' = 'kafka_source', 'first.type' = 'kafka_sink');"
        #expect(try String(contentsOf: file, encoding: .utf8) == original.replacingOccurrences(of: firstOld, with: job))

        let show = try ToolRun("velo-save", ["--show", "2", file.path])
        #expect(show.stdout.hasPrefix("-- @name: second\nCREATE STREAM second"))
    }
}
