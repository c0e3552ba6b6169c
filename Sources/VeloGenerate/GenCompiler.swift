import VeloBase
import VeloSchema

/// Per-field adjustments from `--with` overrides that are not schema constraints.
public struct GenFieldTweak: Sendable {
    public var nullRate: Double?
    public var forced: (value: GenConstant, share: Double)?
    public init(nullRate: Double? = nil, forced: (value: GenConstant, share: Double)? = nil) {
        self.nullRate = nullRate
        self.forced = forced
    }
}

/// Turns a `Schema` into a `GenSchemaGenerator`, checking everything generation relies on. Errors are
/// `VeloError`s with exit 3 that point at the schema's file and line where the loader recorded them.
public struct GenCompiler {
    public let schema: Schema
    public let settings: GenSettings
    public let tweaks: [String: GenFieldTweak]
    /// The pool for a reference (called for every field with `references`).
    public let pool: (FieldReference, _ field: SchemaField, _ index: Int) throws -> GenPool

    /// Velostream's default ranges.
    package static let integerRange = NumericRange(min: 0, max: 999)
    package static let floatRange = NumericRange(min: 0, max: 1000)
    package static let defaultTimestampRange = TimeRange(start: "-1h", end: "now")

    public init(
        schema: Schema, settings: GenSettings, tweaks: [String: GenFieldTweak] = [:],
        pool: @escaping (FieldReference, SchemaField, Int) throws -> GenPool
    ) {
        self.schema = schema
        self.settings = settings
        self.tweaks = tweaks
        self.pool = pool
    }

    /// An input error at `path` of the schema (e.g. `fields[2].constraints.range`).
    package func invalid(_ path: String, _ message: String, hint: String? = nil) -> VeloError {
        VeloError(
            "schema '\(schema.name)': \(message)", location: schema.origin?.location(of: path), hint: hint,
            exit: .invalidInput)
    }

    public func compile() throws -> GenSchemaGenerator {
        let names = schema.fields.map(\.name)
        guard !schema.fields.isEmpty else { throw invalid("fields", "has no fields") }
        for (i, name) in names.enumerated() where names[..<i].contains(name) {
            throw invalid("fields[\(i)].name", "field '\(name)' appears twice")
        }
        var keyField: Int?
        if let key = schema.keyField {
            guard let k = names.firstIndex(of: key) else {
                throw invalid("key_field", "key_field '\(key)' is not a field" + didYouMean(key, names))
            }
            keyField = k
        }
        let eventField = try pickEventField()
        var plans: [GenFieldPlan] = []
        var dependencies: [[Int]] = []
        for (i, field) in schema.fields.enumerated() {
            let (source, deps) = try source(for: field, at: i, isEvent: i == eventField)
            let tweak = tweaks[field.name]
            var nullRate = field.nullable ? (tweak?.nullRate ?? settings.nullRate) : 0
            if case .derived = source { nullRate = 0 } // Velostream: derived fields skip the null roll.
            if i == eventField { nullRate = 0 }
            let rng = GenRandom(seed: settings.seed, stream: schema.name + "." + field.name)
            plans.append(
                GenFieldPlan(
                    index: i, name: field.name, type: field.type, source: source,
                    nullRate: nullRate, forced: tweak?.forced, rng: rng))
            dependencies.append(deps)
        }
        let order = try fillOrder(plans, dependencies)
        let places: [(digits: Int, fixed: Bool)] = schema.fields.map { field in
            if case .decimal(let p) = field.type { return (p, true) }
            return (settings.floatDigits, false)
        }
        let (start, end) = try timeBounds(eventField)
        let generator = GenSchemaGenerator(
            schema: schema, plans: plans, order: order, eventField: eventField,
            keyField: keyField, places: places, timeStartMs: start, timeEndMs: end)
        _ = try generator.prepare(count: nil, settings: settings)
        return generator
    }

