import VeloBase
import VeloSchema

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Applies `--with` overrides to the schemas of a run. An override may narrow what the schema allows, never
/// widen or contradict it: `amount > 500` on a field whose range ends at 100 is an error that says so.
/// Ranges and enum weights change in the schema; null shares and forced values become `GenFieldTweak`s.
public struct GenOverrideApplier {
    public private(set) var schemas: [Schema]
    /// Schema name → field name → tweak.
    public private(set) var tweaks: [String: [String: GenFieldTweak]] = [:]
    package let nowMs: Int64

    public init(schemas: [Schema], nowMs: Int64) {
        self.schemas = schemas
        self.nowMs = nowMs
    }

    public mutating func apply(_ overrides: [GenOverride]) throws(GenOverrideError) {
        for o in overrides { try apply(o) }
    }

    public mutating func apply(_ o: GenOverride) throws(GenOverrideError) {
        let (s, f) = try locate(o)
        var field = schemas[s].fields[f]
        var tweak = tweaks[schemas[s].name]?[field.name] ?? GenFieldTweak()
        let context = Context(override: o, field: field, nowMs: nowMs)
        try context.apply(to: &field, tweak: &tweak)
        schemas[s].fields[f] = field
        tweaks[schemas[s].name, default: [:]][field.name] = tweak
    }

    /// The schema and field an override names.
    package func locate(_ o: GenOverride) throws(GenOverrideError) -> (Int, Int) {
        var candidates = Array(schemas.indices)
        if let name = o.schema {
            guard let s = schemas.firstIndex(where: { $0.name == name }) else {
                let hint = Suggest.closest(to: name, among: schemas.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                throw GenOverrideError(
                    "unknown schema '\(name)'\(hint)", text: o.text, offset: o.fieldOffset - name.utf8.count - 1,
                    hint: "schemas in this run: " + schemas.map(\.name).joined(separator: ", "))
            }
            candidates = [s]
        }
        let hits = candidates.compactMap { s in schemas[s].fields.firstIndex { $0.name == o.field }.map { (s, $0) } }
        if hits.count == 1 { return hits[0] }
        if hits.isEmpty {
            let names = candidates.flatMap { schemas[$0].fields.map(\.name) }
            let suggestion = Suggest.closest(to: o.field, among: names)
            let where_ = candidates.count == 1 ? " of schema '\(schemas[candidates[0]].name)'" : ""
            throw GenOverrideError(
                "unknown field '\(o.field)'\(where_)" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""),
                text: o.text, offset: o.fieldOffset,
                hint: suggestion == nil ? "fields: " + names.joined(separator: ", ") : nil)
        }
        let owners = hits.map { "'\(schemas[$0.0].name)'" }.joined(separator: " and ")
        throw GenOverrideError(
            "field '\(o.field)' is in schemas \(owners)", text: o.text, offset: o.fieldOffset,
            hint: "name one: '\(schemas[hits[0].0].name).\(o.field)'")
    }

