import VeloBase
import VeloJSON
import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes schemas as canonical `.schema.yaml` text that Velostream's parser accepts (docs/schema.md), or as
/// JSON with the same keys. Keys come in a fixed order (known keys first, then preserved unknown keys);
/// defaults are left out (`nullable: false`, random-walk `drift: 0` and `false` flags); small constraint values go on one line
/// in flow style (`range: {min: 0, max: 100}`), as in Velostream's own examples.
public enum SchemaWriter {
    /// The YAML text, ending in a newline. `header` lines become `# ` comments at the top.
    public static func yaml(_ schema: Schema, header: [String] = []) -> String {
        var text = header.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
            .map { $0.hasPrefix("#") ? $0 + "\n" : "# " + $0 + "\n" }.joined()
        let node = yamlDocument(tree(schema))
        // Serializing a tree of plain scalars, mappings and sequences cannot fail.
        text += (try? Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true)) ?? ""
        return text
    }

    /// The JSON form (`velo-infer --json`): the same keys and shapes as the YAML.
    public static func json(_ schema: Schema) -> JSONValue { tree(schema) }

    /// Writes the YAML to `path` atomically (temporary file + rename); `-` writes to stdout.
    public static func save(_ schema: Schema, to path: String, header: [String] = []) throws {
        try AtomicFile.write(yaml(schema, header: header), to: path)
    }

    // MARK: the canonical tree

    package static func tree(_ schema: Schema) -> JSONValue {
        var top = JSONObject()
        top.append("name", .string(schema.name))
        if let d = schema.description { top.append("description", .string(d)) }
        if let n = schema.recordCount { top.append("record_count", .int(Int64(n))) }
        if let k = schema.keyField { top.append("key_field", .string(k)) }
        append(schema.unknownKeys, to: &top)
        top.append("fields", .array(schema.fields.map(tree)))
        return .object(top)
    }

    package static func tree(_ field: SchemaField) -> JSONValue {
        var f = JSONObject()
        f.append("name", .string(field.name))
        f.append("type", tree(field.type))
        if field.nullable { f.append("nullable", .bool(true)) }
        if let d = field.description { f.append("description", .string(d)) }
        append(field.unknownKeys, to: &f)
        if !field.constraints.isEmpty { f.append("constraints", tree(field.constraints)) }
        return .object(f)
    }

    package static func tree(_ type: FieldType) -> JSONValue {
        if case .decimal(let precision) = type { return ["decimal": ["precision": .int(Int64(precision))]] }
        return .string(type.description)
    }

    package static func tree(_ c: FieldConstraints) -> JSONValue {
        var o = JSONObject()
        if let e = c.enumValues {
            var m = JSONObject()
            m.append("values", .array(e.values.map(JSONValue.string)))
            if let w = e.weights { m.append("weights", .array(w.map(SchemaNumber.json))) }
            o.append("enum_values", .object(m))
        }
        if let r = c.range { o.append("range", ["min": SchemaNumber.json(r.min), "max": SchemaNumber.json(r.max)]) }
        if let l = c.length {
            var m = JSONObject()
            if let lo = l.min { m.append("min", .int(Int64(lo))) }
            if let hi = l.max { m.append("max", .int(Int64(hi))) }
            o.append("length", .object(m))
        }
        if let p = c.pattern { o.append("pattern", .string(p)) }
        if let d = c.distribution { o.append("distribution", tree(d)) }
        if let d = c.derived {
            o.append("derived", ["expression": .string(d.expression), "depends_on": .array(d.dependsOn.map(JSONValue.string))])
        }
        if let r = c.references {
            var m: JSONObject = JSONObject([("schema", .string(r.schema)), ("field", .string(r.field))])
            if let file = r.file { m.append("file", .string(file)) }
            o.append("references", .object(m))
        }
        if let t = c.timestampRange { o.append("timestamp_range", ["start": .string(t.start), "end": .string(t.end)]) }
        if let t = c.timestampEpochMs { o.append("timestamp_epoch_ms", ["start": .string(t.start), "end": .string(t.end)]) }
        append(c.unknownKeys, to: &o)
        return .object(o)
    }

    package static func tree(_ d: Distribution) -> JSONValue {
        switch d {
        case .uniform:
            return "uniform"
        case .normal(let mean, let sd), .logNormal(let mean, let sd):
            return .object(JSONObject([(d.name, ["mean": SchemaNumber.json(mean), "std_dev": SchemaNumber.json(sd)])]))
        case .zipf(let exponent):
            return ["zipf": ["exponent": SchemaNumber.json(exponent)]]
        case .randomWalk(let w):
            var m = JSONObject()
            if w.drift != RandomWalk.defaultDrift { m.append("drift", SchemaNumber.json(w.drift)) }
            m.append("volatility", SchemaNumber.json(w.volatility)) // the main parameter: always shown
            if let g = w.groupBy { m.append("group_by", .string(g)) }
            if w.allowBelowMin { m.append("allow_below_min", true) }
            if w.allowAboveMax { m.append("allow_above_max", true) }
            return ["random_walk": .object(m)]
        }
    }

    private static func append(_ unknown: JSONObject, to object: inout JSONObject) {
        for (key, value) in unknown where object[key] == nil { object.append(key, value) }
    }

    // MARK: YAML nodes

    /// Block style for the document's skeleton (top level, the field list, each field, its constraints);
    /// below that, flow style for values that fit on a short line.
    private static func yamlDocument(_ tree: JSONValue) -> Node {
        block(tree) { key, value in
            guard key == "fields", let fields = value.arrayValue else { return auto(value) }
            return Node(
                fields.map { field in
                    block(field) { key, value in key == "constraints" ? block(value, child: { auto($1) }) : auto(value) }
                }, .implicit, .block)
        }
    }

    /// A block mapping whose children are made by `child`; anything else as `auto` would.
    private static func block(_ value: JSONValue, child: (String, JSONValue) -> Node) -> Node {
        guard let object = value.objectValue else { return auto(value) }
        return Node(object.map { (scalar(.string($0)), child($0, $1)) }, .implicit, .block)
    }

    /// Flow style when the value fits in 80 columns, else block style with the same rule below.
    private static func auto(_ value: JSONValue) -> Node {
        switch value {
        case .object(let object):
            if flowWidth(value) <= 80 { return flowNode(value) }
            return Node(object.map { (scalar(.string($0)), auto($1)) }, .implicit, .block)
        case .array(let items):
            if flowWidth(value) <= 80 { return flowNode(value) }
            return Node(items.map(auto), .implicit, .block)
        default:
            return scalar(value)
        }
    }

    private static func flowNode(_ value: JSONValue) -> Node {
        switch value {
        case .object(let object):
            return Node(object.map { (scalar(.string($0)), flowNode($1)) }, .implicit, .flow)
        case .array(let items):
            return Node(items.map(flowNode), .implicit, .flow)
        default:
            return scalar(value)
        }
    }

    private static func scalar(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .int(let i): return Node(String(i), Tag(.int))
        case .double(let d): return Node(SchemaNumber.text(d), Tag(.float))
        case .string(let s): return .scalar(s.represented())
        default: return Node("")
        }
    }

    /// Roughly how wide the value is on one line in flow style.
    private static func flowWidth(_ value: JSONValue) -> Int {
        switch value {
        case .object(let o): return 2 + o.map { $0.count + 2 + flowWidth($1) + 2 }.reduce(0, +)
        case .array(let a): return 2 + a.map { flowWidth($0) + 2 }.reduce(0, +)
        case .string(let s): return s.contains("\n") ? 1000 : s.count + 2
        case .double(let d): return SchemaNumber.text(d).count
        case .int(let i): return String(i).count
        default: return 5
        }
    }
}

extension Schema {
    /// The schema as JSON with the same keys and shapes as its YAML (see `SchemaWriter`).
    public func toJSON() -> JSONValue { SchemaWriter.json(self) }
}
