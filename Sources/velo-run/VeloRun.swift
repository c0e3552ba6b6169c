import ArgumentParser
import VeloBase
import VeloCLI
import VeloCommands
import VeloEngine
import VeloSQL
import VeloSpec

@main
struct VeloRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-run",
        abstract: "Run Velostream streaming SQL over stdin, files or topics (Kafka or the local store); check and format SQL.",
        discussion: """
            velo-run app.sql reads the job's source (stdin unless --input, --topic or the statement's WITH \
            properties bind it), runs the query and writes output records as NDJSON on stdout (or to the sink \
            the statement names). A summary of the run goes to stderr; --metrics FILE writes it as JSON. \
            Bounded by default: sources are read to their end, then open windows close. --follow keeps \
            consuming a topic until Ctrl+C, which flushes and exits 130.
            Topics live on Kafka when --kafka/-b, -X bootstrap.servers, --kafka-config or VELO_KAFKA names a cluster \
            (or the statement's '<name>.config_file' has bootstrap servers), else in the local store. --group G \
            joins Kafka consumer group G, so several velo-run processes share a topic's partitions.
            Exit codes: 0 ok, 1 failed (FailBatch), 2 usage, 3 invalid SQL or input, 4 Kafka unreachable, 5 some records \
            failed (or were not delivered to a topic), 130 interrupted.
            --check parses and analyzes a .sql file (exit 0 with a job summary, or 3 with diagnostics); --json \
            prints that report as JSON. --format prints the file as canonical SQL. FILE may be - for stdin.
            A file of several jobs runs every job, one after another in dependency order (a job reading another's \
            output runs after it). A job's output with no sink in WITH is kept in the local store as a topic named \
            after it; the output of the jobs no other job reads also goes to stdout. --job NAME runs one job, \
            reading other jobs' outputs from the store. --metrics FILE then holds one section per job and totals.
            --spec [SPEC] app.sql runs a Velostream test spec (default: app.test.yaml, app.spec.yaml or \
            test_spec.yaml beside the SQL): inputs generated from schemas (--seed), data files or earlier \
            queries; every query's output checked by the spec's assertions; report as text, JSON or JUnit XML \
            (-o, --report FILE). Exit 0 all passed, 1 an assertion failed or a query errored, 3 invalid spec.
            """)

    @Argument(help: "The .sql file, or - for stdin. With --spec: [SPEC] FILE.")
    var file: String?

    @Argument(help: ArgumentHelp("With --spec SPEC: the .sql file.", visibility: .hidden))
    var secondFile: String?

    @Flag(help: "Run a test spec against the SQL file (velo-run --spec [SPEC] app.sql).")
    var spec = false

    @Option(name: .shortAndLong, help: ArgumentHelp("With --spec: the report format: text, json or junit.", valueName: "FORMAT"))
    var output: String = "text"

    @Option(help: ArgumentHelp("With --spec: also write the report (in the -o format) to FILE; stdout gets the text report.", valueName: "FILE"))
    var report: String?

    @Option(help: ArgumentHelp("With --spec: the seed for generated inputs (same seed, same records).", valueName: "N"))
    var seed: UInt64 = 42

    @Option(name: .customLong("query"), help: ArgumentHelp("With --spec: run only this query of the spec. Repeatable.", valueName: "NAME"))
    var queries: [String] = []

    @Flag(help: "Parse and analyze the SQL; report jobs or errors.")
    var check = false

    @Flag(help: "Print the SQL in canonical form (annotations kept, plain comments dropped).")
    var format = false

    @Option(help: ArgumentHelp("A directory of .schema.yaml files describing the sources.", valueName: "DIR"))
    var schemas: String?

    @Flag(help: "With --check: print the report as JSON on stdout.")
    var json = false

    @Option(name: .customLong("input"), help: ArgumentHelp("Read source NAME from PATH (NDJSON or CSV; - for stdin). Repeatable.", valueName: "NAME=PATH"))
    var inputs: [String] = []

    @Option(help: ArgumentHelp("Read the job's source from this topic (Kafka when a cluster is named, else the local store).", valueName: "TOPIC"))
    var topic: String?

    @Option(help: ArgumentHelp("Join this Kafka consumer group (processes in one group share the partitions).", valueName: "GROUP"))
    var group: String?

    @OptionGroup(title: "Kafka")
    var kafka: KafkaCommandOptions

    @Flag(help: "Keep consuming topics until Ctrl+C instead of stopping at their end.")
    var follow = false

    @Option(help: ArgumentHelp("Write the run's metrics as JSON to FILE.", valueName: "FILE"))
    var metrics: String?

    @Flag(help: "Profile time and records per stage (as the @profiling annotation).")
    var profile = false

    @Flag(help: "Write typed JSON lines on stdout: record, progress, error, late, metrics, profile.")
    var events = false

    @Flag(name: .shortAndLong, help: "No summary or warnings on stderr (errors still print).")
    var quiet = false

    @Option(help: ArgumentHelp("Run this job of a file with several.", valueName: "NAME"))
    var job: String?

    @Option(help: ArgumentHelp("The local topic store directory (default: VELO_HOME, else .velo).", valueName: "DIR"))
    var store: String?

    @Flag(name: .customLong("no-color"), help: "Never color the output.")
    var noColor = false

    @Flag(help: "Print the grammar summary (the text the AI prompt and the docs use) and exit.")
    var grammar = false

    static func main() { veloMain(tool: "velo-run") }

    func run() throws {
        let console = Console(tool: "velo-run", noColorFlag: noColor)
        if grammar {
            print(SQLGrammar.summary)
            return
        }
        guard let file else {
            console.error("missing the .sql file to read", hint: "velo-run app.sql (or - for stdin), velo-run --check app.sql, velo-run --spec app.sql")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        if spec {
            try runSpec(first: file, console: console)
            return
        }
        let specOnly = [("--report", report != nil), ("--seed", seed != 42), ("--query", !queries.isEmpty), ("-o/--output", output != "text"),
                        ("a second file", secondFile != nil)]
        if let (flag, _) = specOnly.first(where: { $0.1 }) {
            console.error("\(flag) goes with --spec", hint: "velo-run --spec [SPEC] \(file)")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        if check && format {
            console.error("choose one of --check and --format")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        if json && !check {
            console.error("--json goes with --check", hint: "velo-run --check --json \(file)")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        if check || format {
            let options = SQLCommand.Options(file: file, mode: check ? .check : .format, schemas: schemas, json: json)
            let code = SQLCommand.run(options, console: console)
            if code != .ok { throw ExitCode(code.rawValue) }
            return
        }
        if file == "-" && inputs.allSatisfy({ !$0.hasSuffix("=-") && $0 != "-" }) == false {
            console.error("stdin cannot hold both the SQL and the records", hint: "give the SQL as a file")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        var options = ExecOptions(file: file)
        options.inputs = inputs
        options.topic = topic
        options.follow = follow
        options.metricsFile = metrics
        options.profile = profile
        options.events = events
        options.quiet = quiet
        options.job = job
        options.schemas = schemas
        options.store = store
        options.kafka = kafka.options(role: .consumer)
        options.group = group
        let code = ExecCommand.run(options, console: console)
        if code != .ok { throw ExitCode(code.rawValue) }
    }

    func runSpec(first: String, console: Console) throws {
        guard let format = SpecReportFormat(rawValue: output.lowercased()) else {
            console.error("unknown report format '\(output)'", hint: "use -o text, -o json or -o junit")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        let sql = secondFile ?? first
        if secondFile == nil && !sql.lowercased().hasSuffix(".sql") && (sql.hasSuffix(".yaml") || sql.hasSuffix(".yml")) {
            console.error("\(sql) is a spec; --spec also needs the .sql file", hint: "velo-run --spec \(sql) app.sql")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        if check || self.format || json || events || follow || topic != nil || !inputs.isEmpty || job != nil {
            console.error("--spec runs the queries over the spec's inputs; it does not take --check, --format, --json, --events, --follow, --topic, --input or --job",
                          hint: "velo-run --spec [SPEC] app.sql [-o text|json|junit] [--report FILE] [--seed N] [--query NAME]")
            throw ExitCode(VeloExit.usage.rawValue)
        }
        var options = ExecSpecCommand.Options(sqlFile: sql)
        options.spec = secondFile == nil ? nil : first
        options.format = format
        options.reportFile = report
        options.seed = seed
        options.schemas = schemas
        options.queries = queries
        options.quiet = quiet
        options.noColor = noColor
        options.store = store
        let code = ExecSpecCommand.run(options, console: console)
        if code != .ok { throw ExitCode(code.rawValue) }
    }
}