    package func didYouMean(_ word: String, _ candidates: [String]) -> String {
        Suggest.closest(to: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// The field that carries event time, unless time is random.
    package func pickEventField() throws -> Int? {
        let fields = schema.fields
        if let name = settings.time.field {
            guard let i = fields.firstIndex(where: { $0.name == name }) else {
                throw VeloError(
                    "--time-field '\(name)' is not a field of schema '\(schema.name)'"
                        + didYouMean(name, fields.map(\.name)), exit: .invalidInput)
            }
            guard fields[i].type == .timestamp || fields[i].type == .integer else {
                throw VeloError(
                    "--time-field '\(name)' is a \(fields[i].type) field; event time needs an integer (epoch ms) or timestamp field",
                    exit: .invalidInput)
            }
            return settings.time.random ? nil : i
        }
        if settings.time.random { return nil }
        func plain(_ f: SchemaField) -> Bool {
            f.constraints.derived == nil && f.constraints.references == nil && f.constraints.enumValues == nil
        }
        return fields.firstIndex { $0.type == .integer && $0.constraints.timestampEpochMs != nil && plain($0) }
            ?? fields.firstIndex { $0.type == .timestamp && plain($0) }
            ?? fields.firstIndex { $0.type == .integer && $0.name == "timestamp" && $0.constraints.isEmpty }
    }

    /// The event field's range as epoch ms (start, end); `-1h`..`now` without one.
    package func timeBounds(_ eventField: Int?) throws -> (Int64, Int64?) {
        guard let i = eventField else {
            return (settings.nowMs - 3_600_000, settings.nowMs)
        }
        let field = schema.fields[i]
        if let range = field.constraints.timestampEpochMs ?? field.constraints.timestampRange {
            let path = "fields[\(i)].constraints." + (field.constraints.timestampEpochMs != nil ? "timestamp_epoch_ms" : "timestamp_range")
            let (lo, hi) = try resolve(range, path: path, field: field)
            return (lo, hi)
        }
        return (settings.nowMs - 3_600_000, settings.nowMs)
    }

    package func resolve(_ range: TimeRange, path: String, field: SchemaField) throws -> (Int64, Int64) {
        let hint = "use now, -30m, -2h, -1d, a number of seconds, or RFC 3339 like 2026-01-15T09:30:00Z"
        guard let start = TimeSpec.parse(range.start) else {
            throw invalid(path + ".start", "field '\(field.name)': start '\(range.start)' is not a time", hint: hint)
        }
        guard let end = TimeSpec.parse(range.end) else {
            throw invalid(path + ".end", "field '\(field.name)': end '\(range.end)' is not a time", hint: hint)
        }
        let lo = start.resolve(nowMs: settings.nowMs), hi = end.resolve(nowMs: settings.nowMs)
        guard lo <= hi else {
            throw invalid(path, "field '\(field.name)': time range starts after it ends ('\(range.start)' > '\(range.end)')")
        }
        return (lo, hi)
    }

    /// Dependency order: a field comes after the fields it reads; derived fields come last.
    package func fillOrder(_ plans: [GenFieldPlan], _ dependencies: [[Int]]) throws -> [Int] {
        var done = [Bool](repeating: false, count: plans.count)
        var order: [Int] = []
        for derivedPass in [false, true] {
            var progress = true
            while progress {
                progress = false
                for i in plans.indices where !done[i] {
                    var isDerived = false
                    if case .derived = plans[i].source { isDerived = true }
                    guard isDerived == derivedPass else { continue }
                    if dependencies[i].allSatisfy({ done[$0] || $0 == i }) {
                        done[i] = true
                        order.append(i)
                        progress = true
                    }
                }
            }
        }
        if let stuck = done.firstIndex(of: false) {
            let names = dependencies[stuck].filter { !done[$0] }.map { "'\(schema.fields[$0].name)'" }
            throw invalid(
                "fields[\(stuck)].constraints",
                "field '\(schema.fields[stuck].name)' depends on "
                    + names.joined(separator: ", ") + ", which depend" + (names.count == 1 ? "s" : "")
                    + " on it in turn (a cycle)")
        }
        return order
    }

    // MARK: sources

    package func source(for field: SchemaField, at i: Int, isEvent: Bool) throws -> (GenSource, [Int]) {
        let c = field.constraints
        let base = "fields[\(i)].constraints"
        if let derived = c.derived {
            do {
                let expression = try GenExpression(derived.expression, fields: schema.fields.map(\.name))
                if expression.dependencies.contains(i) {
                    throw invalid(base + ".derived.expression", "field '\(field.name)': its expression reads the field itself")
                }
                return (.derived(expression, field.type), expression.dependencies)
            } catch let error as GenExpressionError {
                var location = schema.origin?.location(of: base + ".derived.expression")
                // Point into the expression when the YAML keeps it on the key's line.
                if var l = location, let line = l.sourceLine, let at = GenCompiler.byteOffset(of: derived.expression, in: line) {
                    l.column = at + 1 + error.offset
                    location = l
                }
                throw VeloError(
                    "schema '\(schema.name)': field '\(field.name)': derived expression: \(error.message)",
                    location: location, hint: "expression: \(derived.expression)", exit: .invalidInput)
            }
        }
        if let reference = c.references {
            let pool = try self.pool(reference, field, i)
            var zipf = false, exponent = 1.0
            if case .zipf(let e) = c.distribution { zipf = true; exponent = e }
            return (.reference(pool, zipf: zipf, exponent: exponent), [])
        }
        if let enumValues = c.enumValues {
            return (.choice(try choice(enumValues, field: field, path: base + ".enum_values")), [])
        }
        if isEvent {
            return (.eventTime(kind: field.type == .timestamp ? .timestamp : .int), [])
        }
        switch field.type {
        case .integer:
            if let range = c.timestampEpochMs ?? c.timestampRange {
                let (lo, hi) = try resolve(range, path: base + (c.timestampEpochMs != nil ? ".timestamp_epoch_ms" : ".timestamp_range"), field: field)
                return (.timeRange(lo: lo, hi: hi, kind: .int), [])
            }
            if field.name == "timestamp", c.isEmpty {
                return (.timeRange(lo: settings.nowMs, hi: settings.nowMs, kind: .int), [])
            }
            let number = try number(field, at: i, integer: true, places: nil)
            return (.integer(number), groupDependency(number))
        case .float:
            let number = try number(field, at: i, integer: false, places: nil)
            return (.real(number), groupDependency(number))
        case .decimal(let precision):
            guard precision >= 0, precision <= 15 else {
                throw invalid("fields[\(i)].type", "field '\(field.name)': decimal precision \(precision) is outside 0...15")
            }
            let number = try number(field, at: i, integer: false, places: precision)
            return (.real(number), groupDependency(number))
        case .boolean:
            return (.boolean, [])
        case .uuid:
            return (.uuid, [])
        case .timestamp:
            let range = c.timestampRange ?? c.timestampEpochMs ?? GenCompiler.defaultTimestampRange
            let (lo, hi) = try resolve(range, path: base + (c.timestampEpochMs != nil ? ".timestamp_epoch_ms" : ".timestamp_range"), field: field)
            return (.timeRange(lo: lo, hi: hi, kind: .timestamp), [])
        case .date:
            let day: Int64 = 86_400_000
            let today = Timestamps.floorDiv(settings.nowMs, day)
            if let range = c.timestampRange ?? c.timestampEpochMs {
                let (lo, hi) = try resolve(range, path: base + ".timestamp_range", field: field)
                return (.date(lo: Timestamps.floorDiv(lo, day), hi: Timestamps.floorDiv(hi, day)), [])
            }
            return (.date(lo: today - 30, hi: today), [])
        case .string:
            if let pattern = c.pattern {
                do {
                    return (.pattern(try GenPattern(pattern)), [])
                } catch {
                    var location = schema.origin?.location(of: base + ".pattern")
                    if var l = location, let line = l.sourceLine, let at = GenCompiler.byteOffset(of: pattern, in: line) {
                        l.column = at + 1 + error.offset
                        location = l
                    }
                    throw VeloError(
                        "schema '\(schema.name)': field '\(field.name)': pattern: \(error.message)",
                        location: location, hint: "pattern: \(pattern)", exit: .invalidInput)
                }
            }
            let lo = c.length?.min ?? LengthRange.defaultMin
            let hi = c.length?.max ?? max(lo, LengthRange.defaultMax)
            guard lo >= 0, lo <= hi else {
                throw invalid(base + ".length", "field '\(field.name)': length min \(lo) is greater than max \(hi)")
            }
            return (.text(min: lo, max: hi), [])
        }
    }

    package func groupDependency(_ number: GenNumber) -> [Int] {
        number.group.map { [$0] } ?? []
    }

    package func choice(_ values: EnumValues, field: SchemaField, path: String) throws -> GenChoice {
        guard !values.values.isEmpty else { throw invalid(path + ".values", "field '\(field.name)': enum_values has no values") }
        let constants = values.values.map { GenCompiler.constant(for: $0, type: field.type) }
        if let weights = values.weights {
            guard weights.count == values.values.count else {
                throw invalid(
                    path + ".weights", "field '\(field.name)': \(weights.count) weights for \(values.values.count) values",
                    hint: "give one weight per value, in the same order")
            }
            guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }), weights.reduce(0, +) > 0 else {
                throw invalid(path + ".weights", "field '\(field.name)': weights must be zero or more and not all zero")
            }
            return GenChoice(values: constants, picker: .weighted(WeightedChoice(weights: weights)))
        }
        if case .zipf(let exponent) = field.constraints.distribution {
            return GenChoice(values: constants, picker: .zipf(ZipfSampler(n: Int64(constants.count), exponent: exponent)))
        }
        return GenChoice(values: constants, picker: .uniform)
    }

