import Foundation
import VeloBase
import VeloSQL
import VeloSchema
import VeloTopics
import Yams

/// Binds a job's source and sink to real places (docs/sql-reference.md, "Sources, sinks, event time, failures"): flags first (`--input name=path`,
/// `--topic T`), then the statement's WITH properties (`'<name>.type'`, `'.topic.name'`, `'.path'`,
/// `'.format'`, `'.delimiter'`, `'.config_file'`), else stdin and stdout.
package enum ExecBinding {
    /// Everything known about one endpoint from WITH and its config file.
    package struct Endpoint {
        package var type: String?
        package var topic: String?
        package var path: String?
        package var format: String?
        package var delimiter: String?
        /// The config file, when this endpoint is a topic (its bootstrap servers and client properties count).
        package var kafkaConfigFile: String?
        /// `'<name>.bootstrap.servers'`, `'<name>.sasl.…'`… as `key=value`, in WITH order.
        package var clientProperties: [String] = []

        package init(name: String, statement: SQLStatement, sqlDirectory: String?) throws {
            func property(_ key: String) -> String? { statement.property("\(name).\(key)")?.value }
            var configPath: String?
            if let config = property("config_file") {
                configPath = try read(config: config, sqlDirectory: sqlDirectory, span: statement.property("\(name).config_file")!.valueSpan)
            }
            type = property("type") ?? type
            topic = property("topic.name") ?? property("topic") ?? topic
            path = property("path") ?? property("file.path") ?? path
            format = property("format") ?? format
            delimiter = property("delimiter") ?? delimiter
            if isTopic { kafkaConfigFile = configPath }
            let prefix = name + "."
            for entry in statement.properties where entry.key.hasPrefix(prefix) {
                let key = String(entry.key.dropFirst(prefix.count))
                guard ExecBinding.isClientKey(key) else { continue }
                clientProperties.append("\(key == "brokers" ? "bootstrap.servers" : key)=\(entry.value)")
            }
        }

        /// A file when its type says so or it has a path (and is not Kafka); a topic when Kafka or a topic is named.
        package var isFile: Bool {
            let type = type?.lowercased() ?? ""
            return type.hasPrefix("file") || (path != nil && !type.hasPrefix("kafka"))
        }
        package var isTopic: Bool { !isFile && ((type?.lowercased() ?? "").hasPrefix("kafka") || topic != nil) }

        /// A source/sink YAML in Velostream's layout (docs/kafka.md): `topic: {name}`, `datasource`/`datasink`/`data_source` with
        /// `type`, `path`, `format`, and top-level `path`/`format`.
        package mutating func read(config: String, sqlDirectory: String?, span: SQLSpan) throws -> String {
            let configPath = ExecBinding.resolve(config, sqlDirectory: sqlDirectory)
            guard let text = try? String(contentsOfFile: configPath, encoding: .utf8) else {
                throw SQLIssue.error("cannot read config file '\(config)'", at: span, hint: "paths are relative to the SQL file")
            }
            // Checked for alias bombs before Yams builds the values (which expands every alias).
            if (try? YAMLCompose.compose(text)) == nil, (try? Yams.compose(yaml: text)) != nil {
                throw SQLIssue.error("config file '\(config)': " + YAMLExpansion.message, at: span, hint: YAMLExpansion.hint)
            }
            guard let root = (try? Yams.load(yaml: text)) as? [String: Any] else {
                throw SQLIssue.error("config file '\(config)' is not a YAML mapping", at: span)
            }
            func string(_ any: Any?) -> String? {
                if let s = any as? String { return s }
                if let n = any as? Int { return String(n) }
                return nil
            }
            if let t = root["topic"] as? [String: Any] { topic = string(t["name"]) } else { topic = string(root["topic"]) ?? topic }
            for key in ["datasource", "datasink", "data_source", "data_sink"] {
                guard let section = root[key] as? [String: Any] else { continue }
                type = string(section["type"]).map { t in t == "kafka" ? (key.contains("sink") ? "kafka_sink" : "kafka_source") : t } ?? type
                self.path = string(section["path"]) ?? self.path
                format = string(section["format"]) ?? format
            }
            // Velostream's order: `path`, then `file.path`, `data_source.path`, `source.path`.
            let nested = ["file", "data_source", "source"].lazy.compactMap { string((root[$0] as? [String: Any])?["path"]) }.first
            self.path = string(root["path"]) ?? nested ?? self.path
            format = string(root["format"]) ?? format
            if let p = self.path {
                // Relative to the working directory (Velostream), else the config file's folder, else the SQL's.
                let configDirectory = (configPath as NSString).deletingLastPathComponent
                let inConfigFolder = ExecBinding.resolve(p, sqlDirectory: configDirectory)
                self.path =
                    inConfigFolder != p || FileManager.default.fileExists(atPath: p)
                    ? inConfigFolder : ExecBinding.resolve(p, sqlDirectory: sqlDirectory)
            }
            return configPath
        }
    }

    /// A file sink's path: a relative one is relative to the SQL file's folder, like the sources and config
    /// files it names, so a project writes to the same place from any working directory.
    package static func outputPath(_ path: String, sqlDirectory: String?) -> String {
        guard !path.hasPrefix("/"), let dir = sqlDirectory else { return path }
        return (dir as NSString).appendingPathComponent(path)
    }

    package static func resolve(_ path: String, sqlDirectory: String?) -> String {
        if path.hasPrefix("/") || FileManager.default.fileExists(atPath: path) { return path }
        if let dir = sqlDirectory {
            let candidate = (dir as NSString).appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return path
    }

    /// `--input name=path` flags by source name; a bare path belongs to `main` (the FROM source).
    package static func inputPaths(_ options: ExecOptions, main: String?) -> [String: String] {
        var inputs: [String: String] = [:]
        for input in options.inputs {
            if let eq = input.firstIndex(of: "="), !input.hasPrefix("/") {
                inputs[String(input[..<eq])] = String(input[input.index(after: eq)...])
            } else if let main {
                inputs[main] = input
            }
        }
        return inputs
    }

    /// The job's FROM stream. `known` are every source name the job reads (joins and subqueries included),
    /// so `--input` can name any of them.
    package static func source(
        for plan: ExecPlan, statement: SQLStatement, options: ExecOptions,
        topics: any TopicResolver, sqlDirectory: String?, known: [String] = []
    ) throws -> (any RecordSource)? {
        guard let name = plan.sourceName else { return nil }
        let inputs = inputPaths(options, main: name)
        let names = Set([name] + known)
        if let other = inputs.keys.sorted().first(where: { !names.contains($0) }) {
            throw VeloError(
                "--input names '\(other)', but the job reads " + names.sorted().map { "'\($0)'" }.joined(separator: ", "),
                hint: "write --input \(name)=PATH", exit: .usage)
        }
        return try source(named: name, main: true, statement: statement, options: options, topics: topics, sqlDirectory: sqlDirectory)
    }

    /// Binds one named source: `--input name=path`, then (for the FROM stream only) `--topic`, then WITH, then
    /// (FROM stream only) stdin. A joined table or a subquery's table must be bound by `--input` or WITH.
    package static func source(
        named name: String, main: Bool, statement: SQLStatement, options: ExecOptions,
        topics: any TopicResolver, sqlDirectory: String?
    ) throws -> any RecordSource {
        let inputs = inputPaths(options, main: main ? name : nil)
        let endpoint = try Endpoint(name: name, statement: statement, sqlDirectory: sqlDirectory)
        let format = try RecordFormat(property: endpoint.format, path: inputs[name] ?? endpoint.path, delimiter: endpoint.delimiter)
        if let path = inputs[name] {
            if main { try noGroup(options, source: "--input") }
            return try LineSource(name: name, path: path, format: format)
        }
        if main, let topic = options.topic {
            return try topicSource(
                name: name, topic: topic, backend: topics.backend(for: endpoint, role: .consumer),
                options: options, format: format)
        }
        if endpoint.isFile {
            if main { try noGroup(options, source: "a file source") }
            guard let path = endpoint.path else {
                throw VeloError(
                    "source '\(name)' is a file but has no path", hint: "add '\(name).path' = 'data.jsonl' to WITH, or pass --input \(name)=PATH",
                    exit: .invalidInput)
            }
            return try LineSource(name: name, path: resolve(path, sqlDirectory: sqlDirectory), format: format)
        }
        if endpoint.isTopic {
            var topicOptions = options
            if !main { topicOptions.follow = false; topicOptions.group = nil }
            return try topicSource(
                name: name, topic: endpoint.topic ?? name, backend: topics.backend(for: endpoint, role: .consumer),
                options: topicOptions, format: format)
        }
        guard main else {
            throw VeloError(
                "no input for source '\(name)'",
                hint: "bind it in WITH ('\(name).type' = 'file_source', '\(name).path' = 'data.csv') or pass --input \(name)=FILE",
                exit: .usage)
        }
        try noGroup(options, source: "stdin")
        if options.file == "-" {
            // The SQL was read from stdin to its end: nothing is left there for the records.
            throw VeloError(
                "stdin cannot hold both the SQL and the records",
                hint: "give the SQL as a file, or the records with --input \(name)=FILE or --topic TOPIC", exit: .usage)
        }
        if Terminal.isTTY(0) {
            throw VeloError(
                "no input for source '\(name)'",
                hint: "pipe records in (velo-gen … | velo-run app.sql), or pass --input \(name)=FILE or --topic TOPIC", exit: .usage)
        }
        return try LineSource(name: name, path: "-", format: format)
    }

    /// `--group` only means something for a topic source.
    package static func noGroup(_ options: ExecOptions, source: String) throws {
        guard let group = options.group else { return }
        throw VeloError(
            "--group \(group) joins a Kafka consumer group, but the job reads \(source)",
            hint: "read a topic: --topic T --kafka HOST:PORT --group \(group)", exit: .usage)
    }

    package static func topicSource(
        name: String, topic: String, backend: any TopicBackend, options: ExecOptions,
        format: RecordFormat
    ) throws -> any RecordSource {
        do {
            return try TopicSource(name: name, topic: topic, backend: backend, follow: options.follow, group: options.group, format: format)
        } catch let error as VeloReportable {
            throw error
        } catch {
            throw VeloError(
                "cannot read topic '\(topic)': \(error)", hint: "list topics with velo-gen/velo-infer, or publish with velo-gen --topic \(topic)",
                exit: .invalidInput)
        }
    }

    package static func sink(
        for plan: ExecPlan, statement: SQLStatement, events: EventStream?, topics: any TopicResolver,
        sqlDirectory: String?, append: Bool = false
    ) throws -> any RecordSink {
        let encoder = ObjectEncoder(names: plan.outputNames, primaryKey: plan.primaryKey)
        if let target = statement.target?.value {
            let endpoint = try Endpoint(name: target, statement: statement, sqlDirectory: sqlDirectory)
            if endpoint.isFile {
                guard let written = endpoint.path else {
                    throw VeloError(
                        "sink '\(target)' is a file but has no path", hint: "add '\(target).path' = 'out.jsonl' to WITH", exit: .invalidInput)
                }
                let path = outputPath(written, sqlDirectory: sqlDirectory)
                let format = try RecordFormat(property: endpoint.format, path: path, delimiter: endpoint.delimiter)
                if case .csv(let delimiter, _) = format {
                    return try CSVSink(name: target, names: plan.outputNames, path: path, delimiter: delimiter, append: append)
                }
                return try NDJSONSink(name: target, encoder: encoder, path: path, append: append)
            }
            if endpoint.isTopic {
                return try TopicSink(
                    name: endpoint.topic ?? target, topic: endpoint.topic ?? target,
                    backend: topics.backend(for: endpoint, role: .producer), encoder: encoder)
            }
        }
        if let events { return EventSink(events: events, encoder: encoder) }
        return try NDJSONSink(name: "stdout", encoder: encoder, path: nil)
    }
}
