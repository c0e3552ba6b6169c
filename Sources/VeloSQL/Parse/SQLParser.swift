/// The result of parsing a file: the script (statements that parsed) and every problem found.
public struct SQLParseResult: Sendable {
    public var script: SQLScript
    public var issues: [SQLIssue]
    /// Names created by statements that failed to parse, so later statements reading them are not blamed too.
    public var brokenTargets: [String]
}

/// Hand-written recursive descent with precedence climbing for expressions. On an error inside a statement it
/// records the problem, skips to the next `;` and goes on, so one pass reports one error per broken statement.
public struct SQLParser {
    package var tokens: [SQLToken]
    package var pos = 0
    package var issues: [SQLIssue] = []
    package var brokenTargets: [String] = []
    /// How deeply expressions nest right now; bounded so hostile input cannot exhaust the stack.
    package var depth = 0
    package static let maxDepth = 200
    /// How many levels an expression tree may have, flat chains included (`a OR b OR …`: a level per
    /// operator). The parser reads chains without recursing, but checking, formatting and evaluating walk
    /// the tree recursively; tools run on a stack sized for this (`DeepStack`). docs/sql-reference.md.
    package static let maxHeight = 50_000
    /// The tallest expression finished inside the current `parseExpr` so far (an upper bound on its height).
    package var finishedHeight = 0
    package let comments: [SQLComment]

    public static func parse(_ text: String) -> SQLParseResult {
        let lexer = SQLLexer(text)
        var parser = SQLParser(tokens: lexer.tokens, comments: lexer.comments)
        parser.issues = lexer.issues
        let script = parser.parseScript()
        return SQLParseResult(script: script, issues: parser.issues, brokenTargets: parser.brokenTargets)
    }

    package init(tokens: [SQLToken], comments: [SQLComment]) {
        self.tokens = tokens
        self.comments = comments
    }

    // MARK: token helpers

    package var current: SQLToken { tokens[pos] }
    package var previous: SQLToken { tokens[max(0, pos - 1)] }
    package func peek(_ offset: Int = 1) -> SQLToken { tokens[min(pos + offset, tokens.count - 1)] }

