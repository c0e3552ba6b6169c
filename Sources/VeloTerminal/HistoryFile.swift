import VeloBase

#if canImport(Glibc)
import Glibc
#endif

/// The REPL's history on disk (`~/.velostream/ai_history` by default): one entry per line, newlines inside
/// a multi-line statement written as `\n` and backslashes as `\\`, newest last, the last `limit` kept.
/// Written whole and atomically after each entry, so two shells never leave a torn file.
package final class HistoryFile {
    package let path: String
    package let limit: Int
    package private(set) var entries: [String] = []

    package init(path: String, limit: Int = 1000) {
        self.path = path
        self.limit = limit
        if fileExists(path), let text = try? TextInput.read(path) {
            entries = text.split(separator: "\n", omittingEmptySubsequences: true).map { Self.decode(String($0)) }
            if entries.count > limit { entries.removeFirst(entries.count - limit) }
        }
    }

    /// Adds an entry (not a repeat of the last one, not blank) and writes the file; a write failure is
    /// reported once and the session goes on without history.
    package func add(_ entry: String) -> VeloError? {
        guard !entry.allSatisfy(\.isWhitespace), entries.last != entry else { return nil }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        do {
            try Self.makeParent(of: path)
            try AtomicFile.write(entries.map(Self.encode).joined(separator: "\n") + "\n", to: path)
            return nil
        } catch let error as VeloError {
            return error
        } catch {
            return VeloError("cannot write history '\(path)': \(error)")
        }
    }

    package static func encode(_ entry: String) -> String {
        var out = ""
        for ch in entry {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    package static func decode(_ line: String) -> String {
        var out = ""
        var escaped = false
        for ch in line {
            if escaped {
                out.append(ch == "n" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// Creates the directory the file goes in (one level, as `~/.velostream`), private to the user.
    private static func makeParent(of path: String) throws {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let dir = String(path[..<slash])
        if mkdir(dir, 0o700) != 0 && errno != EEXIST {
            throw VeloError("cannot create '\(dir)' for the history: \(String(cString: strerror(errno)))", hint: "pass --history FILE")
        }
    }
}