    /// One override meeting its field.
    package struct Context {
        package let override: GenOverride
        package let field: SchemaField
        package let nowMs: Int64

        package var name: String { field.name }

        package func fail(_ message: String, at token: GenOverride.Token? = nil, hint: String? = nil) -> GenOverrideError {
            GenOverrideError(message, text: override.text, offset: token?.offset ?? override.fieldOffset, hint: hint)
        }

        /// Epoch-ms fields: timestamps, dates and integers with a time range.
        package var isTime: Bool {
            field.type == .timestamp || field.type == .date
                || (field.type == .integer && (field.constraints.timestampEpochMs != nil || field.constraints.timestampRange != nil))
        }

        package func apply(to field: inout SchemaField, tweak: inout GenFieldTweak) throws(GenOverrideError) {
            let c = field.constraints
            switch override.condition {
            case .isNull(let share):
                guard field.nullable else {
                    throw fail("'\(name)' is not nullable in the schema", hint: "set `nullable: true` on the field to allow nulls")
                }
                tweak.nullRate = share ?? 1
                return
            case .notNull:
                tweak.nullRate = 0
                return
            default: break
            }
            if c.derived != nil {
                throw fail("'\(name)' is computed by its expression (\(c.derived!.expression)); it cannot be overridden")
            }
            if let ref = c.references {
                throw fail(
                    "'\(name)' references \(ref.schema).\(ref.field); overriding it could break referential integrity",
                    hint: "override the referenced field in '\(ref.schema)' instead")
            }
            if let values = c.enumValues {
                field.constraints.enumValues = try applyEnum(values)
                return
            }
            switch override.condition {
            case .between(let low, let high):
                if isTime { try narrowTime(&field, low: low, high: high); return }
                guard field.type.isNumeric else { throw notOrdered(low) }
                let lo = try number(low), hi = try number(high)
                guard lo <= hi else { throw fail("the low bound \(show(lo)) is above the high bound \(show(hi))", at: low) }
                try narrow(&field, lo: lo, hi: hi, at: low, phrase: "between \(low.text) and \(high.text)")
            case .compare(let op, let token):
                if isTime {
                    switch op {
                    case .greater, .greaterOrEqual: try narrowTime(&field, low: token, high: nil)
                    case .less, .lessOrEqual: try narrowTime(&field, low: nil, high: token)
                    }
                    return
                }
                guard field.type.isNumeric else { throw notOrdered(token) }
                let v = try number(token)
                let integer = field.type == .integer
                let (lo0, hi0) = effectiveRange(field)
                var lo = lo0, hi = hi0
                switch op {
                case .greater: lo = max(lo, integer ? v.rounded(.down) + 1 : v.nextUp)
                case .greaterOrEqual: lo = max(lo, integer ? v.rounded(.up) : v)
                case .less: hi = min(hi, integer ? v.rounded(.up) - 1 : v.nextDown)
                case .lessOrEqual: hi = min(hi, integer ? v.rounded(.down) : v)
                }
                try narrow(&field, lo: lo, hi: hi, at: token, phrase: "\(op.rawValue) \(token.text)")
            case .equals(let token, let share):
                tweak.forced = (try constant(token, field: field), share ?? 1)
            case .notEquals(let token):
                throw fail(
                    "'!=' works on fields with enum_values; '\(name)' is of type \(field.type)", at: token,
                    hint: "use a range instead, like '\(name) > …'")
            case .oneOf(let tokens):
                throw fail(
                    "'in (…)' works on fields with enum_values; '\(name)' is of type \(field.type)", at: tokens.first,
                    hint: "use 'between … and …' for numbers")
            case .isNull, .notNull:
                break
            }
        }

        package func notOrdered(_ token: GenOverride.Token) -> GenOverrideError {
            fail(
                "'\(name)' is of type \(field.type); ranges work on numbers and times", at: token,
                hint: "use '\(name) = VALUE' to force a value")
        }

        package func number(_ token: GenOverride.Token) throws(GenOverrideError) -> Double {
            guard !token.quoted, let v = Double(token.text.replacingUnderscores()), v.isFinite else {
                throw fail("expected a number for '\(name)', found '\(token.text)'", at: token)
            }
            return v
        }

        package func show(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v) }

        /// The range values come from when the schema gives none (Velostream's defaults, or where the
        /// distribution practically lives).
        package func effectiveRange(_ field: SchemaField) -> (Double, Double) {
            if let r = field.constraints.range { return (r.min, r.max) }
            let fallback = field.type == .integer ? GenCompiler.integerRange : GenCompiler.floatRange
            switch field.constraints.distribution ?? .uniform {
            case .uniform: return (fallback.min, fallback.max)
            case .normal(let mean, let sd): return (mean - 6 * sd, mean + 6 * sd)
            case .logNormal(let mean, let sd): return (0, exp(mean + 6 * sd))
            case .zipf: return (1, fallback.max)
            case .randomWalk: return (0, 1e12)
            }
        }

