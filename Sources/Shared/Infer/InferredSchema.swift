/// The result of inference before it is written in Velostream's schema format: types, constraints, and
/// for `--explain` the reasons behind each choice.
public struct InferredSchema: Sendable, Equatable {
    public var name: String
    public var fields: [InferredField]
    public var keyField: String?
    /// Valid records read.
    public var records: Int
    public var badLines: Int
    /// Notes about the whole input (ignored keys, key field choice).
    public var notes: [String] = []
}

public enum InferredType: Sendable, Equatable, CustomStringConvertible {
    case boolean, integer, float, string, uuid, date, timestamp
    /// Digits after the point.
    case decimal(precision: Int)

    public var description: String {
        switch self {
        case .boolean: "boolean"
        case .integer: "integer"
        case .float: "float"
        case .string: "string"
        case .uuid: "uuid"
        case .date: "date"
        case .timestamp: "timestamp"
        case .decimal(let p): "decimal(\(p))"
        }
    }
}

public enum FittedDistribution: Sendable, Equatable {
    case uniform
    case normal(mean: Double, stdDev: Double)
    /// Parameters in log space, as Velostream's generator takes them.
    case logNormal(mean: Double, stdDev: Double)

    public var name: String {
        switch self {
        case .uniform: "uniform"
        case .normal: "normal"
        case .logNormal: "log_normal"
        }
    }
}

public struct InferredConstraints: Sendable, Equatable {
    public var enumValues: [String]?
    public var enumWeights: [Int]?
    public var range: (min: Double, max: Double)? {
        get { rangeMin.flatMap { lo in rangeMax.map { (lo, $0) } } }
        set { rangeMin = newValue?.min; rangeMax = newValue?.max }
    }
    public var rangeMin: Double?
    public var rangeMax: Double?
    public var lengthMin: Int?
    public var lengthMax: Int?
    public var pattern: String?
    public var distribution: FittedDistribution?
    /// Absolute RFC 3339 bounds for `timestamp` strings.
    public var timestampRange: (start: String, end: String)? {
        get { tsStart.flatMap { s in tsEnd.map { (s, $0) } } }
        set { tsStart = newValue?.start; tsEnd = newValue?.end }
    }
    var tsStart: String?
    var tsEnd: String?
    /// Absolute RFC 3339 bounds for integer epoch-millisecond fields.
    public var epochMsRange: (start: String, end: String)? {
        get { msStart.flatMap { s in msEnd.map { (s, $0) } } }
        set { msStart = newValue?.start; msEnd = newValue?.end }
    }
    var msStart: String?
    var msEnd: String?

    public init() {}

    public var isEmpty: Bool { self == InferredConstraints() }
}

public struct InferredField: Sendable, Equatable {
    public var name: String
    public var type: InferredType
    public var nullable: Bool
    public var description: String?
    public var constraints = InferredConstraints()
    /// Why: one line per decision, for `--explain`.
    public var reasons: [String] = []
    /// Types that were met and widened (for `--explain` and tests).
    public var conflicts: [String] = []

    public init(name: String, type: InferredType, nullable: Bool) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}
