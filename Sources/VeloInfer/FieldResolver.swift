import VeloSchema

/// Turns one field's statistics into a type and constraints, following the widening lattice documented in
/// docs/velo-infer.md:
///
///     boolean < integer < decimal(N) < float          (numbers widen upwards; true/false count as 1/0)
///     uuid, date < timestamp                          (string shapes; a date is a midnight timestamp)
///     anything + string → string                      (with the conflict reported)
///     arrays, objects mixed with scalars → string     (kept as JSON text)
///     null or missing in some records → nullable
public enum FieldResolver {
    package static let epochMsLow: Int64 = 946_684_800_000 // 2000-01-01
    package static let epochMsHigh: Int64 = 4_102_444_800_000 // 2100-01-01

    /// nil for a field that was only ever an object: its own fields carry it (flattened with dotted names).
    public static func resolve(_ f: FieldAccumulator, records: Int, options: InferOptions) -> InferredField? {
        let numbers = f.numbers.count
        let strings = f.strings.count
        let scalars = f.bools + numbers + strings
        if f.objects > 0 && scalars == 0 && f.arrays == 0 { return nil }

        let missing = records - f.present
        var field = InferredField(name: f.name, type: .string, nullable: f.nulls > 0 || missing > 0)
        field.reasons.append(presence(f, records: records, missing: missing))

        var kinds: [String] = []
        if f.bools > 0 { kinds.append("boolean ×\(f.bools)") }
        if f.integers > 0 { kinds.append("integer ×\(f.integers)") }
        if f.floats > 0 { kinds.append("fractional number ×\(f.floats)") }
        if strings > 0 { kinds.append("string ×\(strings)") }
        if f.arrays > 0 { kinds.append("array ×\(f.arrays)") }
        if f.objects > 0 { kinds.append("object ×\(f.objects)") }
        let kindCount = [f.bools, numbers, strings, f.arrays, f.objects].filter { $0 > 0 }.count

        if scalars + f.arrays + f.objects == 0 {
            field.reasons.append("only null values seen: typed string, the widest type")
            return field
        }
        if f.arrays > 0 || f.objects > 0 {
            if kindCount > 1 {
                field.conflicts = kinds
                field.reasons.append("mixed \(kinds.joined(separator: ", ")): widened to string (JSON text)")
            }
            if f.arrays > 0 {
                let elements = elementKinds(f.arrayElementKinds)
                field.description = "JSON array of \(elements), length \(f.arrayMinLength)..\(f.arrayMaxLength)"
                field.reasons.append(
                    "arrays are kept as JSON text in a string field (the schema format has no array type); "
                        + "elements: \(elements), length \(f.arrayMinLength)..\(f.arrayMaxLength)")
            }
            if f.objects > 0 {
                field.reasons.append("its object values are also flattened into '\(f.name).…' fields")
            }
            return field
        }
        if strings > 0 {
            if kindCount > 1 {
                field.conflicts = kinds
                field.reasons.append("mixed \(kinds.joined(separator: ", ")): widened to string (anything with strings is a string)")
                let low = min(f.strings.minLength, f.scalarTextMin), high = max(f.strings.maxLength, f.scalarTextMax)
                field.constraints.length = LengthRange(min: low, max: high)
                field.reasons.append("length \(low)..\(high) characters observed, counting the other values as written")
                return field
            }
            resolveString(f, options: options, &field)
            return field
        }
        if numbers > 0 {
            if f.bools > 0 {
                field.conflicts = kinds
                field.reasons.append("mixed \(kinds.joined(separator: ", ")): widened to a number (true = 1, false = 0)")
            }
            resolveNumber(f.numbers, name: f.name, options: options, &field)
            if f.bools > 0, let range = field.constraints.range {
                // The booleans were numbers too: widen the range to the 0 and 1 they stand for.
                let low = f.trues < f.bools ? 0.0 : 1.0, high = f.trues > 0 ? 1.0 : 0.0
                field.constraints.range = NumericRange(min: min(range.min, low), max: max(range.max, high))
            }
            return field
        }
        field.type = .boolean
        let share = Double(f.trues) / Double(f.bools) * 100
        field.reasons.append("boolean: true in \(format(share))% of \(f.bools) values")
        return field
    }

