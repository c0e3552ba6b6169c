#if canImport(Glibc)
import Glibc
#endif

/// Ctrl+C for an interactive shell: SIGINT only raises a flag, so the shell decides what it cancels (the
/// line being typed, or the running child) and stays up. Installed without SA_RESTART, so a blocking
/// `poll` or `read` returns EINTR and the shell sees the flag at once.
package enum Interrupt {
    nonisolated(unsafe) private static var raised: sig_atomic_t = 0

    /// Routes SIGINT to the flag (idempotent).
    package static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.raised = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Whether Ctrl+C came since the last call; clears the flag.
    package static func take() -> Bool {
        let was = raised != 0
        raised = 0
        return was
    }

    /// Whether Ctrl+C came, without clearing it.
    package static var isRaised: Bool { raised != 0 }
}
