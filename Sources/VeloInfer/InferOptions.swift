/// The thresholds inference uses. Defaults are documented in docs/velo-infer.md; each is a flag of velo-infer.
public struct InferOptions: Sendable {
    /// A string field becomes an enum when it has at most this many distinct values…
    public var enumMaxValues = 20
    /// …and the distinct values are at most this share of its non-null values (so ten unique names in a
    /// ten-record sample are not an enum).
    public var enumMaxRatio = 0.5
    /// Exact distinct tracking per field stops after this many values (memory bound); uniqueness is then
    /// estimated with HyperLogLog.
    public var distinctCap = 1000
    /// Values kept per numeric field for the distribution test.
    public var reservoirSize = 10_000
    /// A distribution is fitted only with at least this many numeric values.
    public var distributionMinCount = 100
    /// The fitted distribution is kept only when its Kolmogorov–Smirnov distance is at most this (or the
    /// 1 % critical value 1.63/√n, whichever is larger).
    public var distributionMaxDistance = 0.05
    /// Decimal detection. A decimal(N) is either written at a fixed scale (every value shows exactly N
    /// places, trailing zeros kept: `12.50`, `3.00`) or, for N up to `decimalTrimmedPlaces`, by a writer that
    /// drops trailing zeros (`12.5` beside `19.99`, money from JSON floats), and then at least this share of
    /// values shows exactly N places. Anything else with a fraction is a float, as DuckDB reads it.
    public var decimalMinShare = 0.5
    /// The most places a decimal written without trailing zeros may have (cents). velo-gen's floats have 4
    /// trimmed places, so they read back as floats.
    public var decimalTrimmedPlaces = 2
    /// The most places a decimal may have; more digits than this means a binary float.
    public var decimalMaxPlaces = 6
    /// Fields beyond this many distinct names are ignored (and reported), keeping memory bounded.
    public var maxFields = 10_000
    /// Bad lines reported individually (all are counted).
    public var reportedBadLines = 5
    /// Seed for reservoir sampling and de-discretization, so the same input gives the same schema.
    public var seed: UInt64 = 42

    public init() {}
}
