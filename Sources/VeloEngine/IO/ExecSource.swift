import VeloBase
import VeloJSON
import VeloTopics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a source's records are encoded.
package enum RecordFormat: Equatable {
    case ndjson
    /// CSV with a header line (`csv`) or without (`csv_no_header`: columns are column1, column2, …).
    case csv(delimiter: UInt8, header: Bool)

    /// `'<name>.format'` (csv | csv_no_header | jsonl | json | ndjson), else from the file extension.
    package init(property: String?, path: String?, delimiter: String?) throws {
        let d = delimiter.flatMap { $0 == "\\t" ? 9 : $0.utf8.first } ?? UInt8(ascii: ",")
        switch property?.lowercased() {
        case "csv": self = .csv(delimiter: d, header: true)
        case "csv_no_header": self = .csv(delimiter: d, header: false)
        case "json", "jsonl", "ndjson", "json_lines": self = .ndjson
        case nil:
            let lower = path?.lowercased() ?? ""
            if lower.hasSuffix(".csv") {
                self = .csv(delimiter: d, header: true)
            } else if lower.hasSuffix(".tsv") {
                self = .csv(delimiter: 9, header: true)
            } else {
                self = .ndjson
            }
        case let other?:
            throw VeloError("unknown format '\(other)'", hint: "use jsonl (NDJSON), csv or csv_no_header", exit: .invalidInput)
        }
    }
}

/// One record as it arrives, before its fields are decoded. `bytes` stay valid until the next `next()`.
package struct RawRecord {
    package var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// The message key (topics); like `bytes`, valid until the next `next()`.
    package var key: UnsafeBufferPointer<UInt8>?
    /// Kafka message headers, read only for a query that calls the header functions (`readHeaders`).
    package var headers: [TopicHeader]?
    /// Message timestamp (topics); nil for files and stdin.
    package var timestamp: Int64?
    package var partition: Int32 = 0
    /// Topic offset, or the 1-based line number of a file (what editors show).
    package var offset: Int64 = 0
    /// Line number (1-based) in a file, for messages.
    package var line = 0
}

extension RawRecord {
    /// A system column's value for this record (docs/sql-reference.md, "Running SQL"). `arrival` stands in for a missing message
    /// timestamp in `_timestamp` (the processing time); nil leaves it NULL, as for a table's rows. `_event_time`
    /// is the message timestamp until a job's event-time rule replaces it; window bounds belong to windows.
    @inline(__always) package func systemValue(_ column: SystemColumn, arrival: Int64?) -> SQLValue {
        switch column {
        case .key: return key.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null
        case .timestamp: return (timestamp ?? arrival).map { .int($0) } ?? .null
        case .eventTime: return timestamp.map { .int($0) } ?? .null
        case .partition: return .int(Int64(partition))
        case .offset: return .int(offset)
        case .windowStart, .windowEnd: return .null
        case .headers: return HeaderFunctions.value(of: headers ?? [])
        }
    }
}

/// A place records come from: stdin, a file, or a topic of the local store.
package protocol RecordSource: AnyObject {
    var name: String { get }
    /// `stdin`, `file`, `topic` (the metrics contract's kinds).
    var kind: String { get }
    var format: RecordFormat { get }
    /// Shown in messages: a path, `<stdin>`, or `topic T`.
    var label: String { get }
    var bytesRead: Int64 { get }
    /// Advances to the next record; false at the end (or after `stop`).
    func next(_ record: inout RawRecord) throws -> Bool
    /// Asks a following source to end soon (safe from another thread).
    func stop()
    /// Kafka consumer groups: `check` says whether every record returned so far is done, its output written
    /// where a crash cannot lose it (`TopicConsumer.commitWhenDone`). Nothing by default.
    func commitWhenDone(_ check: @escaping () -> Bool)
    /// The run is over. `commit`: every record returned reached the sink, so a consumer group commits their
    /// offsets. A topic is let go of (a group member leaves its group). Nothing by default.
    func close(commit: Bool) throws
    /// Tombstones (messages without a value: deletes) skipped, not records.
    var tombstones: Int64 { get }
    /// Topics: whether records must come in event-time order across partitions (`TopicConsumer.keepTimeOrder`).
    func keepTimeOrder(_ on: Bool)
    /// Records may arrive slowly, as they happen (a followed topic, stdin): progress is checked on each record.
    var isLive: Bool { get }
    /// Live sources: `handler` runs when the source is about to wait for input that has not come.
    func whenIdle(_ handler: @escaping () -> Void)
    /// Topics: fill `RawRecord.headers` (for the header functions). Sources without headers ignore it.
    func readHeaders()
}

