import VeloBase
import VeloJSON
import Yams

/// Turns a composed YAML tree into a `Schema`, collecting every problem it meets instead of stopping at the
/// first, and recording where each part was (for `SchemaOrigin`). Structural checks live here (wrong kinds,
/// missing keys, unknown names); checks across fields live in `SchemaValidator`.
package struct SchemaParser {
    package let file: String?
    private let lines: [Substring]
    package private(set) var diagnostics: [Diagnostic] = []
    package private(set) var locations: [String: SourceLocation] = [:]
    /// Indexes of fields whose `type:` could not be read (kept with a placeholder type).
    package private(set) var untypedFields: Set<Int> = []

    package init(text: String, file: String?) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    // MARK: locations and diagnostics

    /// The location of a node; libyaml counts columns in Unicode scalars, `SourceLocation` in UTF-8 bytes.
    package func location(of node: Node) -> SourceLocation? {
        guard let mark = node.mark else { return nil }
        return location(line: mark.line, scalarColumn: mark.column, length: Self.width(of: node))
    }

    package var lineCount: Int { lines.count }

    package func lineText(_ line: Int) -> String? { line >= 1 && line <= lines.count ? String(lines[line - 1]) : nil }

    /// The column of the first character after the indentation and any `- `.
    package func indentColumn(line: Int) -> Int {
        let text = lineText(line) ?? ""
        return text.prefix { $0 == " " || $0 == "-" }.count + 1
    }

    package func location(line: Int, scalarColumn: Int, length: Int = 1) -> SourceLocation {
        var text = line >= 1 && line <= lines.count ? String(lines[line - 1]) : nil
        if text?.hasSuffix("\r") == true { text?.removeLast() }
        var column = scalarColumn
        if let text {
            column = String(String.UnicodeScalarView(text.unicodeScalars.prefix(max(0, scalarColumn - 1)))).utf8.count + 1
        }
        return SourceLocation(file: file, line: line, column: column, sourceLine: text, length: length)
    }

    /// How many columns a caret under the node should cover: the scalar's text when it fits on one line.
    private static func width(of node: Node) -> Int {
        guard case .scalar(let scalar) = node, !scalar.string.contains("\n") else { return 1 }
        switch scalar.style {
        case .singleQuoted, .doubleQuoted: return scalar.string.utf8.count + 2
        case .plain, .any: return max(1, scalar.string.utf8.count)
        default: return 1
        }
    }

    package mutating func error(_ message: String, _ node: Node?, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, location: node.flatMap(location(of:)), hint: hint))
    }

    package mutating func warning(_ message: String, _ node: Node?, hint: String? = nil) {
        diagnostics.append(Diagnostic(.warning, message, location: node.flatMap(location(of:)), hint: hint))
    }

    // MARK: the schema

    package mutating func parseSchema(_ root: Node?) -> Schema? {
        guard let root else {
            diagnostics.append(
                Diagnostic(
                    .error, "the schema is empty",
                    location: SourceLocation(file: file, line: 1, column: 1),
                    hint: "a schema needs at least `name:` and `fields:`"))
            return nil
        }
        guard case .mapping(let top) = root else {
            error("a schema must be a mapping with `name:` and `fields:`", root)
            return nil
        }
        var schema = Schema(name: "", fields: [])
        var sawName = false, sawFields = false
        for (key, keyNode, value) in entries(top, path: "") {
            switch key {
            case "name":
                sawName = true
                if let name = text(value, what: "schema name", context: "schema") {
                    if name.isEmpty { error("the schema name is empty", value) }
                    schema.name = name
                }
            case "description":
                schema.description = optionalText(value, what: "description", context: "schema")
            case "record_count":
                schema.recordCount = count(value, what: "record_count", context: "schema")
            case "key_field":
                schema.keyField = optionalText(value, what: "key_field", context: "schema")
            case "fields":
                sawFields = true
                schema.fields = parseFields(value)
            default:
                let suggestion = Suggest.closest(to: key, among: Schema.knownKeys)
                warning(
                    "unknown top-level key '\(key)' is ignored\(Self.didYouMean(suggestion))", keyNode,
                    hint: suggestion == nil ? "Velostream ignores it; Velo keeps it when saving" : nil)
                schema.unknownKeys[key] = json(value)
            }
        }
        if !sawName {
            error("the schema has no `name:`", root, hint: "add `name: <source>`: test specs refer to schemas by this name")
        }
        if !sawFields {
            error("the schema has no `fields:`", root, hint: "add `fields:` with a list of `- name: …  type: …` entries")
        }
        return schema
    }

    private mutating func parseFields(_ node: Node) -> [SchemaField] {
        if isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            error("`fields:` must be a list of fields", node, hint: "write each field as `- name: …` on its own line")
            return []
        }
        var fields: [SchemaField] = []
        for (index, item) in sequence.enumerated() {
            // Every entry is kept (a broken one as a nameless placeholder) so that `fields[i]` paths match.
            if let field = parseField(item, index: index) {
                fields.append(field)
            } else {
                fields.append(SchemaField(name: "", type: .string))
                untypedFields.insert(index)
            }
        }
        return fields
    }

    private mutating func parseField(_ node: Node, index: Int) -> SchemaField? {
        let path = "fields[\(index)]"
        locations[path] = location(of: node)
        guard case .mapping(let map) = node else {
            error("field #\(index + 1) must be a mapping with `name:` and `type:`", node)
            return nil
        }
        // The name first, so that every later message can say which field it is about.
        var name: String?
        if let nameNode = map["name"] { name = text(nameNode, what: "field name", context: "field #\(index + 1)") }
        let context = name.map { "field '\($0)'" } ?? "field #\(index + 1)"
        if name == nil, map["name"] == nil { error("\(context) has no `name:`", node) }
        if name?.isEmpty == true { error("\(context) has an empty name", map["name"]) }

        var type: FieldType?
        var constraints = FieldConstraints()
        var field = SchemaField(name: name ?? "", type: .string)
        for (key, keyNode, value) in entries(map, path: path) {
            switch key {
            case "name": break
            case "type": type = parseType(value, field: map, context: context)
            case "nullable": field.nullable = flag(value, what: "nullable", context: context) ?? false
            case "description": field.description = optionalText(value, what: "description", context: context)
            case "constraints": constraints = parseConstraints(value, path: path + ".constraints", context: context)
            default:
                let suggestion = Suggest.closest(to: key, among: SchemaField.knownKeys)
                let hint: String?
                switch key {
                case "precision", "scale": hint = "Velostream does not read it: write `type: {decimal: {precision: N}}`"
                case "probability": hint = "Velostream does not read it: booleans are true half of the time"
                default: hint = suggestion == nil ? "Velostream ignores it; Velo keeps it when saving" : nil
                }
                warning("\(context): unknown key '\(key)' is ignored\(Self.didYouMean(suggestion))", keyNode, hint: hint)
                field.unknownKeys[key] = json(value)
            }
        }
        if map["type"] == nil {
            error(
                "\(context) has no `type:`", node,
                hint: "types: \(FieldType.simpleNames.joined(separator: ", ")), or {decimal: {precision: N}}")
        }
        guard name != nil else { return nil }
        // A field whose type is wrong stays in, so that checks across fields still see its name.
        if let type { field.type = type } else { untypedFields.insert(index) }
        field.constraints = constraints
        return field
    }

    // MARK: types

    private static let typeAliases: [String: String] = [
        "int": "integer", "long": "integer", "bigint": "integer", "int64": "integer", "number": "float",
        "double": "float", "real": "float", "float64": "float", "bool": "boolean", "str": "string",
        "text": "string", "varchar": "string", "datetime": "timestamp", "time": "timestamp", "guid": "uuid",
        "numeric": "decimal"
    ]

    private static let typeHint = "types: string, integer, float, boolean, timestamp, date, uuid, or {decimal: {precision: N}}"

    private mutating func parseType(_ node: Node, field: Node.Mapping, context: String) -> FieldType? {
        if isNull(node) {
            error("\(context) has an empty `type:`", node, hint: Self.typeHint)
            return nil
        }
        switch node {
        case .scalar(let scalar):
            let name = scalar.string
            if let type = FieldType(simpleName: name) { return type }
            if name == "decimal" || Self.typeAliases[name.lowercased()] == "decimal" {
                let precision = field["precision"].flatMap { $0.int } ?? 2
                error(
                    "\(context): `type: \(name)` needs a precision", node,
                    hint: "write `type: {decimal: {precision: \(precision)}}` (digits after the point); "
                        + "Velostream does not read a bare `decimal` or `precision`/`scale` keys")
                return nil
            }
            let suggestion =
                FieldType(simpleName: name.lowercased()) != nil
                ? name.lowercased()
                : Self.typeAliases[name.lowercased()] ?? Suggest.closest(to: name, among: FieldType.simpleNames + ["decimal"])
            error("\(context): unknown type '\(name)'\(Self.didYouMean(suggestion))", node, hint: Self.typeHint)
            return nil
        case .mapping(let map):
            guard map.count == 1, let (key, value) = map.first.map({ ($0.key, $0.value) }), key.string == "decimal" else {
                let keys = map.map { $0.key.string ?? "?" }
                let suggestion = keys.count == 1 ? Suggest.closest(to: keys[0], among: ["decimal"]) : nil
                error(
                    "\(context): unknown type {\(keys.joined(separator: ", ")): …}\(Self.didYouMean(suggestion))",
                    node, hint: Self.typeHint)
                return nil
            }
            guard case .mapping(let config) = value, let precisionNode = config["precision"] else {
                error(
                    "\(context): decimal type needs a precision", value.mark == nil ? node : value,
                    hint: "write `type: {decimal: {precision: 2}}` (digits after the point)")
                return nil
            }
            for (extraKey, _) in config where extraKey.string != "precision" {
                warning(
                    "\(context): unknown key '\(extraKey.string ?? "?")' in the decimal type is ignored", extraKey,
                    hint: extraKey.string == "scale" ? "`precision` is already the number of digits after the point" : nil)
            }
            guard let precision = integer(precisionNode), (0...255).contains(precision) else {
                error(
                    "\(context): decimal precision must be a whole number from 0 to 255", precisionNode,
                    hint: "precision is the number of digits after the point, e.g. 2 for cents")
                return nil
            }
            return .decimal(precision: precision)
        default:
            error("\(context): `type:` must be a type name or {decimal: {precision: N}}", node, hint: Self.typeHint)
            return nil
        }
    }

    // MARK: constraints

    private mutating func parseConstraints(_ node: Node, path: String, context: String) -> FieldConstraints {
        var c = FieldConstraints()
        if isNull(node) { return c }
        guard case .mapping(let map) = node else {
            error(
                "\(context): `constraints:` must be a mapping", node,
                hint: "e.g. `constraints: {range: {min: 0, max: 100}}`")
            return c
        }
        for (key, keyNode, value) in entries(map, path: path) {
            let where_ = "\(context): \(key)"
            let sub = path + "." + key
            switch key {
            case "enum_values": c.enumValues = parseEnum(value, path: sub, context: where_)
            case "range":
                let m = params(
                    value, keys: ["min", "max"], required: ["min", "max"], path: sub, context: where_,
                    example: "range: {min: 0, max: 100}")
                if let lo = m["min"].flatMap({ number($0, what: "min", context: where_) }),
                    let hi = m["max"].flatMap({ number($0, what: "max", context: where_) })
                {
                    c.range = NumericRange(min: lo, max: hi)
                }
            case "length":
                let m = params(
                    value, keys: ["min", "max"], required: [], path: sub, context: where_,
                    example: "length: {min: 3, max: 12}")
                if case .mapping = value {
                    c.length = LengthRange(
                        min: m["min"].flatMap { count($0, what: "length min", context: context) },
                        max: m["max"].flatMap { count($0, what: "length max", context: context) })
                }
            case "pattern": c.pattern = text(value, what: "pattern", context: context)
            case "distribution": c.distribution = parseDistribution(value, path: sub, context: where_)
            case "derived":
                let m = params(
                    value, keys: ["expression", "depends_on"], required: ["expression"], path: sub,
                    context: where_, example: "derived: {expression: \"price * quantity\", depends_on: [price, quantity]}")
                if let expression = m["expression"].flatMap({ text($0, what: "expression", context: where_) }) {
                    let dependsOn = m["depends_on"].map {
                        textList($0, path: sub + ".depends_on", what: "depends_on", context: where_)
                    }
                    c.derived = DerivedValue(expression: expression, dependsOn: dependsOn ?? [])
                }
            case "references":
                let m = params(
                    value, keys: ["schema", "field", "file"], required: ["schema", "field"], path: sub,
                    context: where_, example: "references: {schema: customers, field: customer_id}")
                if let schema = m["schema"].flatMap({ text($0, what: "schema", context: where_) }),
                    let field = m["field"].flatMap({ text($0, what: "field", context: where_) })
                {
                    c.references = FieldReference(
                        schema: schema, field: field,
                        file: m["file"].flatMap { optionalText($0, what: "file", context: where_) })
                }
            case "timestamp_range", "timestamp_epoch_ms":
                let m = params(
                    value, keys: ["start", "end"], required: ["start", "end"], path: sub, context: where_,
                    example: "\(key): {start: \"-1h\", end: now}")
                if let start = m["start"].flatMap({ text($0, what: "start", context: where_) }),
                    let end = m["end"].flatMap({ text($0, what: "end", context: where_) })
                {
                    if key == "timestamp_range" {
                        c.timestampRange = TimeRange(start: start, end: end)
                    } else {
                        c.timestampEpochMs = TimeRange(start: start, end: end)
                    }
                }
            default:
                let suggestion = Suggest.closest(to: key, among: FieldConstraints.knownKeys + ["enum"])
                    .map { $0 == "enum" ? "enum_values" : $0 }
                warning(
                    "\(context): unknown constraint '\(key)' is ignored\(Self.didYouMean(suggestion))", keyNode,
                    hint: "constraints: \(FieldConstraints.knownKeys.joined(separator: ", "))")
                c.unknownKeys[key] = json(value)
            }
        }
        return c
    }

    private mutating func parseEnum(_ node: Node, path: String, context: String) -> EnumValues? {
        if case .sequence = node {
            error(
                "\(context) must be a mapping with `values:`", node,
                hint: "write `enum_values: {values: [a, b, c]}`, optionally with `weights: [..]`")
            return nil
        }
        let m = params(
            node, keys: ["values", "weights"], required: ["values"], path: path, context: context,
            example: "enum_values: {values: [a, b], weights: [3, 1]}")
        guard let valuesNode = m["values"] else { return nil }
        let values = textList(valuesNode, path: path + ".values", what: "values", context: context)
        var weights: [Double]?
        if let weightsNode = m["weights"], !isNull(weightsNode) {
            if case .sequence(let items) = weightsNode {
                weights = []
                for (i, item) in items.enumerated() {
                    locations[path + ".weights[\(i)]"] = location(of: item)
                    weights?.append(number(item, what: "weight", context: context) ?? 0)
                }
            } else {
                error("\(context) `weights:` must be a list of numbers", weightsNode)
            }
        }
        return EnumValues(values: values, weights: weights)
    }

    private static let distributionExamples = [
        "normal": "distribution: {normal: {mean: 50, std_dev: 10}}",
        "log_normal": "distribution: {log_normal: {mean: 10.0, std_dev: 1.5}}",
        "zipf": "distribution: {zipf: {exponent: 1.2}}",
        "random_walk": "distribution: {random_walk: {volatility: 0.02}}"
    ]

    private mutating func parseDistribution(_ node: Node, path: String, context: String) -> Distribution? {
        let name: String
        var paramsNode: Node?
        switch node {
        case .scalar(let scalar):
            name = scalar.string
        case .mapping(let map) where map.count == 1:
            name = map.first!.key.string ?? ""
            paramsNode = map.first!.value
        default:
            error("\(context) must be `uniform` or a one-key mapping such as {normal: {mean, std_dev}}", node)
            return nil
        }
        guard Distribution.names.contains(name) else {
            let suggestion = Suggest.closest(to: name, among: Distribution.names)
            error(
                "\(context) '\(name)' is unknown\(Self.didYouMean(suggestion))", node,
                hint: "distributions: \(Distribution.names.joined(separator: ", "))")
            return nil
        }
        if name == "uniform" { return .uniform }
        let example = Self.distributionExamples[name]!
        guard let paramsNode else {
            error("\(context) '\(name)' needs parameters", node, hint: "write `\(example)`")
            return nil
        }
        let where_ = "\(context) \(name)"
        switch name {
        case "normal", "log_normal":
            let m = params(
                paramsNode, keys: ["mean", "std_dev"], required: ["mean", "std_dev"], path: path + "." + name,
                context: where_, example: example)
            guard let mean = m["mean"].flatMap({ number($0, what: "mean", context: where_) }),
                let sd = m["std_dev"].flatMap({ number($0, what: "std_dev", context: where_) })
            else { return nil }
            return name == "normal" ? .normal(mean: mean, stdDev: sd) : .logNormal(mean: mean, stdDev: sd)
        case "zipf":
            let m = params(
                paramsNode, keys: ["exponent"], required: ["exponent"], path: path + ".zipf",
                context: where_, example: example)
            return m["exponent"].flatMap { number($0, what: "exponent", context: where_) }.map { .zipf(exponent: $0) }
        default:
            var walk = RandomWalk()
            if isNull(paramsNode) { return .randomWalk(walk) }
            let m = params(
                paramsNode, keys: ["drift", "volatility", "group_by", "allow_below_min", "allow_above_max"],
                required: [], path: path + ".random_walk", context: where_, example: example)
            if let v = m["drift"] { walk.drift = number(v, what: "drift", context: where_) ?? walk.drift }
            if let v = m["volatility"] { walk.volatility = number(v, what: "volatility", context: where_) ?? walk.volatility }
            if let v = m["group_by"] { walk.groupBy = optionalText(v, what: "group_by", context: where_) }
            if let v = m["allow_below_min"] { walk.allowBelowMin = flag(v, what: "allow_below_min", context: where_) ?? false }
            if let v = m["allow_above_max"] { walk.allowAboveMax = flag(v, what: "allow_above_max", context: where_) ?? false }
            return .randomWalk(walk)
        }
    }

    /// Reads a parameter mapping with a fixed set of keys: reports a non-mapping, missing required keys and
    /// unknown keys (warnings: Velostream ignores them, and Velo does not keep them).
    private mutating func params(
        _ node: Node, keys: [String], required: [String], path: String, context: String,
        example: String
    ) -> [String: Node] {
        guard case .mapping(let map) = node else {
            error("\(context) must be a mapping", node, hint: "write `\(example)`")
            return [:]
        }
        var found: [String: Node] = [:]
        for (key, keyNode, value) in entries(map, path: path) {
            if keys.contains(key) {
                found[key] = value
            } else {
                let suggestion = Suggest.closest(to: key, among: keys)
                warning(
                    "\(context) has an unknown key '\(key)', ignored\(Self.didYouMean(suggestion))", keyNode,
                    hint: "keys: \(keys.joined(separator: ", "))")
            }
        }
        let missing = required.filter { found[$0] == nil || isNull(found[$0]!) }
        if !missing.isEmpty {
            let names = missing.map { "`\($0)`" }.joined(separator: " and ")
            error("\(context) needs \(names)", node, hint: "write `\(example)`")
        }
        return found
    }

    // MARK: mappings and scalars

    /// A mapping's entries as (key text, key node, value node), recording locations and reporting duplicates.
    private mutating func entries(_ map: Node.Mapping, path: String) -> [(String, Node, Node)] {
        var result: [(String, Node, Node)] = []
        var seen: Set<String> = []
        for (keyNode, value) in map {
            guard case .scalar(let scalar) = keyNode else {
                error("a mapping key must be plain text", keyNode)
                continue
            }
            let key = scalar.string
            if !seen.insert(key).inserted {
                error("duplicate key '\(key)'", keyNode, hint: "Velostream rejects a key given twice; keep one")
                continue
            }
            let sub = path.isEmpty ? key : path + "." + key
            if case .scalar = value { locations[sub] = location(of: value) } else { locations[sub] = location(of: keyNode) }
            result.append((key, keyNode, value))
        }
        return result
    }

    private func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node, s.style == .plain || s.style == .any, Self.tagName(node) == .null { return true }
        return false
    }

    /// Any scalar's text (a YAML number or boolean keeps the text it was written with).
    private mutating func text(_ node: Node, what: String, context: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            error("\(Self.about(context, what)) must be text", node)
            return nil
        }
        return scalar.string
    }

    private mutating func optionalText(_ node: Node, what: String, context: String) -> String? {
        isNull(node) ? nil : text(node, what: what, context: context)
    }

    private mutating func textList(_ node: Node, path: String, what: String, context: String) -> [String] {
        guard case .sequence(let items) = node else {
            error("\(Self.about(context, "`\(what):`")) must be a list", node, hint: "write `\(what): [a, b, c]`")
            return []
        }
        var result: [String] = []
        for (i, item) in items.enumerated() {
            locations[path + "[\(i)]"] = location(of: item)
            guard case .scalar(let scalar) = item else {
                error("\(Self.about(context, "each of `\(what)`")) must be a single value", item)
                continue
            }
            result.append(scalar.string)
        }
        return result
    }

    private func integer(_ node: Node) -> Int? {
        guard case .scalar = node, Self.tagName(node) == .int else { return nil }
        return node.int
    }

    private mutating func number(_ node: Node, what: String, context: String) -> Double? {
        if case .scalar = node, Self.tagName(node) == .int || Self.tagName(node) == .float, let value = node.float, value.isFinite {
            return value
        }
        error("\(Self.about(context, what)) must be a number", node)
        return nil
    }

    /// A non-negative whole number (record counts, lengths).
    private mutating func count(_ node: Node, what: String, context: String) -> Int? {
        if isNull(node) { return nil }
        if let value = integer(node), value >= 0 { return value }
        error("\(Self.about(context, what)) must be a whole number, 0 or more", node)
        return nil
    }

    private mutating func flag(_ node: Node, what: String, context: String) -> Bool? {
        if case .scalar(let scalar) = node, Self.tagName(node) == .bool, let value = node.bool {
            // YAML 1.1 also reads yes/no/on/off; Velostream's YAML 1.2 parser does not.
            if !["true", "false"].contains(scalar.string.lowercased()) {
                warning(
                    "\(Self.about(context, what)): write `\(value)` instead of '\(scalar.string)'", node,
                    hint: "Velostream reads only true and false here")
            }
            return value
        }
        error("\(Self.about(context, what)) must be true or false", node)
        return nil
    }

    /// A YAML value as JSON, for keys Velo keeps without understanding them.
    package func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Self.tagName(node) {
            case .null where scalar.style == .plain || scalar.style == .any: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map { .int(Int64($0)) } ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let map):
            var object = JSONObject()
            for (key, value) in map { object[key.string ?? ""] = json(value) }
            return .object(object)
        case .sequence(let items):
            return .array(items.map(json))
        case .alias:
            return .null
        }
    }

    /// The resolved tag of a node (plain `5` is int, quoted `"5"` is str).
    package static func tagName(_ node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    /// `field 'x': nullable` for a field-level subject, `field 'x': range min` below a constraint.
    package static func about(_ context: String, _ what: String) -> String {
        context.contains(":") ? "\(context) \(what)" : "\(context): \(what)"
    }

    package static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }
}
