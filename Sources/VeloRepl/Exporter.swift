import Foundation

/// `export FILE`: the children the session ran, as a script that replays them — a shell script, or a
/// Makefile when FILE ends in `.mk`. The REPL's working files they read (SQL of each run, schemas, requests)
/// are written by the script first, under their short names.
package struct Exporter {
    package var commands: [ShellCommand]
    /// Working files by name (relative to `scratchDir`), with their text.
    package var files: [String: String]
    package var scratchDir: String

    package init(commands: [ShellCommand], files: [String: String], scratchDir: String) {
        self.commands = commands
        self.files = files
        self.scratchDir = scratchDir
    }

    /// The working files the commands use, in name order.
    var usedFiles: [(String, String)] {
        let words = Set(commands.flatMap { $0.argv + [$0.stdinFile].compactMap { $0 } })
        return files.filter { name, _ in
            words.contains(scratchDir + "/" + name) || words.contains { $0 == scratchDir + "/" + name.split(separator: "/").first! }
        }.sorted { $0.0 < $1.0 }
    }

    package func shellScript() -> String {
        var out = "#!/bin/sh\n# Written by velo-repl `export`: the session's commands, to replay from a shell.\nset -e\n"
        for dir in Set(usedFiles.compactMap { name, _ in name.lastIndex(of: "/").map { String(name[..<$0]) } }).sorted() {
            out += "mkdir -p \(ShellCommand.quote(dir))\n"
        }
        for (name, text) in usedFiles {
            let marker = Self.marker(for: text)
            out += "cat > \(ShellCommand.quote(name)) <<'\(marker)'\n" + text + (text.hasSuffix("\n") ? "" : "\n") + marker + "\n"
        }
        for command in commands { out += command.relativized(from: scratchDir).text + "\n" }
        return out
    }

    package func makefile() -> String {
        var out = "# Written by velo-repl `export`: the session's commands, to replay with make.\n.PHONY: all\nall:\n"
        for dir in Set(usedFiles.compactMap { name, _ in name.lastIndex(of: "/").map { String(name[..<$0]) } }).sorted() {
            out += "\tmkdir -p \(Self.make(ShellCommand.quote(dir)))\n"
        }
        for (name, text) in usedFiles {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let body = (text.hasSuffix("\n") ? lines.dropLast() : lines[...]).map { ShellCommand.quote(String($0)) }
            out += "\tprintf '%s\\n' " + body.map(Self.make).joined(separator: " ") + " > " + Self.make(ShellCommand.quote(name)) + "\n"
        }
        for command in commands { out += "\t" + Self.make(command.relativized(from: scratchDir).text) + "\n" }
        return out
    }

    /// A heredoc end marker that does not occur in the text.
    static func marker(for text: String) -> String {
        var marker = "VELO_EOF"
        while text.contains(marker) { marker += "_" }
        return marker
    }

    /// Make expands `$`; a recipe line needs `$$` for a shell's `$`.
    static func make(_ text: String) -> String { text.replacingOccurrences(of: "$", with: "$$") }
}
