import ArgumentParser
import VeloBase
import VeloCLI
import VeloGenCommands
import VeloGenerate
import VeloSchema

@main
struct VeloGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-gen",
        abstract: "Generate realistic records from Velostream .schema.yaml files.",
        discussion: """
            Records go to stdout as NDJSON unless --output, --output-dir or --topic says otherwise. Event time moves like a stream: records spread in order over the event field's range (or --start..--end) with jitter; --rate sets events per second of event time and --out-of-order makes some arrive late. --wall-rate paces output in real time for live demos.

            Examples:
              velo-gen --example orders > orders.schema.yaml
              velo-gen orders.schema.yaml -n 10000 | velo-run q.sql
              velo-gen orders.schema.yaml -n 1e6 --seed 42 --topic orders
              velo-gen customers.schema.yaml orders.schema.yaml --output-dir data/
              velo-gen sensors.schema.yaml --with "temperature_c between 30 and 40"
              velo-gen orders.schema.yaml --with "status = CANCELLED 20%"
              velo-gen trades.schema.yaml --rate 500 --out-of-order 2% --max-delay 3s
              velo-gen clickstream.schema.yaml --wall-rate 20 -n 1e9 --topic clicks
              velo-gen app.sql -n 1000          (reads -- @data.* hints)

            Exit codes: 0 ok, 2 usage, 3 invalid schema or override, 5 records not delivered, 130 interrupted.
            """)

    @Argument(
        help: ArgumentHelp(
            "Schema files (- for stdin), or .sql files with -- @data.* hints. Several schemas need --output-dir or one --topic each.",
            valueName: "schema"))
    var schemas: [String] = []

    @Option(
        name: [.customShort("n"), .customLong("count")],
        help: ArgumentHelp(
            "Records per schema (1e6, 10k and 1_000 work), or NAME=N for one schema. Default: record_count.",
            valueName: "n"), transform: RecordCount.parse)
    var count: [RecordCount] = []

    @Option(help: "Seed for byte-identical output (with --now when time bounds are relative).")
    var seed: UInt64?

    @Option(
        help: ArgumentHelp("The time that relative bounds (now, -1h) count from, as RFC 3339 or epoch ms.", valueName: "time"),
        transform: parseNow)
    var now: Int64?

    @Option(help: "Output format.")
    var format: GenFormatKind = .ndjson

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file (atomically) instead of stdout.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Write each schema to DIR/<name>.<format>.", valueName: "dir"))
    var outputDir: String?

    @Option(help: ArgumentHelp("Publish to this topic of the local store (one per schema, in order); prints a JSON summary.", valueName: "topic"))
    var topic: [String] = []

    @Option(help: "Partitions for topics that do not exist yet.")
    var partitions: Int?

    @OptionGroup(title: "Kafka")
    var kafka: KafkaCommandOptions

    @Option(
        name: .customLong("with"),
        help: ArgumentHelp(
            "A constraint override, e.g. \"amount > 500\", \"status = CANCELLED 20%\", \"temp between 30 and 40\", \"note is null 50%\". Repeatable.",
            valueName: "condition"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Share of nulls in nullable fields (0.1 or 10%). Default: 0.1.", valueName: "share"), transform: Share.parse)
    var nullRate = Share(value: 0.1, description: "0.1")

    @Option(help: "Places after the point for float fields (decimals use their precision).")
    var floatDigits: Int = 4

    @Option(
        help: ArgumentHelp("Event time of the first record (now, -2h, RFC 3339). Default: the event field's range start.", valueName: "time"),
        transform: parseTimeSpec)
    var start: TimeSpec?

    @Option(
        help: ArgumentHelp("Event time of the last record. Default: the event field's range end.", valueName: "time"),
        transform: parseTimeSpec)
    var end: TimeSpec?

    @Option(help: ArgumentHelp("Events per second of event time. With --end and no -n, fills start..end.", valueName: "per-second"))
    var rate: Double?

    @Option(help: ArgumentHelp("How much gaps between events vary, 0 to 1.", valueName: "fraction"))
    var jitter: Double = 0.5

    @Option(help: ArgumentHelp("Share of records that arrive late (0.05 or 5%). Default: none.", valueName: "share"), transform: Share.parse)
    var outOfOrder: Share?

    @Option(
        help: ArgumentHelp("How far behind the stream a late record can be (500ms, 5s, 1m). Default: 5s.", valueName: "duration"),
        transform: Delay.parse)
    var maxDelay = Delay(milliseconds: 5000, description: "5s")

    @Option(help: ArgumentHelp("The field that carries event time. Default: the first timestamp_epoch_ms or timestamp field.", valueName: "field"))
    var timeField: String?

    @Flag(help: "Time fields uniform within their ranges (Velostream's behaviour) instead of a moving stream.")
    var randomTime = false

    @Option(help: ArgumentHelp("Records per second of wall time, for live demos (not event time; see --rate).", valueName: "per-second"))
    var wallRate: Double?

    @Option(
        help: ArgumentHelp(
            "Write a ready schema for a domain: orders, customers, iot, trades, clickstream, payments (or 'list').",
            valueName: "domain"))
    var example: String?

    @Flag(help: "No colors in messages.")
    var noColor = false

    static func main() { veloMain(tool: "velo-gen") }

    func validate() throws {
        if example != nil { return } // --example takes only --output-dir
        guard !schemas.isEmpty else { throw ValidationError("give a schema file, or --example DOMAIN to start from a ready one") }
        guard (0...15).contains(floatDigits) else { throw ValidationError("--float-digits must be 0 to 15") }
        if randomTime, start != nil || end != nil || rate != nil || (outOfOrder?.value ?? 0) > 0 {
            throw ValidationError.usage(
                "--random-time does not go with --start, --end, --rate or --out-of-order",
                hint: "those shape a stream of event time; --random-time turns the stream off")
        }
        if let rate, !(rate > 0 && rate.isFinite) { throw ValidationError("--rate must be above 0 (events per second of event time)") }
        guard (0...1).contains(jitter) else { throw ValidationError("--jitter must be between 0 and 1") }
        guard [output != nil, outputDir != nil, !topic.isEmpty].filter({ $0 }).count <= 1 else {
            throw ValidationError("choose one of --output, --output-dir and --topic")
        }
        if let wallRate, !(wallRate > 0 && wallRate.isFinite) {
            throw ValidationError("--wall-rate must be above 0 (records per second of wall time)")
        }
        if let partitions, partitions < 1 { throw ValidationError("--partitions must be at least 1") }
        if topic.isEmpty && kafka.isGiven { throw ValidationError("--kafka, -X and --kafka-config need --topic") }
    }

    func run() throws {
        let console = Console(tool: "velo-gen", noColorFlag: noColor)
        if let example {
            return try perform(GenExampleCommand.self, GenExampleCommand.Options(name: example, directory: outputDir), console: console)
        }
        try perform(
            GenCommand.self, GenCommand.Options(request: request(), overrides: overrides, kafka: kafka.options(role: .producer)),
            console: console)
    }

    /// The parsed options as a GenRequest (its `--with` overrides are parsed by GenCommand).
    func request() -> GenRequest {
        var settings = GenSettings(seed: seed ?? GenTool.randomSeed(), nowMs: now ?? GenTool.nowMs())
        settings.nullRate = nullRate.value
        settings.floatDigits = floatDigits
        var time = GenTimeSettings()
        time.random = randomTime
        time.field = timeField
        time.start = start
        time.end = end
        time.rate = rate
        time.jitter = jitter
        time.outOfOrder = outOfOrder?.value ?? 0
        time.maxDelayMs = maxDelay.milliseconds
        settings.time = time

        var request = GenRequest(schemaPaths: schemas, settings: settings)
        request.seedGiven = seed != nil
        for item in count {
            if let schema = item.schema { request.counts[schema] = item.count } else { request.count = item.count }
        }
        request.format = format
        if let output { request.destination = .file(output) }
        if let outputDir { request.destination = .directory(outputDir) }
        if !topic.isEmpty { request.destination = .topics(topic) }
        request.wallRate = wallRate
        request.partitions = partitions
        return request
    }
}
