import Testing
import VeloSQL

/// Every expression's span covers exactly its own text: parsing that text alone gives the same expression.
@Suite struct SQLSpanTests {
    static func expressions(in query: SQLQuery) -> [SQLExpr] {
        var all: [SQLExpr] = []
        for select in query.selects {
            var roots: [SQLExpr] = []
            for item in select.items { if case .expr(let e, _, _, _) = item { roots.append(e) } }
            roots += [select.whereClause, select.having].compactMap { $0 } + select.groupBy + select.joins.compactMap(\.on)
            for root in roots { root.forEach { all.append($0) } }
        }
        return all
    }

    @Test(arguments: SQLCorpus.all)
    func spansCoverTheirExpression(_ sql: String) {
        let bytes = Array(sql.utf8)
        for statement in SQLParser.parse(sql).script.statements {
            #expect(statement.span.start >= 0 && statement.span.end <= bytes.count)
            for e in Self.expressions(in: statement.query) {
                switch e.kind {
                case .star, .duration: continue // only valid inside COUNT(…) and WINDOW/INTERVAL contexts
                default: break
                }
                #expect(e.span.start >= statement.span.start && e.span.end <= statement.span.end)
                let text = String(decoding: bytes[e.span.start..<e.span.end], as: UTF8.self)
                let reparsed = SQLParser.parse("SELECT \(text) FROM t")
                guard reparsed.issues.isEmpty, case .expr(let again, nil, false, _)? = reparsed.script.statements.first?.query.first.items.first,
                    reparsed.script.statements.first?.query.first.items.count == 1
                else {
                    Issue.record("span text does not parse alone: \(text)")
                    continue
                }
                #expect(again == e, "span text: \(text)")
            }
        }
    }
}
