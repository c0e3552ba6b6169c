import VeloBase
import VeloCommands
import VeloInfer
import VeloJSON
import VeloKafka
import VeloSchema
import VeloTopics

/// `velo-infer [FILE…] | --topic T`: read the samples, infer, print the schema (stdout or `--output`),
/// the explanation and bad-record warnings (stderr). Exit 0, 3 when no record is valid.
public enum InferCommand: VeloToolCommand {
    public struct Options: Sendable {
        public var inputs: [String] = []
        public var topic: String?
        /// The cluster for `--topic`; none named means the local store.
        public var kafka = KafkaOptions(role: .consumer)
        public var format: InferFormat = .ndjson
        public var separator: UInt8 = UInt8(ascii: ",")
        public var sample: Int?
        public var from: SampleFrom = .earliest
        public var name: String?
        public var json = false
        public var explain = false
        public var output: String?
        public var inference = InferOptions()

        public init() {}

        /// The schema name: `--name`, else the topic, else the first file's base name without extensions.
        public var schemaName: String {
            if let name { return name }
            if let topic { return topic }
            guard let first = inputs.first, first != "-" else { return "inferred" }
            let base = first.split(separator: "/").last.map(String.init) ?? first
            let stem = base.split(separator: ".").first.map(String.init) ?? base
            return stem.isEmpty ? "inferred" : stem
        }

        package var sourceLabel: String {
            if let topic { return "topic \(topic)" + (sample.map { " (\(from.rawValue) \($0))" } ?? "") }
            let names = inputs.isEmpty ? ["stdin"] : inputs.map { $0 == "-" ? "stdin" : $0 }
            return names.joined(separator: ", ")
        }
    }

    public static func run(_ options: Options, console: Console) -> VeloExit {
        do {
            return try infer(options, console: console)
        } catch {
            return console.report(error: error)
        }
    }

    private static func infer(_ options: Options, console: Console) throws -> VeloExit {
        let runner = InferRunner(
            options: options.inference, format: options.format, sample: options.sample, from: options.from,
            separator: options.separator)
        if let topic = options.topic {
            try runner.addTopic(topic, backend: ToolTopicBackend.make(options.kafka, console: console))
        } else {
            for input in options.inputs.isEmpty ? ["-"] : options.inputs { try runner.addFile(input) }
        }
        for warning in runner.warnings { console.report(warning) }
        let collector = runner.collector
        for bad in collector.badLineReports {
            console.warning("\(InferReport.location(bad)): skipped malformed record: \(bad.message)")
        }
        if collector.badLines > collector.badLineReports.count {
            console.warning(
                "\(collector.badLines - collector.badLineReports.count) more malformed records skipped "
                    + "(\(collector.badLines) in all)")
        }
        guard collector.records > 0 else {
            console.error(
                "no valid records in \(options.sourceLabel)"
                    + (collector.badLines > 0 ? " (\(collector.badLines) malformed)" : ""),
                hint: options.format == .csv
                    ? "a CSV input needs a header row and at least one data row"
                    : options.topic != nil
                        ? "check the topic name and that it has messages"
                        : "the input must hold one JSON object per line (NDJSON); for CSV use --format csv")
            return .invalidInput
        }
        let inferred = SchemaInference.infer(collector, name: options.schemaName)
        if options.explain { console.line(InferReport.explain(inferred, style: console.style)) }
        let schema = inferred.schema
        let text: String
        if options.json {
            var writer = JSONWriter()
            writer.write(SchemaWriter.json(schema))
            text = writer.text + "\n"
        } else {
            text = SchemaWriter.yaml(schema, header: InferReport.header(inferred, source: options.sourceLabel))
        }
        try AtomicFile.write(text, to: options.output ?? "-")
        return .ok
    }
}
