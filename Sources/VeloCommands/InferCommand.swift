import VeloBase
import VeloInfer
import VeloJSON
import VeloSchema
import VeloTopics


/// What one velo-infer run does, independent of argument parsing: read the inputs, infer, print the schema
/// (stdout or `--output`), the explanation and bad-record warnings (stderr). Returns the exit code.
public struct InferCommand {
    public var inputs: [String] = []
    public var topic: String?
    public var backend: (any TopicBackend)?
    public var format: InferFormat = .ndjson
    public var separator: UInt8 = UInt8(ascii: ",")
    public var sample: Int?
    public var from: SampleFrom = .earliest
    public var name: String?
    public var json = false
    public var explain = false
    public var output: String?
    public var options = InferOptions()

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

    public func run(console: Console) throws -> VeloExit {
        let runner = InferRunner(options: options, format: format, sample: sample, from: from, separator: separator)
        if let topic {
            guard let backend else { throw VeloError("no topic backend", exit: .failed) }
            try runner.addTopic(topic, backend: backend)
        } else {
            for input in inputs.isEmpty ? ["-"] : inputs { try runner.addFile(input) }
        }
        for warning in runner.warnings { console.report(warning) }
        let collector = runner.collector
        for bad in collector.badLineReports {
            console.warning("\(InferReport.location(bad)): skipped malformed record: \(bad.message)")
        }
        if collector.badLines > collector.badLineReports.count {
            console.warning("\(collector.badLines - collector.badLineReports.count) more malformed records skipped "
                + "(\(collector.badLines) in all)")
        }
        guard collector.records > 0 else {
            console.error("no valid records in \(sourceLabel)"
                + (collector.badLines > 0 ? " (\(collector.badLines) malformed)" : ""),
                hint: format == .csv ? "a CSV input needs a header row and at least one data row"
                    : topic != nil ? "check the topic name and that it has messages" : "the input must hold one JSON object per line (NDJSON); for CSV use --format csv")
            return .invalidInput
        }
        let inferred = SchemaInference.infer(collector, name: schemaName)
        if explain { console.line(InferReport.explain(inferred, style: console.style)) }
        let schema = inferred.schema
        let text: String
        if json {
            var writer = JSONWriter()
            writer.write(SchemaWriter.json(schema))
            text = writer.text + "\n"
        } else {
            text = SchemaWriter.yaml(schema, header: InferReport.header(inferred, source: sourceLabel))
        }
        try AtomicFile.write(text, to: output ?? "-")
        return .ok
    }
}
