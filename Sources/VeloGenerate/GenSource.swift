import VeloSchema

/// A constant a field can emit (an enum value, a forced override value), prepared once.
public struct GenConstant: Sendable {
    public var kind: GenSlot.Kind
    public var int: Int64 = 0
    public var double: Double = 0
    public var bytes: [UInt8] = []
}

/// An enum field's values and how one is picked.
public struct GenChoice: Sendable {
    public enum Picker: Sendable {
        case uniform
        case weighted(WeightedChoice)
        /// The first value is the most frequent (enum with `distribution: zipf`).
        case zipf(ZipfSampler)
    }
    public var values: [GenConstant]
    public var picker: Picker
}

/// Where a field's values come from.
public enum GenSource: Sendable {
    case integer(GenNumber)
    /// float or decimal.
    case real(GenNumber)
    case boolean
    case choice(GenChoice)
    case pattern(GenPattern)
    /// Random alphanumerics, length min...max.
    case text(min: Int, max: Int)
    case uuid
    /// Uniform epoch milliseconds, written as `kind` (.int or .timestamp).
    case timeRange(lo: Int64, hi: Int64, kind: GenSlot.Kind)
    /// The record's event time, written as `kind`.
    case eventTime(kind: GenSlot.Kind)
    /// Uniform days since the epoch.
    case date(lo: Int64, hi: Int64)
    /// A foreign key: a value of the referenced field (uniform, or Zipf-skewed to make hot keys).
    case reference(GenPool, zipf: Bool, exponent: Double)
    case derived(GenExpression, FieldType)
}
