import ArgumentParser
import VeloBase
import VeloCLI
import VeloCommands
import VeloGenerate
import VeloKafka
import VeloSchema
import VeloTopics


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

    @Argument(help: ArgumentHelp("Schema files (- for stdin), or .sql files with -- @data.* hints. Several schemas need --output-dir or one --topic each.",
                                 valueName: "schema"))
    var schemas: [String] = []

    @Option(name: [.customShort("n"), .customLong("count")], help: ArgumentHelp(
        "Records per schema (1e6, 10k and 1_000 work), or NAME=N for one schema. Default: record_count.",
        valueName: "n"))
    var count: [String] = []

    @Option(help: "Seed for byte-identical output (with --now when time bounds are relative).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("The time that relative bounds (now, -1h) count from, as RFC 3339 or epoch ms.", valueName: "time"))
    var now: String?

    @Option(help: "Output format: ndjson, json or csv.")
    var format: String = "ndjson"

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

    @Option(name: .customLong("with"), help: ArgumentHelp(
        "A constraint override, e.g. \"amount > 500\", \"status = CANCELLED 20%\", \"temp between 30 and 40\", \"note is null 50%\". Repeatable.",
        valueName: "condition"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Share of nulls in nullable fields (0.1 or 10%).", valueName: "share"))
    var nullRate: String = "0.1"

    @Option(help: "Places after the point for float fields (decimals use their precision).")
    var floatDigits: Int = 4

    @Option(help: ArgumentHelp("Event time of the first record (now, -2h, RFC 3339). Default: the event field's range start.", valueName: "time"))
    var start: String?

    @Option(help: ArgumentHelp("Event time of the last record. Default: the event field's range end.", valueName: "time"))
    var end: String?

    @Option(help: ArgumentHelp("Events per second of event time. With --end and no -n, fills start..end.", valueName: "per-second"))
    var rate: Double?

    @Option(help: ArgumentHelp("How much gaps between events vary, 0 to 1.", valueName: "fraction"))
    var jitter: Double = 0.5

    @Option(help: ArgumentHelp("Share of records that arrive late (0.05 or 5%).", valueName: "share"))
    var outOfOrder: String = "0"

    @Option(help: ArgumentHelp("How far behind the stream a late record can be (500ms, 5s, 1m).", valueName: "duration"))
    var maxDelay: String = "5s"

    @Option(help: ArgumentHelp("The field that carries event time. Default: the first timestamp_epoch_ms or timestamp field.", valueName: "field"))
    var timeField: String?

    @Flag(help: "Time fields uniform within their ranges (Velostream's behaviour) instead of a moving stream.")
    var randomTime = false

    @Option(help: ArgumentHelp("Records per second of wall time, for live demos (not event time; see --rate).", valueName: "per-second"))
    var wallRate: Double?

    @Option(help: ArgumentHelp("Write a ready schema for a domain: orders, customers, iot, trades, clickstream, payments (or 'list').",
                               valueName: "domain"))
    var example: String?

    @Flag(help: "No colors in messages.")
    var noColor = false

    static func main() { veloMain(tool: "velo-gen") }

    mutating func run() throws {
        let console = Console(tool: "velo-gen", noColorFlag: noColor)
        if let example { throw ExitCode(runExample(example, console: console).rawValue) }
        guard !schemas.isEmpty else {
            throw ValidationError("give a schema file, or --example DOMAIN to start from a ready one")
        }
        let request: GenRequest
        do {
            request = try makeRequest()
        } catch {
            throw ExitCode(console.report(error: error).rawValue)
        }
        if topic.isEmpty, kafka.isGiven {
            throw ExitCode(console.report(error: usage("--kafka, -X and --kafka-config need --topic")).rawValue)
        }
        let options = kafka.options(role: .producer)
        let environment = Terminal.currentEnvironment()
        let code = GenTool.run(request, console: console) {
            guard let config = try TopicBackends.kafkaConfig(options, environment: environment) else { return LocalTopicStore() }
            for warning in config.warnings { console.report(warning) }
            return try KafkaBackend(config: config)
        }
        throw ExitCode(code.rawValue)
    }

    func runExample(_ name: String, console: Console) -> VeloExit {
        if name == "list" {
            for item in GenExamples.all { print("\(item.name)\t\(item.summary)") }
            return .ok
        }
        do {
            let written = try GenTool.writeExample(name, directory: outputDir)
            for path in written { console.line("velo-gen: wrote \(path)") }
            if outputDir == nil, let item = GenExamples.named(name), !item.references.isEmpty {
                console.line("velo-gen: note: \(item.name) references \(item.references.joined(separator: ", ")); "
                             + "write \(item.references.map { "velo-gen --example \($0) > \($0).schema.yaml" }.joined(separator: "; ")) too")
            }
            return .ok
        } catch {
            return console.report(error: error)
        }
    }

    func usage(_ message: String, hint: String? = nil) -> VeloError { VeloError(message, hint: hint, exit: .usage) }

    func makeRequest() throws -> GenRequest {
        let nowMs: Int64
        if let now {
            if let ms = Int64(now) { nowMs = ms }
            else if case .absolute(let ms)? = TimeSpec.parse(now) { nowMs = ms }
            else { throw usage("--now '\(now)' is not a time", hint: "give RFC 3339 (2026-01-15T09:30:00Z) or epoch milliseconds") }
        } else {
            nowMs = GenTool.nowMs()
        }
        var settings = GenSettings(seed: seed ?? GenTool.randomSeed(), nowMs: nowMs)
        guard let nulls = GenTool.parseShare(nullRate) else { throw usage("--null-rate '\(nullRate)' is not a share from 0 to 1 (or 0% to 100%)") }
        settings.nullRate = nulls
        guard (0...15).contains(floatDigits) else { throw usage("--float-digits must be 0 to 15") }
        settings.floatDigits = floatDigits
        var time = GenTimeSettings()
        time.random = randomTime
        if randomTime, start != nil || end != nil || rate != nil || outOfOrder != "0" {
            throw usage("--random-time does not go with --start, --end, --rate or --out-of-order",
                        hint: "those shape a stream of event time; --random-time turns the stream off")
        }
        time.field = timeField
        for (name, value) in [("--start", start), ("--end", end)] {
            guard let value else { continue }
            guard let spec = TimeSpec.parse(value) else {
                throw usage("\(name) '\(value)' is not a time", hint: "use now, -30m, -2h, -1d, or RFC 3339 like 2026-01-15T09:30:00Z")
            }
            if name == "--start" { time.start = spec } else { time.end = spec }
        }
        if let rate {
            guard rate > 0, rate.isFinite else { throw usage("--rate must be above 0 (events per second of event time)") }
            time.rate = rate
        }
        guard (0...1).contains(jitter) else { throw usage("--jitter must be between 0 and 1") }
        time.jitter = jitter
        guard let late = GenTool.parseShare(outOfOrder) else { throw usage("--out-of-order '\(outOfOrder)' is not a share from 0 to 1 (or 0% to 100%)") }
        time.outOfOrder = late
        guard let delay = GenTool.parseDuration(maxDelay) else { throw usage("--max-delay '\(maxDelay)' is not a duration", hint: "like 500ms, 5s or 1m") }
        time.maxDelayMs = delay
        settings.time = time
        settings.overrides = try overrides.map { try GenOverride.parse($0) }

        var request = GenRequest(schemaPaths: schemas, settings: settings)
        request.seedGiven = seed != nil
        for item in count {
            if let eq = item.firstIndex(of: "=") {
                let name = String(item[..<eq])
                guard let n = GenTool.parseCount(String(item[item.index(after: eq)...])) else {
                    throw usage("-n '\(item)': not a count", hint: "like -n orders=10000")
                }
                request.counts[name] = n
            } else {
                guard let n = GenTool.parseCount(item) else { throw usage("-n '\(item)' is not a count", hint: "like 10000, 1e6 or 10k") }
                request.count = n
            }
        }
        guard let kind = GenFormatKind(rawValue: format.lowercased()) else {
            throw usage("unknown format '\(format)'", hint: "use ndjson, json or csv")
        }
        request.format = kind
        let places = [output != nil, outputDir != nil, !topic.isEmpty].filter { $0 }.count
        guard places <= 1 else { throw usage("choose one of --output, --output-dir and --topic") }
        if let output { request.destination = .file(output) }
        if let outputDir { request.destination = .directory(outputDir) }
        if !topic.isEmpty { request.destination = .topics(topic) }
        if let wallRate {
            guard wallRate > 0, wallRate.isFinite else { throw usage("--wall-rate must be above 0 (records per second of wall time)") }
            request.wallRate = wallRate
        }
        if let partitions {
            guard partitions >= 1 else { throw usage("--partitions must be at least 1") }
            request.partitions = partitions
        }
        return request
    }
}