    package static func presence(_ f: FieldAccumulator, records: Int, missing: Int) -> String {
        var text = "seen in \(f.present) of \(records) records"
        if f.nulls == 0 && missing == 0 { return text + ", never null: not nullable" }
        var why: [String] = []
        if f.nulls > 0 { why.append("null in \(f.nulls)") }
        if missing > 0 { why.append("missing from \(missing)") }
        text += "; " + why.joined(separator: ", ") + ": nullable"
        return text
    }

    package static func elementKinds(_ mask: Int) -> String {
        let names: [(ScanEvent.Kind, String)] = [
            (.null, "null"), (.bool, "boolean"), (.float, "number"),
            (.string, "string"), (.object, "object"), (.array, "array")
        ]
        let found = names.filter { mask & (1 << Int($0.0.rawValue)) != 0 }.map(\.1)
        return found.isEmpty ? "nothing (always empty)" : found.joined(separator: "|")
    }

    // MARK: strings

    package static func resolveString(_ f: FieldAccumulator, options: InferOptions, _ field: inout InferredField) {
        let s = f.strings
        if s.allUUID {
            field.type = .uuid
            field.reasons.append("uuid: all \(s.count) strings have the 8-4-4-4-12 hex layout")
            return
        }
        if s.allDateOrTimestamp {
            let start = TextShapes.formatTimestamp(millis: s.timeMin), end = TextShapes.formatTimestamp(millis: s.timeMax)
            if s.timestamps == 0 {
                field.type = .date
                field.reasons.append(
                    "date: all strings are YYYY-MM-DD, from \(TextShapes.formatDate(days: Int(s.timeMin / 86_400_000))) "
                        + "to \(TextShapes.formatDate(days: Int(s.timeMax / 86_400_000))) (the schema format has no date range; the generator uses the last 30 days)"
                )
            } else {
                field.type = .timestamp
                field.constraints.timestampRange = TimeRange(start: start, end: end)
                field.reasons.append(
                    "timestamp: all strings are RFC 3339" + (s.dates > 0 ? " (\(s.dates) plain dates widened to midnight timestamps)" : ""))
                field.reasons.append("timestamp_range: observed \(start) to \(end)")
            }
            return
        }
        if s.allDecimalText, let precision = decimalPlaces(s.decimalText, options: options) {
            field.type = .decimal(precision: precision)
            field.reasons.append(
                "decimal(\(precision)): every string is a number with digits after the point "
                    + "(\(placesSummary(s.decimalText))); read as a decimal written as text")
            rangeAndDistribution(s.decimalText, unit: pow(10, -Double(precision)), name: f.name, options: options, &field)
            return
        }
        let distinct = s.distinct.distinct
        if !s.distinct.overflowed, distinct <= options.enumMaxValues,
            Double(distinct) <= options.enumMaxRatio * Double(s.count)
        {
            let ranked = s.distinct.byFrequency
            field.constraints.enumValues = EnumValues(values: ranked.map(\.value), weights: ranked.map { Double($0.count) })
            field.reasons.append(
                "enum_values: \(distinct) distinct values in \(s.count) strings (threshold: at most "
                    + "\(options.enumMaxValues) distinct and at most \(format(options.enumMaxRatio * 100))% of the values); weights are observed counts"
            )
            return
        }
        if s.distinct.overflowed {
            field.reasons.append("string: more than \(options.distinctCap) distinct values, too many for an enum (at most \(options.enumMaxValues))")
        } else if distinct > options.enumMaxValues {
            field.reasons.append("string: \(distinct) distinct values, too many for an enum (at most \(options.enumMaxValues))")
        } else {
            field.reasons.append(
                "string: \(distinct) distinct values in \(s.count) strings, too varied for an enum "
                    + "(distinct values may be at most \(format(options.enumMaxRatio * 100))% of the values)")
        }
        if let pattern = patternIfStructured(s.pattern) {
            // The pattern fixes the length too, so no `length` beside it.
            field.constraints.pattern = pattern
            if s.pattern.isSequential {
                field.reasons.append("pattern \(pattern): every value has the same shape and the number counts up by one")
            } else {
                field.reasons.append("pattern \(pattern): all \(s.pattern.values) values have the same shape")
            }
        } else {
            lengthConstraint(f, &field)
        }
    }

