import ArgumentParser
import VeloBase
import VeloCLI
import VeloEngine
import VeloRunCommands
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
            --spec [SPEC] app.sql (or app.sql --spec SPEC: the .sql file is the SQL, the .yaml file the spec) \
            runs a Velostream test spec (default: app.test.yaml, app.spec.yaml or test_spec.yaml beside the SQL): inputs generated from schemas (--seed), data files or earlier \
            queries; every query's output checked by the spec's assertions; report as text, JSON or JUnit XML \
            (-o, --report FILE). Exit 0 all passed, 1 an assertion failed or a query errored, 3 invalid spec.
            """)

    /// What velo-run does with the file: run it (no mode flag) or one of these, which exclude each other.
    enum Mode: String, EnumerableFlag {
        case check, format, spec, grammar

        static func help(for mode: Mode) -> ArgumentHelp? {
            switch mode {
            case .check: "Parse and analyze the SQL; report jobs or errors."
            case .format: "Print the SQL in canonical form (annotations kept, plain comments dropped)."
            case .spec: "Run a test spec against the SQL file (velo-run --spec [SPEC] app.sql, in either order)."
            case .grammar: "Print the grammar summary (the text the AI prompt and the docs use) and exit."
            }
        }
    }

    @Argument(help: "The .sql file, or - for stdin. With --spec: [SPEC] FILE, in either order.")
    var file: String?

    @Argument(help: ArgumentHelp("With --spec: the spec or the .sql file.", visibility: .hidden))
    var secondFile: String?

    @Flag(exclusivity: .exclusive)
    var mode: Mode?

    @Option(name: .shortAndLong, help: ArgumentHelp("With --spec: the report format (default: text).", valueName: "FORMAT"))
    var output: SpecReportFormat?

    @Option(help: ArgumentHelp("With --spec: also write the report (in the -o format) to FILE; stdout gets the text report.", valueName: "FILE"))
    var report: String?

    @Option(help: ArgumentHelp("With --spec: the seed for generated inputs (same seed, same records; default: 42).", valueName: "N"))
    var seed: UInt64?

    @Option(name: .customLong("query"), help: ArgumentHelp("With --spec: run only this query of the spec. Repeatable.", valueName: "NAME"))
    var queries: [String] = []

    @Option(help: ArgumentHelp("A directory of .schema.yaml files describing the sources.", valueName: "DIR"))
    var schemas: String?

    @Flag(help: "With --check: print the report as JSON on stdout.")
    var json = false

    @Option(
        name: .customLong("input"), help: ArgumentHelp("Read source NAME from PATH (NDJSON or CSV; - for stdin). Repeatable.", valueName: "NAME=PATH")
    )
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

    static func main() { veloMain(tool: "velo-run") }

    func validate() throws {
        if mode == .grammar { return }
        let file = try sqlFile()
        if mode == .spec {
            let runOnly = [
                ("--json", json), ("--events", events), ("--follow", follow), ("--topic", topic != nil),
                ("--input", !inputs.isEmpty), ("--job", job != nil)
            ]
            if let (flag, _) = runOnly.first(where: { $0.1 }) {
                throw ValidationError.usage(
                    "\(flag) does not go with --spec, which runs the queries over the spec's inputs",
                    hint: "velo-run --spec [SPEC] app.sql [-o text|json|junit] [--report FILE] [--seed N] [--query NAME]")
            }
            _ = try SpecFiles(file, secondFile)
            return
        }
        let specOnly = [
            ("--report", report != nil), ("--seed", seed != nil), ("--query", !queries.isEmpty), ("-o/--output", output != nil),
            ("a second file", secondFile != nil)
        ]
        if let (flag, _) = specOnly.first(where: { $0.1 }) {
            throw ValidationError.usage("\(flag) goes with --spec", hint: "velo-run --spec [SPEC] \(file)")
        }
        if json && mode != .check {
            throw ValidationError.usage("--json goes with --check", hint: "velo-run --check --json \(file)")
        }
        if mode == nil && file == "-" && inputs.contains(where: { $0.hasSuffix("=-") || $0 == "-" }) {
            throw ValidationError.usage("stdin cannot hold both the SQL and the records", hint: "give the SQL as a file")
        }
    }

    /// The FILE argument, which every mode but --grammar needs.
    func sqlFile() throws -> String {
        guard let file else {
            throw ValidationError.usage(
                "missing the .sql file to read",
                hint: "velo-run app.sql (or - for stdin), velo-run --check app.sql, velo-run --spec app.sql")
        }
        return file
    }

    func run() throws {
        let console = Console(tool: "velo-run", noColorFlag: noColor)
        switch mode {
        case .grammar:
            print(SQLGrammar.summary)
        case .check:
            try perform(CheckCommand.self, CheckCommand.Options(file: try sqlFile(), schemas: schemas, json: json), console: console)
        case .format:
            try perform(FormatCommand.self, FormatCommand.Options(file: try sqlFile()), console: console)
        case .spec:
            try perform(SpecCommand.self, try specOptions(), console: console)
        case nil:
            try perform(RunCommand.self, try runOptions(), console: console)
        }
    }

    func runOptions() throws -> ExecOptions {
        var options = ExecOptions(file: try sqlFile())
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
        return options
    }

    func specOptions() throws -> SpecCommand.Options {
        let files = try SpecFiles(try sqlFile(), secondFile)
        var options = SpecCommand.Options(sqlFile: files.sql)
        options.spec = files.spec
        if let output { options.format = output }
        options.reportFile = report
        if let seed { options.seed = seed }
        options.schemas = schemas
        options.queries = queries
        options.quiet = quiet
        options.noColor = noColor
        options.store = store
        return options
    }
}

/// `-o text|json|junit`, in any case (`-o JSON` too).
extension SpecReportFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
