/// Prints the AST as canonical SQL: keywords uppercase, one clause per line at the top level, four-space
/// indented select lists and WITH blocks, parentheses only where precedence needs them. Annotations are kept;
/// plain comments are not part of the AST and are not printed.
public enum SQLPrinter {
    public static func print(_ script: SQLScript) -> String {
        var blocks: [String] = []
        var header: [String] = []
        if let name = script.applicationHeader { header.append("-- SQL Application: \(name)") }
        header += script.annotations.map(annotation)
        if !header.isEmpty { blocks.append(header.joined(separator: "\n")) }
        blocks += script.statements.map { print($0) }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// One statement with its job-level annotations, ending in `;`.
    public static func print(_ statement: SQLStatement) -> String {
        var lines = statement.annotations.map(annotation)
        var head: String
        switch statement.kind {
        case .createStream, .createTable:
            head = "CREATE \(statement.kind == .createStream ? "STREAM" : "TABLE") \(identifier(statement.target!.value))"
            if !statement.columnTypes.isEmpty {
                head +=
                    " ("
                    + zip(statement.columns, statement.columnTypes).map { "\(identifier($0.value)) \($1)" }
                    .joined(separator: ", ") + ")"
            }
            head += " AS\n"
        case .insert:
            head = "INSERT INTO \(identifier(statement.target!.value))"
            if !statement.columns.isEmpty {
                head += " (" + statement.columns.map { identifier($0.value) }.joined(separator: ", ") + ")"
            }
            head += "\n"
        case .select: head = ""
        }
        var body = head + query(statement.query, nested: false)
        if let emit = statement.emit { body += "\nEMIT \(emit.mode.rawValue.uppercased())" }
        if !statement.properties.isEmpty {
            body +=
                "\nWITH (\n"
                + statement.properties.map { "    \(string($0.key)) = \(string($0.value))" }
                .joined(separator: ",\n") + "\n)"
        }
        lines.append(body + ";")
        return lines.joined(separator: "\n")
    }

    package static func annotation(_ a: SQLAnnotation) -> String {
        a.value.isEmpty ? "-- @\(a.key):" : "-- @\(a.key): \(a.value)"
    }

    // MARK: queries

    public static func query(_ q: SQLQuery, nested: Bool) -> String {
        let separator = nested ? " " : "\n"
        var parts = [select(q.first, nested: nested)]
        for union in q.unions {
            parts.append(union.all ? "UNION ALL" : "UNION")
            parts.append(select(union.select, nested: nested))
        }
        if !q.orderBy.isEmpty { parts.append("ORDER BY " + q.orderBy.map(orderItem).joined(separator: ", ")) }
        if let limit = q.limit { parts.append("LIMIT " + expression(limit)) }
        return parts.joined(separator: separator)
    }

    package static func select(_ s: SQLSelect, nested: Bool) -> String {
        var clauses: [String] = []
        let head = s.distinct ? "SELECT DISTINCT" : "SELECT"
        if nested {
            clauses.append(head + " " + s.items.map { selectItem($0) }.joined(separator: ", "))
        } else {
            clauses.append(head + "\n" + s.items.map { "    " + selectItem($0, block: true) }.joined(separator: ",\n"))
        }
        if let from = s.from { clauses.append("FROM " + tableRef(from)) }
        for join in s.joins {
            var text = "\(join.kind.rawValue) \(tableRef(join.table))"
            if let on = join.on { text += " ON " + condition(on, block: !nested) }
            if let within = join.within { text += " WITHIN \(within)" }
            clauses.append(text)
        }
        if let w = s.whereClause { clauses.append("WHERE " + condition(w, block: !nested)) }
        if !s.groupBy.isEmpty { clauses.append("GROUP BY " + s.groupBy.map { expression($0) }.joined(separator: ", ")) }
        if let window = s.window { clauses.append("WINDOW " + self.window(window)) }
        if let having = s.having { clauses.append("HAVING " + condition(having, block: !nested)) }
        return clauses.joined(separator: nested ? " " : "\n")
    }

    /// A long condition of a top-level clause puts each AND of its chain on a line of its own.
    package static func condition(_ e: SQLExpr, block: Bool) -> String {
        let flat = expression(e)
        guard block, flat.utf8.count > 80, case .binary(.and, _, _) = e.kind else { return flat }
        var operands: [SQLExpr] = []
        var spine = e
        while case .binary(.and, let left, let right) = spine.kind {
            operands.insert(right, at: 0)
            spine = left
        }
        operands.insert(spine, at: 0)
        // The first operand binds like a left side of AND, the others like right sides (as in `expression`).
        return expression(operands[0], 2) + operands.dropFirst().map { "\n    AND " + expression($0, 3) }.joined()
    }

    /// A CASE at the top of a select item, one WHEN per line.
    package static func caseBlock(_ e: SQLExpr) -> String? {
        guard case .caseWhen(let operand, let whens, let otherwise) = e.kind else { return nil }
        var lines = ["CASE" + (operand.map { " " + expression($0) } ?? "")]
        for w in whens { lines.append("        WHEN " + expression(w.condition) + " THEN " + expression(w.result)) }
        if let otherwise { lines.append("        ELSE " + expression(otherwise)) }
        lines.append("    END")
        return lines.joined(separator: "\n")
    }

    package static func selectItem(_ item: SQLSelectItem, block: Bool = false) -> String {
        switch item {
        case .all(let qualifier, _):
            return qualifier.map { identifier($0.value) + ".*" } ?? "*"
        case .expr(let e, let alias, let primaryKey, _):
            var text = (block ? caseBlock(e) : nil) ?? expression(e)
            if let alias { text += " AS " + identifier(alias.value) }
            if primaryKey { text += " PRIMARY KEY" }
            return text
        }
    }

    package static func tableRef(_ t: SQLTableRef) -> String {
        var text: String
        switch t.source {
        case .named(let name): text = identifier(name.value)
        case .subquery(let q): text = "(" + query(q, nested: true) + ")"
        }
        if let alias = t.alias { text += " " + identifier(alias.value) }
        return text
    }

    public static func window(_ w: SQLWindow) -> String {
        var args: [String] = []
        if let column = w.timeColumn { args.append(expression(column)) }
        args.append(w.size.description)
        if let advance = w.advance { args.append(advance.description) }
        if let key = w.sessionKey { args.append(expression(key)) }
        return "\(w.kind.rawValue)(\(args.joined(separator: ", ")))"
    }

    package static func orderItem(_ item: SQLOrderItem) -> String {
        expression(item.expr) + (item.descending ? " DESC" : "")
    }

    // MARK: expressions

    private static func precedence(_ e: SQLExpr) -> Int {
        switch e.kind {
        case .binary(let op, _, _): return op.precedence
        case .unary(.not, _): return 3
        case .unary: return 8
        case .between, .inList, .inSubquery, .like, .isNull, .quantified: return 4
        default: return 9
        }
    }

    /// The expression's text, in parentheses when it binds looser than `context` requires.
    public static func expression(_ e: SQLExpr, _ context: Int = 0) -> String {
        let text = bareExpression(e)
        return precedence(e) < context ? "(" + text + ")" : text
    }

    private static func bareExpression(_ e: SQLExpr) -> String {
        switch e.kind {
        case .column(let qualifier, let name):
            if let qualifier { return identifier(qualifier.value) + "." + member(name.value) }
            return identifier(name.value)
        case .star: return "*"
        case .literal(let literal):
            switch literal {
            case .integer(let t), .decimal(let t): return t
            case .string(let s): return string(s)
            case .boolean(let b): return b ? "TRUE" : "FALSE"
            case .null: return "NULL"
            }
        case .duration(let d): return d.description
        case .unary(let op, let operand):
            if op == .not { return "NOT " + expression(operand, 4) }
            let inner = expression(operand, 8)
            return op.rawValue + (inner.hasPrefix("-") || inner.hasPrefix("+") ? "(" + inner + ")" : inner)
        case .binary(let op, let left, let right):
            let p = op.precedence
            return expression(left, op.isComparison ? p + 1 : p) + " " + op.rawValue + " " + expression(right, p + 1)
        case .between(let value, let low, let high, let negated):
            return expression(value, 5) + (negated ? " NOT BETWEEN " : " BETWEEN ") + expression(low, 5) + " AND " + expression(high, 5)
        case .inList(let value, let list, let negated):
            return expression(value, 5) + (negated ? " NOT IN (" : " IN (") + list.map { expression($0) }.joined(separator: ", ") + ")"
        case .inSubquery(let value, let q, let negated):
            return expression(value, 5) + (negated ? " NOT IN (" : " IN (") + query(q, nested: true) + ")"
        case .like(let value, let pattern, let negated):
            return expression(value, 5) + (negated ? " NOT LIKE " : " LIKE ") + expression(pattern, 5)
        case .isNull(let value, let negated):
            return expression(value, 5) + (negated ? " IS NOT NULL" : " IS NULL")
        case .exists(let q, let negated):
            return (negated ? "NOT EXISTS (" : "EXISTS (") + query(q, nested: true) + ")"
        case .subquery(let q):
            return "(" + query(q, nested: true) + ")"
        case .quantified(let value, let op, let quantifier, let q):
            return expression(value, 5) + " \(op.rawValue) \(quantifier.rawValue) (" + query(q, nested: true) + ")"
        case .caseWhen(let operand, let whens, let otherwise):
            var text = "CASE"
            if let operand { text += " " + expression(operand) }
            for w in whens { text += " WHEN " + expression(w.condition) + " THEN " + expression(w.result) }
            if let otherwise { text += " ELSE " + expression(otherwise) }
            return text + " END"
        case .cast(let value, let type):
            return "CAST(" + expression(value) + " AS \(type))"
        case .extract(let field, let value):
            return "EXTRACT(\(field.value) FROM " + expression(value) + ")"
        case .function(let call):
            return function(call)
        }
    }

    package static func function(_ call: SQLFunctionCall) -> String {
        if call.bare { return call.name }
        var text = call.name + "(" + (call.distinct ? "DISTINCT " : "")
        text += call.arguments.map { expression($0) }.joined(separator: ", ") + ")"
        if let over = call.over { text += " OVER (" + self.over(over) + ")" }
        return text
    }

    package static func over(_ over: SQLOver) -> String {
        var parts: [String] = []
        if let rows = over.bufferRows { parts.append("ROWS WINDOW BUFFER \(rows) ROWS") }
        if !over.partitionBy.isEmpty { parts.append("PARTITION BY " + over.partitionBy.map { expression($0) }.joined(separator: ", ")) }
        if !over.orderBy.isEmpty { parts.append("ORDER BY " + over.orderBy.map(orderItem).joined(separator: ", ")) }
        if let frame = over.frame {
            parts.append("\(frame.unit.rawValue) BETWEEN \(bound(frame.start)) AND \(bound(frame.end))")
        }
        if over.emitChanges { parts.append("EMIT CHANGES") }
        return parts.joined(separator: " ")
    }

    private static func bound(_ b: SQLFrame.Bound) -> String {
        switch b {
        case .unboundedPreceding: return "UNBOUNDED PRECEDING"
        case .preceding(let n): return "\(n) PRECEDING"
        case .currentRow: return "CURRENT ROW"
        case .following(let n): return "\(n) FOLLOWING"
        case .unboundedFollowing: return "UNBOUNDED FOLLOWING"
        case .intervalPreceding(let d): return "\(d) PRECEDING"
        case .intervalFollowing(let d): return "\(d) FOLLOWING"
        }
    }

    // MARK: names and strings

    private static func isPlainName(_ name: String) -> Bool {
        guard let first = name.utf8.first, (first >= 0x61 && first <= 0x7A) || (first >= 0x41 && first <= 0x5A) || first == 0x5F
        else { return false }
        return name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) }
    }

    /// A name, double-quoted when it is not a plain word or is a reserved word.
    public static func identifier(_ name: String) -> String {
        let upper = name.uppercased()
        if isPlainName(name) && !SQLGrammar.reservedWords.contains(upper) && !SQLGrammar.bareFunctions.contains(upper) {
            return name
        }
        return "\"" + name.sqlReplacing("\"", with: "\"\"") + "\""
    }

    /// A name after a dot, where reserved words are fine.
    package static func member(_ name: String) -> String {
        isPlainName(name) ? name : "\"" + name.sqlReplacing("\"", with: "\"\"") + "\""
    }

    public static func string(_ s: String) -> String { "'" + s.sqlReplacing("'", with: "''") + "'" }
}

extension String {
    /// Every occurrence of a one-character string replaced (no Foundation needed).
    package func sqlReplacing(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
