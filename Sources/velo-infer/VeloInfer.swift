import ArgumentParser
import VeloBase
import VeloCLI
import VeloInfer
import VeloInferCommands

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

    @Option(help: "Input format (csv with a header row).")
    var format: InferFormat = .ndjson

    @Option(help: "CSV cell separator (one ASCII character).")
    var delimiter: Delimiter = Delimiter(byte: UInt8(ascii: ","))

    @Option(help: "Sample this topic instead of reading files (Kafka when a cluster is named, else the local store in VELO_HOME or ./.velo).")
    var topic: String?

    @OptionGroup(title: "Kafka")
    var kafka: KafkaCommandOptions

    @Option(help: "Use at most N records (all by default).")
    var sample: Int?

    @Option(help: "Which records --sample keeps.")
    var from: SampleFrom = .earliest

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
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
        if topic != nil && !files.isEmpty { throw ValidationError("give either --topic or files, not both") }
        if topic == nil && kafka.isGiven { throw ValidationError("--kafka, -X and --kafka-config need --topic") }
        if topic != nil && format == .csv { throw ValidationError("topic messages are read as JSON; --format csv is for files") }
        if from != .earliest && sample == nil { throw ValidationError("--from \(from.rawValue) needs --sample N") }
        if from != .earliest && files.count > 1 {
            throw ValidationError("--from \(from.rawValue) samples one input; give one file (or cat them into stdin)")
        }
        guard enumMax >= 0 else { throw ValidationError("--enum-max must not be negative") }
    }

    func run() throws {
        var options = InferCommand.Options()
        options.inputs = files
        options.topic = topic
        options.kafka = kafka.options(role: .consumer)
        options.format = format
        options.separator = delimiter.byte
        options.sample = sample
        options.from = from
        options.name = name
        options.json = json
        options.explain = explain
        options.output = output
        options.inference.enumMaxValues = enumMax
        options.inference.seed = seed
        try perform(InferCommand.self, options, console: Console(tool: "velo-infer", noColorFlag: noColor))
    }
}

extension InferFormat: ExpressibleByArgument {}
extension SampleFrom: ExpressibleByArgument {}

/// `--delimiter`: one ASCII character (a CSV cell separator is one byte).
struct Delimiter: ExpressibleByArgument {
    let byte: UInt8

    init(byte: UInt8) { self.byte = byte }

    init?(argument: String) {
        guard argument.utf8.count == 1, let byte = argument.utf8.first else { return nil }
        self.byte = byte
    }

    var defaultValueDescription: String { String(UnicodeScalar(byte)) }
}
