import Foundation
import VeloJSON
import Yams

/// Writes a `TestSpec` as test_spec.yaml text that Velostream's parser and `SpecLoader` read back to the
/// same model (velo-save derives specs from a query and its last run's metrics and writes them here).
/// Defaults are left out; keys come in Velostream's order.
public enum SpecWriter {
    public static func yaml(_ spec: TestSpec, header: [String] = []) -> String {
        var text = header.map { "# \($0)\n" }.joined()
        text += (try? Yams.serialize(node: node(json(spec), depth: 0), indent: 2, width: -1, allowUnicode: true)) ?? ""
        return text
    }

    /// The spec as JSON with the YAML's keys and shapes.
    public static func json(_ spec: TestSpec) -> JSONValue {
        var o = JSONObject()
        o.append("application", .string(spec.application))
        if let d = spec.description { o.append("description", .string(d)) }
        if spec.defaultTimeoutMs != TestSpec.defaultTimeoutMs { o.append("default_timeout_ms", .int(Int64(spec.defaultTimeoutMs))) }
        if spec.defaultRecords != TestSpec.defaultRecords { o.append("default_records", .int(Int64(spec.defaultRecords))) }
        if let n = spec.topicNaming { o.append("topic_naming", json(n)) }
        if !spec.config.isEmpty {
            o.append("config", .object(JSONObject(spec.config.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        for (k, v) in spec.extras { o.append(k, v) }
        o.append("queries", .array(spec.queries.map(json)))
        return .object(o)
    }

    package static func json(_ n: TopicNaming) -> JSONValue {
        let d = TopicNaming()
        var o = JSONObject()
        o.append("pattern", .string(n.pattern))
        if let v = n.namespace { o.append("namespace", .string(v)) }
        if n.branchFromEnv != d.branchFromEnv { o.append("branch_from_env", .string(n.branchFromEnv)) }
        if n.userFromEnv != d.userFromEnv { o.append("user_from_env", .string(n.userFromEnv)) }
        if let v = n.branch { o.append("branch", .string(v)) }
        if let v = n.user { o.append("user", .string(v)) }
        if n.hashLongNames != d.hashLongNames { o.append("hash_long_names", .bool(n.hashLongNames)) }
        if n.maxTopicLength != d.maxTopicLength { o.append("max_topic_length", .int(Int64(n.maxTopicLength))) }
        return .object(o)
    }

    package static func json(_ q: SpecQuery) -> JSONValue {
        var o = JSONObject()
        o.append("name", .string(q.name))
        if let d = q.description { o.append("description", .string(d)) }
        if q.skip { o.append("skip", true) }
        if !q.dependencies.isEmpty { o.append("dependencies", .array(q.dependencies.map { .string($0) })) }
        o.append("inputs", .array(q.inputs.map(json)))
        if let s = q.sinkType { o.append("output", ["sink_type": json(s)]) }
        if !q.outputs.isEmpty {
            o.append("outputs", .array(q.outputs.map { ["sink": .string($0.sink), "assertions": .array($0.assertions.map(json))] }))
        }
        if !q.assertions.isEmpty { o.append("assertions", .array(q.assertions.map(json))) }
        if let t = q.timeoutMs { o.append("timeout_ms", .int(Int64(t))) }
        if let f = q.captureFormat { o.append("capture_format", .string(f)) }
        if let s = q.captureSchema { o.append("capture_schema", s) }
        if !q.metricAssertions.isEmpty { o.append("metric_assertions", .array(q.metricAssertions.map(json))) }
        return .object(o)
    }

    package static func json(_ i: SpecInput) -> JSONValue {
        var o = JSONObject()
        o.append("source", .string(i.source))
        if let v = i.schema { o.append("schema", .string(v)) }
        if let v = i.records { o.append("records", .int(Int64(v))) }
        if let v = i.fromPrevious { o.append("from_previous", .string(v)) }
        if let v = i.dataFile { o.append("data_file", .string(v)) }
        if let v = i.keyField { o.append("key_field", .string(v)) }
        if let v = i.sourceType { o.append("source_type", json(v)) }
        if let t = i.timeSimulation {
            var s = JSONObject()
            if let v = t.startTime { s.append("start_time", .string(v)) }
            if let v = t.endTime { s.append("end_time", .string(v)) }
            if t.timeScale != 1 { s.append("time_scale", .double(t.timeScale)) }
            if let v = t.eventsPerSecond { s.append("events_per_second", .double(v)) }
            if !t.sequential { s.append("sequential", false) }
            if let v = t.jitterMs { s.append("jitter_ms", .int(Int64(v))) }
            if t.batchSize != 1 { s.append("batch_size", .int(Int64(t.batchSize))) }
            o.append("time_simulation", .object(s))
        }
        return .object(o)
    }

    package static func json(_ e: SpecEndpoint) -> JSONValue {
        var o = JSONObject()
        o.append("type", .string(e.kind.rawValue))
        if let v = e.topic { o.append("topic", .string(v)) }
        if let v = e.path { o.append("path", .string(v)) }
        if let v = e.format { o.append("format", .string(v)) }
        if e.watch { o.append("watch", true) }
        return .object(o)
    }

    package static func json(_ a: SpecAssertion) -> JSONValue {
        var o = JSONObject()
        o.append("type", .string(a.type))
        let order = SpecAssertionCatalog.params(of: a.type)?.map(\.key) ?? []
        for key in order { if let v = a.params[key] { o.append(key, v) } }
        for (k, v) in a.params where !order.contains(k) { o.append(k, v) }
        return .object(o)
    }

    // MARK: YAML nodes

    /// Block style for mappings and lists of mappings; flow style for short lists of scalars.
    package static func node(_ v: JSONValue, depth: Int) -> Node {
        switch v {
        case .object(let o):
            return Node(o.map { (scalar(.string($0)), node($1, depth: depth + 1)) }, .implicit, .block)
        case .array(let items):
            let flat = items.allSatisfy { if case .object = $0 { false } else if case .array = $0 { false } else { true } }
            return Node(items.map { node($0, depth: depth + 1) }, .implicit, flat && !items.isEmpty ? .flow : .block)
        default:
            return scalar(v)
        }
    }

    package static func scalar(_ v: JSONValue) -> Node {
        switch v {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .int(let i): return Node(String(i), Tag(.int))
        // Whole numbers are written without a point: serde reads them into integer and float fields alike.
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? Node(String(Int64(d)), Tag(.int)) : Node("\(d)", Tag(.float))
        case .string(let s): return .scalar(s.represented())
        default: return Node("")
        }
    }
}
