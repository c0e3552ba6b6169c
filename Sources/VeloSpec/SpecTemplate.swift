import Foundation
import VeloBase
import VeloJSON
import VeloSchema

/// What templates and expressions can see: every query run so far (for `{{outputs.q.count}}`), the query
/// being checked, the spec's `config`, and where its files are.
public struct SpecContext: Sendable {
    public var results: [String: QueryRunResult]
    public var current: QueryRunResult?
    public var config: [String: String]
    /// The spec's folder (file assertions are relative to it).
    public var directory: String
    /// "Now" for freshness and latency from record times, epoch ms.
    public var nowMs: Int64

    public init(
        results: [String: QueryRunResult] = [:], current: QueryRunResult? = nil, config: [String: String] = [:],
        directory: String = ".", nowMs: Int64 = 0
    ) {
        self.results = results
        self.current = current
        self.config = config
        self.directory = directory
        self.nowMs = nowMs
    }

    /// The result set including the current query.
    package var allResults: [String: QueryRunResult] {
        var all = results
        if let current { all[current.name] = current }
        return all
    }
}

/// Values of template paths: `outputs.<query or sink>.count`, `outputs.<q>.<sum|avg|min|max|count>.<field>`
/// (also `…<field>.<function>`), the same under `inputs.<source>`, `config.<key>`, and
/// `metrics.<query>.<metric name>`.
public enum SpecTemplate {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Replaces every `{{path}}` in `text` with its value.
    public static func render(_ text: String, context: SpecContext) throws(Failure) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw Failure(description: "unclosed '{{' in '\(text)'")
            }
            let path = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += SpecValue.text(try value(of: path, context: context))
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// The value a path names.
    public static func value(of path: String, context: SpecContext) throws(Failure) -> JSONValue {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let head = parts.first else { throw Failure(description: "empty template") }
        let all = context.allResults
        switch head {
        case "config":
            let key = parts.dropFirst().joined(separator: ".")
            guard let v = context.config[key] else { throw Failure(description: "no config key '\(key)' for {{\(path)}}") }
            return .string(v)
        case "outputs", "inputs":
            guard parts.count >= 3 else {
                throw Failure(description: "{{\(path)}} needs a name and what to take, e.g. {{\(head).trades.count}}")
            }
            let name = parts[1]
            let records: [JSONValue]?
            if head == "outputs" {
                // A query that ran but captured nothing has zero records.
                records =
                    all[name].map { r in r.primarySink.flatMap { r.outputs[$0] } ?? [] }
                    ?? all.values.sorted { $0.name < $1.name }.lazy.compactMap { $0.outputs[name] }.first
            } else {
                records = context.current?.inputs[name] ?? all.values.sorted { $0.name < $1.name }.lazy.compactMap { $0.inputs[name] }.first
            }
            guard let records else {
                let known =
                    head == "outputs"
                    ? Array(all.keys) + all.values.flatMap { $0.outputs.keys }
                    : all.values.flatMap { $0.inputs.keys }
                let s = Suggest.closest(to: name, among: Set(known).sorted())
                throw Failure(
                    description:
                        "{{\(path)}}: no \(head == "outputs" ? "query or sink" : "input") named '\(name)'\(s.map { " (did you mean '\($0)'?)" } ?? "")"
                )
            }
            let rest = Array(parts.dropFirst(2))
            if rest == ["count"] { return .int(Int64(records.count)) }
            guard rest.count == 2 else { throw Failure(description: "{{\(path)}}: write count, or <function>.<field> such as sum.amount") }
            let functions = ["sum", "avg", "min", "max", "count"]
            let (function, field) = functions.contains(rest[0].lowercased()) ? (rest[0], rest[1]) : (rest[1], rest[0])
            guard functions.contains(function.lowercased()) else {
                throw Failure(description: "{{\(path)}}: unknown function; use sum, avg, min, max or count")
            }
            guard let v = SpecStatistics.aggregate(function.uppercased(), field: field, records: records) else { return .null }
            return .double(v)
        case "metrics":
            guard parts.count >= 3, let r = all[parts[1]] else { throw Failure(description: "{{\(path)}}: write metrics.<query>.<metric>") }
            let name = parts.dropFirst(2).joined(separator: ".")
            let metrics = r.customMetrics + (r.metrics.map(SpecMetric.derived) ?? [])
            guard let m = metrics.first(where: { $0.name == name }) else { throw Failure(description: "{{\(path)}}: no metric '\(name)'") }
            return .double(m.value)
        default:
            throw Failure(description: "unknown template {{\(path)}}; templates start with outputs., inputs., config. or metrics.")
        }
    }
}

/// Comparisons and text of record values shared by the evaluators.
package enum SpecValue {
    package static func text(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): SchemaNumber.text(d)
        case .string(let s): s
        case .array, .object:
            {
                var w = JSONWriter(); w.write(v); return w.text
            }()
        }
    }

    /// A number from a JSON number or numeric text.
    package static func number(_ v: JSONValue?) -> Double? {
        guard let v else { return nil }
        if let d = v.doubleValue { return d }
        if let s = v.stringValue { return Double(s.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    /// Epoch milliseconds from a number or an ISO 8601 text.
    package static func epochMs(_ v: JSONValue?) -> Int64? {
        guard let v else { return nil }
        if let i = v.intValue { return i }
        if let d = v.doubleValue { return Int64(d) }
        if let s = v.stringValue { return Int64(s) ?? TimeSpec.parseRFC3339(s) }
        return nil
    }

    /// Equal as numbers when both are, else as text.
    package static func equal(_ a: JSONValue, _ b: JSONValue, tolerance: Double = 0) -> Bool {
        if let x = number(a), let y = number(b), a.doubleValue != nil || b.doubleValue != nil { return abs(x - y) <= tolerance }
        return text(a) == text(b)
    }

    /// Orders numbers as numbers, anything else as text.
    package static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        if let x = number(a), let y = number(b) { return x < y ? -1 : x > y ? 1 : 0 }
        let x = text(a), y = text(b)
        return x < y ? -1 : x > y ? 1 : 0
    }
}
