#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl+C and `@timeout` for a run: a flag the record loop checks, set from a signal handler or a timer.
/// On SIGINT a run that reads stdin gets /dev/null as its stdin, so a read blocked on a quiet pipe
/// returns at once (the restarted read sees end of input) and the run flushes and exits 130.
public enum ExecSignals {
    nonisolated(unsafe) static var stopFlag: sig_atomic_t = 0
    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0
    nonisolated(unsafe) static var devNull: Int32 = -1

    @inline(__always) static var stopRequested: Bool { stopFlag != 0 }

    /// Installs the SIGINT handler (and ignores SIGPIPE: a closed stdout ends the run quietly).
    static func install(releaseStdin: Bool) {
        signal(SIGPIPE, SIG_IGN)
        devNull = releaseStdin ? open("/dev/null", O_RDONLY | O_CLOEXEC) : -1
        signal(SIGINT) { _ in
            ExecSignals.interrupted = 1
            ExecSignals.stopFlag = 1
            if ExecSignals.devNull >= 0 { dup2(ExecSignals.devNull, 0) }
        }
    }

    /// For `@timeout`: ask the run to stop as if the input had ended.
    static func requestStop(releaseStdin: Bool) {
        stopFlag = 1
        if releaseStdin, devNull >= 0 { dup2(devNull, 0) }
    }

    static func reset() {
        stopFlag = 0
        interrupted = 0
    }
}
