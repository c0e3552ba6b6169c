import Foundation
import VeloBase
import VeloJSON
import VeloTopics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One output row on its way to a sink. `star` is the whole input record for `SELECT *, …`; `raw` is
/// the input line itself when the query is a plain `SELECT *` (written through unchanged).
package struct OutputRecord {
    package var values: ContiguousArray<SQLValue>
    package var star: JSONObject?
    package var raw: UnsafeBufferPointer<UInt8>?
    /// Event time of the row (topic message timestamp).
    package var timestamp: Int64?
    /// The message headers a topic sink writes (queries that call the header functions); nil: none.
    package var headers: [TopicHeader]? = nil
}

/// Writes output rows as JSON objects with pre-encoded keys (no JSONValue per row).
package struct ObjectEncoder {
    package let names: [String]
    /// `"name":` per column, escaped once, one after another: column i is `keys[keyStarts[i]..<keyStarts[i + 1]]`.
    package let keys: [UInt8]
    package let keyStarts: [Int]
    package let primaryKey: [Int]

    package init(names: [String], primaryKey: [String] = []) {
        self.names = names
        var w = JSONWriter()
        var starts = [0]
        for name in names {
            w.writeString(name)
            w.writeByte(UInt8(ascii: ":"))
            starts.append(w.buffer.count)
        }
        keys = w.buffer
        keyStarts = starts
        self.primaryKey = primaryKey.compactMap { names.firstIndex(of: $0) }
    }

    package func write(_ record: OutputRecord, to w: inout JSONWriter) {
        if let raw = record.raw, record.values.isEmpty {
            w.writeRaw(bytes: raw)
            return
        }
        w.writeByte(UInt8(ascii: "{"))
        var first = true
        if let star = record.star {
            for (k, v) in star {
                if !first { w.writeByte(UInt8(ascii: ",")) }
                first = false
                w.writeString(k)
                w.writeByte(UInt8(ascii: ":"))
                w.write(v)
            }
        }
        keys.withUnsafeBufferPointer { keys in
            keyStarts.withUnsafeBufferPointer { starts in
                record.values.withUnsafeBufferPointer { values in
                    for i in 0..<names.count {
                        if !first { w.writeByte(UInt8(ascii: ",")) }
                        first = false
                        w.writeRaw(bytes: UnsafeBufferPointer(rebasing: keys[starts[i]..<starts[i + 1]]))
                        values[i].write(to: &w)
                    }
                }
            }
        }
        w.writeByte(UInt8(ascii: "}"))
    }

    /// The message key for a topic: the PRIMARY KEY columns' text (joined with '|' when several).
    package func key(_ record: OutputRecord) -> [UInt8]? {
        guard !primaryKey.isEmpty else { return nil }
        return Array(primaryKey.map { record.values[$0].description }.joined(separator: "|").utf8)
    }
}

/// Where output rows go.
package protocol RecordSink: AnyObject {
    var name: String { get }
    /// `stdout`, `file`, `topic`.
    var kind: String { get }
    var records: Int64 { get }
    func write(_ record: OutputRecord) throws
    /// Flushes; files are renamed into place here (atomic: readers never see half a file).
    func finish() throws
    /// Drops a half-written file.
    func abort()
    /// Writes out what it was given so far where a crash cannot lose it (stdout: into the pipe; a Kafka topic:
    /// delivered), for a consumer group's commit; false when it cannot before `finish` (a file is renamed into
    /// place at the end). False by default.
    func checkpoint() throws -> Bool
}

extension RecordSink {
    package func checkpoint() throws -> Bool { false }
}

/// A file sink's output, its parent folder made first (as Velostream's file sink does).
/// `append`: a later writer of the same stream in one run (INSERT INTO after CREATE STREAM) adds to the file.
private func openSinkFile(_ path: String, append: Bool) throws -> AtomicOutputFile {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw VeloError("cannot make the folder '\(folder)' for '\(path)'", hint: "check the path's permissions", exit: .failed)
        }
    }
    return try AtomicOutputFile(path: path, keepingExisting: append)
}

/// NDJSON to stdout or a file (written to a temporary name, renamed by `finish`).
package final class NDJSONSink: RecordSink {
    package let name: String
    package let kind: String
    package private(set) var records: Int64 = 0
    private var writer: JSONWriter
    private let encoder: ObjectEncoder
    private let file: AtomicOutputFile?

    package init(name: String, encoder: ObjectEncoder, path: String?, append: Bool = false) throws {
        self.name = name
        self.encoder = encoder
        if let path {
            kind = "file"
            let file = try openSinkFile(path, append: append)
            self.file = file
            writer = JSONWriter(fd: file.fd, capacity: 1 << 18)
        } else {
            kind = "stdout"
            file = nil
            writer = JSONWriter(fd: 1, capacity: 1 << 16)
        }
    }

    package func write(_ record: OutputRecord) throws {
        encoder.write(record, to: &writer)
        writer.writeByte(0x0A)
        records += 1
        try writer.flushIfNeeded()
    }

    package func finish() throws {
        try writer.flush()
        try file?.commit()
    }

    package func checkpoint() throws -> Bool {
        guard file == nil else { return false }
        try writer.flush()
        return true
    }

    package func abort() {
        file?.discard()
    }
}

