import VeloBase
import VeloJSON
import VeloSchema

/// One assertion as written: its `type:` and its parameters (checked against `SpecAssertionCatalog` when
/// loaded). Parameters stay JSON so that every assertion type reads, validates and writes back the same way.
public struct SpecAssertion: Sendable, Equatable {
    public var type: String
    public var params: JSONObject
    /// Where the assertion starts in the spec (not part of equality).
    public var location: SourceLocation?

    public init(_ type: String, _ params: JSONObject = JSONObject(), location: SourceLocation? = nil) {
        self.type = type
        self.params = params
        self.location = location
    }

    public static func == (a: SpecAssertion, b: SpecAssertion) -> Bool { a.type == b.type && a.params == b.params }

    // Typed reads (the loader has already checked the kinds).
    public func string(_ key: String) -> String? {
        switch params[key] {
        case .string(let s)?: return s
        case .int(let i)?: return String(i)
        case .double(let d)?: return SchemaNumber.text(d)
        case .bool(let b)?: return b ? "true" : "false"
        default: return nil
        }
    }
    public func number(_ key: String) -> Double? {
        if let d = params[key]?.doubleValue { return d }
        if let s = params[key]?.stringValue { return Double(s) }
        return nil
    }
    public func int(_ key: String) -> Int? { number(key).map { Int($0) } }
    public func bool(_ key: String) -> Bool? { params[key]?.boolValue }
    public func strings(_ key: String) -> [String]? {
        params[key]?.arrayValue?.map { item in
            switch item {
            case .string(let s): return s
            case .int(let i): return String(i)
            case .double(let d): return SchemaNumber.text(d)
            case .bool(let b): return b ? "true" : "false"
            default: return "null"
            }
        }
    }
    public func objects(_ key: String) -> [JSONObject] { params[key]?.arrayValue?.compactMap(\.objectValue) ?? [] }
}

/// Every assertion type Velostream's serde structs accept, with their parameters (docs/test-spec.md).
public enum SpecAssertionCatalog {
    public enum Kind: Sendable, Equatable {
        case number, integer, text, flag, texts, numbers, objects, any
        /// A number from 0 to 1.
        case rate

        package var describe: String {
            switch self {
            case .number: "a number"
            case .integer: "a whole number"
            case .text: "text"
            case .flag: "true or false"
            case .texts: "a list of values"
            case .numbers: "a list of numbers"
            case .objects: "a list of mappings"
            case .any: "a value"
            case .rate: "a number from 0 to 1"
            }
        }
    }

    public struct Param: Sendable {
        public let key: String
        public let kind: Kind
        public let required: Bool
    }

    private static func p(_ key: String, _ kind: Kind, required: Bool = false) -> Param {
        Param(key: key, kind: kind, required: required)
    }

    public static let fieldOperators = [
        "equals", "not_equals", "greater_than", "less_than", "greater_than_or_equals",
        "less_than_or_equals", "contains", "starts_with", "ends_with", "matches"
    ]
    public static let aggregateFunctions = ["SUM", "COUNT", "AVG", "MIN", "MAX"]
    public static let metricTypes = ["metric_exists", "metric_counter", "metric_gauge"]

    public static let metricOperators =
        fieldOperators.filter { !["contains", "starts_with", "ends_with", "matches"].contains($0) }
        + ["==", "!=", ">", "<", ">=", "<="]

    /// The allowed words of a parameter that takes one of a fixed set, or nil.
    public static func choices(type: String, key: String) -> [String]? {
        switch (type, key) {
        case ("field_values", "operator"): fieldOperators
        case (_, "operator") where metricTypes.contains(type): metricOperators
        case ("aggregate_check", "function"): aggregateFunctions
        case (_, "direction"): ["ascending", "descending"]
        case ("distribution", "distribution_type"): ["normal", "uniform", "exponential", "custom"]
        case ("percentile", "mode"): ["less_than", "greater_than"]
        case ("file_contains", "mode"): ["all", "any"]
        case (_, "format"): SpecEndpoint.fileFormats + ["csv", "csv_no_header", "jsonl", "json"]
        case ("metric_exists", "expected_type"): ["counter", "gauge", "histogram"]
        default: nil
        }
    }

