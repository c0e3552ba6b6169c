#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl+C and `@timeout` for a run: a flag the record loop checks, set from a signal handler or a timer.
/// On SIGINT (or the timeout) a run that reads stdin gets /dev/null as its stdin, and the reading thread
/// gets SIGUSR1 (installed without SA_RESTART), so a read blocked on a quiet pipe returns EINTR; the
/// reader retries on the new descriptor, sees end of input, and the run flushes and ends.
///
/// Linux (glibc) only, like the rest of Velo (Package.swift): the wake-up handler is set through glibc's
/// `sigaction` layout. Elsewhere the code compiles without the wake-up (Ctrl+C and `@timeout` still set the
/// flag, but a read blocked on a quiet stdin pipe is not interrupted); that build is not tested.
public enum ExecSignals {
    package nonisolated(unsafe) static var stopFlag: sig_atomic_t = 0
    package nonisolated(unsafe) static var interrupted: sig_atomic_t = 0
    package nonisolated(unsafe) static var devNull: Int32 = -1
    package nonisolated(unsafe) static var reader: pthread_t = pthread_self()

    @inline(__always) package static var stopRequested: Bool { stopFlag != 0 }

    /// Installs the SIGINT handler (and ignores SIGPIPE: a closed stdout ends the run quietly).
    package static func install(releaseStdin: Bool) {
        signal(SIGPIPE, SIG_IGN)
        devNull = releaseStdin ? open("/dev/null", O_RDONLY | O_CLOEXEC) : -1
        reader = pthread_self()
        // A parent may hand down a blocked mask (test runners, some process launchers): unblock ours.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGUSR1)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        #if canImport(Glibc)
        var wake = sigaction()
        wake.__sigaction_handler.sa_handler = { _ in }
        wake.sa_flags = 0
        sigemptyset(&wake.sa_mask)
        sigaction(SIGUSR1, &wake, nil)
        #endif
        signal(SIGINT) { _ in
            ExecSignals.interrupted = 1
            ExecSignals.release()
        }
    }

    /// Sets the flag and unblocks a read of stdin (async-signal-safe calls only).
    package static func release() {
        stopFlag = 1
        if devNull >= 0 {
            dup2(devNull, 0)
            #if canImport(Glibc)
            pthread_kill(reader, SIGUSR1) // without the handler above, SIGUSR1 would end the process
            #endif
        }
    }

    /// For `@timeout`: ask the run to stop as if the input had ended.
    package static func requestStop() { release() }

    package static func reset() {
        stopFlag = 0
        interrupted = 0
    }
}
