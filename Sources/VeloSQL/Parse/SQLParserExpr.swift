extension SQLParser {
    /// Precedence climbing: parses operators binding at least as tightly as `minPrecedence`
    /// (OR 1, AND 2, NOT 3, comparisons and predicates 4, || 5, + - 6, * / % 7, unary minus 8).
    package mutating func parseExpr(_ minPrecedence: Int = 1) throws(SQLIssue) -> SQLExpr {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            throw SQLIssue.error(
                "expression nested too deeply (more than \(Self.maxDepth) levels)", at: current.span,
                hint: "split it into smaller expressions or statements")
        }
        // The height of what this call returns is bounded by its chain of operators plus the tallest
        // expression parsed inside it; a flat chain is a loop here, not recursion.
        let outerHeight = finishedHeight
        finishedHeight = 0
        var chain = 0
        defer { finishedHeight = max(outerHeight, finishedHeight + chain + 1) }
        var left = try parsePrefix(minPrecedence)
        while true {
            let start = left.span.start
            if let op = binaryOperator, op.precedence >= minPrecedence {
                chain += 1
                if chain + finishedHeight > Self.maxHeight {
                    throw SQLIssue.error(
                        "expression too long (more than \(Self.maxHeight) levels of operators)", at: current.span,
                        hint: op == .or
                            ? "match many values with IN ('a', 'b', …), or split the condition"
                            : "split it into smaller expressions or statements")
                }
                _ = advance()
                if op.isComparison, isWord("ANY") || isWord("ALL") || isWord("SOME"), isSymbol("(", at: 1) {
                    let quantifier: SQLQuantifier = advance().upper == "ALL" ? .all : .any
                    _ = advance()
                    let query = try parseQuery()
                    try expectSymbol(")", "to close the subquery")
                    left = SQLExpr(.quantified(left, op, quantifier, query), span: span(from: start))
                    continue
                }
                // Comparisons do not chain (a < b < c); every other operator is left-associative.
                let right = try parseExpr(op.precedence + 1)
                left = SQLExpr(.binary(op, left, right), span: span(from: start))
                if op.isComparison, let next = binaryOperator, next.isComparison {
                    throw SQLIssue.error(
                        "comparisons cannot be chained", at: current.span,
                        hint: "combine them with AND: a < b AND b < c")
                }
                continue
            }
            if minPrecedence <= 4, let predicate = try parsePredicate(left) {
                left = predicate
                chain += 1
                continue
            }
            return left
        }
    }

    package func isSymbol(_ symbol: String, at offset: Int) -> Bool {
        let t = peek(offset)
        return t.kind == .symbol && t.text == symbol
    }

    private var binaryOperator: SQLBinaryOperator? {
        switch current.kind {
        case .symbol:
            if current.text == "!=" { return .notEqual }
            return SQLBinaryOperator(rawValue: current.text)
        case .word:
            if current.upper == "AND" { return .and }
            if current.upper == "OR" { return .or }
            return nil
        default:
            return nil
        }
    }

    /// `IS [NOT] NULL`, `[NOT] IN (…)`, `[NOT] BETWEEN a AND b`, `[NOT] LIKE p` after `left`.
    private mutating func parsePredicate(_ left: SQLExpr) throws(SQLIssue) -> SQLExpr? {
        let start = left.span.start
        if accept("IS") {
            let negated = accept("NOT")
            guard accept("NULL") else {
                throw unexpected("NULL after IS\(negated ? " NOT" : "")", hint: "compare values with '=' or '<>'")
            }
            return SQLExpr(.isNull(left, negated: negated), span: span(from: start))
        }
        var negated = false
        if isWord("NOT") && (isWord("IN", at: 1) || isWord("BETWEEN", at: 1) || isWord("LIKE", at: 1)) {
            _ = advance()
            negated = true
        }
        if accept("IN") {
            try expectSymbol("(", "after IN", hint: "write IN ('a', 'b') or IN (SELECT …)")
            if isWord("SELECT") {
                let query = try parseQuery()
                try expectSymbol(")", "to close the subquery")
                return SQLExpr(.inSubquery(left, query, negated: negated), span: span(from: start))
            }
            let list = try commaList { (p: inout SQLParser) throws(SQLIssue) in try p.parseExpr() }
            try expectSymbol(")", "to close the IN list")
            return SQLExpr(.inList(left, list, negated: negated), span: span(from: start))
        }
        if accept("BETWEEN") {
            let low = try parseExpr(5)
            try expect("AND", "in BETWEEN … AND …")
            let high = try parseExpr(5)
            return SQLExpr(.between(left, low: low, high: high, negated: negated), span: span(from: start))
        }
        if accept("LIKE") {
            let pattern = try parseExpr(5)
            return SQLExpr(.like(left, pattern: pattern, negated: negated), span: span(from: start))
        }
        return nil
    }

    private mutating func parsePrefix(_ minPrecedence: Int) throws(SQLIssue) -> SQLExpr {
        let start = current.span.start
        if isWord("NOT") {
            _ = advance()
            if accept("EXISTS") { return try parseExists(negated: true, start: start) }
            let operand = try parseExpr(4)
            return SQLExpr(.unary(.not, operand), span: span(from: start))
        }
        if isSymbol("-") || isSymbol("+") {
            let op: SQLUnaryOperator = advance().text == "-" ? .minus : .plus
            let operand = try parseExpr(8)
            return SQLExpr(.unary(op, operand), span: span(from: start))
        }
        return try parsePrimary()
    }

    private mutating func parseExists(negated: Bool, start: Int) throws(SQLIssue) -> SQLExpr {
        try expectSymbol("(", "after EXISTS", hint: "write EXISTS (SELECT …)")
        let query = try parseQuery()
        try expectSymbol(")", "to close the subquery")
        return SQLExpr(.exists(query, negated: negated), span: span(from: start))
    }

    private mutating func parsePrimary() throws(SQLIssue) -> SQLExpr {
        let t = current
        let start = t.span.start
        switch t.kind {
        case .integer:
            _ = advance()
            if current.kind == .word, SQLGrammar.intervalUnits[current.upper] != nil {
                throw SQLIssue.error(
                    "a duration needs INTERVAL here", at: SQLSpan(start, current.span.end),
                    hint:
                        "write INTERVAL '\(t.text)' \(SQLGrammar.intervalUnits[current.upper]!.rawValue) or \(t.text)\(SQLGrammar.intervalUnits[current.upper]!.shorthand)"
                )
            }
            return SQLExpr(.literal(.integer(t.text)), span: t.span)
        case .decimal:
            _ = advance()
            return SQLExpr(.literal(.decimal(t.text)), span: t.span)
        case .string:
            _ = advance()
            return SQLExpr(.literal(.string(t.text)), span: t.span)
        case .duration:
            return SQLExpr(.duration(try parseDuration(context: "")), span: t.span)
        case .quotedIdentifier:
            return try parseColumnOrCall()
        case .symbol:
            if t.text == "(" {
                _ = advance()
                if isWord("SELECT") {
                    let query = try parseQuery()
                    try expectSymbol(")", "to close the subquery")
                    return SQLExpr(.subquery(query), span: span(from: start))
                }
                var inner = try parseExpr()
                try expectSymbol(")", "to close '('")
                inner.span = span(from: start)
                return inner
            }
            throw unexpected("an expression")
        case .end:
            throw unexpected("an expression")
        case .word:
            break
        }
        switch t.upper {
        case "NULL": _ = advance(); return SQLExpr(.literal(.null), span: t.span)
        case "TRUE": _ = advance(); return SQLExpr(.literal(.boolean(true)), span: t.span)
        case "FALSE": _ = advance(); return SQLExpr(.literal(.boolean(false)), span: t.span)
        case "INTERVAL": return SQLExpr(.duration(try parseDuration(context: "")), span: span(from: start))
        case "CASE": return try parseCase()
        case "EXISTS": _ = advance(); return try parseExists(negated: false, start: start)
        case "CAST" where isSymbol("(", at: 1):
            _ = advance(); _ = advance()
            let value = try parseExpr()
            try expect("AS", "in CAST(value AS type)")
            let type = try parseTypeName()
            try expectSymbol(")", "to close CAST")
            return SQLExpr(.cast(value, type), span: span(from: start))
        case "EXTRACT" where isSymbol("(", at: 1):
            _ = advance(); _ = advance()
            // Velostream's function form EXTRACT('EPOCH', x) means EXTRACT(EPOCH FROM x).
            if current.kind == .string, SQLGrammar.extractFields.contains(current.text.uppercased()) {
                let field = SQLIdentifier(advance().text.uppercased(), span: previous.span)
                try expectSymbol(",", "in EXTRACT('part', value)")
                let value = try parseExpr()
                try expectSymbol(")", "to close EXTRACT")
                return SQLExpr(.extract(field: field, from: value), span: span(from: start))
            }
            guard current.kind == .word, SQLGrammar.extractFields.contains(current.upper) else {
                throw unexpected(
                    "a date part (\(SQLGrammar.extractFields.joined(separator: ", ")))",
                    keywords: SQLGrammar.extractFields)
            }
            let field = SQLIdentifier(advance().upper, span: previous.span)
            try expect("FROM", "in EXTRACT(part FROM value)")
            let value = try parseExpr()
            try expectSymbol(")", "to close EXTRACT")
            return SQLExpr(.extract(field: field, from: value), span: span(from: start))
        default:
            break
        }
        // LEFT(…) and RIGHT(…) are functions even though LEFT and RIGHT are reserved.
        if SQLGrammar.reservedWords.contains(t.upper) && !isSymbol("(", at: 1) {
            throw SQLIssue.error(
                "expected an expression, found keyword '\(t.text)'", at: t.span,
                hint: SQLGrammar.clauseKeywords.contains(t.upper) || SQLGrammar.operatorKeywords.contains(t.upper)
                    ? "something is missing before '\(t.text)'"
                    : "quote it to use it as a name: \"\(t.text)\"")
        }
        return try parseColumnOrCall()
    }

    private mutating func parseColumnOrCall() throws(SQLIssue) -> SQLExpr {
        let first = advance()
        let start = first.span.start
        if first.kind == .word && isSymbol("(") {
            return try parseCall(name: first)
        }
        if first.kind == .word, SQLGrammar.bareFunctions.contains(first.upper) {
            let call = SQLFunctionCall(name: first.upper, nameSpan: first.span, bare: true)
            return SQLExpr(.function(call), span: first.span)
        }
        let firstName = SQLIdentifier(first.text, span: first.span, quoted: first.kind == .quotedIdentifier)
        if acceptSymbol(".") {
            let name = try memberName("a column name after '\(first.text).'")
            return SQLExpr(.column(qualifier: firstName, name: name), span: span(from: start))
        }
        return SQLExpr(.column(qualifier: nil, name: firstName), span: first.span)
    }

    private mutating func parseCall(name: SQLToken) throws(SQLIssue) -> SQLExpr {
        try expectSymbol("(")
        var call = SQLFunctionCall(name: name.upper, nameSpan: name.span)
        if !isSymbol(")") {
            call.distinct = accept("DISTINCT")
            if isSymbol("*") {
                let star = advance()
                call.arguments = [SQLExpr(.star, span: star.span)]
            } else {
                call.arguments = try commaList { (p: inout SQLParser) throws(SQLIssue) in try p.parseExpr() }
            }
        }
        try expectSymbol(")", "to close \(call.name)(…)", hint: "separate arguments with ','")
        if accept("OVER") { call.over = try parseOver() }
        return SQLExpr(.function(call), span: span(from: name.span.start))
    }

    private mutating func parseOver() throws(SQLIssue) -> SQLOver {
        let start = previous.span.start
        try expectSymbol("(", "after OVER", hint: "write OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY … ORDER BY …)")
        var over = SQLOver()
        if isWord("ROWS") && isWord("WINDOW", at: 1) {
            _ = advance(); _ = advance()
            try expect("BUFFER", "in ROWS WINDOW BUFFER n ROWS")
            guard current.kind == .integer, let n = Int64(current.text) else {
                throw unexpected("a row count after BUFFER")
            }
            _ = advance()
            over.bufferRows = n
            try expect("ROWS", "after the buffer size")
        }
        if accept("PARTITION") {
            try expect("BY", "after PARTITION")
            over.partitionBy = try commaList { (p: inout SQLParser) throws(SQLIssue) in try p.parseExpr() }
        }
        if accept("ORDER") {
            try expect("BY", "after ORDER")
            over.orderBy = try commaList { (p: inout SQLParser) throws(SQLIssue) in try p.parseOrderItem() }
        }
        if isWord("ROWS") || isWord("RANGE") {
            let frameStart = current.span.start
            let unit: SQLFrame.Unit = advance().upper == "ROWS" ? .rows : .range
            try expect("BETWEEN", "after \(unit.rawValue)")
            let low = try parseFrameBound()
            try expect("AND", "between the frame bounds")
            let high = try parseFrameBound()
            over.frame = SQLFrame(unit: unit, start: low, end: high, span: span(from: frameStart))
        }
        if accept("EMIT") {
            if accept("EVERY") {
                // Velostream's ROWS WINDOW default, written out: one result per record, as without EMIT.
                try expect("RECORD", "after EMIT EVERY")
            } else if isWord("ON") {
                throw SQLIssue.error(
                    "EMIT ON BUFFER FULL is not supported yet", at: current.span,
                    hint: "leave it out: Velo emits a result for every record (EMIT EVERY RECORD)")
            } else {
                try expect("CHANGES", "inside OVER (…)")
                over.emitChanges = true
            }
        }
        if isWord("EXPIRE") {
            throw SQLIssue.error(
                "EXPIRE AFTER is not supported yet", at: current.span,
                hint: "leave it out: Velo keeps each partition's buffer for the whole run")
        }
        try expectSymbol(")", "to close OVER (…)")
        over.span = span(from: start)
        return over
    }

    private mutating func parseFrameBound() throws(SQLIssue) -> SQLFrame.Bound {
        if accept("UNBOUNDED") {
            if accept("PRECEDING") { return .unboundedPreceding }
            try expect("FOLLOWING", "after UNBOUNDED")
            return .unboundedFollowing
        }
        if accept("CURRENT") {
            try expect("ROW", "after CURRENT")
            return .currentRow
        }
        if isWord("INTERVAL") {
            let d = try parseDuration(context: "in a frame bound")
            if accept("PRECEDING") { return .intervalPreceding(d) }
            try expect("FOLLOWING", "after the interval", hint: "write INTERVAL '1' HOUR PRECEDING or … FOLLOWING")
            return .intervalFollowing(d)
        }
        guard current.kind == .integer, let n = Int64(current.text) else {
            throw unexpected("a frame bound (UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING, INTERVAL '1' HOUR PRECEDING)")
        }
        _ = advance()
        if accept("PRECEDING") { return .preceding(n) }
        try expect("FOLLOWING", "after the row count", hint: "write \(n) PRECEDING or \(n) FOLLOWING")
        return .following(n)
    }

    private mutating func parseCase() throws(SQLIssue) -> SQLExpr {
        let start = advance().span.start
        var operand: SQLExpr? = nil
        if !isWord("WHEN") { operand = try parseExpr() }
        var whens: [SQLWhen] = []
        while isWord("WHEN") {
            let whenStart = advance().span.start
            let condition = try parseExpr()
            try expect("THEN", "after the WHEN condition")
            let result = try parseExpr()
            whens.append(SQLWhen(condition: condition, result: result, span: span(from: whenStart)))
        }
        if whens.isEmpty { throw unexpected("WHEN after CASE", keywords: ["WHEN"]) }
        var otherwise: SQLExpr? = nil
        if accept("ELSE") { otherwise = try parseExpr() }
        try expect("END", "to close CASE", hint: "every CASE ends with END")
        return SQLExpr(.caseWhen(operand: operand, whens: whens, otherwise: otherwise), span: span(from: start))
    }

    package mutating func parseTypeName() throws(SQLIssue) -> SQLTypeName {
        let start = current.span.start
        guard current.kind == .word, SQLGrammar.typeNames.contains(current.upper) else {
            let hint =
                current.kind == .word
                ? SQLSuggest.closest(to: current.upper, in: SQLGrammar.typeNames).map { "did you mean '\($0)'?" }
                : nil
            throw SQLIssue.error(
                current.kind == .word ? "unknown type '\(current.text)'" : "expected a type, found \(current.described)",
                at: current.span,
                hint: hint ?? "types: \(SQLGrammar.typeNames.joined(separator: ", "))")
        }
        let name = advance().upper
        var parameters: [Int] = []
        if acceptSymbol("(") {
            repeat {
                guard current.kind == .integer, let n = Int(current.text) else { throw unexpected("a whole number in \(name)(…)") }
                _ = advance()
                parameters.append(n)
            } while acceptSymbol(",")
            try expectSymbol(")", "to close \(name)(…)")
        }
        return SQLTypeName(name: name, parameters: parameters, span: span(from: start))
    }
}
