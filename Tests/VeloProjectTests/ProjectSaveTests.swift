import Testing
import VeloBase
import VeloJSON
import VeloSQL
import VeloSession
import VeloSpec

@testable import VeloProject

@Suite struct ProjectSaveTests {
    @Test func roundTripGivesTheSameJobsWithTheirOwnText() throws {
        let jobs = [Fixtures.filter, Fixtures.aggregate, Fixtures.window, Fixtures.tiers, Fixtures.join]
        let project = try Project(session: Fixtures.session(jobs: jobs))
        let loaded = SQLFrontEnd.check(project.sql, schemas: project.schemas.provider)
        #expect(!loaded.hasErrors)
        #expect(loaded.jobs.map(\.name) == jobs.map(\.name))
        #expect(loaded.script.applicationHeader == "shop")
        #expect(loaded.script.annotation("description") == "Orders by region")
        // Each job's own text is in the file unchanged (WITH bindings are added after it).
        for job in jobs {
            let statement = job.sql.prefix { $0 != ";" }
            let body = statement.hasSuffix(")") ? String(statement.dropLast()) : String(statement)
            #expect(project.sql.contains(body.trimmingCharacters(in: .whitespacesAndNewlines)), "\(job.name)")
        }
        #expect(loaded.script.statements[0].annotation("description") == "orders over 100")
    }

    @Test func everySourceAndSinkDeclaresItsType() throws {
        let project = try Project(session: Fixtures.session(jobs: [Fixtures.filter, Fixtures.tiers, Fixtures.join]))
        let check = SQLFrontEnd.check(project.sql, schemas: project.schemas.provider)
        #expect(check.issues.isEmpty, "\(check.diagnostics)")
        for (statement, job) in zip(check.script.statements, check.jobs) {
            for source in job.sources {
                #expect(statement.property("\(source.name).type")?.value == "kafka_source", "\(job.name) \(source.name)")
                #expect(statement.property("\(source.name).config_file")?.value == "../configs/kafka_source.yaml")
            }
            let sink = try #require(statement.target?.value)
            #expect(statement.property("\(sink).type")?.value == "kafka_sink")
        }
        // A job reading an earlier job's output reads its topic; an existing WITH keeps its own keys and comment.
        let join = check.script.statements[2]
        #expect(join.property("customer_tiers.topic.name")?.value == "customer_tiers")
        #expect(join.property("orders_with_tier.topic.name")?.value == "orders_enriched")
        #expect(project.sql.contains("    -- the sink is a topic of its own\n    'orders_with_tier.topic.name' = 'orders_enriched',\n"))
    }

    @Test(arguments: [
        "CREATE STREAM a AS SELECT order_id FROM orders WITH ('orders.type' = 'kafka_source',);",
        "CREATE STREAM a AS SELECT order_id FROM orders WITH ();",
        "CREATE STREAM a AS SELECT order_id FROM orders WITH (\n  'a.topic.name' = 'a_out' -- named\n);",
        "INSERT INTO a SELECT order_id FROM orders"
    ])
    func bindingsGoIntoAnyWithShape(_ sql: String) throws {
        let project = try Project(session: Fixtures.session(jobs: [SessionJob(name: "a", sql: sql)]), tests: false)
        let check = SQLFrontEnd.check(project.sql, schemas: project.schemas.provider)
        #expect(check.issues.isEmpty, "\(check.diagnostics)\n\(project.sql)")
        let statement = try #require(check.script.statements.first)
        #expect(statement.property("orders.type")?.value == "kafka_source")
        #expect(statement.property("a.type")?.value == "kafka_sink")
        #expect(project.spec == nil)
    }

