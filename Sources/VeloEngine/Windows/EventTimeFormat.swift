import VeloBase

/// How `'event.time.format'` reads the event-time field (docs/engine-runtime.md, "Timestamps and durations").
public enum EventTimeFormat: Sendable, Equatable {
    case epochMillis
    case epochSeconds
    case iso8601
    /// Numbers by magnitude (seconds below 1e11), strings as ISO 8601.
    case auto
    case pattern(String)

    /// `epoch_millis` (default), `epoch_seconds`, `iso8601`, `auto`, or a strftime pattern.
    public init(property: String?) {
        switch property?.lowercased() {
        case nil, "", "epoch_millis", "epoch_ms", "millis": self = .epochMillis
        case "epoch_seconds", "epoch", "seconds": self = .epochSeconds
        case "iso8601", "iso_8601", "rfc3339": self = .iso8601
        case "auto": self = .auto
        default: self = .pattern(property!)
        }
    }

    /// The event time in epoch ms, or a RuntimeError naming what was wrong.
    /// Numeric strings are accepted for the epoch formats; ISO strings are accepted for every format
    /// except a custom pattern, since producers mix them freely.
    public func epochMillis(of value: SQLValue) throws -> Int64 {
        let ms = try unchecked(value)
        guard Timestamps.supportedRange.contains(ms) else {
            throw RuntimeError(.badCast, "event time \(value) is out of range (years -9999 to 9999)")
        }
        return ms
    }

    package func unchecked(_ value: SQLValue) throws -> Int64 {
        switch value {
        case .null:
            throw RuntimeError(.missingEventTime, "event time is null")
        case .timestamp(let t):
            return t
        case .date(let d):
            return Int64(d) * Timestamps.msPerDay
        case .int, .double, .decimal:
            let unit: Timestamps.EpochUnit = self == .epochSeconds ? .seconds : (self == .epochMillis ? .millis : .auto)
            if case .int(let i) = value, unit == .millis { return i }
            if let ms = Timestamps.millis(fromEpoch: value.doubleValue!, unit: unit) { return ms }
        case .string(let s):
            if case .pattern(let p) = self {
                if let ms = Timestamps.parse(s, pattern: p) { return ms }
                throw RuntimeError(.badCast, "event time '\(s)' does not match format '\(p)'")
            }
            if let ms = Timestamps.parseISO(s) { return ms }
            if let d = Double(s) {
                let unit: Timestamps.EpochUnit = self == .epochSeconds ? .seconds : (self == .epochMillis ? .millis : .auto)
                if let ms = Timestamps.millis(fromEpoch: d, unit: unit) { return ms }
            }
        default: break
        }
        throw RuntimeError(.badCast, "cannot read event time from \(value.typeName) \(value)")
    }
}
