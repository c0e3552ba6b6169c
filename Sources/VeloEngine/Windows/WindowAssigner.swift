import VeloBase

/// Event-time windows, aligned to the epoch as in Flink and Velostream: a TUMBLING(1m) window starts on
/// whole minutes since 1970-01-01T00:00Z. Windows are half-open [start, end): a record exactly on a
/// boundary belongs to the later window. Negative times floor correctly (-1 ms is in [-size, 0)).
public enum WindowSpec: Sendable, Equatable, CustomStringConvertible {
    case tumbling(size: Int64)
    /// Windows of `size` starting every `advance`; a record is in ceil(size/advance) of them.
    case sliding(size: Int64, advance: Int64)
    /// Per key: records closer than `gap` join one session [first, last + gap).
    case session(gap: Int64)

    /// Checks sizes: positive, and a sliding advance no larger than the size.
    public func validate() throws {
        switch self {
        case .tumbling(let size):
            if size <= 0 { throw RuntimeError.badArgument("TUMBLING", "window size must be positive") }
        case .sliding(let size, let advance):
            if size <= 0 || advance <= 0 { throw RuntimeError.badArgument("SLIDING", "size and advance must be positive") }
            if advance > size { throw RuntimeError.badArgument("SLIDING", "advance (\(advance) ms) must not exceed the size (\(size) ms)") }
            if size / advance > 100_000 {
                throw RuntimeError.badArgument("SLIDING", "\(size / advance) overlapping windows per record is too many; use a larger advance")
            }
        case .session(let gap):
            if gap <= 0 { throw RuntimeError.badArgument("SESSION", "gap must be positive") }
        }
    }

    public var description: String {
        switch self {
        case .tumbling(let s): return "TUMBLING(\(DurationValue(milliseconds: s)))"
        case .sliding(let s, let a): return "SLIDING(\(DurationValue(milliseconds: s)), \(DurationValue(milliseconds: a)))"
        case .session(let g): return "SESSION(\(DurationValue(milliseconds: g)))"
        }
    }
}

/// A window's bounds in epoch ms, start inclusive, end exclusive.
public struct WindowBounds: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var start: Int64
    public var end: Int64
    public init(start: Int64, end: Int64) { self.start = start; self.end = end }
    public static func < (a: WindowBounds, b: WindowBounds) -> Bool { (a.end, a.start) < (b.end, b.start) }
    public var description: String { "[\(start), \(end))" }
}

public enum WindowAssigner {
    /// Start of the tumbling window holding `t` (pinned to Int64.min if it would lie below it).
    @inlinable public static func tumblingStart(_ t: Int64, size: Int64) -> Int64 {
        Timestamps.saturatingAdd(t, -Timestamps.floorMod(t, size))
    }

    /// The windows holding `t`, earliest first. Sessions are assigned by the store (they depend on the key).
    public static func windows(for t: Int64, _ spec: WindowSpec) -> [WindowBounds] {
        var out: [WindowBounds] = []
        forEachWindow(t, spec) { out.append($0) }
        return out
    }

    /// Calls `body` with each window holding `t`, earliest start first, without allocating.
    @inlinable public static func forEachWindow(_ t: Int64, _ spec: WindowSpec, _ body: (WindowBounds) throws -> Void) rethrows {
        switch spec {
        case .tumbling(let size):
            let s = tumblingStart(t, size: size)
            try body(WindowBounds(start: s, end: Timestamps.saturatingAdd(s, size)))
        case .sliding(let size, let advance):
            guard Timestamps.supportedRange.contains(t) else { return } // no window can hold it
            let last = tumblingStart(t, size: advance)
            // earliest start still covering t: the smallest last - k·advance with s > t - size
            var s = last - (last - t + size - 1) / advance * advance
            while s <= last {
                try body(WindowBounds(start: s, end: Timestamps.saturatingAdd(s, size)))
                s = Timestamps.saturatingAdd(s, advance)
                if s == .max { break }
            }
        case .session(let gap):
            try body(WindowBounds(start: t, end: Timestamps.saturatingAdd(t, gap)))
        }
    }
}
