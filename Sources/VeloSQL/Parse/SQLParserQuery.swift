extension SQLParser {
    package mutating func parseQuery() throws(SQLIssue) -> SQLQuery {
        let start = current.span.start
        let first = try parseSelect()
        var unions: [SQLQuery.UnionPart] = []
        while isWord("UNION") {
            let unionStart = advance().span.start
            let all = accept("ALL")
            if !all { _ = accept("DISTINCT") }
            guard isWord("SELECT") else { throw unexpected("SELECT after UNION", keywords: ["SELECT"]) }
            let select = try parseSelect()
            unions.append(SQLQuery.UnionPart(all: all, select: select, span: span(from: unionStart)))
        }
        var orderBy: [SQLOrderItem] = []
        if accept("ORDER") {
            try expect("BY", "after ORDER")
            orderBy = try commaList { (p: inout SQLParser) throws(SQLIssue) in try p.parseOrderItem() }
        }
        var limit: SQLExpr? = nil
        if accept("LIMIT") {
            guard current.kind == .integer else {
                throw unexpected("a whole number after LIMIT")
            }
            let t = advance()
            limit = SQLExpr(.literal(.integer(t.text)), span: t.span)
        }
        return SQLQuery(first: first, unions: unions, orderBy: orderBy, limit: limit, span: span(from: start))
    }

    package mutating func parseOrderItem() throws(SQLIssue) -> SQLOrderItem {
        let start = current.span.start
        let expr = try parseExpr()
        var descending = false
        if accept("DESC") { descending = true } else { _ = accept("ASC") }
        return SQLOrderItem(expr: expr, descending: descending, span: span(from: start))
    }

    package mutating func parseSelect() throws(SQLIssue) -> SQLSelect {
        let start = try expect("SELECT").span.start
        let distinct = accept("DISTINCT")
        if !distinct { _ = accept("ALL") }
        if isWord("FROM") {
            throw SQLIssue.error(
                "expected a column or expression after SELECT, found 'FROM'", at: current.span,
                hint: "list what to select, or '*' for every column")
        }
        let items = try commaList { (p: inout SQLParser) throws(SQLIssue) in try p.parseSelectItem() }
        var select = SQLSelect(distinct: distinct, items: items)
        if accept("FROM") {
            select.from = try parseTableRef()
            while let join = try parseJoin() { select.joins.append(join) }
        } else if current.kind == .word, SQLSuggest.closest(to: current.upper, in: ["FROM"]) != nil {
            throw unexpected("'FROM' or ','", keywords: ["FROM"])
        }
        if accept("WHERE") { select.whereClause = try parseExpr() }
        // GROUP BY, WINDOW and HAVING come in either order in real applications; each at most once.
        var seen: Set<String> = []
        while isWord("GROUP") || isWord("WINDOW") || isWord("HAVING") {
            let clause = current
            guard seen.insert(clause.upper).inserted else {
                throw SQLIssue.error(
                    "duplicate \(clause.upper == "GROUP" ? "GROUP BY" : clause.upper) clause",
                    at: clause.span)
            }
            _ = advance()
            switch clause.upper {
            case "GROUP":
                try expect("BY", "after GROUP")
                select.groupBy = try commaList { (p: inout SQLParser) throws(SQLIssue) in try p.parseExpr() }
            case "WINDOW":
                select.window = try parseWindow(start: clause.span.start)
            default:
                select.having = try parseExpr()
            }
        }
        if isWord("WHERE") {
            throw SQLIssue.error(
                "WHERE must come before GROUP BY, WINDOW and HAVING", at: current.span,
                hint: "move the WHERE clause up, right after FROM and its JOINs")
        }
        select.span = span(from: start)
        return select
    }

    package mutating func parseSelectItem() throws(SQLIssue) -> SQLSelectItem {
        let start = current.span.start
        if acceptSymbol("*") { return .all(qualifier: nil, span: span(from: start)) }
        if current.kind == .word || current.kind == .quotedIdentifier, peek().kind == .symbol, peek().text == ".",
            peek(2).kind == .symbol, peek(2).text == "*"
        {
            let qualifier = SQLIdentifier(advance().text, span: previous.span)
            _ = advance(); _ = advance()
            return .all(qualifier: qualifier, span: span(from: start))
        }
        let expr = try parseExpr()
        var alias: SQLIdentifier? = nil
        if accept("AS") {
            alias = try identifier("an alias after AS")
        } else if atBareAlias {
            try rejectMisspelledClause(expected: "',' or 'FROM'")
            alias = try identifier("an alias")
        }
        var primaryKey = false
        if accept("PRIMARY") {
            try expect("KEY", "after PRIMARY")
            primaryKey = true
        }
        return .expr(expr, alias: alias, primaryKey: primaryKey, span: span(from: start))
    }

    /// `SELECT a FORM t`: a word that reads as an alias but is a misspelled clause keyword followed by more text.
    package func rejectMisspelledClause(expected: String) throws(SQLIssue) {
        let next = peek()
        let nextIsName =
            next.kind == .quotedIdentifier || next.kind == .integer
            || (next.kind == .word && !SQLGrammar.reservedWords.contains(next.upper))
        guard nextIsName, current.text.count >= 3 else { return }
        if let close = SQLSuggest.closest(to: current.upper, in: SQLGrammar.clauseKeywords) {
            throw SQLIssue.error(
                "expected \(expected), found \(current.described)", at: current.span,
                hint: "did you mean '\(close)'?")
        }
    }

    package mutating func parseTableRef() throws(SQLIssue) -> SQLTableRef {
        let start = current.span.start
        let source: SQLTableRef.Source
        if isSymbol("(") && isWord("SELECT", at: 1) {
            _ = advance()
            source = .subquery(try parseQuery())
            try expectSymbol(")", "to close the subquery")
        } else {
            source = .named(try identifier("a stream or table name"))
        }
        var alias: SQLIdentifier? = nil
        if accept("AS") {
            alias = try identifier("an alias after AS")
        } else if atBareAlias {
            try rejectMisspelledClause(expected: "an alias or the next clause")
            alias = try identifier("an alias")
        }
        return SQLTableRef(source: source, alias: alias, span: span(from: start))
    }

    package mutating func parseJoin() throws(SQLIssue) -> SQLJoin? {
        let start = current.span.start
        let kind: SQLJoinKind
        if accept("JOIN") {
            kind = .inner
        } else if isWord("INNER") {
            _ = advance(); try expect("JOIN", "after INNER"); kind = .inner
        } else if isWord("LEFT") || isWord("RIGHT") || isWord("FULL") {
            let word = advance().upper
            _ = accept("OUTER")
            try expect("JOIN", "after \(word)")
            kind = word == "LEFT" ? .left : word == "RIGHT" ? .right : .full
        } else if isWord("CROSS") {
            throw SQLIssue.error("CROSS JOIN is not supported", at: current.span, hint: "write LEFT JOIN … ON true")
        } else {
            return nil
        }
        let table = try parseTableRef()
        guard accept("ON") else {
            throw unexpected(
                "ON after the joined table", hint: "write \(kind.rawValue) \(table.qualifier ?? "t") ON <condition>",
                keywords: ["ON"])
        }
        let on = try parseExpr()
        var within: SQLDuration? = nil
        if accept("WITHIN") { within = try parseDuration(context: "after WITHIN") }
        return SQLJoin(kind: kind, table: table, on: on, within: within, span: span(from: start))
    }

    package mutating func parseWindow(start: Int) throws(SQLIssue) -> SQLWindow {
        guard current.kind == .word, let kind = SQLWindowKind(rawValue: current.upper) else {
            throw unexpected(
                "TUMBLING, SLIDING or SESSION after WINDOW",
                hint: "write WINDOW TUMBLING(1m), SLIDING(5m, 1m) or SESSION(30s)",
                keywords: SQLWindowKind.allCases.map(\.rawValue))
        }
        let kindToken = advance()
        try expectSymbol("(", "after \(kind.rawValue)", hint: SQLGrammar.windowUsage(kind))
        var durations: [SQLDuration] = []
        var columns: [SQLExpr] = []
        var advanceMarked: SQLDuration? = nil
        // Velostream's SESSION(time_col, gap, key): a column after the gap is the session key.
        var sessionKey: SQLExpr? = nil
        repeat {
            if accept("SIZE") {
                durations.append(try parseDuration(context: "after SIZE"))
            } else if accept("ADVANCE") {
                _ = accept("BY")
                advanceMarked = try parseDuration(context: "after ADVANCE")
            } else if startsDuration {
                durations.append(try parseDuration(context: "in \(kind.rawValue)"))
            } else if kind == .session, columns.count == 1, durations.count == 1, sessionKey == nil {
                sessionKey = try parseExpr()
            } else {
                columns.append(try parseExpr())
            }
        } while acceptSymbol(",")
        try expectSymbol(")", "to close \(kind.rawValue)(…)", hint: SQLGrammar.windowUsage(kind))
        if let advanceMarked { durations.append(advanceMarked) }
        let wanted = kind == .sliding ? 2 : 1
        // A size given as a string ('5 minutes') is the usual slip: say so rather than count arguments.
        if durations.count < wanted, let text = columns.first(where: { if case .literal(.string) = $0.kind { return true } else { return false } }) {
            throw SQLIssue.error(
                "\(SQLPrinter.expression(text)) is a string, not a duration", at: text.span,
                hint: "write the \(kind == .session ? "gap" : "size") as INTERVAL '5' MINUTE or 5m (unquoted)")
        }
        guard durations.count == wanted, columns.count <= 1 else {
            let what = kind == .sliding ? "a size and an advance" : kind == .session ? "a gap" : "a size"
            throw SQLIssue.error(
                "\(kind.rawValue) takes \(what) and optionally a time column", at: span(from: kindToken.span.start),
                hint: SQLGrammar.windowUsage(kind))
        }
        return SQLWindow(
            kind: kind, timeColumn: columns.first, size: durations[0],
            advance: kind == .sliding ? durations[1] : nil, sessionKey: sessionKey, span: span(from: start))
    }

    /// True when the current token begins a duration: `5m`, `INTERVAL …`, or `5 MINUTES`.
    package var startsDuration: Bool {
        if current.kind == .duration || isWord("INTERVAL") { return true }
        if current.kind == .integer, peek().kind == .word, SQLGrammar.intervalUnits[peek().upper] != nil { return true }
        return false
    }

    /// `5m` · `INTERVAL '5' MINUTE` · `INTERVAL 5 MINUTES` · `INTERVAL '5 MINUTES'` · `5 MINUTES`.
    package mutating func parseDuration(context: String) throws(SQLIssue) -> SQLDuration {
        let start = current.span.start
        if current.kind == .duration {
            let t = advance()
            let digits = t.text.prefix { $0.isNumber }
            let unit = SQLGrammar.shorthandUnits[t.text.dropFirst(digits.count).lowercased()]!
            guard let amount = Int64(digits) else { throw SQLIssue.error("duration '\(t.text)' is too large", at: t.span) }
            return SQLDuration(amount: amount, unit: unit, style: .shorthand, span: t.span)
        }
        let hasInterval = accept("INTERVAL")
        var amountText: String
        var unitWord: String? = nil
        let amountToken = current
        if hasInterval && current.kind == .string {
            let parts = advance().text.split(separator: " ", omittingEmptySubsequences: true)
            amountText = parts.first.map(String.init) ?? ""
            if parts.count == 2 { unitWord = parts[1].uppercased() } else if parts.count != 1 { amountText = "" }
        } else if current.kind == .integer {
            amountText = advance().text
        } else {
            throw unexpected(
                hasInterval ? "a quoted number after INTERVAL" : "a duration \(context)",
                hint: "write a duration as INTERVAL '5' MINUTE or 5m, 30s, 500ms")
        }
        guard let amount = Int64(amountText) else {
            throw SQLIssue.error(
                "expected a whole number in the interval, found \(amountToken.described)", at: amountToken.span,
                hint: "write INTERVAL '5' MINUTE")
        }
        if unitWord == nil {
            guard current.kind == .word, SQLGrammar.intervalUnits[current.upper] != nil else {
                throw unexpected(
                    "a time unit (SECOND, MINUTE, HOUR, DAY, MILLISECOND)",
                    keywords: Array(SQLGrammar.intervalUnits.keys))
            }
            unitWord = advance().upper
        }
        guard let unit = SQLGrammar.intervalUnits[unitWord!] else {
            throw SQLIssue.error(
                "unknown time unit '\(unitWord!)'", at: amountToken.span,
                hint: "use SECOND, MINUTE, HOUR, DAY or MILLISECOND")
        }
        return SQLDuration(amount: amount, unit: unit, style: .interval, span: span(from: start))
    }
}
