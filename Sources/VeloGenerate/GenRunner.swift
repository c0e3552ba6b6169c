import VeloBase
import VeloJSON
import VeloTopics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one output of a run produced; printed as a JSON line on stdout when records went to a topic or file.
public struct GenSummary: Sendable, Equatable {
    public var schema: String
    public var topic: String?
    public var file: String?
    public var records: Int
    public var bytes: Int
    public var seconds: Double
    public var delivered: Int?
    public var failed: Int?
    public var seed: UInt64

    public var rate: Double { seconds > 0 ? Double(records) / seconds : 0 }

    /// `{"version":1,"schema":…,"topic"|"file":…,"records":…,"bytes":…,"seconds":…,"rate":…,…,"seed":…}`
    public var json: JSONValue {
        var o = JSONObject()
        o.append("version", .int(1))
        o.append("schema", .string(schema))
        if let topic { o.append("topic", .string(topic)) }
        if let file { o.append("file", .string(file)) }
        o.append("records", .int(Int64(records)))
        o.append("bytes", .int(Int64(bytes)))
        o.append("seconds", .double((seconds * 1000).rounded() / 1000))
        o.append("rate", .int(Int64(rate.rounded())))
        if let delivered { o.append("delivered", .int(Int64(delivered))) }
        if let failed { o.append("failed", .int(Int64(failed))) }
        o.append("seed", .int(Int64(bitPattern: seed)))
        return .object(o)
    }
}

/// Runs planned jobs in order: referenced schemas first (their values fill the pools), each to its place.
public final class GenRunner {
    public let request: GenRequest
    /// Opens the topic store (the local store unless a Kafka backend is passed in).
    package let backend: () throws -> any TopicBackend
    package let progress: Bool?
    public private(set) var interrupted = false

    public init(
        request: GenRequest, progress: Bool? = nil,
        backend: @escaping () throws -> any TopicBackend = { LocalTopicStore() }
    ) {
        self.request = request
        self.progress = progress
        self.backend = backend
    }

    /// Runs every job; returns the summaries of topic and file outputs.
    public func run(_ jobs: [GenJob]) throws -> [GenSummary] {
        if case .directory(let dir) = request.destination { try GenRunner.makeDirectory(dir) }
        var summaries: [GenSummary] = []
        var store: (any TopicBackend)?
        for job in jobs {
            if interrupted { break }
            if !job.isOutput {
                try generate(job) { _, _ in }
                continue
            }
            if let topic = job.topic {
                if store == nil { store = try backend() }
                summaries.append(try publish(job, topic: topic, store: store!))
            } else if let file = job.file {
                summaries.append(try writeFile(job, path: file))
            } else {
                try writeStdout(job)
            }
        }
        return summaries
    }

    /// `mkdir -p`.
    package static func makeDirectory(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw VeloError("cannot create folder '\(prefix)': \(String(cString: strerror(errno)))", exit: .failed)
            }
        }
    }

    /// The generation loop: stops at the count, at the end of event time (with `--rate` and `--end`), or
    /// on Ctrl+C; paces itself with `--wall-rate`.
    private func generate(
        _ job: GenJob, label: String? = nil, pause: () throws -> Void = {},
        _ emit: (borrowing GenRecord, GenSchemaGenerator) throws -> Void
    ) throws {
        let generator = job.generator
        let endMs = request.settings.time.rate != nil ? generator.clock.endMs : nil
        let bar = label.map { ProgressBar(label: $0, total: job.count, enabled: progress) }
        let started = MonotonicClock.seconds()
        var done = 0
        var record = generator.makeRecord()
        while done < job.count {
            if let endMs, generator.clock.nextSlotStartMs >= endMs { break }
            generator.next(into: &record)
            try emit(record, generator)
            done += 1
            if done & 0xFF == 0 {
                if GenInterrupt.requested { interrupted = true; break }
                bar?.update(done)
            }
            if job.isOutput, let wallRate = request.wallRate, wallRate > 0 {
                let due = started + Double(done) / wallRate
                let now = MonotonicClock.seconds()
                if due > now {
                    try pause()
                    bar?.update(done)
                    if GenInterrupt.requested { interrupted = true; break }
                    usleep(UInt32(min(1, due - now) * 1_000_000))
                }
            }
        }
        bar?.finish()
    }

    private func recordWriter(_ job: GenJob) -> GenRecordWriter {
        GenRecordWriter(
            format: request.format, fieldNames: job.generator.schema.fields.map(\.name),
            places: job.generator.places)
    }

    private func writeStdout(_ job: GenJob) throws {
        var writer = JSONWriter(fd: 1, capacity: 1 << 16)
        var records = recordWriter(job)
        do {
            records.begin(&writer)
            try generate(job, pause: { try writer.flush() }) { record, _ in
                records.write(record, to: &writer)
                try writer.flushIfNeeded()
            }
            records.end(&writer)
            try writer.flush()
        } catch is JSONWriter.Closed {
            // The reader went away (`| head`): that is a normal end.
        }
    }

    /// Writes a file atomically: a temporary file beside it, renamed over it when complete.
    private func writeFile(_ job: GenJob, path: String) throws -> GenSummary {
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw VeloError(
                "cannot write '\(path)': \(String(cString: strerror(errno)))",
                hint: "check that the folder exists and is writable", exit: .failed)
        }
        let started = MonotonicClock.seconds()
        var records = recordWriter(job)
        var count = 0
        do {
            var writer = JSONWriter(fd: fd, capacity: 1 << 16)
            records.begin(&writer)
            try generate(job, label: path, pause: { try writer.flush() }) { record, _ in
                records.write(record, to: &writer)
                count += 1
                try writer.flushIfNeeded()
            }
            records.end(&writer)
            try writer.flush()
            guard fsync(fd) == 0 || errno == EINVAL else {
                throw VeloError("cannot write '\(path)': \(String(cString: strerror(errno)))", exit: .failed)
            }
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        let bytes = Int(lseek(fd, 0, SEEK_END))
        close(fd)
        guard rename(temp, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temp)
            throw VeloError("cannot write '\(path)': \(message)", exit: .failed)
        }
        return GenSummary(
            schema: job.generator.schema.name, file: path, records: count, bytes: bytes,
            seconds: MonotonicClock.seconds() - started, seed: request.settings.seed)
    }

    /// Publishes to a topic: key = `key_field`'s value, timestamp = event time, value = the JSON record.
    private func publish(_ job: GenJob, topic: String, store: any TopicBackend) throws -> GenSummary {
        let producer = try store.producer(topic: topic, partitions: request.partitions)
        let started = MonotonicClock.seconds()
        let records = recordWriter(job)
        var count = 0
        var key: [UInt8] = []
        let keyField = job.generator.keyField
        var writer = JSONWriter(capacity: 512) // reused: a new one per record cost an allocation and its key cache
        try generate(job, label: topic) { record, generator in
            writer.clear()
            records.writeObject(record, to: &writer)
            var messageKey: [UInt8]?
            if let k = keyField, record.slots[k].kind != .null {
                key.removeAll(keepingCapacity: true)
                records.appendText(record, k, to: &key)
                messageKey = key
            }
            try producer.send(key: messageKey, value: writer.buffer, timestamp: generator.eventMs)
            count += 1
        }
        let report = try producer.finish()
        return GenSummary(
            schema: job.generator.schema.name, topic: topic, records: count, bytes: report.bytes,
            seconds: MonotonicClock.seconds() - started, delivered: report.delivered,
            failed: report.failed, seed: request.settings.seed)
    }
}
