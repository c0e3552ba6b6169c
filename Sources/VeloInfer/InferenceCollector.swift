/// Feeds records (NDJSON lines, CSV rows, topic messages) into per-field statistics. Malformed records are
/// skipped and counted; the first few are kept with their line number for the report.
public final class InferenceCollector {
    public struct BadLine: Sendable, Equatable {
        public var source: String?
        public var line: Int
        public var column: Int
        public var message: String
    }

    public let options: InferOptions
    public private(set) var fields: [FieldAccumulator] = []
    public private(set) var records = 0
    public private(set) var badLines = 0
    public private(set) var badLineReports: [BadLine] = []
    public private(set) var bytes = 0
    /// Owns the field table (a struct, so the hot loop pays no runtime exclusivity checks).
    public internal(set) var scanner: JSONScanner
    package var scratch: [UInt8] = []

    public init(options: InferOptions = InferOptions()) {
        self.options = options
        scanner = JSONScanner(fields: FieldTable(maxFields: options.maxFields))
    }

    /// One NDJSON line (without its newline). Blank lines are ignored.
    public func addJSONLine(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, source: String? = nil) {
        bytes += line.count + 1
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        do {
            try scanner.scan(line)
        } catch {
            reject(line: lineNumber, column: error.offset + 1, message: error.message, source: source)
            return
        }
        commit(scanner.events, buffer: line)
    }

    /// Convenience for tests and small inputs.
    public func addJSONLine(_ text: String, lineNumber: Int = 0) {
        var text = text
        text.withUTF8 { addJSONLine($0, lineNumber: lineNumber) }
    }

    public func reject(line: Int, column: Int, message: String, source: String?) {
        badLines += 1
        if badLineReports.count < options.reportedBadLines {
            badLineReports.append(BadLine(source: source, line: line, column: column, message: message))
        }
    }

    public func countBytes(_ n: Int) { bytes += n }

    /// Rewords the last bad-line report (the runner asks the full parser for a clearer message).
    public func replaceLastReport(column: Int, message: String) {
        guard !badLineReports.isEmpty else { return }
        badLineReports[badLineReports.count - 1].column = column
        badLineReports[badLineReports.count - 1].message = message
    }

    /// Applies one valid record's events; string spans point into `buffer`.
    public func commit(_ events: [ScanEvent], buffer: UnsafeBufferPointer<UInt8>) {
        // Work on local copies (moved out, so no copy-on-write) to keep class-property access out of the loop.
        var fields = self.fields
        var scratch = self.scratch
        self.fields = []
        self.scratch = []
        defer { self.fields = fields; self.scratch = scratch }
        if fields.count < scanner.fields.count {
            let table = scanner.fields
            for id in fields.count..<table.count {
                fields.append(FieldAccumulator(name: table.names[id], parent: table.parents[id], options: options, index: id))
            }
        }
        let record = records
        records += 1
        for event in events {
            fields[Int(event.field)].observe(event, record: record, buffer: buffer, scratch: &scratch)
        }
    }

    /// The fields that were seen with at least one value, in first-seen order.
    public var observedFields: [FieldAccumulator] { fields.filter { $0.present > 0 } }
}
