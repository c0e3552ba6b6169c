import VeloBase

/// Colors SQL for the terminal: keywords, strings, numbers, comments, and `-- @annotation:` lines.
/// A light scanner, not the parser: it must color half-typed and invalid SQL too.
package enum SQLHighlighter {
    static let keywords: Set<String> = [
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "AS", "AND", "OR", "NOT", "IN", "IS",
        "NULL", "BETWEEN", "LIKE", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "CREATE", "STREAM", "TABLE",
        "INSERT", "INTO", "VALUES", "WITH", "WINDOW", "TUMBLING", "SLIDING", "SESSION", "EMIT", "CHANGES", "FINAL",
        "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "ON", "WITHIN", "INTERVAL", "DISTINCT", "UNION", "ALL",
        "EXISTS", "ANY", "OVER", "PARTITION", "ROWS", "BUFFER", "PRIMARY", "KEY", "TRUE", "FALSE", "ASC", "DESC",
        "SECOND", "MINUTE", "HOUR", "DAY", "SECONDS", "MINUTES", "HOURS", "DAYS"
    ]

    package static func highlight(_ sql: String, style: TextStyle) -> String {
        guard style.enabled else { return sql }
        let chars = Array(sql)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "-" && i + 1 < chars.count && chars[i + 1] == "-" {
                var j = i
                while j < chars.count && chars[j] != "\n" { j += 1 }
                let comment = String(chars[i..<j])
                out += comment.contains("@") ? style.cyan(comment) : style.dim(comment)
                i = j
            } else if c == "'" {
                var j = i + 1
                while j < chars.count {
                    if chars[j] == "'" {
                        if j + 1 < chars.count && chars[j + 1] == "'" { j += 2; continue }
                        break
                    }
                    j += 1
                }
                j = min(j + 1, chars.count)
                out += style.green(String(chars[i..<j]))
                i = j
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_") { j += 1 }
                let word = String(chars[i..<j])
                out += keywords.contains(word.uppercased()) ? style.bold(style.blue(word)) : word
                i = j
            } else if c.isNumber {
                var j = i
                while j < chars.count && (chars[j].isNumber || chars[j] == "." || chars[j].isLetter) { j += 1 }
                out += style.magenta(String(chars[i..<j]))
                i = j
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
