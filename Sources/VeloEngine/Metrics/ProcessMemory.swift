#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resident memory of this process, read from /proc/self/status (Linux). nil where unavailable.
public enum ProcessMemory {
    /// Peak resident set size in bytes (VmHWM).
    public static func peakResidentBytes() -> Int? { statusField("VmHWM:") }

    /// Current resident set size in bytes (VmRSS).
    public static func residentBytes() -> Int? { statusField("VmRSS:") }

    package static func statusField(_ name: String) -> Int? {
        let fd = open("/proc/self/status", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        var total = 0
        while total < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, $0.count - total) }
            if n <= 0 { break }
            total += n
        }
        let text = String(decoding: buffer[0..<total], as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            // "VmHWM:     12345 kB"
            let digits = line.dropFirst(name.count).filter { $0 >= "0" && $0 <= "9" }
            guard let kb = Int(digits) else { return nil }
            return kb * 1024
        }
        return nil
    }
}
