/// Long lines broken for the terminal's width, so nothing wraps mid-word: prose at spaces, SQL after the
/// commas of a list (outside strings and comments), which keeps the SQL valid if it is copied.
package enum TextWrap {
    /// Each line of `text` filled to `width` columns, breaking at spaces.
    package static func prose(_ text: String, width: Int) -> String {
        guard width > 20 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.count > width else { return String(line) }
            var lines: [String] = []
            var current = ""
            for word in line.split(separator: " ", omittingEmptySubsequences: false) {
                if !current.isEmpty, current.count + 1 + word.count > width {
                    lines.append(current)
                    current = String(word)
                } else {
                    current += (current.isEmpty ? "" : " ") + word
                }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Each SQL line longer than `width` broken after ", " where the next piece would not fit; the
    /// pieces after the first are indented by four spaces.
    package static func sql(_ sql: String, width: Int) -> String {
        guard width > 20 else { return sql }
        return sql.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.count > width, !line.hasPrefix("--") else { return String(line) }
            let pieces = commaPieces(String(line))
            var lines: [String] = []
            var current = ""
            for piece in pieces {
                if !current.isEmpty, current.count + piece.count > width {
                    lines.append(String(current.reversed().drop { $0 == " " }.reversed()))
                    current = "    " + piece
                } else {
                    current += piece
                }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The line cut after each ", " that is outside quotes and not in a trailing comment.
    static func commaPieces(_ line: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quote: Character?
        var previous: Character = " "
        var inComment = false
        for ch in line {
            current.append(ch)
            if inComment { continue }
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" {
                quote = ch
            } else if ch == "-" && previous == "-" {
                inComment = true
            } else if ch == " " && previous == "," {
                pieces.append(current)
                current = ""
            }
            previous = ch
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
