import ArgumentParser
import VeloBase
import VeloCLI
import VeloCommands
import VeloEngine
import VeloInfer
import VeloKafka
import VeloTopics

@main
struct VeloInfer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-infer",
        abstract: "Infer a Velostream schema (.schema.yaml) from sample records.",
        discussion: """
            Reads NDJSON (one JSON object per line) from files or stdin, CSV with a header row (--format csv), \
            or messages of a topic (--topic: Kafka with --kafka or VELO_KAFKA, else the local store), and prints a schema velo-gen can use to make more data like it. \
            Malformed records are skipped, counted and the first few reported by line; no valid record is exit 3.

            Examples:
              kcat -C -t orders -e | velo-infer --name orders > orders.schema.yaml
              velo-infer orders.ndjson --explain -o orders.schema.yaml
              velo-infer --topic orders --sample 1000 --from random
              velo-infer --topic orders --kafka localhost:9092 --sample 500 --from latest
              velo-infer --format csv trades.csv --json
            """)

    @Argument(help: "NDJSON or CSV files; '-' or nothing reads stdin.")
    var files: [String] = []

    @Option(help: "Input format: ndjson or csv (with a header row).")
    var format: String = "ndjson"

    @Option(help: "CSV cell separator (one character).")
    var delimiter: String = ","

    @Option(help: "Sample this topic instead of reading files (Kafka when a cluster is named, else the local store in VELO_HOME or ./.velo).")
    var topic: String?

    @OptionGroup(title: "Kafka")
    var kafka: KafkaCommandOptions

    @Option(help: "Use at most N records (all by default).")
    var sample: Int?

    @Option(help: "Which records --sample keeps: earliest, latest or random.")
    var from: String = "earliest"

    @Option(help: "The schema name (default: the topic or the first file's name).")
    var name: String?

    @Flag(help: "Print the schema as JSON instead of YAML.")
    var json = false

    @Flag(help: "Explain on stderr, per field, why each type and constraint was chosen.")
    var explain = false

    @Option(name: [.short, .long], help: "Write the schema to this file (atomically) instead of stdout.")
    var output: String?

    @Option(help: "Most distinct values a string field may have to become an enum.")
    var enumMax: Int = 20

    @Option(help: "Seed for sampling, so the same input gives the same schema.")
    var seed: UInt64 = 42

    @Flag(help: "No colors on stderr.")
    var noColor = false

    static func main() { veloMain(tool: "velo-infer") }

    func validate() throws {
        guard InferFormat(rawValue: format) != nil else { throw ValidationError("--format must be ndjson or csv, not '\(format)'") }
        guard SampleFrom(rawValue: from) != nil else { throw ValidationError("--from must be earliest, latest or random, not '\(from)'") }
        guard delimiter.utf8.count == 1 else { throw ValidationError("--delimiter must be one ASCII character") }
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
        if topic != nil && !files.isEmpty { throw ValidationError("give either --topic or files, not both") }
        if topic == nil && kafka.isGiven { throw ValidationError("--kafka, -X and --kafka-config need --topic") }
        if topic != nil && format == "csv" { throw ValidationError("topic messages are read as JSON; --format csv is for files") }
        if from != "earliest" && sample == nil { throw ValidationError("--from \(from) needs --sample N") }
        if from != "earliest" && files.count > 1 { throw ValidationError("--from \(from) samples one input; give one file (or cat them into stdin)") }
        guard enumMax >= 0 else { throw ValidationError("--enum-max must not be negative") }
    }

    func run() throws {
        let console = Console(tool: "velo-infer", noColorFlag: noColor)
        var command = InferCommand()
        command.inputs = files
        command.topic = topic
        command.format = InferFormat(rawValue: format)!
        command.separator = delimiter.utf8.first!
        command.sample = sample
        command.from = SampleFrom(rawValue: from)!
        command.name = name
        command.json = json
        command.explain = explain
        command.output = output
        command.options.enumMaxValues = enumMax
        command.options.seed = seed
        let code: VeloExit
        do {
            if topic != nil { command.backend = try backend(console: console) }
            code = try command.run(console: console)
        } catch {
            code = console.report(error: error)
        }
        if code != .ok { throw ExitCode(code.rawValue) }
    }

    /// Kafka when --kafka, -X bootstrap.servers, --kafka-config or VELO_KAFKA names a cluster, else the local store.
    private func backend(console: Console) throws -> any TopicBackend {
        let environment = Terminal.currentEnvironment()
        guard let config = try TopicBackends.kafkaConfig(kafka.options(role: .consumer), environment: environment) else {
            return LocalTopicStore()
        }
        for warning in config.warnings { console.report(warning) }
        return try KafkaBackend(config: config)
    }
}
