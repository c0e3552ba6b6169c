import Testing
import VeloSQL

@Suite struct SQLRoundTripTests {
    @Test func corpusIsLargeEnough() {
        #expect(SQLCorpus.statementCount >= 150)
    }

    @Test(arguments: SQLCorpus.all)
    func parsesWithoutIssues(_ sql: String) {
        let parsed = SQLParser.parse(sql)
        #expect(parsed.issues.isEmpty, "\(parsed.issues.map(\.message))")
        #expect(!parsed.script.statements.isEmpty)
    }

    /// parse(print(ast)) == ast (spans aside), annotations included.
    @Test(arguments: SQLCorpus.all)
    func printedSQLParsesToTheSameAST(_ sql: String) {
        let first = SQLParser.parse(sql).script
        let printed = SQLPrinter.print(first)
        let second = SQLParser.parse(printed)
        #expect(second.issues.isEmpty, "\(printed)\n\(second.issues.map(\.message))")
        #expect(second.script == first, "\(printed)")
        // Canonical form is a fixed point.
        #expect(SQLPrinter.print(second.script) == printed)
    }

    /// Windows line endings and a byte order mark change nothing.
    @Test(arguments: SQLCorpus.all)
    func crlfAndBOMParseTheSame(_ sql: String) {
        let crlf = SQLParser.parse("\u{FEFF}" + sql.sqlReplacing("\n", with: "\r\n"))
        #expect(crlf.issues.isEmpty)
        #expect(crlf.script == SQLParser.parse(sql).script)
    }

    @Test(arguments: SQLCorpus.all)
    func analyzesWithoutErrors(_ sql: String) {
        let result = SQLFrontEnd.check(sql, schemas: SQLCorpusSchemas.set)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { $0.render(tool: nil, color: false) }.joined(separator: "\n"))")
    }

    @Test func printerQuotesReservedAndOddNames() {
        let script = SQLParser.parse("SELECT \"select\", \"Last Price\", \"a\"\"b\" FROM \"order\"").script
        let printed = SQLPrinter.print(script)
        #expect(printed.contains("\"select\""))
        #expect(printed.contains("\"Last Price\""))
        #expect(printed.contains("\"a\"\"b\""))
        #expect(printed.contains("FROM \"order\""))
    }

    @Test func printerKeepsNegativeNumbersApartFromComments() {
        let printed = SQLPrinter.expression(
            SQLParser.parse("SELECT -(-5) FROM t").script.statements[0].query.first.items.first.map {
                if case .expr(let e, _, _, _) = $0 { return e }
                return SQLExpr(.star)
            }!)
        #expect(!printed.contains("--"))
        #expect(printed == "-(-5)")
    }

    @Test func printerAddsParenthesesOnlyWherePrecedenceNeedsThem() {
        func canonical(_ expr: String) -> String {
            let statement = SQLParser.parse("SELECT \(expr) FROM t").script.statements[0]
            guard case .expr(let e, _, _, _) = statement.query.first.items[0] else { return "" }
            return SQLPrinter.expression(e)
        }
        #expect(canonical("(a + b) * c") == "(a + b) * c")
        #expect(canonical("a + (b * c)") == "a + b * c")
        #expect(canonical("a - (b - c)") == "a - (b - c)")
        #expect(canonical("(a - b) - c") == "a - b - c")
        #expect(canonical("(a OR b) AND c") == "(a OR b) AND c")
        #expect(canonical("NOT (a = b)") == "NOT a = b")
        #expect(canonical("(NOT a) = b") == "(NOT a) = b")
    }

    @Test func canonicalLayout() {
        let sql = """
            create stream alerts as select symbol primary key, case when price > 100 then 'HIGH' when price > 10 then 'MID' else 'LOW' end band,
            count(*) n from trades t left join instruments i on t.symbol = i.symbol and t._event_time between i._event_time - interval '1' minute and i._event_time
            where t.price > 0 and t.quantity > 0 and t.side in ('BUY', 'SELL') and t.trader_id is not null and t.desk_id <> 'TEST'
            group by symbol, band window tumbling(_event_time, 1m) emit changes with ('trades.type'='kafka_source')
            """
        #expect(
            SQLPrinter.print(SQLParser.parse(sql).script) == """
                CREATE STREAM alerts AS
                SELECT
                    symbol PRIMARY KEY,
                    CASE
                        WHEN price > 100 THEN 'HIGH'
                        WHEN price > 10 THEN 'MID'
                        ELSE 'LOW'
                    END AS band,
                    COUNT(*) AS n
                FROM trades t
                LEFT JOIN instruments i ON t.symbol = i.symbol
                    AND t._event_time BETWEEN i._event_time - INTERVAL '1' MINUTE AND i._event_time
                WHERE t.price > 0
                    AND t.quantity > 0
                    AND t.side IN ('BUY', 'SELL')
                    AND t.trader_id IS NOT NULL
                    AND t.desk_id <> 'TEST'
                GROUP BY symbol, band
                WINDOW TUMBLING(_event_time, 1m)
                EMIT CHANGES
                WITH (
                    'trades.type' = 'kafka_source'
                );

                """)
    }
}
