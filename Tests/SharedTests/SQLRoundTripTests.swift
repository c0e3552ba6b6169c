import Testing
@testable import Shared

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
        let printed = SQLPrinter.expression(SQLParser.parse("SELECT -(-5) FROM t").script.statements[0].query.first.items.first.map {
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
}
