/// Tab completion: commands first, then what fits after them — schema names, topic names, job numbers,
/// settings — and file names where a file goes (nil asks readline for file names).
package struct Completion {
    package var schemas: [String]
    package var topics: [String]
    package var jobs: Int
    package var fields: [String]

    package init(schemas: [String], topics: [String], jobs: Int, fields: [String]) {
        self.schemas = schemas
        self.topics = topics
        self.jobs = jobs
        self.fields = fields
    }

    /// Candidates for `word`, given the text before it on the line.
    package func candidates(word: String, before: String) -> [String]? {
        let previous = before.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        let numbers = (0..<jobs).map { String($0 + 1) }
        if previous.isEmpty { return CommandParser.commandWords + ["r", "e", "n"] }
        // SQL (a continuation line's text is not known here) and words for velo-ask: names and SQL words.
        if CommandParser.isSQL(before) || !CommandParser.commandWords.contains(previous[0]) {
            return fields + schemas + topics + SQLWords.all
        }
        switch (previous.first!, previous.count) {
        case ("show", 1): return ["jobs", "schemas", "schema", "topics"] + numbers
        case ("show", 2) where previous[1] == "schema": return schemas
        case ("edit", 1): return ["schema"] + numbers
        case ("edit", 2) where previous[1] == "schema": return schemas
        case ("run", 1), ("delete", 1), ("replace", 1): return numbers
        case ("generate", 2): return schemas
        case ("generate", 3): return ["with"]
        case ("generate", _): return fields
        case ("messages", 1): return topics
        case ("messages", 2): return ["--last"]
        case ("infer", 1): return ["schema"]
        case ("infer", 2): return ["from"]
        case ("infer", 3): return topics
        case ("create", 1): return ["schema"]
        case ("create", 2): return ["for"]
        case ("load", 1): return !word.isEmpty && "schemas".hasPrefix(word.lowercased()) ? ["schemas"] : nil
        case ("load", 2) where previous[1] == "schemas": return ["from"]
        case ("save", 1): return !word.isEmpty && "session".hasPrefix(word.lowercased()) ? ["session"] : nil
        case ("set", 1): return ["timeout", "metrics", "profiling", "rows"]
        case ("set", 2) where previous[1] == "metrics" || previous[1] == "profiling": return ["on", "off"]
        case ("help", 1): return ["session", "schemas", "data", "queries", "files", "settings"]
        default: return nil
        }
    }
}

/// SQL words offered while typing SQL.
enum SQLWords {
    static let all = [
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "WINDOW", "TUMBLING", "SLIDING", "SESSION", "EMIT",
        "CHANGES", "FINAL", "CREATE", "STREAM", "TABLE", "AS", "JOIN", "LEFT", "ON", "AND", "OR", "COUNT", "SUM",
        "AVG", "MIN", "MAX", "INTERVAL", "WITH", "ORDER", "LIMIT", "CASE", "WHEN", "THEN", "ELSE", "END"
    ]
}
