import Foundation
import VeloBase
import VeloTopics
import Yams

/// A Kafka source or sink config in Velostream's layout (docs/kafka.md), reduced to what a client needs:
/// the bootstrap servers, the topic, the group and librdkafka properties, each with its file:line:column.
///
///     extends: common_kafka_source.yaml
///     topic: {name: orders}
///     consumer.group: analytics
///     performance_profile: high_throughput
///     datasource:
///       consumer_config: {bootstrap.servers: "${KAFKA_BROKERS:localhost:9092}", auto.offset.reset: earliest}
///     performance_profiles: {high_throughput: {fetch.min.bytes: 50000}}
///
/// `${VAR:default}` is substituted in every value, after parsing (so a secret may hold any character).
public struct KafkaConfigFile: Sendable {
    public typealias Role = TopicRole

    public var path: String
    public var topic: String?
    public var group: String?
    /// Client properties in file order (an `extends` base first); `bootstrap.servers` among them when set.
    public var properties: [KafkaConfig.Property] = []
    /// Keys that look like settings but are not passed to the client (schema, Velostream-only options).
    public var warnings: [Diagnostic] = []

    /// Where client properties live, per role (the same keys Velostream reads).
    package static func clientPrefixes(_ role: Role) -> [String] {
        switch role {
        case .consumer: ["datasource.consumer_config.", "consumer_config.", "datasource.config."]
        case .producer: ["datasink.producer_config.", "producer_config.", "datasink.config."]
        }
    }
    package static let bootstrapKeys = [
        "bootstrap.servers", "brokers", "datasource.consumer_config.bootstrap.servers",
        "datasource.config.bootstrap.servers", "consumer_config.bootstrap.servers",
        "datasink.producer_config.bootstrap.servers", "producer_config.bootstrap.servers"
    ]

    /// Loads `path` (and the files it extends) for a consumer or a producer.
    public static func load(
        path: String, role: Role,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(KafkaError) -> KafkaConfigFile {
        var visiting: [String] = []
        return try load(path: path, role: role, substitution: EnvSubstitution(environment: environment), visiting: &visiting)
    }

    private static func load(
        path: String, role: Role, substitution: EnvSubstitution,
        visiting: inout [String]
    ) throws(KafkaError) -> KafkaConfigFile {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard !visiting.contains(absolute) else {
            throw KafkaError(.invalidInput, "\(path): 'extends' loops back to itself (\(visiting.joined(separator: " → ")))")
        }
        visiting.append(absolute)
        defer { visiting.removeLast() }

        guard let data = FileManager.default.contents(atPath: path) else {
            throw KafkaError(
                .invalidInput, "cannot read Kafka config file '\(path)'", hint: "check the path (relative paths start at the working directory)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func location(_ mark: Mark?) -> SourceLocation {
            let line = mark?.line ?? 1
            let column = mark?.column ?? 1
            let source = line - 1 < lines.count ? String(lines[line - 1]) : nil
            return SourceLocation(file: path, line: line, column: column, sourceLine: source)
        }

        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw KafkaError(.invalidInput, "\(path): not valid YAML: \(error)")
        }
        let children: (Node) -> [Node] = { node in
            switch node {
            case .mapping(let m): return m.flatMap { [$0.key, $0.value] }
            case .sequence(let s): return Array(s)
            default: return []
            }
        }
        if let root, !YAMLExpansion.isWithin(root, limit: YAMLExpansion.limit(textBytes: text.utf8.count), children: children) {
            throw KafkaError(.invalidInput, "\(path): " + YAMLExpansion.message, hint: YAMLExpansion.hint)
        }
        guard let root else { return KafkaConfigFile(path: path) }
        guard case .mapping = root else {
            throw KafkaError(.invalidInput, "a Kafka config file is a mapping of keys", location: location(root.mark))
        }

        // Flatten to dotted keys; substitute ${VAR} in every scalar.
        var flat: [(key: String, value: String, location: SourceLocation)] = []
        func walk(_ node: Node, prefix: String) throws(KafkaError) {
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    let name = key.scalar?.string ?? ""
                    try walk(value, prefix: prefix.isEmpty ? name : "\(prefix).\(name)")
                }
            case .scalar(let scalar):
                do {
                    flat.append((prefix, try substitution.substitute(scalar.string), location(scalar.mark)))
                } catch {
                    var place = location(scalar.mark)
                    if let line = place.sourceLine, let at = line.firstRange(of: "${" + error.variable) {
                        place.column = line.utf8.distance(from: line.startIndex, to: at.lowerBound) + 1
                    }
                    throw KafkaError(
                        .invalidInput, error.message, location: place,
                        hint: error.variable.isEmpty ? nil : "export \(error.variable)=… or write ${\(error.variable):default}")
                }
            case .sequence, .alias:
                break // lists (headers, fields) are not client properties
            }
        }
        try walk(root, prefix: "")
        func value(_ key: String) -> (value: String, location: SourceLocation)? {
            flat.last { $0.key == key }.map { ($0.value, $0.location) }
        }

        // A base file first, resolved beside this one.
        var file = KafkaConfigFile(path: path)
        if let base = value("extends") {
            let basePath =
                base.value.hasPrefix("/")
                ? base.value
                : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(base.value).path
            file = try load(path: basePath, role: role, substitution: substitution, visiting: &visiting)
            file.path = path
        }
        if let topic = value("topic.name") ?? value("topic") { file.topic = topic.value }
        if let group = value("consumer.group") ?? value("group.id") ?? value("datasource.consumer_config.group.id") {
            file.group = group.value
        }

        // Profiles hold client properties too (the named one only).
        var prefixes = clientPrefixes(role)
        let profile = role == .consumer ? ("performance_profile", "performance_profiles") : ("delivery_profile", "delivery_profiles")
        if let name = value(profile.0) { prefixes.insert("\(profile.1).\(name.value).", at: 0) }

        if let bootstrap = bootstrapKeys.lazy.compactMap(value).first {
            file.properties.append(.init(key: "bootstrap.servers", value: bootstrap.value, origin: .file(bootstrap.location)))
        }
        for entry in flat {
            guard let prefix = prefixes.first(where: { entry.key.hasPrefix($0) }) else { continue }
            let key = String(entry.key.dropFirst(prefix.count))
            if key == "bootstrap.servers" || key == "group.id" { continue }
            if velostreamOnly.contains(key) {
                file.warnings.append(
                    Diagnostic(
                        .warning, "'\(key)' is a Velostream setting, not a Kafka client property: ignored",
                        location: entry.location))
                continue
            }
            file.properties.append(.init(key: key, value: entry.value, origin: .file(entry.location)))
        }
        return file
    }

    /// Keys Velostream's profiles carry that librdkafka does not know.
    package static let velostreamOnly: Set<String> = ["delivery_guarantee", "description", "batch_size", "buffer_size"]
}
