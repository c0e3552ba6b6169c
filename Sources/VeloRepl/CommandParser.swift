import Foundation
import VeloBase

/// Turns a line typed at the prompt into a `ReplInput`. Command words are case-insensitive; anything that
/// is not a command (and not SQL) goes to velo-ask as words, so "show me big orders" is a question while
/// "show 2" is a command.
package enum CommandParser {
    /// The commands `help` lists and completion offers (first words).
    package static let commandWords = [
        "help", "quit", "exit", "clear", "status", "config", "set", "load", "create", "infer", "show", "edit",
        "generate", "topics", "messages", "run", "delete", "append", "replace", "save", "export"
    ]

    package static func parse(_ line: String) -> ReplInput {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .empty }
        if isSQL(text) { return .sql(text) }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let lower = words.map { $0.lowercased() }
        let rest = { (n: Int) in words.dropFirst(n).joined(separator: " ") }
        switch lower[0] {
        case "help", "?": return .help(words.count > 1 ? lower[1] : nil)
        case "quit", "exit", "\\q": return words.count == 1 ? .quit : .ask(text)
        case "clear" where words.count == 1: return .clear
        case "status" where words.count == 1: return .status
        case "config" where words.count == 1: return .config
        case "topics" where words.count == 1: return .topics
        case "r": return words.count == 1 ? .run(job: nil) : .ask(text)
        case "e": return words.count == 1 ? .edit(job: nil) : .ask(text)
        case "n": return words.count == 1 ? .retry : .ask(text)
        case "append" where words.count == 1: return .append
        case "run": return jobCommand(lower, make: { .run(job: $0) }, optional: true) ?? .ask(text)
        case "edit":
            if lower.count >= 3 && lower[1] == "schema" { return .editSchema(rest(2)) }
            return jobCommand(lower, make: { .edit(job: $0) }, optional: true) ?? .ask(text)
        case "delete": return jobCommand(lower, make: { .deleteJob($0!) }, optional: false) ?? .ask(text)
        case "replace": return jobCommand(lower, make: { .replaceJob($0!) }, optional: false) ?? .ask(text)
        case "set": return parseSet(words)
        case "show": return parseShow(words, lower) ?? .ask(text)
        case "load": return parseLoad(words, lower) ?? .ask(text)
        case "save":
            if words.count == 1 { return .save(file: nil) }
            if lower[1] == "session" {
                guard words.count == 3 else { return .invalid(message: "save session needs a file", hint: "save session work.json") }
                return .saveSession(file: words[2])
            }
            return words.count == 2 ? .save(file: words[1]) : .ask(text)
        case "export":
            guard words.count == 2 else {
                return .invalid(message: "export needs one file", hint: "export session.sh  (or session.mk for a Makefile)")
            }
            return .export(file: words[1])
        case "create":
            if lower.count >= 4 && lower[1] == "schema" && lower[2] == "for" { return .createSchema(domain: rest(3)) }
            return .ask(text)
        case "infer":
            if lower.count == 4 && lower[1] == "schema" && lower[2] == "from" { return .inferSchema(topic: words[3]) }
            return .ask(text)
        case "messages": return parseMessages(words)
        case "generate": return parseGenerate(words, text: text)
        default: return words.count == 1 ? misspelled(words[0]) ?? .ask(text) : .ask(text)
        }
    }

    /// One word close to a command is a typo (`quitt`), not a question for the model.
    private static func misspelled(_ word: String) -> ReplInput? {
        guard word.count >= 3, word.allSatisfy(\.isLetter), let command = Suggest.closest(to: word, among: commandWords) else { return nil }
        return .invalid(message: "no command '\(word)'", hint: "did you mean '\(command)'? (a question for the model takes more than one word)")
    }

    /// Whether the text is SQL (so it continues until `;`): it starts with a statement keyword or an
    /// annotation comment.
    package static func isSQL(_ text: String) -> Bool {
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.hasPrefix("--") { return true }
        let first = trimmed.prefix { $0.isLetter }.uppercased()
        guard ["SELECT", "CREATE", "INSERT"].contains(first) else { return false }
        // "create schema for …" is a command, not SQL.
        let second = trimmed.dropFirst(first.count).drop { $0.isWhitespace }.prefix { $0.isLetter }.lowercased()
        return !(first == "CREATE" && second == "schema")
    }

    /// Whether typed SQL is unfinished: it has not reached a `;` outside strings and comments.
    package static func needsMore(_ text: String) -> Bool {
        guard isSQL(text) else { return false }
        var inString = false
        var inComment = false
        var lastSignificant: Character = " "
        var previous: Character = " "
        for ch in text {
            if inComment {
                if ch == "\n" { inComment = false }
            } else if inString {
                if ch == "'" { inString = false }
                lastSignificant = ch
            } else if ch == "-" && previous == "-" {
                inComment = true
                lastSignificant = " "
            } else if ch == "'" {
                inString = true
                lastSignificant = ch
            } else if !ch.isWhitespace {
                lastSignificant = ch
            }
            previous = inComment ? " " : ch
        }
        return inString || lastSignificant != ";"
    }

    private static func jobCommand(_ lower: [String], make: (Int?) -> ReplInput, optional: Bool) -> ReplInput? {
        if lower.count == 1 {
            return optional ? make(nil) : .invalid(message: "\(lower[0]) needs a job number", hint: "show jobs, then \(lower[0]) 2")
        }
        guard lower.count == 2 else { return nil }
        guard let n = Int(lower[1].trimmingPrefix("#")), n > 0 else {
            return .invalid(message: "'\(lower[1])' is not a job number", hint: "show jobs lists them: \(lower[0]) 1")
        }
        return make(n)
    }

    private static func parseSet(_ words: [String]) -> ReplInput {
        var values = Array(words.dropFirst())
        if values.count >= 3 && values[1].lowercased() == "to" { values.remove(at: 1) }
        guard values.count == 2 else {
            return .invalid(message: "set takes a setting and a value", hint: "set timeout 60s · set metrics on · set profiling off")
        }
        return .set(key: values[0].lowercased(), value: values[1])
    }

    private static func parseShow(_ words: [String], _ lower: [String]) -> ReplInput? {
        guard lower.count >= 2 else { return .invalid(message: "show what?", hint: "show jobs · show schemas · show schema NAME · show 2") }
        if lower.count == 2 {
            switch lower[1] {
            case "jobs": return .showJobs
            case "schemas": return .showSchemas
            case "topics": return .topics
            default:
                if let n = Int(lower[1].trimmingPrefix("#")) {
                    return n > 0 ? .showJob(n) : .invalid(message: "job numbers start at 1", hint: "show jobs")
                }
                return nil
            }
        }
        if lower.count == 3 && lower[1] == "schema" { return .showSchema(words[2]) }
        // `show schema a b`, `show jobs all`: a command with words too many, not a question.
        if ["jobs", "schemas", "schema", "topics"].contains(lower[1]) || Int(lower[1]) != nil {
            return .invalid(
                message: "show \(lower[1]) takes \(lower[1] == "schema" ? "one name" : "nothing more")",
                hint: "show jobs · show schemas · show schema NAME · show 2")
        }
        return nil
    }

    private static func parseLoad(_ words: [String], _ lower: [String]) -> ReplInput? {
        // "load schemas from DIR", also "load my schemas from DIR".
        var i = 1
        if i < lower.count && lower[i] == "my" { i += 1 }
        if i < lower.count, lower[i] == "schemas" || lower[i] == "schema" {
            guard lower.count == i + 3, lower[i + 1] == "from" else {
                return .invalid(message: "load schemas needs a folder", hint: "load schemas from schemas/")
            }
            return .loadSchemas(dir: words[i + 2])
        }
        if words.count == 2 { return .load(file: words[1]) }
        return nil
    }

    private static func parseMessages(_ words: [String]) -> ReplInput {
        guard words.count >= 2 else {
            return .invalid(message: "messages needs a topic", hint: "messages orders --last 5  (or messages 2, a number from topics)")
        }
        var last = 10
        if words.count == 4 && words[2] == "--last" {
            guard let n = Int(words[3]), n > 0 else { return .invalid(message: "--last needs a count", hint: "messages \(words[1]) --last 5") }
            last = n
        } else if words.count != 2 {
            return .invalid(message: "messages takes a topic and --last N", hint: "messages \(words[1]) --last 5")
        }
        return .messages(topic: words[1], last: last)
    }

    /// `generate N SOURCE [with C1, C2]`; N may be 5000, 5,000, 10k, 1e6 or 1_000.
    private static func parseGenerate(_ words: [String], text: String) -> ReplInput {
        let hint = "generate 5000 orders  ·  generate 1000 sensor_readings with temperature_c between 30 and 40"
        guard words.count >= 3, let count = parseCount(words[1]) else {
            return .invalid(message: "generate needs a count and a schema", hint: hint)
        }
        let source = words[2]
        var constraints: [String] = []
        if words.count > 3 {
            guard words[3].lowercased() == "with", words.count > 4 else {
                return .invalid(message: "after the schema comes 'with CONDITIONS'", hint: hint)
            }
            constraints = words.dropFirst(4).joined(separator: " ").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return .generate(count: count, source: source, constraints: constraints)
    }

    package static func parseCount(_ text: String) -> Int? {
        var t = text.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: "")
        var scale = 1.0
        if t.hasSuffix("k") { scale = 1e3; t.removeLast() } else if t.hasSuffix("m") { scale = 1e6; t.removeLast() }
        guard let value = Double(t), value > 0, value * scale < 1e12, (value * scale).rounded() == value * scale else { return nil }
        return Int(value * scale)
    }
}

extension String {
    fileprivate func trimmingPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
