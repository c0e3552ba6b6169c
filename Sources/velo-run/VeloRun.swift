import ArgumentParser
import Shared

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
            """)

    @Argument(help: "The .sql file, or - for stdin.")
    var file: String?

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
            console.error("missing the .sql file to read", hint: "velo-run app.sql (or - for stdin), velo-run --check app.sql")
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
        var options = ExecCommand.Options(file: file)
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
}
