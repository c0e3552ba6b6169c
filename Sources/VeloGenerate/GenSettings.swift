import VeloSchema

/// Run-wide choices that shape generated values (the command line's options, after parsing).
public struct GenSettings: Sendable {
    /// Every field's random stream derives from this.
    public var seed: UInt64
    /// "now" for relative time bounds (`-1h`, `now`); pin it for byte-identical output over time.
    public var nowMs: Int64
    /// Share of nulls in nullable fields (Velostream: about 10%).
    public var nullRate: Double = 0.1
    /// Places after the point for `float` fields (trailing zeros dropped); decimals use their precision.
    public var floatDigits: Int = 4
    public var time = GenTimeSettings()
    /// Constraint overrides (`--with`), applied to the schemas before they compile.
    public var overrides: [GenOverride] = []

    public init(seed: UInt64, nowMs: Int64) {
        self.seed = seed
        self.nowMs = nowMs
    }
}

/// How event time moves (`--start`, `--end`, `--rate`, `--jitter`, `--out-of-order`, `--max-delay`).
public struct GenTimeSettings: Sendable {
    /// When true, time fields are uniform within their ranges (Velostream's behaviour) instead of a stream.
    public var random = false
    /// The field that carries event time; nil picks the first `timestamp_epoch_ms` field, else the first
    /// `timestamp` field, else an integer field named `timestamp`.
    public var field: String?
    public var start: TimeSpec?
    public var end: TimeSpec?
    /// Events per second of event time. Nil spreads the records evenly over start..end.
    public var rate: Double?
    /// How much each gap between events varies, 0 (a metronome) to 1 (anywhere in the slot).
    public var jitter: Double = 0.5
    /// The share of records that arrive late: their event time is up to `maxDelayMs` behind the stream.
    public var outOfOrder: Double = 0
    public var maxDelayMs: Int64 = 5000

    public init() {}
}
