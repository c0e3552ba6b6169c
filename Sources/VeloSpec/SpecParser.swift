import VeloBase
import VeloJSON
import VeloSchema
import Yams

/// Turns a composed YAML tree into a `TestSpec`, collecting every problem (with line and column) instead of
/// stopping at the first. Mirrors Velostream's serde structs: a wrong kind or a missing required key is an
/// error, an unknown key a warning (serde ignores it) with a did-you-mean.
package struct SpecParser {
    /// Locations, scalar tags and YAML → JSON come from the schema parser (same file, same rules).
    private let yaml: SchemaParser
    package private(set) var diagnostics: [Diagnostic] = []

    package init(text: String, file: String?) { yaml = SchemaParser(text: text, file: file) }

    package var file: String? { yaml.file }

    package func location(of node: Node) -> SourceLocation? { yaml.location(of: node) }
    package func location(line: Int, column: Int) -> SourceLocation { yaml.location(line: line, scalarColumn: column) }

    package mutating func error(_ message: String, _ node: Node?, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, location: node.flatMap(location(of:)), hint: hint))
    }

    package mutating func warning(_ message: String, _ node: Node?, hint: String? = nil) {
        diagnostics.append(Diagnostic(.warning, message, location: node.flatMap(location(of:)), hint: hint))
    }

    private static func didYouMean(_ s: String?) -> String { SchemaParser.didYouMean(s) }

    // MARK: top level

    package mutating func parseSpec(_ root: Node?) -> TestSpec? {
        guard let root, !isNull(root) else {
            diagnostics.append(
                Diagnostic(
                    .error, "the test spec is empty", location: SourceLocation(file: file, line: 1, column: 1),
                    hint: "a test spec needs `application:` and `queries:`"))
            return nil
        }
        guard case .mapping(let map) = root else {
            error("a test spec must be a mapping with `application:` and `queries:`", root)
            return nil
        }
        var spec = TestSpec(application: "")
        spec.file = file
        var sawApplication = false, sawQueries = false
        for (key, keyNode, value) in entries(map) {
            switch key {
            case "application":
                sawApplication = true
                spec.application = text(value, "application") ?? ""
            case "description": spec.description = optionalText(value, "description")
            case "default_timeout_ms": spec.defaultTimeoutMs = count(value, "default_timeout_ms") ?? spec.defaultTimeoutMs
            case "default_records": spec.defaultRecords = count(value, "default_records") ?? spec.defaultRecords
            case "topic_naming": spec.topicNaming = parseTopicNaming(value)
            case "config": spec.config = parseConfig(value)
            case "queries":
                sawQueries = true
                spec.queries = parseQueries(value)
            default:
                if TestSpec.ignoredKeys.contains(key) {
                    spec.extras[key] = yaml.json(value)
                } else {
                    unknownKey(key, keyNode, among: TestSpec.knownKeys, context: "top-level")
                    spec.extras[key] = yaml.json(value)
                }
            }
        }
        if !sawApplication { error("the test spec has no `application:`", root, hint: "add `application: <app name>`") }
        if !sawQueries { error("the test spec has no `queries:`", root, hint: "add `queries:` with a list of `- name: <query>` entries") }
        checkReferences(spec)
        return spec
    }

    private mutating func unknownKey(_ key: String, _ node: Node, among known: [String], context: String) {
        let suggestion = Suggest.closest(to: key, among: known)
        warning(
            "unknown \(context) key '\(key)' is ignored\(Self.didYouMean(suggestion))", node,
            hint: suggestion == nil ? "keys here: \(known.joined(separator: ", "))" : nil)
    }

    private mutating func parseTopicNaming(_ node: Node) -> TopicNaming? {
        if isNull(node) { return nil }
        guard case .mapping(let map) = node else {
            error("`topic_naming:` must be a mapping", node, hint: "e.g. `topic_naming: {pattern: \"test_{run_id}_{base}\"}`")
            return nil
        }
        var naming = TopicNaming()
        for (key, keyNode, value) in entries(map) {
            let what = "topic_naming \(key)"
            switch key {
            case "pattern": naming.pattern = text(value, what) ?? naming.pattern
            case "namespace": naming.namespace = optionalText(value, what)
            case "branch_from_env": naming.branchFromEnv = text(value, what) ?? naming.branchFromEnv
            case "user_from_env": naming.userFromEnv = text(value, what) ?? naming.userFromEnv
            case "branch": naming.branch = optionalText(value, what)
            case "user": naming.user = optionalText(value, what)
            case "hash_long_names": naming.hashLongNames = flag(value, what) ?? naming.hashLongNames
            case "max_topic_length": naming.maxTopicLength = count(value, what) ?? naming.maxTopicLength
            default: unknownKey(key, keyNode, among: TopicNaming.knownKeys, context: "topic_naming")
            }
        }
        return naming
    }

    private mutating func parseConfig(_ node: Node) -> [String: String] {
        if isNull(node) { return [:] }
        guard case .mapping(let map) = node else {
            error("`config:` must be a mapping of names to values", node)
            return [:]
        }
        var config: [String: String] = [:]
        for (key, _, value) in entries(map) {
            if let v = text(value, "config '\(key)'") { config[key] = v }
        }
        return config
    }

    // MARK: queries

    private mutating func parseQueries(_ node: Node) -> [SpecQuery] {
        if isNull(node) { return [] }
        guard case .sequence(let items) = node else {
            error("`queries:` must be a list", node, hint: "write each query as `- name: <query>` on its own line")
            return []
        }
        var queries: [SpecQuery] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            guard let query = parseQuery(item, index: index) else { continue }
            if !seen.insert(query.name).inserted {
                error("query '\(query.name)' is listed twice", item.mapping?["name"] ?? item, hint: "keep one entry per query")
            }
            queries.append(query)
        }
        return queries
    }

    private mutating func parseQuery(_ node: Node, index: Int) -> SpecQuery? {
        guard case .mapping(let map) = node else {
            error("query #\(index + 1) must be a mapping with `name:` and `inputs:`", node)
            return nil
        }
        var name: String?
        if let n = map["name"] { name = text(n, "query name") }
        let context = name.map { "query '\($0)'" } ?? "query #\(index + 1)"
        if map["name"] == nil { error("\(context) has no `name:`", node, hint: "add `name: <CREATE STREAM/TABLE name>`") }
        var query = SpecQuery(name: name ?? "")
        query.location = location(of: node)
        var sawInputs = false
        for (key, keyNode, value) in entries(map) {
            switch key {
            case "name": break
            case "description": query.description = optionalText(value, "\(context) description")
            case "skip": query.skip = flag(value, "\(context) skip") ?? false
            case "dependencies": query.dependencies = textList(value, "\(context) dependencies")
            case "inputs":
                sawInputs = true
                query.inputs = parseInputs(value, context: context)
            case "output":
                guard case .mapping(let m) = value else {
                    if !isNull(value) { error("\(context): `output:` must be a mapping like {sink_type: {type: kafka}}", value) }
                    continue
                }
                for (k, kNode, v) in entries(m) {
                    if k == "sink_type" {
                        query.sinkType = parseEndpoint(v, context: "\(context) output sink_type")
                    } else {
                        unknownKey(k, kNode, among: ["sink_type"], context: "\(context) output")
                    }
                }
            case "outputs": query.outputs = parseOutputs(value, context: context)
            case "assertions": query.assertions = parseAssertions(value, context: context)
            case "metric_assertions": query.metricAssertions = parseAssertions(value, context: "\(context) metric_assertions")
            case "timeout_ms": query.timeoutMs = count(value, "\(context) timeout_ms")
            case "capture_format":
                if let f = text(value, "\(context) capture_format") {
                    if SpecQuery.captureFormats.contains(f.lowercased()) {
                        query.captureFormat = f.lowercased()
                    } else {
                        let s = Suggest.closest(to: f, among: SpecQuery.captureFormats)
                        error("\(context): unknown capture_format '\(f)'\(Self.didYouMean(s))", value, hint: "formats: json, avro, protobuf")
                    }
                }
            case "capture_schema": query.captureSchema = yaml.json(value)
            default: unknownKey(key, keyNode, among: SpecQuery.knownKeys, context: "\(context)")
            }
        }
        if !sawInputs {
            error("\(context) has no `inputs:`", node, hint: "add `inputs:` with `- source: <name>` (an empty list `inputs: []` is allowed)")
        }
        return name == nil ? nil : query
    }

    private mutating func parseInputs(_ node: Node, context: String) -> [SpecInput] {
        if isNull(node) { return [] }
        guard case .sequence(let items) = node else {
            error("\(context): `inputs:` must be a list", node, hint: "write each input as `- source: <name>`")
            return []
        }
        var inputs: [SpecInput] = []
        for (i, item) in items.enumerated() {
            guard case .mapping(let map) = item else {
                error("\(context): input #\(i + 1) must be a mapping with `source:`", item)
                continue
            }
            var input = SpecInput(source: "")
            input.location = location(of: item)
            var where_ = "\(context) input #\(i + 1)"
            if let s = map["source"], let source = text(s, "\(where_) source") {
                input.source = source
                where_ = "\(context) input '\(source)'"
            } else if map["source"] == nil {
                error("\(where_) has no `source:`", item, hint: "add `source: <name the SQL reads>`")
            }
            for (key, keyNode, value) in entries(map) {
                switch key {
                case "source": break
                case "schema": input.schema = optionalText(value, "\(where_) schema")
                case "records": input.records = count(value, "\(where_) records")
                case "from_previous": input.fromPrevious = optionalText(value, "\(where_) from_previous")
                case "data_file": input.dataFile = optionalText(value, "\(where_) data_file")
                case "key_field": input.keyField = optionalText(value, "\(where_) key_field")
                case "source_type": input.sourceType = parseEndpoint(value, context: "\(where_) source_type")
                case "time_simulation": input.timeSimulation = parseTimeSimulation(value, context: where_)
                default: unknownKey(key, keyNode, among: SpecInput.knownKeys, context: where_)
                }
            }
            inputs.append(input)
        }
        return inputs
    }

    private mutating func parseEndpoint(_ node: Node, context: String) -> SpecEndpoint? {
        if isNull(node) { return nil }
        guard case .mapping(let map) = node, let typeNode = map["type"] else {
            error(
                "\(context) must be a mapping with `type: kafka` or `type: file`", node,
                hint: "e.g. {type: kafka, topic: trades} or {type: file, path: out.csv, format: Csv}")
            return nil
        }
        guard let typeName = text(typeNode, "\(context) type") else { return nil }
        guard let kind = SpecEndpoint.Kind(rawValue: typeName.lowercased()) else {
            let s = Suggest.closest(to: typeName, among: ["kafka", "file"])
            error("\(context): unknown type '\(typeName)'\(Self.didYouMean(s))", typeNode, hint: "types: kafka, file")
            return nil
        }
        var endpoint = SpecEndpoint(kind: kind)
        let keys = kind == .kafka ? ["type", "topic"] : ["type", "path", "format", "watch"]
        for (key, keyNode, value) in entries(map) {
            switch key {
            case "type": break
            case "topic" where kind == .kafka: endpoint.topic = optionalText(value, "\(context) topic")
            case "path" where kind == .file: endpoint.path = text(value, "\(context) path")
            case "format" where kind == .file:
                if let f = text(value, "\(context) format") {
                    if SpecEndpoint.fileFormats.contains(f) {
                        endpoint.format = f
                    } else {
                        let s = Suggest.closest(to: f, among: SpecEndpoint.fileFormats)
                        error(
                            "\(context): unknown file format '\(f)'\(Self.didYouMean(s))", value,
                            hint: "formats are Velostream's variant names: Csv, CsvNoHeader, JsonLines, Json")
                    }
                }
            case "watch" where kind == .file: endpoint.watch = flag(value, "\(context) watch") ?? false
            default: unknownKey(key, keyNode, among: keys, context: context)
            }
        }
        if kind == .file {
            if endpoint.path == nil { error("\(context): a file needs `path:`", node) }
            if endpoint.format == nil { error("\(context): a file needs `format:`", node, hint: "Csv, CsvNoHeader, JsonLines or Json") }
        }
        return endpoint
    }

    private mutating func parseTimeSimulation(_ node: Node, context: String) -> TimeSimulation? {
        if isNull(node) { return nil }
        guard case .mapping(let map) = node else {
            error("\(context): `time_simulation:` must be a mapping", node, hint: "e.g. {start_time: \"-1h\", events_per_second: 50}")
            return nil
        }
        var sim = TimeSimulation()
        let where_ = "\(context) time_simulation"
        for (key, keyNode, value) in entries(map) {
            switch key {
            case "start_time", "end_time":
                if let t = text(value, "\(where_) \(key)") {
                    if TimeSpec.parse(t) == nil { error("\(where_) \(key): '\(t)' is not a time", value, hint: TimeSpec.forms) }
                    if key == "start_time" { sim.startTime = t } else { sim.endTime = t }
                }
            case "time_scale": sim.timeScale = number(value, "\(where_) time_scale") ?? 1
            case "events_per_second": sim.eventsPerSecond = number(value, "\(where_) events_per_second")
            case "sequential": sim.sequential = flag(value, "\(where_) sequential") ?? true
            case "jitter_ms": sim.jitterMs = count(value, "\(where_) jitter_ms")
            case "batch_size": sim.batchSize = count(value, "\(where_) batch_size") ?? 1
            default: unknownKey(key, keyNode, among: TimeSimulation.knownKeys, context: where_)
            }
        }
        return sim
    }

    private mutating func parseOutputs(_ node: Node, context: String) -> [SpecOutput] {
        if isNull(node) { return [] }
        guard case .sequence(let items) = node else {
            error("\(context): `outputs:` must be a list of {sink, assertions}", node)
            return []
        }
        var outputs: [SpecOutput] = []
        for (i, item) in items.enumerated() {
            guard case .mapping(let map) = item else {
                error("\(context): output #\(i + 1) must be a mapping with `sink:`", item)
                continue
            }
            var output = SpecOutput(sink: "")
            if map["sink"] == nil { error("\(context): output #\(i + 1) has no `sink:`", item) }
            for (key, keyNode, value) in entries(map) {
                switch key {
                case "sink": output.sink = text(value, "\(context) output sink") ?? ""
                case "assertions": output.assertions = parseAssertions(value, context: "\(context) output '\(output.sink)'")
                default: unknownKey(key, keyNode, among: ["sink", "assertions"], context: "\(context) output")
                }
            }
            outputs.append(output)
        }
        return outputs
    }

    // MARK: assertions

    package mutating func parseAssertions(_ node: Node, context: String) -> [SpecAssertion] {
        if isNull(node) { return [] }
        guard case .sequence(let items) = node else {
            error("\(context): assertions must be a list", node, hint: "write each as `- type: record_count` with its parameters")
            return []
        }
        return items.compactMap { parseAssertion($0, context: context) }
    }

    private mutating func parseAssertion(_ node: Node, context: String) -> SpecAssertion? {
        guard case .mapping(let map) = node else {
            error("\(context): an assertion must be a mapping with `type:`", node)
            return nil
        }
        guard let typeNode = map["type"] else {
            error("\(context): assertion has no `type:`", node, hint: "types: \(SpecAssertionCatalog.typeNames.joined(separator: ", "))")
            return nil
        }
        guard let type = text(typeNode, "\(context) assertion type") else { return nil }
        guard let params = SpecAssertionCatalog.params(of: type) else {
            let s = Suggest.closest(to: type, among: SpecAssertionCatalog.typeNames)
            error(
                "\(context): unknown assertion type '\(type)'\(Self.didYouMean(s))", typeNode,
                hint: s == nil ? "types: \(SpecAssertionCatalog.typeNames.joined(separator: ", "))" : nil)
            return nil
        }
        let where_ = "\(context) \(type)"
        var result = SpecAssertion(type, location: location(of: node))
        var ok = true
        for (key, keyNode, value) in entries(map) where key != "type" {
            guard let param = params.first(where: { $0.key == key }) else {
                let keys = params.map(\.key)
                let s = Suggest.closest(to: key, among: keys)
                warning(
                    "\(where_): unknown key '\(key)' is ignored\(Self.didYouMean(s))", keyNode,
                    hint: s == nil ? "keys of \(type): \(keys.joined(separator: ", "))" : nil)
                continue
            }
            if isNull(value) { continue }
            guard let json = check(value, param, type: type, context: where_) else { ok = false; continue }
            result.params.append(key, json)
        }
        // A required key that is present but wrong was reported above; here only the missing ones.
        let missing = params.filter { $0.required && (map[$0.key].map(isNull) ?? true) }
        if !missing.isEmpty {
            let names = missing.map { "`\($0.key)`" }.joined(separator: " and ")
            error(
                "\(where_) needs \(names)", node,
                hint: "\(type) takes: " + params.map { $0.required ? "\($0.key) (required)" : $0.key }.joined(separator: ", "))
            ok = false
        }
        return ok ? result : nil
    }

    /// One parameter's value, checked against its kind and its allowed words.
    private mutating func check(_ node: Node, _ param: SpecAssertionCatalog.Param, type: String, context: String) -> JSONValue? {
        let value = yaml.json(node)
        let what = "\(context) \(param.key)"
        func fail(_ extra: String? = nil) -> JSONValue? {
            error("\(what) must be \(param.kind.describe)\(extra ?? "")", node)
            return nil
        }
        switch param.kind {
        case .number: guard value.doubleValue != nil else { return fail() }
        case .integer: guard value.intValue != nil else { return fail() }
        case .rate:
            guard let d = value.doubleValue else { return fail() }
            guard (0...1).contains(d) else {
                error(
                    "\(what) must be from 0 to 1, not \(SchemaNumber.text(d))", node,
                    hint: param.key == "min_match_rate" ? "a share: 0.8 means 80% of records matched" : "a share: 0.05 means 5%")
                return nil
            }
        case .flag: guard value.boolValue != nil else { return fail() }
        case .text:
            guard case .scalar = node else { return fail() }
            let text = (node.scalar?.string) ?? ""
            if let choices = SpecAssertionCatalog.choices(type: type, key: param.key), !choices.contains(text) {
                let s = choices.first { $0.lowercased() == text.lowercased() } ?? Suggest.closest(to: text, among: choices)
                error("\(what): unknown value '\(text)'\(Self.didYouMean(s))", node, hint: "one of: \(choices.joined(separator: ", "))")
                return nil
            }
            return .string(text)
        case .texts:
            guard case .sequence(let items) = node, items.allSatisfy({ if case .scalar = $0 { true } else { false } }) else {
                return fail(" (write `\(param.key): [a, b]`)")
            }
        case .numbers:
            guard let items = value.arrayValue, items.allSatisfy({ $0.doubleValue != nil }) else { return fail() }
            if param.key == "between" {
                guard items.count == 2, items[0].doubleValue! <= items[1].doubleValue! else {
                    error("\(what) must be two numbers [low, high] with low ≤ high", node)
                    return nil
                }
            }
        case .objects:
            guard let items = value.arrayValue, items.allSatisfy({ $0.objectValue != nil }) else {
                return fail(" (e.g. `[{field: price, min: 0, max: 100}]`)")
            }
        case .any:
            break
        }
        return value
    }

    // MARK: cross checks

    /// `from_previous` and `dependencies` must name queries of the spec; regexes must compile.
    private mutating func checkReferences(_ spec: TestSpec) {
        let names = spec.queries.map(\.name)
        for query in spec.queries {
            for input in query.inputs {
                if let previous = input.fromPrevious, !names.contains(previous) {
                    let s = Suggest.closest(to: previous, among: names)
                    diagnostics.append(
                        Diagnostic(
                            .error,
                            "query '\(query.name)' input '\(input.source)': from_previous '\(previous)' is not a query of this spec\(Self.didYouMean(s))",
                            location: input.location, hint: "queries: \(names.joined(separator: ", "))"))
                }
            }
            for assertion in query.allAssertions where assertion.type == "field_values" && assertion.string("operator") == "matches" {
                let pattern = assertion.string("value") ?? ""
                if (try? Regex(pattern)) == nil {
                    diagnostics.append(
                        Diagnostic(
                            .error, "query '\(query.name)' field_values: '\(pattern)' is not a valid regular expression",
                            location: assertion.location))
                }
            }
        }
    }

    // MARK: scalars

    /// A mapping's entries as (key, key node, value), reporting duplicates.
    private mutating func entries(_ map: Node.Mapping) -> [(String, Node, Node)] {
        var result: [(String, Node, Node)] = []
        var seen: Set<String> = []
        for (keyNode, value) in map {
            guard case .scalar(let scalar) = keyNode else {
                error("a mapping key must be plain text", keyNode)
                continue
            }
            if !seen.insert(scalar.string).inserted {
                error("duplicate key '\(scalar.string)'", keyNode, hint: "Velostream rejects a key given twice; keep one")
                continue
            }
            result.append((scalar.string, keyNode, value))
        }
        return result
    }

    package func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node, s.style == .plain || s.style == .any, SchemaParser.tagName(node) == .null { return true }
        return false
    }

    private mutating func text(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            error("\(what) must be text", node)
            return nil
        }
        return scalar.string
    }

    private mutating func optionalText(_ node: Node, _ what: String) -> String? { isNull(node) ? nil : text(node, what) }

    private mutating func textList(_ node: Node, _ what: String) -> [String] {
        if isNull(node) { return [] }
        guard case .sequence(let items) = node else {
            error("\(what) must be a list", node, hint: "write `[a, b]`")
            return []
        }
        return items.compactMap { text($0, what) }
    }

    private mutating func number(_ node: Node, _ what: String) -> Double? {
        if case .scalar = node, [.int, .float].contains(SchemaParser.tagName(node)), let v = node.float, v.isFinite { return v }
        error("\(what) must be a number", node)
        return nil
    }

    private mutating func count(_ node: Node, _ what: String) -> Int? {
        if isNull(node) { return nil }
        if case .scalar = node, SchemaParser.tagName(node) == .int, let v = node.int, v >= 0 { return v }
        error("\(what) must be a whole number, 0 or more", node)
        return nil
    }

    private mutating func flag(_ node: Node, _ what: String) -> Bool? {
        if case .scalar = node, SchemaParser.tagName(node) == .bool, let v = node.bool { return v }
        error("\(what) must be true or false", node)
        return nil
    }
}
