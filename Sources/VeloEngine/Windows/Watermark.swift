import VeloBase

/// Event-time progress. The watermark W says "no record older than W is still expected"; a window
/// [start, end) is complete once end ≤ W, and a record whose windows are all complete is late.
/// - bounded out-of-orderness: W = max event time seen − bound (`'watermark.max_out_of_orderness'`)
/// - ascending: bound 0
/// - none: W stays at −∞ until the input ends (bounded runs then close everything)
public struct WatermarkTracker: Sendable {
    public enum Strategy: Sendable, Equatable {
        case boundedOutOfOrderness(Int64)
        case ascending
        case none
    }

    public let strategy: Strategy
    public private(set) var maxEventTime: Int64 = .min
    public private(set) var watermark: Int64 = .min
    /// Records that arrived behind the watermark (counted by `observe`).
    public private(set) var behindCount: Int64 = 0

    public init(_ strategy: Strategy) { self.strategy = strategy }

    /// From the job properties: `'watermark.strategy'` and `'watermark.max_out_of_orderness'` (a
    /// duration like `5s`). A bound without a strategy means bounded out-of-orderness.
    public init(strategy: String?, maxOutOfOrderness: String?) throws {
        let bound: Int64?
        if let text = maxOutOfOrderness {
            guard let d = DurationValue(parsing: text) else {
                throw RuntimeError.badArgument("watermark.max_out_of_orderness", "'\(text)' is not a duration (like 5s, 500ms, 1m)")
            }
            bound = d.milliseconds
        } else {
            bound = nil
        }
        switch strategy?.lowercased() {
        case "ascending", "ascending_timestamps": self.init(.ascending)
        case "none": self.init(.none)
        default:
            // bounded_out_of_orderness, punctuated, none given — and, as in Velostream (which logs "Unknown
            // watermark strategy, using default"), any other value: the default (`--check` warns of it).
            self.init(bound.map { .boundedOutOfOrderness($0) } ?? .ascending)
        }
    }

    /// True when `t` is behind the current watermark (checked before `observe(t)` advances it).
    @inlinable public func isBehind(_ t: Int64) -> Bool { t < watermark }

    /// Records an event time; returns true when the watermark moved.
    @discardableResult
    public mutating func observe(_ t: Int64) -> Bool {
        if t < watermark { behindCount += 1 }
        guard t > maxEventTime else { return false }
        maxEventTime = t
        let next: Int64
        switch strategy {
        case .boundedOutOfOrderness(let bound): next = t.subtractingReportingOverflow(bound).partialValue
        case .ascending: next = t
        case .none: return false
        }
        if next > watermark { watermark = next; return true }
        return false
    }

    /// End of input: everything is complete.
    public mutating func finish() { watermark = .max }
}

extension RunMetrics {
    /// A warning when late records dropped are a large share of the input (5% or more): the summary's `late`
    /// line is easy to miss, and the run still exits 0. It usually means the input is far from event-time
    /// order for the watermark (records of several sources or partitions interleaved out of order).
    public var lateDropWarning: (message: String, hint: String)? {
        guard lateRecords > 0, recordsIn > 0, lateStrategy == nil || lateStrategy == "drop", lateRecords * 20 >= recordsIn else { return nil }
        let percent = Int((Double(lateRecords) * 100 / Double(recordsIn)).rounded())
        return (
            "\(HumanFormat.grouped(Int(lateRecords))) of \(HumanFormat.grouped(Int(recordsIn))) records (\(percent)%) were dropped as late (their windows had closed)",
            "the input is far from event-time order for the watermark: allow for it with 'watermark.max_out_of_orderness', or keep late records with 'late.data.strategy' = 'dead_letter'"
        )
    }
}