/// CSV with a header line, to a file (atomic) or stdout.
package final class CSVSink: RecordSink {
    package let name: String
    package let kind: String
    package private(set) var records: Int64 = 0
    private var writer: JSONWriter
    private let names: [String]
    private let delimiter: UInt8
    private let file: AtomicOutputFile?
    private var wroteHeader = false

    package init(name: String, names: [String], path: String?, delimiter: UInt8, append: Bool = false) throws {
        self.name = name
        self.names = names
        self.delimiter = delimiter
        if let path {
            kind = "file"
            let file = try openSinkFile(path, append: append)
            self.file = file
            wroteHeader = file.startedNonEmpty
            writer = JSONWriter(fd: file.fd, capacity: 1 << 18)
        } else {
            kind = "stdout"
            file = nil
            writer = JSONWriter(fd: 1)
        }
    }

    private func line(_ fields: [String]) {
        var text = fields.joined(separator: String(UnicodeScalar(delimiter)))
        text += "\n"
        text.withUTF8 { writer.writeRaw(bytes: $0) }
    }

    package func write(_ record: OutputRecord) throws {
        let starKeys = record.star?.keys ?? []
        if !wroteHeader {
            line((starKeys + names).map { CSV.field(.string($0), delimiter: delimiter) })
            wroteHeader = true
        }
        var fields: [String] = []
        if let star = record.star { for v in star.values { fields.append(CSV.field(SQLValue(v), delimiter: delimiter)) } }
        for v in record.values { fields.append(CSV.field(v, delimiter: delimiter)) }
        line(fields)
        records += 1
        try writer.flushIfNeeded()
    }

    package func finish() throws {
        if !wroteHeader { line(names) }
        try writer.flush()
        try file?.commit()
    }

    package func abort() {
        file?.discard()
    }
}

/// A topic (Kafka or the local store): one message per row, keyed by the PRIMARY KEY columns.
package final class TopicSink: RecordSink {
    package let name: String
    package let kind = "topic"
    package private(set) var records: Int64 = 0
    private let producer: any TopicProducer
    private let encoder: ObjectEncoder
    private var scratch = JSONWriter()
    package private(set) var report: DeliveryReport?

    package init(name: String, topic: String, backend: any TopicBackend, encoder: ObjectEncoder) throws {
        self.name = name
        self.encoder = encoder
        producer = try backend.producer(topic: topic, partitions: nil)
    }

    package func write(_ record: OutputRecord) throws {
        scratch = JSONWriter()
        encoder.write(record, to: &scratch)
        if let headers = record.headers {
            try producer.send(key: encoder.key(record), value: scratch.buffer, timestamp: record.timestamp, headers: headers)
        } else {
            try producer.send(key: encoder.key(record), value: scratch.buffer, timestamp: record.timestamp)
        }
        records += 1
    }

    package func finish() throws {
        let report = try producer.finish()
        self.report = report
        if report.failed > 0 {
            throw VeloError(
                "\(report.failed) of \(records) records were not written to topic '\(name)' (\(report.summary))",
                hint: "check the cluster (velo.connect.timeout.ms, message.timeout.ms) and run again", exit: .partial)
        }
    }

    package func abort() { _ = try? producer.finish() }

    package func checkpoint() throws -> Bool {
        guard let report = try producer.waitForDeliveries() else { return false }
        return report.failed == 0
    }
}

/// `--events`: every line on stdout is a typed JSON object; output rows are `{"type":"record","record":{…}}`.
package final class EventStream {
    private var writer = JSONWriter(fd: 1)
    package init() {}
    /// The job the events belong to, in a run of several jobs (each event then carries `"job"`).
    package var job: String?

    package func record(_ record: OutputRecord, encoder: ObjectEncoder) throws {
        writer.writeRaw("{\"type\":\"record\",")
        writeJob()
        writer.writeRaw("\"record\":")
        encoder.write(record, to: &writer)
        writer.writeRaw("}\n")
        try writer.flushIfNeeded()
    }

    /// `{"type": type, key: payload}` with the payload already JSON text (e.g. RunMetrics' encoding).
    package func event(_ type: String, _ fields: [(String, JSONValue)]) throws {
        var o = JSONObject()
        o.append("type", .string(type))
        if let job { o.append("job", .string(job)) }
        for (k, v) in fields { o.append(k, v) }
        try writer.writeLine(.object(o))
        try writer.flush()
    }

    package func eventRaw(_ type: String, key: String, json: String) throws {
        var head = "{\"type\":\"\(type)\","
        head.withUTF8 { writer.writeRaw(bytes: $0) }
        writeJob()
        var text = "\"\(key)\":" + json + "}\n"
        text.withUTF8 { writer.writeRaw(bytes: $0) }
        try writer.flush()
    }

    private func writeJob() {
        guard let job else { return }
        writer.writeRaw("\"job\":")
        writer.writeString(job)
        writer.writeByte(UInt8(ascii: ","))
    }

    package func flush() throws { try writer.flush() }
}

/// Output rows as record events.
package final class EventSink: RecordSink {
    package let name = "stdout"
    package let kind = "stdout"
    package private(set) var records: Int64 = 0
    package let events: EventStream
    package let encoder: ObjectEncoder
    package init(events: EventStream, encoder: ObjectEncoder) { self.events = events; self.encoder = encoder }
    package func write(_ record: OutputRecord) throws {
        try events.record(record, encoder: encoder)
        records += 1
    }
    package func finish() throws { try events.flush() }
    package func abort() {}
    package func checkpoint() throws -> Bool { try events.flush(); return true }
}
