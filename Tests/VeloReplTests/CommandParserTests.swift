import Testing
import VeloRepl

@Suite struct CommandParserTests {
    @Test(arguments: [
        ("help", ReplInput.help(nil)),
        ("help Files", .help("files")),
        ("quit", .quit),
        ("EXIT", .quit),
        ("clear", .clear),
        ("status", .status),
        ("config", .config),
        ("load schemas from schemas/", .loadSchemas(dir: "schemas/")),
        ("load my schemas from ./my_schemas/", .loadSchemas(dir: "./my_schemas/")),
        ("create schema for IoT sensor data", .createSchema(domain: "IoT sensor data")),
        ("infer schema from orders", .inferSchema(topic: "orders")),
        ("show schemas", .showSchemas),
        ("show schema orders", .showSchema("orders")),
        ("edit schema orders", .editSchema("orders")),
        ("generate 5000 orders", .generate(count: 5000, source: "orders", constraints: [])),
        (
            "generate 10k sensor_readings with temperature_c between 30 and 40, status = FAULT 20%",
            .generate(count: 10_000, source: "sensor_readings", constraints: ["temperature_c between 30 and 40", "status = FAULT 20%"])
        ),
        ("topics", .topics),
        ("messages orders", .messages(topic: "orders", last: 10)),
        ("messages 2 --last 3", .messages(topic: "2", last: 3)),
        ("r", .run(job: nil)),
        ("run", .run(job: nil)),
        ("run 3", .run(job: 3)),
        ("e", .edit(job: nil)),
        ("edit 2", .edit(job: 2)),
        ("n", .retry),
        ("show jobs", .showJobs),
        ("show 2", .showJob(2)),
        ("show #2", .showJob(2)),
        ("delete 4", .deleteJob(4)),
        ("append", .append),
        ("replace 1", .replaceJob(1)),
        ("save", .save(file: nil)),
        ("save projects", .save(file: "projects")),
        ("save session work.json", .saveSession(file: "work.json")),
        ("load existing_app/sql/app.sql", .load(file: "existing_app/sql/app.sql")),
        ("set timeout to 60s", .set(key: "timeout", value: "60s")),
        ("set metrics off", .set(key: "metrics", value: "off")),
        ("export replay.mk", .export(file: "replay.mk")),
        ("SELECT * FROM orders;", .sql("SELECT * FROM orders;")),
        ("show me high value orders joined with customer info", .ask("show me high value orders joined with customer info")),
        ("average temperature per device every 5 minutes", .ask("average temperature per device every 5 minutes")),
        ("run it with profiling please", .ask("run it with profiling please")),
        ("show me the slowest devices", .ask("show me the slowest devices")),
        ("anomalies", .ask("anomalies")),
        ("   ", .empty)
    ])
    func parses(_ line: String, _ expected: ReplInput) {
        #expect(CommandParser.parse(line) == expected)
    }

    @Test(arguments: [
        "delete", "delete two", "replace x", "generate orders", "generate 0 orders", "generate 10 orders without x",
        "messages", "messages orders --last none", "set timeout", "save session", "export", "show", "load schemas",
        "quitt", "stauts", "show schema a b", "show jobs please", "show 2 3"
    ])
    func mistakesSayHowToWriteTheCommand(_ line: String) {
        guard case .invalid(let message, let hint) = CommandParser.parse(line) else {
            Issue.record("'\(line)' parsed as \(CommandParser.parse(line))")
            return
        }
        #expect(!message.isEmpty && !hint.isEmpty)
    }

    @Test func aTypoOfACommandSaysWhichOne() {
        #expect(
            CommandParser.parse("quitt")
                == .invalid(message: "no command 'quitt'", hint: "did you mean 'quit'? (a question for the model takes more than one word)"))
        #expect(
            CommandParser.parse("Topcs")
                == .invalid(message: "no command 'Topcs'", hint: "did you mean 'topics'? (a question for the model takes more than one word)"))
    }

    @Test func sqlContinuesUntilASemicolonOutsideStringsAndComments() {
        #expect(CommandParser.needsMore("SELECT *"))
        #expect(CommandParser.needsMore("SELECT *\nFROM orders"))
        #expect(!CommandParser.needsMore("SELECT *\nFROM orders;"))
        #expect(!CommandParser.needsMore("SELECT * FROM orders;  "))
        #expect(CommandParser.needsMore("SELECT ';' FROM t"))
        #expect(CommandParser.needsMore("SELECT 'it''s"))
        #expect(CommandParser.needsMore("SELECT a FROM t -- done;"))
        #expect(CommandParser.needsMore("-- @name: big_orders"))
        #expect(!CommandParser.needsMore("-- @name: big_orders\nCREATE STREAM big AS SELECT * FROM orders;"))
        #expect(!CommandParser.needsMore("show jobs"))
        #expect(!CommandParser.needsMore("create schema for trading"))
        #expect(!CommandParser.needsMore("selected orders over 500"))
    }

    @Test func countsAcceptTheFormsPeopleType() {
        #expect(CommandParser.parseCount("5000") == 5000)
        #expect(CommandParser.parseCount("5,000") == 5000)
        #expect(CommandParser.parseCount("1_000") == 1000)
        #expect(CommandParser.parseCount("10k") == 10_000)
        #expect(CommandParser.parseCount("1e6") == 1_000_000)
        #expect(CommandParser.parseCount("2M") == 2_000_000)
        #expect(CommandParser.parseCount("1.5") == nil)
        #expect(CommandParser.parseCount("-3") == nil)
        #expect(CommandParser.parseCount("many") == nil)
    }
}
