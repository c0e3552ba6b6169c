#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress line on stderr for long work, shown only when stderr is a TTY.
/// Redraws at most ten times a second so that it costs nothing on the hot path.
public final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let total: Int?
    private let enabled: Bool
    private let style: TextStyle
    private let start: Double
    private var lastDraw: Double = 0
    private var drewSomething = false

    /// - Parameters:
    ///   - total: the expected count, or nil when unknown (then no bar or ETA, only count and rate).
    ///   - enabled: overrides the TTY check (tests pass true to capture the text).
    public init(label: String, total: Int?, enabled: Bool? = nil, color: Bool? = nil) {
        self.label = label
        self.total = total
        let tty = Terminal.isTTY(2)
        self.enabled = enabled ?? tty
        self.style = TextStyle(enabled: color ?? Terminal.useColor(fd: 2))
        self.start = MonotonicClock.seconds()
    }

    /// Reports progress; cheap to call often.
    public func update(_ done: Int) {
        guard enabled else { return }
        let now = MonotonicClock.seconds()
        guard now - lastDraw >= 0.1 else { return }
        lastDraw = now
        Console.writeStderr("\r" + render(done: done, elapsed: now - start) + "\u{1B}[K")
        drewSomething = true
    }

    /// Clears the progress line.
    public func finish() {
        guard enabled, drewSomething else { return }
        Console.writeStderr("\r\u{1B}[K")
    }

    /// The text of one progress line (no control characters).
    public func render(done: Int, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var parts = [label]
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let width = 24
            let filled = Int(fraction * Double(width))
            parts.append("[" + style.green(String(repeating: "█", count: filled)) + String(repeating: "░", count: width - filled) + "]")
            parts.append(HumanFormat.fixed(fraction * 100, digits: 0) + "%")
            parts.append("\(HumanFormat.compact(Double(done)))/\(HumanFormat.compact(Double(total)))")
            parts.append(HumanFormat.rate(rate))
            if rate > 0 && done < total {
                parts.append("ETA " + HumanFormat.duration(seconds: Double(total - done) / rate))
            }
        } else {
            parts.append(HumanFormat.compact(Double(done)))
            parts.append(HumanFormat.rate(rate))
        }
        return parts.joined(separator: " ")
    }
}

/// Monotonic time for measuring durations.
public enum MonotonicClock {
    public static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
