@preconcurrency import CReadline
import VeloBase

#if canImport(Glibc)
import Glibc
#endif

/// Line editing on a terminal with GNU readline: history (up/down, Ctrl+R), tab completion, and Ctrl+C
/// that drops the line being typed and returns to the prompt. Uses readline's callback interface around
/// `poll`, so SIGINT (see `Interrupt`) ends the wait without readline's own signal handlers.
package final class ReadlineEditor: LineReader {
    package let isInteractive = true
    private let history: HistoryFile?
    private let console: Console

    /// - Parameters:
    ///   - complete: the candidates for the word being typed, given the line before it; nil means
    ///     "complete file names" (readline's default).
    package init(history: HistoryFile?, console: Console, complete: @escaping (String, String) -> [String]?) {
        self.history = history
        self.console = console
        ReadlineState.complete = complete
        rl_readline_name = UnsafePointer(strdup("velo-repl"))
        rl_catch_signals = 0
        rl_attempted_completion_function = ReadlineState.attemptCompletion
        using_history()
        stifle_history(Int32(history?.limit ?? 1000))
        for entry in history?.entries ?? [] { add_history(entry) }
    }

    package func readLine(prompt: String) -> LineInput {
        ReadlineState.result = nil
        rl_callback_handler_install(prompt, ReadlineState.lineDone)
        while ReadlineState.result == nil {
            var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let n = poll(&fds, 1, -1)
            if Interrupt.take() {
                // "^C" first: leaving readline's mode writes a carriage return on the new line, not this one.
                Screen.write("^C\n")
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_callback_handler_remove()
                return .interrupted
            }
            if n < 0 {
                if errno == EINTR { continue }
                rl_callback_handler_remove()
                return .end
            }
            if fds.revents & Int16(POLLIN) == 0 && fds.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                rl_callback_handler_remove()
                return .end
            }
            rl_callback_read_char()
        }
        let result = ReadlineState.result ?? .end
        if result == .end { Screen.write("\n") }
        return result
    }

    package func remember(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace) else { return }
        add_history(entry)
        if let error = history?.add(entry) {
            console.warning(error.diagnostic.message, hint: "history is kept for this session only")
        }
    }

    package func close() {}

    /// Marks escape sequences in a prompt as taking no columns, so readline's cursor math stays right.
    package static func prompt(_ text: String) -> String {
        var out = ""
        var inEscape = false
        for ch in text {
            if ch == "\u{1B}" {
                out += "\u{01}"
                inEscape = true
            }
            out.append(ch)
            if inEscape && ch == "m" {
                out += "\u{02}"
                inEscape = false
            }
        }
        return out
    }
}

/// What readline's C callbacks reach: they cannot capture, so the state of the one editor lives here.
private enum ReadlineState {
    nonisolated(unsafe) static var result: LineInput?
    nonisolated(unsafe) static var complete: (String, String) -> [String]? = { _, _ in nil }
    nonisolated(unsafe) static var candidates: [String] = []
    nonisolated(unsafe) static var nextCandidate = 0

    static let lineDone: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { line in
        if let line {
            result = .line(String(cString: line))
            free(line)
        } else {
            result = .end
        }
        rl_callback_handler_remove()
    }

    static let attemptCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
        text, start, _ in
        let word = text.map { String(cString: $0) } ?? ""
        var before = ""
        if let buffer = rl_line_buffer {
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: Int(start))
            before = String(decoding: bytes, as: UTF8.self)
        }
        guard let found = complete(word, before) else { return nil } // readline completes file names
        rl_attempted_completion_over = 1
        candidates = found.filter { $0.hasPrefix(word) }
        nextCandidate = 0
        return rl_completion_matches(text, generate)
    }

    static let generate: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { nextCandidate = 0 }
        guard nextCandidate < candidates.count else { return nil }
        defer { nextCandidate += 1 }
        return strdup(candidates[nextCandidate])
    }
}
