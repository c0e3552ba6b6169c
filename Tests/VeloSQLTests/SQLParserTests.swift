import Testing
import VeloSQL

@Suite struct SQLParserTests {
    func statement(_ sql: String) -> SQLStatement {
        let parsed = SQLParser.parse(sql)
        #expect(parsed.issues.isEmpty, "\(parsed.issues.map(\.message))")
        return parsed.script.statements[0]
    }

    func firstItem(_ sql: String) -> SQLExpr {
        guard case .expr(let e, _, _, _) = statement(sql).query.first.items[0] else { return SQLExpr(.star) }
        return e
    }

    func column(_ name: String) -> SQLExpr { SQLExpr(.column(qualifier: nil, name: SQLIdentifier(name))) }
    func int(_ text: String) -> SQLExpr { SQLExpr(.literal(.integer(text))) }

    @Test func multiplicationBindsTighterThanAddition() {
        let e = firstItem("SELECT a + b * c FROM t")
        #expect(e == SQLExpr(.binary(.add, column("a"), SQLExpr(.binary(.multiply, column("b"), column("c"))))))
    }

    @Test func subtractionIsLeftAssociative() {
        let e = firstItem("SELECT a - b - c FROM t")
        #expect(e == SQLExpr(.binary(.subtract, SQLExpr(.binary(.subtract, column("a"), column("b"))), column("c"))))
    }

    @Test func andBindsTighterThanOrAndNotTighterThanAnd() {
        let e = statement("SELECT a FROM t WHERE NOT x = 1 OR y = 2 AND z = 3").query.first.whereClause!
        let notX = SQLExpr(.unary(.not, SQLExpr(.binary(.equal, column("x"), int("1")))))
        let yAndZ = SQLExpr(.binary(.and, SQLExpr(.binary(.equal, column("y"), int("2"))), SQLExpr(.binary(.equal, column("z"), int("3")))))
        #expect(e == SQLExpr(.binary(.or, notX, yAndZ)))
    }

    @Test func betweenTakesArithmeticBoundsAndLeavesTheNextAnd() {
        let e = statement("SELECT a FROM t WHERE b BETWEEN a - 1 AND a + 1 AND c IS NOT NULL").query.first.whereClause!
        guard case .binary(.and, let left, let right) = e.kind, case .between(_, let low, let high, false) = left.kind else {
            Issue.record("unexpected shape \(e)"); return
        }
        #expect(low == SQLExpr(.binary(.subtract, column("a"), int("1"))))
        #expect(high == SQLExpr(.binary(.add, column("a"), int("1"))))
        #expect(right == SQLExpr(.isNull(column("c"), negated: true)))
    }

    @Test func negatedPredicates() {
        let w = statement("SELECT a FROM t WHERE a NOT IN (1, 2) AND b NOT LIKE 'x%' AND c NOT BETWEEN 1 AND 2").query.first.whereClause!
        var kinds: [String] = []
        w.forEach { e in
            switch e.kind {
            case .inList(_, _, true): kinds.append("not in")
            case .like(_, _, true): kinds.append("not like")
            case .between(_, _, _, true): kinds.append("not between")
            default: break
            }
        }
        #expect(kinds == ["not in", "not like", "not between"])
    }

    @Test func spansPointAtTheSourceText() {
        let sql = "SELECT price * 2 AS px FROM trades t WHERE t.qty > 10"
        let s = statement(sql)
        let bytes = Array(sql.utf8)
        func text(_ span: SQLSpan) -> String { String(decoding: bytes[span.start..<span.end], as: UTF8.self) }
        guard case .expr(let e, let alias?, _, let itemSpan) = s.query.first.items[0] else { Issue.record("no item"); return }
        #expect(text(e.span) == "price * 2")
        #expect(text(alias.span) == "px")
        #expect(text(itemSpan) == "price * 2 AS px")
        #expect(text(s.query.first.from!.span) == "trades t")
        #expect(text(s.query.first.whereClause!.span) == "t.qty > 10")
        #expect(text(s.span) == sql)
    }

