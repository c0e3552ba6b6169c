import VeloBase
import VeloSchema

/// Velostream's in-SQL alternative to a schema file: `-- @data.*` comments (docs/velo-gen.md), turned into schemas
/// so `velo-gen app.sql` works without a `.schema.yaml`.
///
///     -- @data.source: in_market_data          (starts a schema; later hints belong to it)
///     -- @data.record_count: 1000              @data.seed: 42     @data.time_start: "-1h"   @data.time_end: "now"
///     -- @data.symbol.type: string             (every field needs a type, as in Velostream)
///     -- @data.symbol: enum ["AAPL", "MSFT"], weights: [0.6, 0.4]
///     -- @data.price.type: decimal(4)
///     -- @data.price: range [150, 400], distribution: random_walk, volatility: 0.02, group_by: symbol
///     -- @data.ts.type: integer
///     -- @data.ts: timestamp, sequential: true
///     -- @data.id.pattern: "ORD-{seq:6}"      @data.cust.references: customers.customer_id
///     -- @data.total.derived: "price * 2"     @data.note.nullable: true
///
/// Distributions named without parameters get them from the range: normal has its mean in the middle and
/// six standard deviations across; log_normal is centred on the range's geometric mean; zipf has exponent 1.
public enum GenDataHints {
    /// The schemas the hints describe (one per `@data.source`, or one named after the file), or an empty
    /// list when the text has no `@data.` hints. The seed hint, if any, comes back too.
    public static func schemas(fromSQL text: String, file: String?) throws -> (schemas: [Schema], seed: UInt64?) {
        var builder = Builder(file: file)
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(raw).drop { $0 == " " || $0 == "\t" }
            guard line.hasPrefix("--") else { continue }
            line = line.dropFirst(2).drop { $0 == " " || $0 == "\t" }
            guard line.hasPrefix("@data.") else { continue }
            let location = SourceLocation(
                file: file, line: lineNumber, column: raw.count - line.count + 1,
                sourceLine: String(raw.hasSuffix("\r") ? raw.dropLast() : raw))
            try builder.hint(String(line.dropFirst(6)), at: location)
        }
        return (try builder.finish(), builder.seed)
    }

    package struct FieldHints {
        package var name: String
        package var location: SourceLocation
        package var type: FieldType?
        package var enumValues: [String]?
        package var weights: [Double]?
        package var range: (Double, Double)?
        package var distribution: String?
        package var distributionAt: SourceLocation?
        package var volatility: Double?
        package var drift: Double?
        package var exponent: Double?
        package var groupBy: String?
        package var pattern: String?
        package var references: String?
        package var derived: String?
        package var nullable = false
        package var timeStart: String?
        package var timeEnd: String?
        package var isTime = false
    }

    package struct SourceHints {
        package var name: String
        package var fields: [FieldHints] = []
        package var recordCount: Int?
        package var timeStart: String?
        package var timeEnd: String?
    }

    package struct Builder {
        package let file: String?
        package var sources: [SourceHints] = []
        package var seed: UInt64?
        package var recordCount: Int?
        package var timeStart: String?
        package var timeEnd: String?

        package init(file: String?) { self.file = file }

        package func fail(_ message: String, _ location: SourceLocation, hint: String? = nil) -> VeloError {
            VeloError(message, location: location, hint: hint, exit: .invalidInput)
        }

        package var defaultName: String {
            guard let file, file != "<stdin>" else { return "data" }
            var name = Substring(file.split(separator: "/").last ?? Substring(file))
            if let dot = name.lastIndex(of: ".") { name = name[..<dot] }
            return String(name)
        }

        package mutating func hint(_ text: String, at location: SourceLocation) throws {
            guard let colon = text.firstIndex(of: ":") else {
                throw fail("@data.\(text): expected 'key: value'", location)
            }
            let key = text[..<colon].genTrimmed(" \t")
            let value = text[text.index(after: colon)...].genTrimmed(" \t")
            if let dot = key.firstIndex(of: ".") {
                try property(String(key[..<dot]), String(key[key.index(after: dot)...]), value, at: location)
                return
            }
            switch key {
            case "source":
                sources.append(SourceHints(name: unquote(value)))
            case "record_count":
                guard let n = Int(value), n >= 0 else { throw fail("@data.record_count: '\(value)' is not a count", location) }
                if sources.isEmpty { recordCount = n } else { sources[sources.count - 1].recordCount = n }
            case "seed":
                guard let s = UInt64(value) else { throw fail("@data.seed: '\(value)' is not a whole number", location) }
                seed = s
            case "time_start", "time_end":
                let v = unquote(value)
                guard TimeSpec.parse(v) != nil else {
                    throw fail("@data.\(key): '\(v)' is not a time", location, hint: "use now, -30m, -2h, -1d, or RFC 3339")
                }
                if key == "time_start" {
                    if sources.isEmpty { timeStart = v } else { sources[sources.count - 1].timeStart = v }
                } else {
                    if sources.isEmpty { timeEnd = v } else { sources[sources.count - 1].timeEnd = v }
                }
            case "time_simulation":
                break // Velo's event time is always a stream unless --random-time.
            default:
                try shorthand(key, value, at: location)
            }
        }

        package mutating func field(_ name: String, at location: SourceLocation) -> (Int, Int) {
            if sources.isEmpty { sources.append(SourceHints(name: defaultName)) }
            let s = sources.count - 1
            if let f = sources[s].fields.firstIndex(where: { $0.name == name }) { return (s, f) }
            sources[s].fields.append(FieldHints(name: name, location: location))
            return (s, sources[s].fields.count - 1)
        }

        /// `@data.<field>: enum [..] | range [lo, hi] | timestamp | uuid, key: value, …`
        package mutating func shorthand(_ name: String, _ value: String, at location: SourceLocation) throws {
            let parts = splitTopLevel(value)
            guard let head = parts.first else { throw fail("@data.\(name): empty hint", location) }
            let (s, f) = field(name, at: location)
            if head.hasPrefix("enum") {
                sources[s].fields[f].enumValues = try strings(String(head.dropFirst(4)), at: location)
            } else if head.hasPrefix("range") {
                let bounds = try numbers(String(head.dropFirst(5)), at: location)
                guard bounds.count == 2 else { throw fail("@data.\(name): a range needs two numbers, [low, high]", location) }
                sources[s].fields[f].range = (bounds[0], bounds[1])
            } else if head == "timestamp" {
                sources[s].fields[f].isTime = true
                if sources[s].fields[f].type == nil { sources[s].fields[f].type = .timestamp }
            } else if head == "uuid" {
                sources[s].fields[f].type = .uuid
            } else {
                throw fail("@data.\(name): expected enum [...], range [low, high], timestamp or uuid, found '\(head)'", location)
            }
            for part in parts.dropFirst() {
                guard let colon = part.firstIndex(of: ":") else { throw fail("@data.\(name): expected 'key: value', found '\(part)'", location) }
                try property(
                    name, part[..<colon].genTrimmed(" \t"),
                    part[part.index(after: colon)...].genTrimmed(" \t"), at: location)
            }
        }

        package mutating func property(_ name: String, _ key: String, _ value: String, at location: SourceLocation) throws {
            let (s, f) = field(name, at: location)
            func number() throws -> Double {
                guard let v = Double(value) else { throw fail("@data.\(name).\(key): '\(value)' is not a number", location) }
                return v
            }
            switch key {
            case "type":
                guard let type = parseType(value) else {
                    let hint = Suggest.closest(to: value, among: FieldType.simpleNames + ["decimal(N)"]).map { "did you mean '\($0)'?" }
                    throw fail(
                        "@data.\(name).type: unknown type '\(value)'", location,
                        hint: hint ?? "types: string, integer, float, decimal(N), timestamp, date, uuid, boolean")
                }
                sources[s].fields[f].type = type
            case "weights": sources[s].fields[f].weights = try numbers(value, at: location)
            case "enum": sources[s].fields[f].enumValues = try strings(value, at: location)
            case "range":
                let bounds = try numbers(value, at: location)
                guard bounds.count == 2 else { throw fail("@data.\(name).range: needs two numbers, [low, high]", location) }
                sources[s].fields[f].range = (bounds[0], bounds[1])
            case "distribution":
                sources[s].fields[f].distribution = unquote(value)
                sources[s].fields[f].distributionAt = location
            case "volatility": sources[s].fields[f].volatility = try number()
            case "drift": sources[s].fields[f].drift = try number()
            case "exponent": sources[s].fields[f].exponent = try number()
            case "group_by": sources[s].fields[f].groupBy = unquote(value)
            case "pattern": sources[s].fields[f].pattern = unquote(value)
            case "references": sources[s].fields[f].references = unquote(value)
            case "derived": sources[s].fields[f].derived = unquote(value)
            case "nullable": sources[s].fields[f].nullable = ["true", "yes", "1"].contains(value.lowercased())
            case "sequential": sources[s].fields[f].isTime = ["true", "yes", "1"].contains(value.lowercased())
            case "start": sources[s].fields[f].timeStart = unquote(value)
            case "end": sources[s].fields[f].timeEnd = unquote(value)
            default:
                let known = [
                    "type", "weights", "enum", "range", "distribution", "volatility", "drift", "exponent", "group_by",
                    "pattern", "references", "derived", "nullable", "sequential", "start", "end"
                ]
                let hint = Suggest.closest(to: key, among: known).map { "did you mean '\($0)'?" }
                throw fail("@data.\(name): unknown property '\(key)'", location, hint: hint)
            }
        }

        package func parseType(_ text: String) -> FieldType? {
            let t = unquote(text).lowercased()
            if let simple = FieldType(simpleName: t) { return simple }
            if t.hasPrefix("decimal(") && t.hasSuffix(")"), let p = Int(t.dropFirst(8).dropLast()), p >= 0 { return .decimal(precision: p) }
            if t == "decimal" { return .decimal(precision: 2) }
            return nil
        }

        package func finish() throws -> [Schema] {
            try sources.filter { !$0.fields.isEmpty }.map { source in
                var origin = SchemaOrigin(file: file)
                var fields: [SchemaField] = []
                for (i, h) in source.fields.enumerated() {
                    origin.locations["fields[\(i)]"] = h.location
                    guard let type = h.type else {
                        throw fail(
                            "@data.\(h.name): no type", h.location,
                            hint: "add '-- @data.\(h.name).type: string' (or integer, float, decimal(N), timestamp, date, uuid, boolean)")
                    }
                    var c = FieldConstraints()
                    if let values = h.enumValues { c.enumValues = EnumValues(values: values, weights: h.weights) }
                    if let (lo, hi) = h.range { c.range = NumericRange(min: lo, max: hi) }
                    c.pattern = h.pattern
                    if let derived = h.derived { c.derived = DerivedValue(expression: derived) }
                    if let ref = h.references {
                        let parts = ref.split(separator: ".", maxSplits: 1)
                        guard parts.count == 2 else { throw fail("@data.\(h.name).references: expected schema.field, found '\(ref)'", h.location) }
                        c.references = FieldReference(schema: String(parts[0]), field: String(parts[1]))
                    }
                    if let name = h.distribution {
                        c.distribution = try distribution(name, h)
                    }
                    if h.isTime || type == .timestamp {
                        let range = TimeRange(
                            start: h.timeStart ?? source.timeStart ?? timeStart ?? "-1h",
                            end: h.timeEnd ?? source.timeEnd ?? timeEnd ?? "now")
                        if type == .integer { c.timestampEpochMs = range } else if type == .timestamp { c.timestampRange = range }
                    }
                    fields.append(SchemaField(name: h.name, type: type, nullable: h.nullable, constraints: c))
                }
                let schema = Schema(name: source.name, recordCount: source.recordCount ?? recordCount, fields: fields, origin: origin)
                let problems = SchemaValidator.validate(schema).filter { $0.severity == .error }
                if !problems.isEmpty { throw SchemaError(problems) }
                return schema
            }
        }

        package func distribution(_ name: String, _ h: FieldHints) throws -> Distribution {
            let (lo, hi) = h.range ?? (0, 1000)
            switch name {
            case "uniform": return .uniform
            case "normal": return .normal(mean: (lo + hi) / 2, stdDev: (hi - lo) / 6)
            case "log_normal", "lognormal":
                let low = max(lo, 1), high = max(hi, low + 1)
                return .logNormal(mean: log((low * high).squareRoot()), stdDev: log(high / low) / 6)
            case "zipf": return .zipf(exponent: h.exponent ?? 1)
            case "random_walk":
                return .randomWalk(
                    RandomWalk(
                        drift: h.drift ?? RandomWalk.defaultDrift, volatility: h.volatility ?? RandomWalk.defaultVolatility,
                        groupBy: h.groupBy))
            default:
                let hint = Suggest.closest(to: name, among: Distribution.names).map { "did you mean '\($0)'?" }
                throw fail(
                    "@data.\(h.name): unknown distribution '\(name)'", h.distributionAt ?? h.location,
                    hint: hint ?? "distributions: " + Distribution.names.joined(separator: ", "))
            }
        }

        package func unquote(_ text: String) -> String {
            var t = Substring(text)
            if t.count >= 2, let first = t.first, first == "\"" || first == "'", t.last == first { t = t.dropFirst().dropLast() }
            return String(t)
        }

        /// Splits at commas outside brackets and quotes.
        package func splitTopLevel(_ text: String) -> [String] {
            var parts: [String] = [], current = "", depth = 0
            var quote: Character?
            for c in text {
                if let q = quote { current.append(c); if c == q { quote = nil }; continue }
                switch c {
                case "\"", "'": quote = c; current.append(c)
                case "[": depth += 1; current.append(c)
                case "]": depth -= 1; current.append(c)
                case "," where depth == 0:
                    parts.append(current.genTrimmed(" \t")); current = ""
                default: current.append(c)
                }
            }
            let last = current.genTrimmed(" \t")
            if !last.isEmpty { parts.append(last) }
            return parts
        }

        package func items(_ text: String, at location: SourceLocation) throws -> [String] {
            let t = text.genTrimmed(" \t")
            guard t.hasPrefix("["), t.hasSuffix("]") else { throw fail("expected a list in brackets, found '\(t)'", location) }
            return splitTopLevel(String(t.dropFirst().dropLast())).map(unquote).filter { !$0.isEmpty }
        }

        package func strings(_ text: String, at location: SourceLocation) throws -> [String] { try items(text, at: location) }

        package func numbers(_ text: String, at location: SourceLocation) throws -> [Double] {
            try items(text, at: location).map { item in
                guard let v = Double(item) else { throw fail("'\(item)' is not a number", location) }
                return v
            }
        }
    }
}

extension StringProtocol {
    package func genTrimmed(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
