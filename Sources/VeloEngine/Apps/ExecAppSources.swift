import Foundation
import VeloBase
import VeloSQL
import VeloTopics

/// Where the outputs of a file's jobs can be read by the other jobs, and how to open them. A job whose
/// FROM or JOIN names another job's output reads it from here (unless `--input name=path` binds that name).
///
/// - `store`: a job whose output has no sink in WITH keeps it in the local store, in a topic named after
///   its CREATE STREAM/TABLE name (the topic holds the last bounded run's output).
/// - `file`: a WITH file sink; the later job reads the file once the writing job has finished.
/// - `topic`: a WITH topic sink (Kafka or the store); within one run a later job reads only the messages
///   written in this run (`last`), so a re-run over an append-only topic does not count records twice.
/// - `memory`: records held by the caller (test specs).
package final class ExecUpstream {
    package enum Place {
        case store(topic: String)
        case file(path: String, format: RecordFormat)
        case topic(topic: String, endpoint: ExecBinding.Endpoint, last: Int64?)
        case memory([String])
    }

    package let graph: ExecAppGraph
    package let storeDirectory: String?
    package let topics: any TopicResolver
    package let follow: Bool
    /// Output name (lowercased) → where it is.
    package var places: [String: Place] = [:]
    /// `--job` runs: say so when an upstream topic exists but is empty.
    package var console: Console?
    /// The SQL file as the user named it, for hints.
    package var fileLabel = "app.sql"

    package init(graph: ExecAppGraph, storeDirectory: String?, topics: any TopicResolver, follow: Bool) {
        self.graph = graph
        self.storeDirectory = storeDirectory
        self.topics = topics
        self.follow = follow
    }

    package var store: LocalTopicStore { LocalTopicStore(directory: storeDirectory) }

    /// Where `statement` (the job's CREATE) writes: its WITH sink, else the local store.
    package static func place(of statement: SQLStatement, sqlDirectory: String?) throws -> Place? {
        guard let target = statement.target?.value else { return nil }
        let endpoint = try ExecBinding.Endpoint(name: target, statement: statement, sqlDirectory: sqlDirectory)
        if endpoint.isFile, let written = endpoint.path {
            let path = ExecBinding.outputPath(written, sqlDirectory: sqlDirectory)
            return .file(path: path, format: try RecordFormat(property: endpoint.format, path: path, delimiter: endpoint.delimiter))
        }
        if endpoint.isTopic { return .topic(topic: endpoint.topic ?? target, endpoint: endpoint, last: nil) }
        return .store(topic: target)
    }

    /// The output of another job named `name`, or nil when no job of the file makes it (or it is not
    /// available to this run). `main` is the reading job's FROM stream (it follows a topic with `--follow`).
    package func open(_ name: String, main: Bool) throws -> (any RecordSource)? {
        guard let producer = graph.producer(of: name), let place = places[name.lowercased()] else { return nil }
        let follow = main && self.follow
        let remedy =
            "run the whole file first (velo-run \(fileLabel) keeps every job's output), or that job (velo-run \(fileLabel) --job \(producer.name)), or pass --input \(name)=PATH"
        switch place {
        case .store(let topic):
            let store = self.store
            // A following reader may start before its upstream process: make the topic and wait on it.
            if follow { try store.createTopic(topic) }
            guard let partitions = try store.partitions(of: topic), partitions > 0 else {
                throw VeloError(
                    "'\(name)' is the output of job '\(producer.name)', but topic '\(topic)' is not in the local store (\(store.root))",
                    hint: remedy, exit: .usage)
            }
            if let console, !follow, (try? store.partitionCounts(topic).reduce(0, +)) == 0 {
                console.warning(
                    "topic '\(topic)' (the output of job '\(producer.name)') is empty in the local store (\(store.root))",
                    hint: "its last run wrote no records; \(remedy)")
            }
            return try TopicSource(name: name, topic: topic, backend: store, follow: follow, group: nil, format: .ndjson)
        case .file(let path, let format):
            guard FileManager.default.fileExists(atPath: path) else {
                throw VeloError(
                    "'\(name)' is the output of job '\(producer.name)', written to '\(path)', which does not exist",
                    hint: remedy, exit: .usage)
            }
            return try LineSource(name: name, path: path, format: format)
        case .topic(let topic, let endpoint, let last):
            let start: ReadStart = last.map { .lastN(Int($0)) } ?? .earliest
            return try TopicSource(
                name: name, topic: topic, backend: topics.backend(for: endpoint, role: .consumer),
                follow: follow, group: nil, format: .ndjson, start: start)
        case .memory(let lines):
            return MemorySource(name: name, lines: lines)
        }
    }
}

/// A job's output kept in the local store under its name. A bounded run writes a hidden topic and swaps it
/// in when the job ends, so the topic holds exactly the last run's output and a failed run leaves the
/// previous one; a `--follow` run appends to the topic itself, so a later job can follow it.
package final class StoreTopicSink: RecordSink {
    package let name: String
    package let kind = "topic"
    package var records: Int64 { inner.records }
    package let topic: String
    package let store: LocalTopicStore
    private let inner: TopicSink
    private let staging: String?

    package init(topic: String, store: LocalTopicStore, encoder: ObjectEncoder, replace: Bool) throws {
        self.name = topic
        self.topic = topic
        self.store = store
        let staging = replace ? ".\(topic).run-\(getpid())" : nil
        if let staging { try? FileManager.default.removeItem(atPath: store.topicDirectory(staging)) }
        self.staging = staging
        inner = try TopicSink(name: topic, topic: staging ?? topic, backend: store, encoder: encoder)
    }

    package func write(_ record: OutputRecord) throws { try inner.write(record) }

    package func finish() throws {
        try inner.finish()
        guard let staging else { return }
        let fm = FileManager.default
        let target = store.topicDirectory(topic)
        let old = store.topicDirectory(".\(topic).old-\(getpid())")
        try? fm.removeItem(atPath: old)
        if fm.fileExists(atPath: target) { try fm.moveItem(atPath: target, toPath: old) }
        try fm.moveItem(atPath: store.topicDirectory(staging), toPath: target)
        try? fm.removeItem(atPath: old)
    }

    package func abort() {
        inner.abort()
        if let staging { try? FileManager.default.removeItem(atPath: store.topicDirectory(staging)) }
    }
}

/// Writes every row to two sinks (a job's store topic and stdout); counts as the first.
package final class TeeSink: RecordSink {
    package let first: any RecordSink
    package let second: any RecordSink
    package var name: String { first.name }
    package var kind: String { first.kind }
    package var records: Int64 { first.records }

    package init(_ first: any RecordSink, _ second: any RecordSink) {
        self.first = first
        self.second = second
    }

    package func write(_ record: OutputRecord) throws {
        try first.write(record)
        try second.write(record)
    }

    package func finish() throws {
        try first.finish()
        try second.finish()
    }

    package func abort() {
        first.abort()
        second.abort()
    }

    /// Each sink as the metrics list them.
    package var endpoints: [RunMetrics.Endpoint] {
        [first, second].flatMap { sink -> [RunMetrics.Endpoint] in
            if let tee = sink as? TeeSink { return tee.endpoints }
            return [RunMetrics.Endpoint(name: sink.name, kind: sink.kind, records: sink.records)]
        }
    }
}