    @Test func durationsInEveryForm() {
        func window(_ w: String) -> SQLWindow { statement("SELECT COUNT(*) FROM t WINDOW \(w)").query.first.window! }
        #expect(window("TUMBLING(5m)").size.millis == 300_000)
        #expect(window("TUMBLING(INTERVAL '5' MINUTE)").size.millis == 300_000)
        #expect(window("TUMBLING(INTERVAL 5 MINUTES)").size.millis == 300_000)
        #expect(window("TUMBLING(INTERVAL '5 MINUTES')").size.millis == 300_000)
        #expect(window("TUMBLING(SIZE 5 MINUTES)").size.millis == 300_000)
        #expect(window("TUMBLING(500ms)").size.millis == 500)
        #expect(window("TUMBLING(30s)").size.millis == 30_000)
        #expect(window("TUMBLING(1h)").size.millis == 3_600_000)
        #expect(window("TUMBLING(1d)").size.millis == 86_400_000)
        let sliding = window("SLIDING(_event_time, 10m, 1m)")
        #expect(sliding.kind == .sliding && sliding.size.millis == 600_000 && sliding.advance?.millis == 60_000)
        #expect(sliding.timeColumn == column("_event_time"))
        // The time column may come last; it means the same window.
        #expect(window("TUMBLING(5m, ts)") == window("TUMBLING(ts, 5m)"))
        #expect(window("SLIDING(SIZE 10 MINUTES, ADVANCE BY 1 MINUTE)").advance?.millis == 60_000)
        let session = window("SESSION(30s)")
        #expect(session.kind == .session && session.size.millis == 30_000 && session.advance == nil)
    }

    @Test func rowWindowOverClause() {
        let e = firstItem(
            "SELECT AVG(p) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY s, x ORDER BY _event_time DESC ROWS BETWEEN 19 PRECEDING AND CURRENT ROW EMIT CHANGES) FROM t"
        )
        guard case .function(let call) = e.kind, let over = call.over else { Issue.record("no OVER"); return }
        #expect(over.bufferRows == 20)
        #expect(over.partitionBy.count == 2)
        #expect(over.orderBy.first?.descending == true)
        #expect(over.frame == SQLFrame(unit: .rows, start: .preceding(19), end: .currentRow))
        #expect(over.emitChanges)
    }

    @Test func selectItemsStarsAliasesAndKeys() {
        let items = statement("SELECT *, t.*, a AS x, b y, c PRIMARY KEY, d AS k PRIMARY KEY FROM t").query.first.items
        #expect(items.count == 6)
        guard case .all(nil, _) = items[0], case .all(let q?, _) = items[1] else { Issue.record("stars"); return }
        #expect(q.value == "t")
        guard case .expr(_, let x?, false, _) = items[2], case .expr(_, let y?, false, _) = items[3],
            case .expr(_, nil, true, _) = items[4], case .expr(_, let k?, true, _) = items[5]
        else { Issue.record("items"); return }
        #expect([x.value, y.value, k.value] == ["x", "y", "k"])
    }

    @Test func joinsOfEveryKind() {
        let s = statement(
            """
            SELECT a.x FROM a JOIN b ON a.id = b.id INNER JOIN c ON a.id = c.id LEFT OUTER JOIN d ON a.id = d.id
            RIGHT JOIN e ON a.id = e.id FULL OUTER JOIN f ON a.id = f.id FULL JOIN g ON a.id = g.id WITHIN INTERVAL '5' MINUTES
            """)
        #expect(s.query.first.joins.map(\.kind) == [.inner, .inner, .left, .right, .full, .full])
        #expect(s.query.first.joins.last?.within?.millis == 300_000)
    }

    @Test func clausesInEitherOrder() {
        let a = statement("SELECT s, COUNT(*) FROM t GROUP BY s WINDOW TUMBLING(1m) HAVING COUNT(*) > 1").query
        let b = statement("SELECT s, COUNT(*) FROM t WINDOW TUMBLING(1m) GROUP BY s HAVING COUNT(*) > 1").query
        let c = statement("SELECT s, COUNT(*) FROM t GROUP BY s HAVING COUNT(*) > 1 WINDOW TUMBLING(1m)").query
        #expect(a == b && b == c)
    }

    @Test func statementKindsEmitAndProperties() {
        let script = SQLParser.parse(
            """
            CREATE STREAM s AS SELECT a FROM t EMIT CHANGES WITH ('t.type' = 'kafka_source', x.y = 5, 'b' = true);
            CREATE TABLE u AS SELECT a, COUNT(*) FROM t GROUP BY a EMIT FINAL;
            INSERT INTO s (a) SELECT a FROM t;
            SELECT a FROM t
            """
        ).script
        #expect(script.statements.map(\.kind) == [.createStream, .createTable, .insert, .select])
        #expect(script.statements[0].emit?.mode == .changes)
        #expect(script.statements[1].emit?.mode == .final)
        #expect(script.statements[0].properties.map(\.key) == ["t.type", "x.y", "b"])
        #expect(script.statements[0].properties.map(\.value) == ["kafka_source", "5", "true"])
        #expect(script.statements[2].columns.map(\.value) == ["a"])
    }

    @Test func trailingCommaInWithIsForgiven() {
        let s = statement("SELECT a FROM t WITH ('t.type' = 'kafka_source', 't.topic.name' = 'in',)")
        #expect(s.properties.count == 2)
    }

    @Test func keywordsAreNamesAfterADotAndUnreservedOnesEverywhere() {
        let s = statement("SELECT m.timestamp, timestamp, m.select, key, date FROM market m")
        #expect(s.query.first.items.count == 5)
    }

