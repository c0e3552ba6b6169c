#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl+C during generation: the handler only sets a flag; the loop sees it, finishes what it has (flushes
/// output, renames files, waits for deliveries) and the tool exits 130.
public enum GenInterrupt {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Installs the SIGINT handler and ignores SIGPIPE (a closed pipe is seen as EPIPE and ends quietly).
    public static func install() {
        signal(SIGINT) { _ in GenInterrupt.flag = 1 }
        signal(SIGPIPE, SIG_IGN)
    }

    public static var requested: Bool { flag != 0 }
}