        /// Sets the range to lo...hi: inside the schema's own range when it has one (a default range is no
        /// promise, so `between` may leave it), and never empty.
        package func narrow(_ field: inout SchemaField, lo: Double, hi: Double, at token: GenOverride.Token, phrase: String) throws(GenOverrideError)
        {
            let empty = lo > hi || (field.type == .integer && lo.rounded(.up) > hi.rounded(.down))
            if let explicit = field.constraints.range {
                if empty || lo < explicit.min || hi > explicit.max {
                    throw fail(
                        "'\(name) \(phrase)' contradicts the schema: \(name)'s range is \(show(explicit.min))..\(show(explicit.max))",
                        at: token, hint: "overrides can narrow a range, not leave it")
                }
            } else if empty {
                let (a, b) = effectiveRange(field)
                throw fail(
                    "'\(name) \(phrase)' leaves no values: \(name) has no range in the schema, so values lie in \(show(a))..\(show(b))",
                    at: token, hint: "give both bounds, e.g. --with \"\(name) between \(show(lo)) and \(show(max(lo, hi) * 2 + 1))\"")
            }
            field.constraints.range = NumericRange(min: lo, max: hi)
        }

        package func time(_ token: GenOverride.Token) throws(GenOverrideError) -> Int64 {
            guard let spec = TimeSpec.parse(token.text) else {
                throw fail(
                    "expected a time for '\(name)', found '\(token.text)'", at: token,
                    hint: "use now, -30m, -2h, -1d, or RFC 3339 like 2026-01-15T09:30:00Z")
            }
            return spec.resolve(nowMs: nowMs)
        }

        package func narrowTime(_ field: inout SchemaField, low: GenOverride.Token?, high: GenOverride.Token?) throws(GenOverrideError) {
            let current =
                field.constraints.timestampEpochMs ?? field.constraints.timestampRange
                ?? (field.type == .date ? TimeRange(start: "-30d", end: "now") : GenCompiler.defaultTimestampRange)
            let a = TimeSpec.parse(current.start)?.resolve(nowMs: nowMs) ?? Int64.min
            let b = TimeSpec.parse(current.end)?.resolve(nowMs: nowMs) ?? Int64.max
            let lo = try low.map { t throws(GenOverrideError) in try time(t) } ?? a
            let hi = try high.map { t throws(GenOverrideError) in try time(t) } ?? b
            guard lo <= hi else {
                throw fail(
                    "the time range would be empty ('\(low?.text ?? current.start)' is after '\(high?.text ?? current.end)')",
                    at: low ?? high)
            }
            let explicit = field.constraints.timestampEpochMs ?? field.constraints.timestampRange
            guard explicit == nil || (lo >= a && hi <= b) else {
                throw fail(
                    "'\(override.text)' contradicts the schema: \(name)'s time range is \(current.start)..\(current.end)",
                    at: low ?? high, hint: "overrides can narrow a range, not leave it")
            }
            let range = TimeRange(start: low?.text ?? current.start, end: high?.text ?? current.end)
            if field.constraints.timestampEpochMs != nil || field.type == .integer {
                field.constraints.timestampEpochMs = range
            } else {
                field.constraints.timestampRange = range
            }
        }