    @Test func specAssertionsFollowEachQueryShape() throws {
        let metrics: JSONValue = .object(
            JSONObject([("duration_ms", .int(200)), ("throughput_records_per_sec", .int(100_000)), ("peak_memory_bytes", .int(300 << 20))]))
        let session = Fixtures.session(
            jobs: [Fixtures.filter, Fixtures.aggregate, Fixtures.window, Fixtures.tiers, Fixtures.join],
            runs: ["big_orders": SessionRun(metrics: metrics, exitCode: 0)])
        let spec = try #require(try Project(session: session).spec)
        func types(_ name: String) -> [String] { spec.query(named: name)?.assertions.map(\.type) ?? [] }
        #expect(types("big_orders").contains("field_values"))
        #expect(types("big_orders").contains("throughput"))
        #expect(types("region_totals").filter { $0 == "aggregate_check" }.count == 2)
        #expect(types("region_totals").contains("no_nulls"))
        #expect(types("per_minute").contains("window_boundary"))
        #expect(types("orders_with_tier").contains("join_coverage"))
        #expect(spec.query(named: "orders_with_tier")?.inputs.contains { $0.fromPrevious == "customer_tiers" } == true)
        let filter = try #require(spec.query(named: "big_orders")?.assertions.first { $0.type == "field_values" })
        #expect(filter.string("operator") == "greater_than" && filter.number("value") == 100)
        let throughput = try #require(spec.query(named: "big_orders")?.assertions.first { $0.type == "throughput" })
        #expect(throughput.number("min_records_per_second") == 10_000)
        let memory = try #require(spec.query(named: "big_orders")?.assertions.first { $0.type == "memory_usage" })
        #expect(memory.number("max_mb") == 600)
        // The written spec loads back to the same model.
        let text = try #require(try Project(session: session).files.first { $0.path == "test_spec.yaml" }?.text)
        #expect(try SpecLoader.load(yaml: text).spec.queries == spec.queries)
    }

    @Test func secretsFromTheEnvironmentAreReferencesOnly() throws {
        let environment = ["KAFKA_SASL_USERNAME": "svc-user", "KAFKA_SASL_PASSWORD": "hunter2-secret", "KAFKA_SECURITY_PROTOCOL": "SASL_SSL"]
        var session = Fixtures.session(jobs: [Fixtures.filter])
        session.backend = "broker-1:9092"
        let project = try Project(session: session, environment: environment)
        let all = project.files.map(\.text).joined()
        #expect(!all.contains("hunter2-secret") && !all.contains("svc-user"))
        let source = try #require(project.files.first { $0.path == "configs/kafka_source.yaml" }?.text)
        #expect(source.contains("sasl.password: \"${KAFKA_SASL_PASSWORD}\""))
        #expect(source.contains("bootstrap.servers: \"${VELO_KAFKA:broker-1:9092}\""))
    }

    @Test func aConfigFileFromAnotherAppIsKeptAndFlagged() throws {
        let job = SessionJob(
            name: "loaded",
            sql:
                "CREATE STREAM loaded AS SELECT order_id FROM orders WITH ('orders.type' = 'kafka_source', 'orders.config_file' = '../configs/market_source.yaml');"
        )
        let project = try Project(session: Fixtures.session(jobs: [job]))
        #expect(project.sql.contains("'orders.config_file' = '../configs/market_source.yaml'"))
        #expect(!project.sql.contains("'orders.topic.name'")) // a typed endpoint keeps what it has
        #expect(project.warnings.contains { $0.message.contains("market_source.yaml") })
        #expect(project.notes.contains { $0.contains("market_source.yaml") })
    }

    @Test func aSourceWithoutASchemaSkipsItsQueryAndTheQueriesAfterIt() throws {
        let first = SessionJob(name: "raw", sql: "CREATE STREAM raw AS SELECT * FROM feed;")
        let second = SessionJob(name: "later", sql: "CREATE STREAM later AS SELECT * FROM raw;")
        let session = Session(app: SessionApp(name: "bare"), jobs: [first, second])
        let project = try Project(session: session)
        #expect(project.spec?.queries.map(\.skip) == [true, true])
        #expect(project.notes.count == 2)
        let makefile = try #require(project.files.first { $0.path == "Makefile" }?.text)
        #expect(!makefile.contains("--schemas") && makefile.contains("SCHEMAS :=\n"))
    }

    @Test func badSessionsAreInvalidInput() throws {
        #expect(throws: VeloError.self) { try Project(session: Fixtures.session("../up", jobs: [Fixtures.filter])) }
        #expect(throws: VeloError.self) { try Project(session: Fixtures.session(jobs: [])) }
        let broken = SessionJob(name: "broken", sql: "CREATE STREAM broken AS SELEC x FROM orders;")
        #expect(throws: SQLProblems.self) { try Project(session: Fixtures.session(jobs: [broken])) }
        let two = SessionJob(name: "two", sql: "SELECT 1 FROM orders; SELECT 2 FROM orders;")
        #expect(throws: VeloError.self) { try Project(session: Fixtures.session(jobs: [two])) }
    }
}
