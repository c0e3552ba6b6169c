import VeloBase
import VeloGenerate

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// velo-gen's argument values (counts, durations, shares), the clock its relative times count from, and
/// the seed it makes up when none is given. The executable converts its options with these.
public enum GenTool {
    /// `1e6`, `10000`, `1_000_000`, `10k`, `2M`: a record count.
    public static func parseCount(_ text: String) -> Int? {
        var body = text.replacingUnderscores().lowercased()
        var scale = 1.0
        if body.hasSuffix("k") {
            scale = 1e3; body.removeLast()
        } else if body.hasSuffix("m") {
            scale = 1e6; body.removeLast()
        } else if body.hasSuffix("g") || body.hasSuffix("b") {
            scale = 1e9; body.removeLast()
        }
        guard let value = Double(body), value.isFinite, value >= 0 else { return nil }
        let n = value * scale
        guard n == n.rounded(), n < 1e15 else { return nil }
        return Int(n)
    }

    /// `5s`, `500ms`, `2m`, `1h`, `1m 30s`: a duration in milliseconds, in `DurationValue`'s grammar. A unit is
    /// required (a bare number used to mean seconds here and means milliseconds there, so it is refused).
    public static func parseDuration(_ text: String) -> Int64? {
        DurationValue(parsing: text, bareNumber: .refused)?.milliseconds
    }

    /// `0.05` or `5%`: a share between 0 and 1.
    public static func parseShare(_ text: String) -> Double? {
        var body = text
        var scale = 1.0
        if body.hasSuffix("%") { body.removeLast(); scale = 0.01 }
        guard let value = Double(body), value.isFinite else { return nil }
        let share = value * scale
        return (0...1).contains(share) ? share : nil
    }

    /// The current time in epoch milliseconds.
    public static func nowMs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// A fresh seed when none is given (printed in summaries so a run can be repeated).
    public static func randomSeed() -> UInt64 {
        var seed: UInt64 = 0
        let fd = open("/dev/urandom", O_RDONLY)
        if fd >= 0 {
            _ = withUnsafeMutableBytes(of: &seed) { read(fd, $0.baseAddress, 8) }
            close(fd)
        }
        if seed == 0 { seed = UInt64(bitPattern: nowMs()) &* 0x9e37_79b9_7f4a_7c15 }
        return seed % 1_000_000_000_000 // short enough to retype
    }
}
