import VeloBase
import VeloJSON
import VeloTopics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The input formats velo-infer reads.
public enum InferFormat: String, Sendable, CaseIterable {
    case ndjson, csv
}

/// Reads the inputs of one velo-infer run (files, stdin, a topic) into an `InferenceCollector`,
/// applying `--sample N --from …`.
public final class InferRunner {
    public let collector: InferenceCollector
    public let format: InferFormat
    public let sample: Int?
    public let from: SampleFrom
    public let separator: UInt8
    /// Things the topic client noticed (config-file keys librdkafka does not know), shown as warnings.
    public private(set) var warnings: [Diagnostic] = []
    package var csv = CSVRowParser()
    package var parser = JSONParser()

    public init(
        options: InferOptions, format: InferFormat = .ndjson, sample: Int? = nil, from: SampleFrom = .earliest,
        separator: UInt8 = UInt8(ascii: ",")
    ) {
        collector = InferenceCollector(options: options)
        self.format = format
        self.sample = sample
        self.from = from
        self.separator = separator
    }

    package var enough: Bool { from == .earliest && sample.map { collector.records >= $0 } == true }

    /// Reads a file, or stdin for `-`.
    public func addFile(_ path: String) throws {
        let reader = try NDJSONReader(path: path)
        let source = path == "-" ? nil : path
        csv = CSVRowParser(separator: separator)
        var sampler = sample.map { RecordSampler(size: $0, from: from, seed: collector.options.seed) }
        if from == .earliest { sampler = nil }
        var pending: [UInt8] = []
        var pendingLine = 0
        var insideQuote = false
        while !enough, let line = try reader.nextLine(keepBlank: insideQuote) { // a blank line inside a quoted cell is data
            let number = reader.lineNumber
            if format == .csv {
                // A quoted cell may span lines: gather lines until the quotes balance.
                let stillInside = CSVRowParser.opensQuote(line, startingInside: insideQuote)
                if insideQuote || stillInside {
                    if insideQuote { pending.append(0x0A) } else { pendingLine = number }
                    pending.append(contentsOf: line)
                    insideQuote = stillInside
                    if insideQuote { continue }
                    let record = pending
                    pending = []
                    record.withUnsafeBufferPointer { deliver($0, line: pendingLine, source: source, sampler: &sampler) }
                    continue
                }
            }
            deliver(line, line: number, source: source, sampler: &sampler)
        }
        if !pending.isEmpty {
            collector.reject(line: pendingLine, column: 1, message: "unterminated quoted cell at the end of the input", source: source)
        }
        if let sampler {
            for record in sampler.records {
                record.bytes.withUnsafeBufferPointer { add($0, line: record.line, source: source) }
            }
        }
    }

    package func deliver(_ record: UnsafeBufferPointer<UInt8>, line: Int, source: String?, sampler: inout RecordSampler?) {
        // The CSV header is never sampled away.
        if format == .csv && !csv.hasHeader { add(record, line: line, source: source); return }
        if sampler != nil { sampler!.offer(record, line: line) } else { add(record, line: line, source: source) }
    }

    /// One record of the current format.
    public func add(_ record: UnsafeBufferPointer<UInt8>, line: Int, source: String?) {
        switch format {
        case .ndjson:
            let before = collector.badLines
            collector.addJSONLine(record, lineNumber: line, source: source)
            if collector.badLines > before { improveLastReport(record, line: line) }
        case .csv:
            do {
                if !csv.hasHeader {
                    try csv.header(record, table: &collector.scanner.fields)
                    return
                }
                try csv.row(record)
                collector.countBytes(record.count + 1)
                csv.cells.withUnsafeBufferPointer { collector.commit(csv.events, buffer: $0) }
            } catch {
                collector.reject(line: line, column: error.offset + 1, message: error.message, source: source)
            }
        }
    }

    /// Bad lines are rare: re-parse with the full JSON parser for its clearer "expected …, found …" wording.
    package func improveLastReport(_ record: UnsafeBufferPointer<UInt8>, line: Int) {
        guard let last = collector.badLineReports.last, last.line == line else { return }
        do throws(JSONSyntaxError) {
            _ = try parser.parse(record, line: line)
        } catch {
            collector.replaceLastReport(column: error.column, message: error.message)
        }
    }

    /// Samples a topic through the backend (the local store or Kafka): `earliest` reads the first N messages,
    /// `latest` the last N, `random` a uniform N over a bounded read of the whole topic.
    public func addTopic(_ topic: String, backend: any TopicBackend) throws {
        let start: ReadStart = from == .latest && sample != nil ? .lastN(sample!) : .earliest
        let consumer = try backend.consumer(topic: topic, start: start, follow: false, group: nil)
        warnings += consumer.warnings
        var sampler = from == .random ? sample.map { RecordSampler(size: $0, from: .random, seed: collector.options.seed) } : nil
        var count = 0
        var tombstones = 0
        defer {
            if tombstones > 0 {
                warnings.append(
                    Diagnostic(
                        .note,
                        "skipped \(tombstones) tombstone\(tombstones == 1 ? "" : "s") in '\(topic)' (messages without a value: deletes, not records)")
                )
            }
        }
        while !enough, let message = try consumer.next() {
            if message.isTombstone {
                tombstones += 1
                continue
            }
            count += 1
            // Bad messages are reported as topic[partition]:offset:column.
            if sampler != nil {
                message.value.withUnsafeBufferPointer { sampler!.offer($0, line: TopicPosition.pack(message.partition, message.offset)) }
            } else {
                message.value.withUnsafeBufferPointer { add($0, line: Int(message.offset), source: "\(topic)[\(message.partition)]") }
            }
            if from == .latest, let sample, count >= sample { break }
        }
        if let sampler {
            for record in sampler.records {
                let (partition, offset) = TopicPosition.unpack(record.line)
                record.bytes.withUnsafeBufferPointer { add($0, line: Int(offset), source: "\(topic)[\(partition)]") }
            }
        }
    }
}

/// A message's partition and offset in the one `Int` a sampled record keeps (offsets stay below 2^47), so a
/// bad message picked by `random` is still reported as topic[partition]:offset.
package enum TopicPosition {
    package static func pack(_ partition: Int32, _ offset: Int64) -> Int { Int(partition) << 47 | Int(offset & (1 << 47 - 1)) }
    package static func unpack(_ line: Int) -> (partition: Int32, offset: Int64) { (Int32(line >> 47), Int64(line & (1 << 47 - 1))) }
}