    package func isWord(_ keyword: String) -> Bool { current.kind == .word && current.upper == keyword }
    package func isWord(_ keyword: String, at offset: Int) -> Bool {
        let t = peek(offset)
        return t.kind == .word && t.upper == keyword
    }
    package func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol && current.text == symbol }
    package var atEnd: Bool { current.kind == .end }

    package mutating func advance() -> SQLToken {
        let t = current
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    package mutating func accept(_ keyword: String) -> Bool {
        if isWord(keyword) { pos += 1; return true }
        return false
    }

    package mutating func acceptSymbol(_ symbol: String) -> Bool {
        if isSymbol(symbol) { pos += 1; return true }
        return false
    }

    /// An error at the current token: `expected X, found Y`, with a "did you mean" when a word was misspelled.
    package func unexpected(_ expected: String, hint: String? = nil, keywords: [String] = []) -> SQLIssue {
        var hint = hint
        if current.kind == .word, let close = SQLSuggest.closest(to: current.upper, in: keywords) {
            hint = "did you mean '\(close)'?"
        }
        return .error("expected \(expected), found \(current.described)", at: current.span, hint: hint)
    }

    @discardableResult
    package mutating func expect(_ keyword: String, _ context: String = "", hint: String? = nil) throws(SQLIssue) -> SQLToken {
        guard isWord(keyword) else {
            throw unexpected("'\(keyword)'\(context.isEmpty ? "" : " " + context)", hint: hint, keywords: [keyword])
        }
        return advance()
    }

    @discardableResult
    package mutating func expectSymbol(_ symbol: String, _ context: String = "", hint: String? = nil) throws(SQLIssue) -> SQLToken {
        guard isSymbol(symbol) else {
            throw unexpected("'\(symbol)'\(context.isEmpty ? "" : " " + context)", hint: hint)
        }
        return advance()
    }

    /// A name: a bare word that is not reserved, or a quoted identifier.
    package mutating func identifier(_ what: String) throws(SQLIssue) -> SQLIdentifier {
        if current.kind == .quotedIdentifier {
            let t = advance()
            return SQLIdentifier(t.text, span: t.span, quoted: true)
        }
        if current.kind == .word {
            if SQLGrammar.reservedWords.contains(current.upper) {
                throw SQLIssue.error(
                    "expected \(what), found keyword '\(current.text)'", at: current.span,
                    hint: "quote it to use it as a name: \"\(current.text)\"")
            }
            let t = advance()
            return SQLIdentifier(t.text, span: t.span)
        }
        throw unexpected(what)
    }

    /// A name after a dot: any word goes there (`m.timestamp`, `t.key`).
    package mutating func memberName(_ what: String) throws(SQLIssue) -> SQLIdentifier {
        if current.kind == .word || current.kind == .quotedIdentifier {
            let t = advance()
            return SQLIdentifier(t.text, span: t.span, quoted: t.kind == .quotedIdentifier)
        }
        throw unexpected(what)
    }

    /// True when the current token can start an alias written without AS.
    package var atBareAlias: Bool {
        current.kind == .quotedIdentifier || (current.kind == .word && !SQLGrammar.reservedWords.contains(current.upper))
    }

    package mutating func commaList<T>(_ item: (inout SQLParser) throws(SQLIssue) -> T) throws(SQLIssue) -> [T] {
        var items = [try item(&self)]
        while acceptSymbol(",") { items.append(try item(&self)) }
        return items
    }

    package func span(from start: Int) -> SQLSpan { SQLSpan(start, previous.span.end) }

    // MARK: script and statements

    package mutating func parseScript() -> SQLScript {
        var statements: [SQLStatement] = []
        var regions: [(SQLSpan)] = [] // where each statement's leading comments may be
        var regionStart = 0
        while !atEnd {
            if acceptSymbol(";") { regionStart = previous.span.end; continue }
            let startPos = pos
            do throws(SQLIssue) {
                var statement = try parseStatement()
                if isWord("CREATE") || isWord("INSERT") {
                    // A missing ';' between two statements: keep the first and go on with the next.
                    issues.append(
                        .error(
                            "expected ';' before the next statement, found \(current.described)",
                            at: current.span, hint: "end each statement with ';'"))
                } else if !atEnd && !isSymbol(";") {
                    throw SQLIssue.error(
                        "unexpected \(current.described) after the end of the statement", at: current.span,
                        hint: unexpectedTailHint())
                }
                statement.extent = SQLSpan(statement.span.start, isSymbol(";") ? current.span.end : statement.span.end)
                statements.append(statement)
                regions.append(SQLSpan(regionStart, statement.span.start))
            } catch {
                issues.append(error)
                let head = tokens[startPos...].prefix(3)
                if head.count == 3, head.first!.upper == "CREATE", head.last!.kind == .word || head.last!.kind == .quotedIdentifier {
                    brokenTargets.append(head.last!.text)
                }
                recover(from: startPos)
            }
            regionStart = current.span.start
        }
        var script = SQLScript(statements: statements)
        SQLAnnotationReader.attach(comments, regions: regions, to: &script)
        return script
    }

    private func unexpectedTailHint() -> String {
        if isWord("INTO") {
            return "INTO goes only after a top-level SELECT (SELECT … INTO sink); a CREATE STREAM writes to the stream it creates"
        }
        if current.kind == .word {
            let clauses = [
                "WHERE", "GROUP", "HAVING", "WINDOW", "EMIT", "WITH", "ORDER", "LIMIT", "UNION", "JOIN",
                "LIKE", "BETWEEN", "AND"
            ]
            if let close = SQLSuggest.closest(to: current.upper, in: clauses) { return "did you mean '\(close)'?" }
            if SQLGrammar.startKeywords.contains(current.upper) { return "end the previous statement with ';'" }
        }
        return "clauses go in this order: FROM, JOIN, WHERE, GROUP BY, WINDOW, HAVING, ORDER BY, LIMIT, EMIT, WITH; end each statement with ';'"
    }

    /// Skips to just after the next `;` outside parentheses (or to the end), never staying in place.
    private mutating func recover(from startPos: Int) {
        if pos == startPos { _ = advance() }
        var depth = 0
        while !atEnd {
            if isSymbol("(") { depth += 1 } else if isSymbol(")") { depth = max(0, depth - 1) }
            if isSymbol(";") && depth == 0 { return }
            // After a missing ';' the next CREATE or INSERT starts a statement of its own.
            if depth == 0 && pos > startPos && (isWord("CREATE") || isWord("INSERT")) { return }
            _ = advance()
        }
    }

    package mutating func parseStatement() throws(SQLIssue) -> SQLStatement {
        let start = current.span.start
        if accept("CREATE") {
            let kind: SQLStatement.Kind
            if accept("STREAM") {
                kind = .createStream
            } else if accept("TABLE") {
                kind = .createTable
            } else {
                throw unexpected("STREAM or TABLE after CREATE", keywords: ["STREAM", "TABLE"])
            }
            let name = try identifier("a \(kind == .createStream ? "stream" : "table") name")
            // Velostream's `CREATE STREAM|TABLE s (col TYPE, …) AS SELECT …`: the list is checked against the query.
            var definitions: [(SQLIdentifier, SQLTypeName)] = []
            if acceptSymbol("(") {
                definitions = try commaList { (p: inout SQLParser) throws(SQLIssue) in
                    (try p.identifier("a column name"), try p.parseColumnType())
                }
                try expectSymbol(")", "after the column list")
            }
            try expect("AS", "after the name", hint: "write CREATE \(kind == .createStream ? "STREAM" : "TABLE") \(name.value) AS SELECT …")
            var statement = try finishStatement(kind: kind, target: name, columns: definitions.map(\.0), start: start)
            statement.columnTypes = definitions.map(\.1)
            return statement
        }
        if accept("INSERT") {
            try expect("INTO", "after INSERT")
            let target = try identifier("a stream name")
            var columns: [SQLIdentifier] = []
            if acceptSymbol("(") {
                columns = try commaList { (p: inout SQLParser) throws(SQLIssue) in try p.identifier("a column name") }
                try expectSymbol(")", "after the column list")
            }
            return try finishStatement(kind: .insert, target: target, columns: columns, start: start)
        }
        if isWord("SELECT") {
            return try finishStatement(kind: .select, target: nil, columns: [], start: start)
        }
        throw unexpected(
            "a statement (CREATE STREAM, CREATE TABLE, INSERT INTO or SELECT)",
            keywords: ["CREATE", "INSERT", "SELECT"])
    }

    private mutating func finishStatement(
        kind: SQLStatement.Kind, target: SQLIdentifier?, columns: [SQLIdentifier],
        start: Int
    ) throws(SQLIssue) -> SQLStatement {
        var kind = kind
        var target = target
        if !isWord("SELECT") {
            throw unexpected("SELECT", keywords: ["SELECT"])
        }
        let query = try parseQuery()
        var emit: SQLEmit? = nil
        if isWord("EMIT") {
            let emitStart = advance().span.start
            if accept("CHANGES") {
                emit = SQLEmit(mode: .changes, span: span(from: emitStart))
            } else if accept("FINAL") {
                emit = SQLEmit(mode: .final, span: span(from: emitStart))
            } else {
                throw unexpected("CHANGES or FINAL after EMIT", keywords: ["CHANGES", "FINAL"])
            }
        }
        var properties: [SQLProperty] = []
        if accept("WITH") {
            properties = try parseProperties()
        }
        // Velostream's `SELECT … [EMIT …] [WITH (…)] INTO sink [WITH (…)]` is an INSERT INTO sink.
        if kind == .select, accept("INTO") {
            if current.kind == .string {
                let t = advance()
                target = SQLIdentifier(t.text, span: t.span, quoted: true)
            } else {
                target = try identifier("a sink name after INTO")
            }
            kind = .insert
            if accept("WITH") { properties += try parseProperties() }
        }
        if isWord("EMIT") {
            throw SQLIssue.error(
                "EMIT must come before WITH", at: current.span,
                hint: "move 'EMIT \(peek().text.uppercased())' above the WITH block")
        }
        return SQLStatement(
            kind: kind, target: target, columns: columns, query: query, emit: emit,
            properties: properties, span: span(from: start))
    }

    /// A column type of a CREATE STREAM list: our type names and Velostream's aliases, then `[NOT] NULL`.
    private mutating func parseColumnType() throws(SQLIssue) -> SQLTypeName {
        let aliases = ["INT": "INTEGER", "TEXT": "STRING", "REAL": "DOUBLE", "BOOL": "BOOLEAN", "NUMERIC": "DECIMAL"]
        var type: SQLTypeName
        if current.kind == .word, let alias = aliases[current.upper] {
            let t = advance()
            type = SQLTypeName(name: alias, parameters: [], span: t.span)
        } else {
            type = try parseTypeName()
        }
        if accept("NOT") { try expect("NULL", "after NOT in a column type"); type.notNull = true } else { _ = accept("NULL") }
        return type
    }

    private mutating func parseProperties() throws(SQLIssue) -> [SQLProperty] {
        try expectSymbol("(", "after WITH", hint: "write WITH ('key' = 'value', …)")
        var properties: [SQLProperty] = []
        if acceptSymbol(")") { return properties }
        repeat {
            if isSymbol(")") { break } // a trailing comma before ')' is forgiven
            let keyStart = current.span.start
            let key: String
            if current.kind == .string {
                key = advance().text
            } else if current.kind == .word || current.kind == .quotedIdentifier {
                // Unquoted dotted keys (event.time.field) are accepted too.
                var parts = [advance().text]
                while acceptSymbol(".") { parts.append(try memberName("a property name").value) }
                key = parts.joined(separator: ".")
            } else {
                throw unexpected("a property name in quotes", hint: "write WITH ('key' = 'value', …)")
            }
            let keySpan = span(from: keyStart)
            try expectSymbol("=", "after the property name '\(key)'")
            let valueToken = current
            let value: String
            switch valueToken.kind {
            // A double-quoted value is a string here, as Velostream's tokenizer reads it.
            case .string, .quotedIdentifier, .integer, .decimal, .duration: value = advance().text
            case .word where ["TRUE", "FALSE"].contains(valueToken.upper): value = advance().text.lowercased()
            case .symbol where valueToken.text == "-" && [.integer, .decimal].contains(peek().kind):
                _ = advance()
                value = "-" + advance().text
            default: throw unexpected("a value for '\(key)'", hint: "quote the value: '\(key)' = '…'")
            }
            properties.append(SQLProperty(key: key, value: value, keySpan: keySpan, valueSpan: span(from: valueToken.span.start)))
        } while acceptSymbol(",")
        try expectSymbol(")", "to close WITH", hint: "separate properties with ','")
        return properties
    }
}
