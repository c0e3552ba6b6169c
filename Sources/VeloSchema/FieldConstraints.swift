import VeloJSON

/// The optional `constraints:` map of a field (docs/schema.md). Every key is optional; keys Velo does not
/// know are kept in `unknownKeys` so that a load → save round trip loses nothing.
public struct FieldConstraints: Sendable, Hashable {
    public var enumValues: EnumValues?
    public var range: NumericRange?
    public var length: LengthRange?
    public var pattern: String?
    public var distribution: Distribution?
    public var derived: DerivedValue?
    public var references: FieldReference?
    /// For `type: timestamp`; Velostream's default is `-1h`..`now`.
    public var timestampRange: TimeRange?
    /// For `type: integer` holding epoch milliseconds.
    public var timestampEpochMs: TimeRange?
    /// Keys under `constraints:` that Velo does not know, in file order.
    public var unknownKeys: JSONObject

    public init(
        enumValues: EnumValues? = nil, range: NumericRange? = nil, length: LengthRange? = nil,
        pattern: String? = nil, distribution: Distribution? = nil, derived: DerivedValue? = nil,
        references: FieldReference? = nil, timestampRange: TimeRange? = nil,
        timestampEpochMs: TimeRange? = nil, unknownKeys: JSONObject = JSONObject()
    ) {
        self.enumValues = enumValues
        self.range = range
        self.length = length
        self.pattern = pattern
        self.distribution = distribution
        self.derived = derived
        self.references = references
        self.timestampRange = timestampRange
        self.timestampEpochMs = timestampEpochMs
        self.unknownKeys = unknownKeys
    }

    /// True when no constraint (known or unknown) is set; such a field saves without `constraints:`.
    public var isEmpty: Bool {
        enumValues == nil && range == nil && length == nil && pattern == nil && distribution == nil
            && derived == nil && references == nil && timestampRange == nil && timestampEpochMs == nil
            && unknownKeys.count == 0
    }

    /// The YAML keys Velostream knows under `constraints:`, in the order Velo writes them.
    public static let knownKeys = [
        "enum_values", "range", "length", "pattern", "distribution", "derived",
        "references", "timestamp_range", "timestamp_epoch_ms"
    ]
}

/// `enum_values: {values: [..], weights: [..]}`. Values are text: Velostream emits them as strings, and a YAML
/// number or boolean in the list keeps the text it was written with (`5`, `true`, `1.50`).
public struct EnumValues: Sendable, Hashable {
    public var values: [String]
    /// Relative weights, one per value; nil means equally likely.
    public var weights: [Double]?

    public init(values: [String], weights: [Double]? = nil) {
        self.values = values
        self.weights = weights
    }
}

/// `range: {min, max}`, inclusive, for integer, float and decimal fields.
public struct NumericRange: Sendable, Hashable {
    public var min: Double
    public var max: Double

    public init(min: Double, max: Double) {
        self.min = min
        self.max = max
    }
}

/// `length: {min?, max?}` for strings (Velostream's defaults are 5..20).
public struct LengthRange: Sendable, Hashable {
    public var min: Int?
    public var max: Int?

    public init(min: Int? = nil, max: Int? = nil) {
        self.min = min
        self.max = max
    }

    public static let defaultMin = 5
    public static let defaultMax = 20
}

/// `distribution:`: bare `uniform`, or a one-key map naming the distribution and its parameters.
public enum Distribution: Sendable, Hashable {
    case uniform
    case normal(mean: Double, stdDev: Double)
    /// Parameters are in log space (e.g. mean 10.0, std_dev 1.5).
    case logNormal(mean: Double, stdDev: Double)
    case zipf(exponent: Double)
    case randomWalk(RandomWalk)

    /// The YAML names, in the order suggestions are offered.
    public static let names = ["uniform", "normal", "log_normal", "zipf", "random_walk"]

    /// The YAML name of this distribution.
    public var name: String {
        switch self {
        case .uniform: "uniform"
        case .normal: "normal"
        case .logNormal: "log_normal"
        case .zipf: "zipf"
        case .randomWalk: "random_walk"
        }
    }
}

/// Geometric Brownian motion: next = prev · (1 + drift + volatility · Z), one path per `groupBy` value.
public struct RandomWalk: Sendable, Hashable {
    public var drift: Double
    public var volatility: Double
    public var groupBy: String?
    public var allowBelowMin: Bool
    public var allowAboveMax: Bool

    public static let defaultDrift = 0.0
    public static let defaultVolatility = 0.02

    public init(
        drift: Double = RandomWalk.defaultDrift, volatility: Double = RandomWalk.defaultVolatility,
        groupBy: String? = nil, allowBelowMin: Bool = false, allowAboveMax: Bool = false
    ) {
        self.drift = drift
        self.volatility = volatility
        self.groupBy = groupBy
        self.allowBelowMin = allowBelowMin
        self.allowAboveMax = allowAboveMax
    }
}

/// `derived: {expression, depends_on}`: computed after all other fields of the record.
public struct DerivedValue: Sendable, Hashable {
    public var expression: String
    public var dependsOn: [String]

    public init(expression: String, dependsOn: [String] = []) {
        self.expression = expression
        self.dependsOn = dependsOn
    }
}

/// `references: {schema, field, file?}`: a foreign key into another schema's field.
public struct FieldReference: Sendable, Hashable {
    public var schema: String
    public var field: String
    public var file: String?

    public init(schema: String, field: String, file: String? = nil) {
        self.schema = schema
        self.field = field
        self.file = file
    }
}

/// `{start, end}` of `timestamp_range` / `timestamp_epoch_ms`, as written (`now`, `-30m`, `3600`, RFC 3339).
/// `TimeSpec.parse` reads each bound.
public struct TimeRange: Sendable, Hashable {
    public var start: String
    public var end: String

    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }
}
