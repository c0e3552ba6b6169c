import Foundation
import VeloTestSupport

/// A real terminal for the REPL: a tmux server of its own (its own socket), one window of a fixed size
/// running a command; keys go in with send-keys, the screen comes out with capture-pane.
final class TmuxTerminal {
    let socket = "velo-repl-test-\(UUID().uuidString.prefix(8))"
    static let tmux = URL(fileURLWithPath: "/usr/bin/tmux")

    /// Starts `command` (run by sh, in `directory`, with `environment` added and the test's own NO_COLOR
    /// removed) in a terminal `width` columns wide and 50 lines high.
    init(_ command: String, directory: URL, environment: [String: String], width: Int = 120) throws {
        let exports = environment.map { "\($0.key)=\(shellQuote($0.value))" }.sorted().joined(separator: " ")
        let line = "cd \(shellQuote(directory.path)) && env -u NO_COLOR \(exports) \(command); echo \"EXIT=$?\"; sleep 600"
        // The tmux server this starts would keep every fd it inherits, among them the pipes a process runner
        // waits on to see its child end; bash closes all but stdin, stdout and stderr (/dev/null) first.
        let tmuxCommand = ([Self.tmux.path, "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", String(width), "-y", "50", line])
            .map(shellQuote).joined(separator: " ")
        let closeAndStart =
            "for fd in /proc/$$/fd/*; do n=${fd##*/}; [ \"$n\" -gt 2 ] && eval \"exec $n>&-\"; done 2>/dev/null; exec \(tmuxCommand) </dev/null >/dev/null 2>&1"
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/bin/bash"), ["-c", closeAndStart], timeout: 20)
        guard result.status == 0 else { throw TmuxError(text: "tmux new-session failed: \(result.stderr)") }
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let result = try ProcessRunner.run(Self.tmux, ["-L", socket, "-f", "/dev/null"] + arguments, timeout: 20)
        guard result.status == 0 else { throw TmuxError(text: "tmux \(arguments): \(result.stderr)") }
        return result.stdout
    }

    /// Types text as it is (tmux would take a trailing `;` for its own separator, so it is escaped).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-l", "--", text.hasSuffix(";") ? String(text.dropLast()) + "\\;" : text])
    }

    /// Presses keys by name: Enter, Tab, Up, C-c, C-d.
    func press(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    func typeLine(_ text: String) throws {
        try type(text)
        try press("Enter")
    }

    /// The screen, with escape sequences when `escapes`.
    func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-J", "-S", "-200"] + (escapes ? ["-e"] : []))
    }

    /// Waits until the screen holds `text` (after `count - 1` earlier occurrences); returns the screen.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, timeout: TimeInterval = 60) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.components(separatedBy: text).count - 1 >= count { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TmuxError(text: "waited \(Int(timeout))s for '\(text)'; the screen:\n\(last)")
    }
}

struct TmuxError: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