extension RecordSource {
    package func keepTimeOrder(_ on: Bool) {}
    package func commitWhenDone(_ check: @escaping () -> Bool) {}
    package func close(commit: Bool) throws {}
    package var tombstones: Int64 { 0 }
    package var isLive: Bool { false }
    package func whenIdle(_ handler: @escaping () -> Void) {}
    package func readHeaders() {}
}

/// NDJSON or CSV lines from stdin or a file, read in large chunks.
package final class LineSource: RecordSource {
    package let name: String
    package let kind: String
    package let format: RecordFormat
    package let label: String
    package let reader: NDJSONReader
    package private(set) var bytesRead: Int64 = 0

    package init(name: String, path: String, format: RecordFormat) throws {
        self.name = name
        self.format = format
        if path == "-" {
            kind = "stdin"
            label = "<stdin>"
            reader = NDJSONReader(fd: 0, file: nil)
        } else {
            kind = "file"
            label = path
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                throw VeloError("'\(path)' is a directory, not a file of records", hint: "give an NDJSON or CSV file", exit: .invalidInput)
            }
            reader = try NDJSONReader(path: path)
        }
    }

    package func next(_ record: inout RawRecord) throws -> Bool {
        guard let line = try reader.nextLine() else { return false }
        bytesRead += Int64(line.count + 1)
        record.bytes = line
        record.line = reader.lineNumber
        record.offset = Int64(reader.lineNumber)
        // A CSV record goes on past a line break inside a quoted cell (RFC 4180): join its lines. The
        // record keeps the number of its first line.
        if case .csv = format, CSVCells.opensQuote(line, startingInside: false) {
            joined.removeAll(keepingCapacity: true)
            joined.append(contentsOf: line)
            var inside = true
            while inside, let more = try reader.nextLine(keepBlank: true) {
                bytesRead += Int64(more.count + 1)
                joined.append(10)
                joined.append(contentsOf: more)
                inside = CSVCells.opensQuote(more, startingInside: true)
            }
            if joinedBuffer.count < joined.count {
                joinedBuffer.deallocate()
                joinedBuffer = .allocate(capacity: joined.count * 2)
            }
            _ = joinedBuffer.initialize(from: joined)
            record.bytes = UnsafeBufferPointer(rebasing: joinedBuffer[0..<joined.count])
        }
        return true
    }

    /// The lines of a CSV record with quoted line breaks, and stable memory for them until the next record.
    private var joined: [UInt8] = []
    private var joinedBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0)

    deinit { joinedBuffer.deallocate() }

    package func stop() {}

    package var isLive: Bool { kind == "stdin" }

    package func whenIdle(_ handler: @escaping () -> Void) { reader.whenIdle = handler }
}

/// A topic of the local store or Kafka (bounded by default; `follow` waits for more until stopped).
/// Tombstones are skipped and counted: they delete a key, they are not records.
package final class TopicSource: RecordSource {
    package let name: String
    package let kind = "topic"
    package let format: RecordFormat
    package let label: String
    package let consumer: any TopicConsumer
    package let isLive: Bool
    package private(set) var bytesRead: Int64 = 0
    package private(set) var tombstones: Int64 = 0
    private var withHeaders = false

    package init(
        name: String, topic: String, backend: any TopicBackend, follow: Bool, group: String?, format: RecordFormat,
        start: ReadStart = .earliest
    ) throws {
        self.name = name
        self.format = format
        self.label = "topic \(topic)"
        self.isLive = follow
        consumer = try backend.consumer(topic: topic, start: start, follow: follow, group: group)
    }

    /// The record points into the consumer's buffers (`TopicConsumer.nextView`): nothing is copied.
    package func next(_ record: inout RawRecord) throws -> Bool {
        guard var message = try consumer.nextView() else { return false }
        while message.isTombstone {
            tombstones += 1
            guard let following = try consumer.nextView() else { return false }
            message = following
        }
        bytesRead += Int64(message.value.count)
        record.bytes = message.value
        record.key = message.key
        if withHeaders { record.headers = message.headers }
        record.timestamp = message.timestamp
        record.partition = message.partition
        record.offset = message.offset
        record.line = Int(message.offset) + 1
        return true
    }

    package func stop() { consumer.stop() }

    package func commitWhenDone(_ check: @escaping () -> Bool) { consumer.commitWhenDone(check) }

    package func close(commit: Bool) throws { try consumer.close(commit: commit) }

    package func keepTimeOrder(_ on: Bool) { consumer.keepTimeOrder(on) }

    package func whenIdle(_ handler: @escaping () -> Void) { consumer.whenIdle(handler) }

    package func readHeaders() {
        withHeaders = true
        consumer.readHeaders(true)
    }
}