    package static func lengthConstraint(_ f: FieldAccumulator, _ field: inout InferredField) {
        guard f.strings.count > 0 else { return }
        field.constraints.length = LengthRange(min: f.strings.minLength, max: f.strings.maxLength)
        field.reasons.append("length \(f.strings.minLength)..\(f.strings.maxLength) characters observed")
    }

    /// A pattern only for structured ids: the shape must hold for every value and either contain digits or
    /// have only fixed-length runs (`USD`, `AB-12`), so names and free text get none.
    package static func patternIfStructured(_ p: PatternTracker) -> String? {
        guard p.alive, p.values >= 2, p.runs.contains(where: { $0.cls != .literal }) else { return nil }
        guard p.hasDigits || p.runs.allSatisfy({ $0.minLength == $0.maxLength }) else { return nil }
        return p.pattern()
    }

    // MARK: numbers

    package static func decimalPlaces(_ n: NumericStats, options: InferOptions) -> Int? {
        let places = n.maxPlaces
        guard n.exponentValues == 0, places >= 1, places <= options.decimalMaxPlaces, n.count > 0 else { return nil }
        let exactly = n.placesHistogram[places]
        if exactly == n.count { return places } // a fixed scale: trailing zeros kept
        guard places <= options.decimalTrimmedPlaces, Double(exactly) >= options.decimalMinShare * Double(n.count) else { return nil }
        return places
    }

    /// Why a field is decimal(N), for the reasons list.
    package static func decimalReason(_ n: NumericStats, places: Int, options: InferOptions) -> String {
        if n.placesHistogram[places] == n.count {
            return "decimal(\(places)): every value is written with exactly \(places) digits after the point (a fixed scale)"
        }
        return "decimal(\(places)): at most \(places) digits after the point (trailing zeros dropped, as JSON writers do with money) and at least "
            + "\(format(options.decimalMinShare * 100))% of values show exactly \(places) (\(placesSummary(n)))"
    }

    package static func placesSummary(_ n: NumericStats) -> String {
        var parts: [String] = []
        for (p, c) in n.placesHistogram.enumerated() where c > 0 { parts.append("\(c) with \(p == 9 ? "9+" : String(p)) places") }
        if n.exponentValues > 0 { parts.append("\(n.exponentValues) in exponent notation") }
        return parts.joined(separator: ", ")
    }

    package static func resolveNumber(_ n: NumericStats, name: String, options: InferOptions, _ field: inout InferredField) {
        if n.integers < n.count {
            if let precision = decimalPlaces(n, options: options) {
                field.type = .decimal(precision: precision)
                field.reasons.append(decimalReason(n, places: precision, options: options))
                rangeAndDistribution(n, unit: pow(10, -Double(precision)), name: name, options: options, &field)
            } else {
                field.type = .float
                field.reasons.append(
                    "float: " + (n.integers > 0 ? "integers and fractions mixed, widened to float; " : "")
                        + "digits after the point vary with no fixed scale (\(placesSummary(n)))")
                rangeAndDistribution(n, unit: 0, name: name, options: options, &field)
            }
            return
        }
        field.type = .integer
        let leaf = name.split(separator: ".").last.map { $0.lowercased() } ?? name.lowercased()
        if n.intMin >= epochMsLow && n.intMax <= epochMsHigh && !isIdName(name) {
            let start = TextShapes.formatTimestamp(millis: n.intMin), end = TextShapes.formatTimestamp(millis: n.intMax)
            field.constraints.timestampEpochMs = TimeRange(start: start, end: end)
            field.reasons.append(
                "epoch milliseconds: every value lies between 2000 and 2100 as milliseconds; "
                    + "timestamp_epoch_ms \(start) to \(end)")
            return
        }
        if n.intMin >= epochMsLow / 1000 && n.intMax <= epochMsHigh / 1000 && isTimeName(leaf) {
            let start = TextShapes.formatTimestamp(millis: n.intMin * 1000), end = TextShapes.formatTimestamp(millis: n.intMax * 1000)
            field.description = "epoch seconds, \(start) to \(end)"
            field.constraints.range = NumericRange(min: Double(n.intMin), max: Double(n.intMax))
            field.reasons.append(
                "epoch seconds: the name suggests time and every value lies between 2000 and 2100 as seconds; "
                    + "kept as an integer range (the format's timestamp_epoch_ms is milliseconds)")
            return
        }
        if n.isSequential {
            field.constraints.range = NumericRange(min: Double(n.intMin), max: Double(n.intMax))
            field.reasons.append("sequence: each value is the previous plus one; range \(n.intMin)..\(n.intMax), no distribution")
            return
        }
        rangeAndDistribution(n, unit: 1, name: name, options: options, &field)
    }