    @Test func commentsAnywhere() {
        let s = statement("SELECT /* a */ price -- b\n, /* c */ qty FROM /* d */ t -- e\nWHERE /* f */ price > 1")
        #expect(s.query.first.items.count == 2)
        #expect(s.query.first.whereClause != nil)
    }

    @Test func annotationsSplitBetweenAppAndJobs() {
        let script = SQLParser.parse(
            """
            -- SQL Application: trading
            -- @app: trading
            -- @version: 2.1
            -- @observability.metrics.enabled: true

            -- some prose, not an annotation
            -- @name: first_job
            -- @metric: velo_first_total
            -- @metric: velo_second_total
            CREATE STREAM first_job AS SELECT a FROM t;

            -- @name: second_job
            -- @Description: the second
            CREATE STREAM second_job AS SELECT a FROM first_job;
            """
        ).script
        #expect(script.applicationHeader == "trading")
        #expect(script.annotations.map(\.key) == ["app", "version", "observability.metrics.enabled"])
        #expect(script.annotation("version") == "2.1")
        #expect(script.statements[0].annotations.map(\.key) == ["name", "metric", "metric"])
        #expect(script.statements[0].annotations.map(\.value) == ["first_job", "velo_first_total", "velo_second_total"])
        #expect(script.statements[1].annotation("description") == "the second")
    }

    @Test func annotationsWithoutAJobMarkerBelongToTheFirstJob() {
        let script = SQLParser.parse("-- @description: only a job\n-- @batch_size: 10\nSELECT a FROM t").script
        #expect(script.annotations.isEmpty)
        #expect(script.statements[0].annotations.map(\.key) == ["description", "batch_size"])
    }

    @Test func annotationWithoutColonIsAccepted() {
        let script = SQLParser.parse("-- @name session_demo\nSELECT a FROM t").script
        #expect(script.statements[0].annotation("name") == "session_demo")
    }

    @Test func recoversAtSemicolonsAndReportsEveryBrokenStatement() {
        let result = SQLFrontEnd.check(
            """
            SELECT a FROM t WHERE;
            SELECT b FROM t;
            SELECT FROM t;
            CREATE STREAM c AS SELECT d FROM t GROUP;
            SELECT e FROM c
            """)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.map { $0.location!.line } == [1, 3, 4])
        // The two good statements still parse; the broken CREATE does not make 'c' unknown later.
        #expect(result.script.statements.count == 2)
    }

    @Test func missingSemicolonKeepsBothStatements() {
        let parsed = SQLParser.parse("CREATE STREAM a AS SELECT x FROM t\nCREATE STREAM b AS SELECT x FROM a")
        #expect(parsed.issues.count == 1)
        #expect(parsed.script.statements.count == 2)
    }

    @Test func emptyInputAndOnlyComments() {
        #expect(SQLParser.parse("").script.statements.isEmpty)
        let parsed = SQLParser.parse("-- @app: empty\n/* nothing */\n;;")
        #expect(parsed.issues.isEmpty)
        #expect(parsed.script.annotation("app") == "empty")
    }

    @Test func lexerTokens() {
        let lexer = SQLLexer("SELECT \"a b\", `c`, 'it''s', 42, 4.2, 1e3, 500ms, <> != >= <= || == ;")
        let kinds = lexer.tokens.map(\.kind)
        #expect(
            kinds == [
                .word, .quotedIdentifier, .symbol, .quotedIdentifier, .symbol, .string, .symbol, .integer, .symbol,
                .decimal, .symbol, .decimal, .symbol, .duration, .symbol, .symbol, .symbol, .symbol, .symbol,
                .symbol, .symbol, .symbol, .end
            ])
        #expect(lexer.tokens[1].text == "a b")
        #expect(lexer.tokens[5].text == "it's")
        #expect(lexer.tokens[16].text == "!=")
        #expect(lexer.tokens[20].text == "=") // == reads as =
        #expect(lexer.issues.isEmpty)
    }
}

@Suite struct SQLStatementExtentTests {
    @Test func extentCoversAnnotationsTextAndSemicolon() {
        let sql = """
            -- @app: demo

            -- @name: first
            CREATE STREAM first AS SELECT a FROM t;
            -- a plain comment stays outside
            -- @name: second
            SELECT b FROM first
            """
        let script = SQLParser.parse(sql).script
        let bytes = Array(sql.utf8)
        func text(_ span: SQLSpan) -> String { String(decoding: bytes[span.start..<span.end], as: UTF8.self) }
        #expect(text(script.statements[0].extent) == "-- @name: first\nCREATE STREAM first AS SELECT a FROM t;")
        #expect(text(script.statements[0].span) == "CREATE STREAM first AS SELECT a FROM t")
        #expect(text(script.statements[1].extent) == "-- @name: second\nSELECT b FROM first")
    }
}