        /// `= value`, `!= value` and `in (…)` on an enum field.
        package func applyEnum(_ values: EnumValues) throws(GenOverrideError) -> EnumValues {
            var weights = values.weights ?? [Double](repeating: 1, count: values.values.count)
            func index(_ token: GenOverride.Token) throws(GenOverrideError) -> Int {
                if let i = values.values.firstIndex(of: token.text) { return i }
                let suggestion = Suggest.closest(to: token.text, among: values.values)
                throw fail(
                    "'\(token.text)' is not one of \(name)'s values" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""),
                    at: token, hint: "values: " + values.values.joined(separator: ", "))
            }
            switch override.condition {
            case .equals(let token, let share):
                let k = try index(token)
                let p = share ?? 1
                let others = weights.indices.filter { $0 != k }.reduce(0.0) { $0 + weights[$1] }
                if p < 1 && others <= 0 {
                    throw fail("'\(token.text)' is already the only possible value of '\(name)'", at: token)
                }
                for i in weights.indices {
                    weights[i] = i == k ? p : (p >= 1 ? 0 : (1 - p) * weights[i] / others)
                }
            case .notEquals(let token):
                weights[try index(token)] = 0
                guard weights.contains(where: { $0 > 0 }) else {
                    throw fail("'\(name) != \(token.text)' leaves no values", at: token)
                }
            case .oneOf(let tokens):
                var keep = Set<Int>()
                for t in tokens { keep.insert(try index(t)) }
                for i in weights.indices where !keep.contains(i) { weights[i] = 0 }
                guard weights.contains(where: { $0 > 0 }) else {
                    throw fail("the listed values all have weight 0 in the schema", at: tokens.first)
                }
            case .between(let t, _), .compare(_, let t):
                throw fail(
                    "'\(name)' takes values from enum_values; ranges do not apply", at: t,
                    hint: "use '\(name) = VALUE 20%', '\(name) != VALUE' or '\(name) in (A, B)'")
            case .isNull, .notNull:
                break
            }
            return EnumValues(values: values.values, weights: weights)
        }

        /// The value of `field = value` as the field writes it, checked against the schema.
        package func constant(_ token: GenOverride.Token, field: SchemaField) throws(GenOverrideError) -> GenConstant {
            let c = field.constraints
            if isTime {
                let ms = try time(token)
                if let range = c.timestampEpochMs ?? c.timestampRange,
                    let a = TimeSpec.parse(range.start)?.resolve(nowMs: nowMs), let b = TimeSpec.parse(range.end)?.resolve(nowMs: nowMs),
                    ms < a || ms > b
                {
                    throw fail("'\(token.text)' contradicts the schema: \(name)'s time range is \(range.start)..\(range.end)", at: token)
                }
                switch field.type {
                case .timestamp: return GenConstant(kind: .timestamp, int: ms)
                case .date: return GenConstant(kind: .date, int: Timestamps.floorDiv(ms, 86_400_000))
                default: return GenConstant(kind: .int, int: ms)
                }
            }
            switch field.type {
            case .integer, .float, .decimal:
                let v = try number(token)
                if field.type == .integer, v != v.rounded() {
                    throw fail("'\(name)' is an integer field; \(token.text) is not an integer", at: token)
                }
                if let r = c.range, v < r.min || v > r.max {
                    throw fail(
                        "'\(name) = \(token.text)' contradicts the schema: \(name)'s range is \(show(r.min))..\(show(r.max))",
                        at: token)
                }
                if field.type == .integer { return GenConstant(kind: .int, int: Int64(v)) }
                return GenConstant(kind: .double, double: v)
            case .boolean:
                switch token.text.lowercased() {
                case "true": return GenConstant(kind: .bool, int: 1)
                case "false": return GenConstant(kind: .bool, int: 0)
                default: throw fail("'\(name)' is a boolean field; expected true or false, found '\(token.text)'", at: token)
                }
            case .string:
                let length = token.text.count
                if let l = c.length, c.pattern == nil, length < (l.min ?? 0) || length > (l.max ?? Int.max) {
                    throw fail(
                        "'\(token.text)' contradicts the schema: \(name)'s length is \(l.min ?? 0)..\(l.max.map(String.init) ?? "")",
                        at: token)
                }
                return GenConstant(kind: .text, bytes: Array(token.text.utf8))
            case .uuid:
                return GenConstant(kind: .text, bytes: Array(token.text.utf8))
            case .timestamp, .date:
                return GenConstant(kind: .text, bytes: Array(token.text.utf8)) // handled by isTime above
            }
        }
    }
}
