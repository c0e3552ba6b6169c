import VeloBase

/// Checks a schema's meaning: bounds in order, weights matching values, names that point at real fields,
/// time bounds that parse. Works on loaded schemas (errors point at their lines through `origin`) and on
/// schemas built in code (errors then carry no location). Each check reports every problem it finds.
public enum SchemaValidator {
    /// Problems inside one schema, in field order. Errors make the schema unusable; warnings do not.
    public static func validate(_ schema: Schema) -> [Diagnostic] {
        validate(schema, untyped: [])
    }

    /// `untyped`: indexes of fields whose type failed to parse; checks that depend on the type skip them.
    package static func validate(_ schema: Schema, untyped: Set<Int>) -> [Diagnostic] {
        var check = Checker(origin: schema.origin, untyped: untyped)
        check.schema(schema)
        return check.diagnostics
    }

    /// Problems across a set of schemas (a schemas directory): duplicate schema names, and `references`
    /// naming a schema or field that does not exist. A reference to a schema outside the set is a warning,
    /// since Velostream then generates placeholders (`REF_<SCHEMA>_<n>`); one to a missing field of a known
    /// schema is an error. Run `validate(_:)` on each schema too; this does not repeat it.
    public static func validate(set schemas: [Schema]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var byName: [String: Schema] = [:]
        for schema in schemas {
            if let first = byName[schema.name] {
                let firstFile = first.origin?.file.map { " (first in \($0))" } ?? ""
                diagnostics.append(
                    Diagnostic(
                        .error, "schema name '\(schema.name)' is used twice\(firstFile)",
                        location: schema.origin?.location(of: "name"),
                        hint: "test specs find schemas by name: give each a different `name:`"))
            } else {
                byName[schema.name] = schema
            }
        }
        let names = schemas.map(\.name)
        for schema in schemas {
            for (i, field) in schema.fields.enumerated() {
                guard let ref = field.constraints.references else { continue }
                let path = "fields[\(i)].constraints.references"
                let context = "field '\(field.name)': references"
                guard let target = byName[ref.schema] else {
                    let suggestion = Suggest.closest(to: ref.schema, among: names)
                    diagnostics.append(
                        Diagnostic(
                            .warning, "\(context) unknown schema '\(ref.schema)'\(SchemaParser.didYouMean(suggestion))",
                            location: schema.origin?.location(of: path + ".schema"),
                            hint: "values will be placeholders like REF_\(ref.schema.uppercased())_1 unless that schema is loaded"))
                    continue
                }
                if target.field(named: ref.field) == nil {
                    let suggestion = SchemaParser.didYouMean(Suggest.closest(to: ref.field, among: target.fields.map(\.name)))
                    diagnostics.append(
                        Diagnostic(
                            .error, "\(context) unknown field '\(ref.field)' of schema '\(ref.schema)'\(suggestion)",
                            location: schema.origin?.location(of: path + ".field"),
                            hint: "fields of '\(ref.schema)': \(target.fields.map(\.name).joined(separator: ", "))"))
                }
            }
        }
        return diagnostics
    }
}

private struct Checker {
    let origin: SchemaOrigin?
    let untyped: Set<Int>
    var diagnostics: [Diagnostic] = []