    package static func rangeAndDistribution(
        _ n: NumericStats, unit: Double, name: String, options: InferOptions,
        _ field: inout InferredField
    ) {
        field.constraints.range = NumericRange(min: n.min, max: n.max)
        field.reasons.append(
            "range \(format(n.min))..\(format(n.max)) observed; mean \(format(n.average)), "
                + "std dev \(format(n.standardDeviation)), skewness \(format(n.skewness)), excess kurtosis \(format(n.excessKurtosis))")
        guard n.count >= options.distributionMinCount else {
            field.reasons.append("no distribution: \(n.count) values, fewer than the \(options.distributionMinCount) a test needs")
            return
        }
        let fit = DistributionFit.fit(
            n.reservoir.values, unit: unit, maxDistance: options.distributionMaxDistance,
            seed: options.seed)
        let scores = fit.distances.map { "\($0.name) \(format($0.distance))" }.joined(separator: ", ")
        if let best = fit.best {
            field.constraints.distribution = rounded(best)
            field.reasons.append(
                "distribution \(best.name): smallest Kolmogorov–Smirnov distance D over \(fit.sampleSize) "
                    + "sampled values (\(scores)); accepted because D ≤ \(format(fit.threshold))")
        } else {
            field.reasons.append("no distribution: no candidate fits (KS distance D: \(scores); needs D ≤ \(format(fit.threshold)))")
        }
    }

    /// `id`, `order_id`, `orderId`, `ORDER_ID`, `key`, `…uuid`.
    /// Parameters to six significant digits: the sample cannot support more, and the file stays readable.
    package static func rounded(_ d: Distribution) -> Distribution {
        func r(_ x: Double) -> Double {
            guard x != 0, x.isFinite else { return x }
            let scale = pow(10, 5 - floor(log10(abs(x))))
            return (x * scale).rounded() / scale
        }
        switch d {
        case .normal(let m, let s): return .normal(mean: r(m), stdDev: r(s))
        case .logNormal(let m, let s): return .logNormal(mean: r(m), stdDev: r(s))
        default: return d
        }
    }

    package static func isIdName(_ name: String) -> Bool {
        let leaf = String(name.split(separator: ".").last ?? Substring(name))
        let lower = leaf.lowercased()
        return lower == "id" || lower == "key" || lower.hasSuffix("_id") || lower.hasSuffix("-id")
            || leaf.hasSuffix("Id") || leaf.hasSuffix("ID") || lower.hasSuffix("_key") || lower.hasSuffix("uuid")
    }

    package static func isTimeName(_ leaf: String) -> Bool {
        leaf.contains("time") || leaf.contains("date") || leaf.contains("epoch") || leaf == "ts"
            || leaf.hasSuffix("_ts") || leaf.hasSuffix("_at") || leaf.hasPrefix("ts_")
    }

    /// Up to four significant decimals, no exponent for ordinary magnitudes.
    package static func format(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        let magnitude = abs(x)
        let digits = magnitude >= 100 ? 2 : magnitude >= 1 ? 3 : 4
        let scale = pow(10, Double(digits))
        let r = (x * scale).rounded() / scale
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
