/// Event time that moves like a stream: record i falls in slot i of width `stepMs` after `startMs`, placed
/// within its slot by `jitter` (so time never drifts and stays inside start..end), and a share of records is
/// pushed back by up to `maxDelayMs` to arrive out of order.
public struct GenEventClock: Sendable {
    public let startMs: Int64
    /// Milliseconds per event (1000 / rate).
    public let stepMs: Double
    public let endMs: Int64?
    package let jitter: Double
    package let outOfOrder: Double
    package let maxDelayMs: Double
    package var rng: GenRandom
    private var index: Int64 = 0

    public init(startMs: Int64, stepMs: Double, endMs: Int64?, settings: GenTimeSettings, rng: GenRandom) {
        self.startMs = startMs
        self.stepMs = max(0, stepMs)
        self.endMs = endMs
        self.jitter = min(max(settings.jitter, 0), 1)
        self.outOfOrder = min(max(settings.outOfOrder, 0), 1)
        self.maxDelayMs = Double(max(0, settings.maxDelayMs))
        self.rng = rng
    }

    /// The clock for `count` records between `startMs` and `endMs`, or at `rate` events per second.
    public init(startMs: Int64, endMs: Int64?, rate: Double?, count: Int, settings: GenTimeSettings, rng: GenRandom) {
        let step: Double
        if let rate, rate > 0 {
            step = 1000 / rate
        } else if let endMs, count > 0 {
            step = Double(max(0, endMs - startMs)) / Double(count)
        } else {
            step = 1000
        }
        self.init(startMs: startMs, stepMs: step, endMs: endMs, settings: settings, rng: rng)
    }

    /// The stream position of the next record without jitter or delay (for stopping at `endMs`).
    public var nextSlotStartMs: Int64 { startMs + Int64(Double(index) * stepMs) }

    /// The event time of the next record.
    public mutating func next() -> Int64 {
        let offset = 0.5 + jitter * (rng.nextDouble() - 0.5)
        var t = Double(startMs) + (Double(index) + offset) * stepMs
        index += 1
        if outOfOrder > 0, rng.nextDouble() < outOfOrder {
            t -= rng.nextDouble() * maxDelayMs
            if t < Double(startMs) { t = Double(startMs) }
        }
        return Int64(t.rounded(.down))
    }
}