    /// An enum value as the field's type writes it: numbers and booleans stay JSON numbers and booleans for
    /// numeric and boolean fields (Velostream writes every enum value as a string).
    public static func constant(for text: String, type: FieldType) -> GenConstant {
        switch type {
        case .integer, .float, .decimal:
            if Double(text) != nil, text.first != "+", !text.lowercased().contains("n") {
                return GenConstant(kind: .rawNumber, bytes: Array(text.utf8))
            }
        case .boolean:
            if text.lowercased() == "true" { return GenConstant(kind: .bool, int: 1) }
            if text.lowercased() == "false" { return GenConstant(kind: .bool, int: 0) }
        default: break
        }
        return GenConstant(kind: GenSlot.textKind(text.utf8), bytes: Array(text.utf8))
    }

    package func number(_ field: SchemaField, at i: Int, integer: Bool, places: Int?) throws -> GenNumber {
        let c = field.constraints
        let base = "fields[\(i)].constraints"
        if let range = c.range {
            guard range.min.isFinite, range.max.isFinite else {
                throw invalid(base + ".range", "field '\(field.name)': range bounds must be finite numbers")
            }
            guard range.min <= range.max else {
                throw invalid(
                    base + ".range", "field '\(field.name)': range min \(show(range.min)) is greater than max \(show(range.max))",
                    hint: "swap them: {min: \(show(range.max)), max: \(show(range.min))}")
            }
            if integer, range.min.rounded(.up) > range.max.rounded(.down) {
                throw invalid(base + ".range", "field '\(field.name)': no integer lies in \(show(range.min))..\(show(range.max))")
            }
        }
        let fallback = integer ? GenCompiler.integerRange : GenCompiler.floatRange
        var lo = c.range?.min ?? -.infinity, hi = c.range?.max ?? .infinity
        let shape: GenNumber.Shape
        switch c.distribution ?? .uniform {
        case .uniform:
            shape = .uniform
            if c.range == nil { lo = fallback.min; hi = fallback.max }
        case .normal(let mean, let sd):
            guard sd >= 0, sd.isFinite, mean.isFinite else {
                throw invalid(base + ".distribution", "field '\(field.name)': normal needs a finite mean and std_dev ≥ 0")
            }
            shape = .normal(mean: mean, stdDev: sd)
        case .logNormal(let mean, let sd):
            guard sd >= 0, sd.isFinite, mean.isFinite else {
                throw invalid(base + ".distribution", "field '\(field.name)': log_normal needs a finite mean and std_dev ≥ 0")
            }
            shape = .logNormal(mean: mean, stdDev: sd)
        case .zipf(let exponent):
            guard exponent > 0, exponent.isFinite else {
                throw invalid(base + ".distribution", "field '\(field.name)': zipf needs an exponent above 0")
            }
            if c.range == nil { lo = 1; hi = fallback.max }
            let n = Int64(max(1, (hi.rounded(.down) - lo.rounded(.up) + 1).rounded(.down)))
            shape = .zipf(ZipfSampler(n: n, exponent: exponent))
        case .randomWalk(let walk):
            guard walk.volatility >= 0, walk.volatility.isFinite, walk.drift.isFinite else {
                throw invalid(base + ".distribution", "field '\(field.name)': random_walk needs a finite drift and volatility ≥ 0")
            }
            var group: Int?
            if let name = walk.groupBy {
                guard let g = schema.fields.firstIndex(where: { $0.name == name }) else {
                    throw invalid(
                        base + ".distribution",
                        "field '\(field.name)': group_by '\(name)' is not a field"
                            + didYouMean(name, schema.fields.map(\.name)))
                }
                guard g != i else { throw invalid(base + ".distribution", "field '\(field.name)': group_by names the field itself") }
                group = g
            }
            shape = .walk(walk, group: group)
        }
        return GenNumber(shape: shape, lo: lo, hi: hi, integer: integer, places: places)
    }

    /// The byte offset of `needle` in `haystack`, if it occurs.
    package static func byteOffset(of needle: String, in haystack: String) -> Int? {
        let h = Array(haystack.utf8), n = Array(needle.utf8)
        guard !n.isEmpty, n.count <= h.count else { return nil }
        for start in 0...(h.count - n.count) where h[start..<(start + n.count)].elementsEqual(n) { return start }
        return nil
    }

    package func show(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