    mutating func report(_ severity: Diagnostic.Severity, _ message: String, at path: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(severity, message, location: origin?.location(of: path), hint: hint))
    }

    mutating func schema(_ schema: Schema) {
        if schema.name.isEmpty, origin == nil { report(.error, "the schema name is empty", at: "name") }
        if let count = schema.recordCount, count < 0 {
            report(.error, "record_count must be 0 or more (got \(count))", at: "record_count")
        }
        if schema.fields.isEmpty, origin?.locations["fields"] != nil || origin == nil {
            report(
                .warning, "schema '\(schema.name)' has no fields", at: "fields",
                hint: "every generated record would be empty")
        }
        var firstIndex: [String: Int] = [:]
        for (i, field) in schema.fields.enumerated() where !field.name.isEmpty {
            if let first = firstIndex[field.name] {
                let line = origin?.location(of: "fields[\(first)].name").map { " (first on line \($0.line))" } ?? ""
                report(
                    .error, "field '\(field.name)' is defined twice\(line)", at: "fields[\(i)].name",
                    hint: "rename or remove one of them")
            } else {
                firstIndex[field.name] = i
            }
        }
        let names = schema.fields.map(\.name).filter { !$0.isEmpty }
        if let key = schema.keyField, !names.contains(key) {
            let suggestion = Suggest.closest(to: key, among: names)
            report(
                .error, "key_field '\(key)' is not a field of this schema\(SchemaParser.didYouMean(suggestion))",
                at: "key_field", hint: "fields: \(names.joined(separator: ", "))")
        } else if let key = schema.keyField, schema.field(named: key)?.nullable == true {
            report(
                .warning, "key_field '\(key)' is nullable: about 10% of messages will have no key", at: "key_field",
                hint: "drop `nullable: true` from '\(key)' if every message needs a key")
        }
        for (i, field) in schema.fields.enumerated() {
            self.field(field, path: "fields[\(i)]", names: names, typed: !untyped.contains(i))
        }
    }

    mutating func field(_ field: SchemaField, path: String, names: [String], typed: Bool) {
        let context = "field '\(field.name)'"
        let c = field.constraints
        let cpath = path + ".constraints"
        if field.name.isEmpty, origin == nil { report(.error, "a field has an empty name", at: path) }
        if case .decimal(let precision) = field.type, !(0...255).contains(precision) {
            report(.error, "\(context): decimal precision must be from 0 to 255 (got \(precision))", at: path + ".type")
        }
        if let e = c.enumValues { enumValues(e, context: context, path: cpath + ".enum_values") }
        if let r = c.range { range(r, context: context, path: cpath + ".range") }
        if let l = c.length { length(l, context: context, path: cpath + ".length") }
        if let d = c.distribution { distribution(d, field: field, path: cpath + ".distribution", names: names) }
        if let d = c.derived { derived(d, field: field, path: cpath + ".derived", names: names) }
        if let t = c.timestampRange { timeRange(t, key: "timestamp_range", field: field, path: cpath + ".timestamp_range") }
        if let t = c.timestampEpochMs { timeRange(t, key: "timestamp_epoch_ms", field: field, path: cpath + ".timestamp_epoch_ms") }
        if typed { applicability(field, path: cpath) }
    }

    mutating func enumValues(_ e: EnumValues, context: String, path: String) {
        if e.values.isEmpty {
            report(
                .error, "\(context): enum_values has no values", at: path + ".values",
                hint: "list at least one value: `values: [a, b]`")
        }
        guard let weights = e.weights else { return }
        if weights.count != e.values.count {
            report(
                .error, "\(context): enum_values has \(plural(e.values.count, "value")) but \(plural(weights.count, "weight"))",
                at: path + ".weights", hint: "give one weight per value, or drop `weights:` to make values equally likely")
        }
        for (j, w) in weights.enumerated() where w < 0 || !w.isFinite {
            let value = j < e.values.count ? e.values[j] : "#\(j + 1)"
            let problem = w.isNaN ? "not a number" : w < 0 ? "negative" : "infinite"
            report(
                .error, "\(context): weight \(num(w)) of '\(value)' is \(problem)", at: path + ".weights[\(j)]",
                hint: "weights are relative frequencies: 0 or more")
        }
        if !weights.isEmpty, weights.allSatisfy({ $0 == 0 }) {
            report(
                .error, "\(context): enum_values weights are all 0", at: path + ".weights",
                hint: "at least one value needs a positive weight")
        }
    }

    mutating func range(_ r: NumericRange, context: String, path: String) {
        if !r.min.isFinite || !r.max.isFinite {
            report(.error, "\(context): range bounds must be finite numbers", at: path)
        } else if r.min > r.max {
            report(
                .error, "\(context): range min (\(num(r.min))) is greater than max (\(num(r.max)))", at: path + ".min",
                hint: "swap the bounds: `range: {min: \(num(r.max)), max: \(num(r.min))}`")
        }
    }

    mutating func length(_ l: LengthRange, context: String, path: String) {
        for (name, value) in [("min", l.min), ("max", l.max)] {
            if let value, value < 0 {
                report(.error, "\(context): length \(name) must be 0 or more (got \(value))", at: path + "." + name)
            }
        }
        if let lo = l.min, let hi = l.max, lo > hi {
            report(
                .error, "\(context): length min (\(lo)) is greater than max (\(hi))", at: path + ".min",
                hint: "swap the bounds: `length: {min: \(hi), max: \(lo)}`")
        } else if let lo = l.min, l.max == nil, lo > LengthRange.defaultMax {
            report(
                .warning, "\(context): length min (\(lo)) is above the default max (\(LengthRange.defaultMax))",
                at: path + ".min", hint: "add `max:` to the length")
        }
    }

    mutating func derived(_ d: DerivedValue, field: SchemaField, path: String, names: [String]) {
        let context = "field '\(field.name)': derived"
        if d.expression.trimmingSpaces().isEmpty {
            report(
                .error, "\(context) expression is empty", at: path + ".expression",
                hint: "e.g. `expression: \"price * quantity\"`")
        }
        for (j, dep) in d.dependsOn.enumerated() {
            if dep == field.name {
                report(.error, "\(context) depends on itself", at: path + ".depends_on[\(j)]")
            } else if !names.contains(dep) {
                let suggestion = SchemaParser.didYouMean(Suggest.closest(to: dep, among: names))
                report(
                    .error, "\(context) depends_on names unknown field '\(dep)'\(suggestion)", at: path + ".depends_on[\(j)]",
                    hint: "fields: \(names.joined(separator: ", "))")
            }
        }
    }

    /// Warnings for constraints Velostream ignores on this field's type.
    mutating func applicability(_ field: SchemaField, path: String) {
        let c = field.constraints
        let type = field.type
        func warn(_ key: String, _ applies: String, hint: String? = nil) {
            report(
                .warning, "field '\(field.name)': \(key) applies to \(applies) fields, not \(type)",
                at: path + "." + key, hint: hint)
        }
        if c.range != nil, !type.isNumeric { warn("range", "integer, float and decimal") }
        if c.distribution != nil, !type.isNumeric { warn("distribution", "integer, float and decimal") }
        if c.length != nil, type != .string { warn("length", "string") }
        if c.pattern != nil, type != .string { warn("pattern", "string") }
        if c.timestampRange != nil, type != .timestamp {
            let hint = type == .integer ? "use `timestamp_epoch_ms` for epoch-millisecond integers" : nil
            warn("timestamp_range", "timestamp", hint: hint)
        }
        if c.timestampEpochMs != nil, type != .integer {
            warn("timestamp_epoch_ms", "integer", hint: type == .timestamp ? "use `timestamp_range` for timestamp fields" : nil)
        }
    }

    mutating func distribution(_ d: Distribution, field: SchemaField, path: String, names: [String]) {
        let context = "field '\(field.name)': distribution"
        switch d {
        case .uniform: break
        case .normal(_, let sd), .logNormal(_, let sd):
            if sd < 0 {
                report(
                    .error, "\(context) \(d.name) std_dev must be 0 or more (got \(num(sd)))",
                    at: path + ".\(d.name).std_dev")
            }
        case .zipf(let exponent):
            if exponent <= 0 {
                report(
                    .error, "\(context) zipf exponent must be greater than 0 (got \(num(exponent)))",
                    at: path + ".zipf.exponent", hint: "1.0 is classic Zipf; larger is more skewed")
            }
        case .randomWalk(let walk):
            if walk.volatility < 0 {
                report(
                    .error, "\(context) random_walk volatility must be 0 or more (got \(num(walk.volatility)))",
                    at: path + ".random_walk.volatility", hint: "0.02 means 2% per step")
            }
            if let group = walk.groupBy, !names.contains(group) {
                let suggestion = SchemaParser.didYouMean(Suggest.closest(to: group, among: names))
                report(
                    .error, "\(context) random_walk group_by names unknown field '\(group)'\(suggestion)",
                    at: path + ".random_walk.group_by", hint: "fields: \(names.joined(separator: ", "))")
            }
        }
    }

    mutating func timeRange(_ range: TimeRange, key: String, field: SchemaField, path: String) {
        let context = "field '\(field.name)': \(key)"
        let start = TimeSpec.parse(range.start)
        let end = TimeSpec.parse(range.end)
        for (name, text, spec) in [("start", range.start, start), ("end", range.end, end)] where spec == nil {
            report(.error, "\(context) \(name) '\(text)' is not a time", at: path + "." + name, hint: TimeSpec.forms)
        }
        guard let start, let end else { return }
        // Comparable only when both are relative or both absolute.
        switch (start, end) {
        case (.relative(let a), .relative(let b)) where a > b,
            (.absolute(let a), .absolute(let b)) where a > b:
            report(
                .error, "\(context) start '\(range.start)' is after end '\(range.end)'", at: path + ".start",
                hint: "swap them")
        default: break
        }
    }

    private func num(_ value: Double) -> String { SchemaNumber.text(value) }

    private func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
}
