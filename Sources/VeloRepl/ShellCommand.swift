import Foundation

/// A child the REPL runs, as the shell command it equals (`-v` prints it; `export` writes them all).
package struct ShellCommand: Equatable, Sendable {
    package var argv: [String]
    /// A file the child reads on stdin (`< FILE`).
    package var stdinFile: String?
    /// Where the child's stdout goes in a replay (`> FILE`), when the REPL keeps it.
    package var stdoutFile: String?

    package init(_ argv: [String], stdinFile: String? = nil, stdoutFile: String? = nil) {
        self.argv = argv
        self.stdinFile = stdinFile
        self.stdoutFile = stdoutFile
    }

    /// The command line, each word quoted for a POSIX shell where it needs it.
    package var text: String {
        var words = argv.map(Self.quote)
        if let stdinFile { words += ["<", Self.quote(stdinFile)] }
        if let stdoutFile { words += [">", Self.quote(stdoutFile)] }
        return words.joined(separator: " ")
    }

    package static func quote(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0)) }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The same command with every path under `from` shown relative to it (scratch files in exports).
    package func relativized(from dir: String) -> ShellCommand {
        let prefix = dir.hasSuffix("/") ? dir : dir + "/"
        func strip(_ s: String) -> String { s.replacingOccurrences(of: prefix, with: "") }
        return ShellCommand(argv.map(strip), stdinFile: stdinFile.map(strip), stdoutFile: stdoutFile.map(strip))
    }
}