    /// Parameters per type, in the order SpecWriter writes them.
    public static let types: [(name: String, params: [Param])] = [
        (
            "record_count",
            [
                p("equals", .integer), p("greater_than", .integer), p("less_than", .integer),
                p("between", .numbers), p("expression", .text)
            ]
        ),
        ("schema_contains", [p("fields", .texts, required: true), p("key_field", .text)]),
        ("no_nulls", [p("fields", .texts)]),
        ("field_in_set", [p("field", .text, required: true), p("values", .texts, required: true)]),
        (
            "field_values",
            [
                p("field", .text, required: true), p("operator", .text, required: true),
                p("value", .any, required: true)
            ]
        ),
        (
            "aggregate_check",
            [
                p("function", .text, required: true), p("field", .text, required: true),
                p("expected", .text, required: true), p("tolerance", .number)
            ]
        ),
        ("join_coverage", [p("min_match_rate", .rate, required: true), p("left_source", .text), p("right_source", .text)]),
        ("template", [p("expression", .text, required: true), p("description", .text)]),
        ("execution_time", [p("max_ms", .integer), p("min_ms", .integer)]),
        ("memory_usage", [p("max_bytes", .integer), p("max_mb", .number), p("max_growth_bytes", .integer)]),
        (
            "throughput",
            [
                p("min_records_per_second", .number), p("max_records_per_second", .number),
                p("expected_records_per_second", .number), p("tolerance_percent", .number)
            ]
        ),
        (
            "latency",
            [
                p("timestamp_field", .text), p("max_latency_ms", .number), p("p99_latency_ms", .number),
                p("p95_latency_ms", .number), p("p50_latency_ms", .number), p("avg_latency_ms", .number),
                p("min_records", .integer)
            ]
        ),
        (
            "dlq_count",
            [
                p("topic", .text), p("equals", .integer), p("max", .integer), p("min", .integer),
                p("error_types", .texts)
            ]
        ),
        ("error_rate", [p("max_rate", .rate), p("max_percent", .number), p("error_types", .texts), p("min_records", .integer)]),
        ("no_duplicates", [p("key_fields", .texts), p("allow_updates", .flag), p("max_duplicate_percent", .number)]),
        (
            "ordering",
            [
                p("field", .text, required: true), p("direction", .text), p("partition_by", .text),
                p("allow_equal", .flag)
            ]
        ),
        (
            "completeness",
            [
                p("input_source", .text), p("key_field", .text), p("min_completeness", .rate),
                p("required_fields", .texts)
            ]
        ),
        (
            "table_freshness",
            [
                p("table", .text), p("max_age_ms", .integer), p("max_lag_ms", .integer),
                p("min_records", .integer)
            ]
        ),
        (
            "data_quality",
            [
                p("no_nulls_in", .texts), p("no_empty_strings_in", .texts), p("numeric_ranges", .objects),
                p("string_patterns", .objects), p("referential_integrity", .objects),
                p("min_quality_score", .rate)
            ]
        ),
        ("file_exists", [p("path", .text, required: true), p("min_size_bytes", .integer), p("max_size_bytes", .integer)]),
        (
            "file_row_count",
            [
                p("path", .text, required: true), p("format", .text), p("equals", .integer),
                p("greater_than", .integer), p("less_than", .integer), p("skip_header", .flag)
            ]
        ),
        (
            "file_contains",
            [
                p("path", .text, required: true), p("format", .text), p("field", .text, required: true),
                p("expected_values", .texts, required: true), p("mode", .text)
            ]
        ),
        (
            "file_matches",
            [
                p("actual_path", .text, required: true), p("expected_path", .text, required: true),
                p("format", .text), p("compare_fields", .texts), p("ignore_fields", .texts),
                p("ignore_order", .flag), p("numeric_tolerance", .number)
            ]
        ),
        (
            "window_boundary",
            [
                p("timestamp_field", .text), p("window_start_field", .text, required: true),
                p("window_end_field", .text, required: true), p("window_size_ms", .integer),
                p("tolerance_ms", .integer), p("verify_containment", .flag), p("verify_alignment", .flag)
            ]
        ),
        (
            "distribution",
            [
                p("field", .text, required: true), p("distribution_type", .text, required: true),
                p("mean", .number), p("std_dev", .number), p("min_value", .number), p("max_value", .number),
                p("tolerance", .number), p("min_records", .integer)
            ]
        ),
        (
            "percentile",
            [
                p("field", .text, required: true), p("p50", .number), p("p75", .number), p("p90", .number),
                p("p95", .number), p("p99", .number), p("p999", .number), p("mode", .text),
                p("min_records", .integer)
            ]
        ),
        (
            "event_ordering",
            [
                p("timestamp_field", .text, required: true), p("partition_field", .text),
                p("window_size_ms", .integer), p("direction", .text), p("allow_gaps", .flag),
                p("max_out_of_order_percent", .number), p("max_gap_ms", .integer)
            ]
        ),
        ("metric_exists", [p("name", .text, required: true), p("expected_type", .text)]),
        (
            "metric_counter",
            [
                p("name", .text, required: true), p("operator", .text, required: true),
                p("value", .number, required: true)
            ]
        ),
        (
            "metric_gauge",
            [
                p("name", .text, required: true), p("operator", .text, required: true),
                p("value", .number, required: true)
            ]
        )
    ]

    public static var typeNames: [String] { types.map(\.name) }

    public static func params(of type: String) -> [Param]? { types.first { $0.name == type }?.params }
}
