#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The shell's own output: stdout, through C's stream (the one readline draws on), flushed at once so
/// prompts, child output and our text interleave in order.
package enum Screen {
    package static func write(_ text: String) {
        fputs(text, stdout)
        fflush(stdout)
    }

    package static func line(_ text: String = "") { write(text + "\n") }
}
