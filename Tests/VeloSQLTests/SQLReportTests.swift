import Foundation
import Testing
import VeloBase
import VeloSQL

@Suite struct SQLReportTests {
    @Test func jsonReportIsVersionedAndComplete() throws {
        let r = SQLFrontEnd.check(
            """
            -- @app: shop
            -- @name: eu
            CREATE STREAM eu AS SELECT order_id, amount FROM orders WHERE region = 'EU'
            WITH ('orders.type' = 'kafka_source', 'eu.type' = 'kafka_sink', 'eu.topic.name' = 'eu_orders');
            SELECT amout FROM eu;
            """, file: "shop.sql", schemas: SQLCorpusSchemas.set)
        let json = SQLCheckReport.json(r)
        #expect(json["version"] == 1)
        #expect(json["file"] == "shop.sql")
        #expect(json["valid"] == false)
        #expect(json["errors"] == 1)
        #expect(json["application"]?["name"] == "shop")
        let jobs = try #require(json["jobs"]?.arrayValue)
        #expect(jobs.count == 2)
        #expect(jobs[0]["name"] == "eu")
        #expect(jobs[0]["kind"] == "stream")
        #expect(jobs[0]["line"] == 3)
        #expect(jobs[0]["sinks"]?.arrayValue?.first?["topic"] == "eu_orders")
        #expect(jobs[0]["emit"] == "changes")
        #expect(jobs[0]["window"] == .null)
        #expect(jobs[0]["columns"]?.arrayValue?.count == 2)
        let diagnostic = try #require(json["diagnostics"]?.arrayValue?.first)
        #expect(diagnostic["severity"] == "error")
        #expect(diagnostic["message"] == "unknown column 'amout'")
        #expect(diagnostic["line"] == 5)
        #expect(diagnostic["column"] == 8)
        #expect(diagnostic["hint"] == "did you mean 'amount'?")
    }

    @Test func jsonReportNeverShowsSecretProperties() {
        let r = SQLFrontEnd.check(
            """
            CREATE STREAM out AS SELECT * FROM src
            WITH ('src.type' = 'kafka_source', 'src.sasl.password' = 'hunter2', 'src.topic.name' = 't');
            """, file: "s.sql")
        let text = SQLCheckReport.json(r).description
        #expect(!text.contains("hunter2"))
        #expect(text.contains("'src.sasl.password' = '********'"))
        #expect(text.contains("'src.topic.name' = 't'"))
    }

    @Test func textReportListsJobsOnlyWhenValid() {
        let ok = SQLCheckReport.text(SQLFrontEnd.check("SELECT a, COUNT(*) AS n FROM t GROUP BY a WINDOW SESSION(30s)", file: "a.sql"))
        #expect(ok.contains("a.sql: 1 job, ok"))
        #expect(ok.contains("window:  SESSION(30s)"))
        #expect(ok.contains("emit:    final (default)"))
        let bad = SQLCheckReport.text(SQLFrontEnd.check("SELECT FROM t", file: "b.sql"))
        #expect(bad == "b.sql: 0 jobs, 1 error")
    }

    @Test func sourceTextLocatesOffsets() {
        let source = SQLSourceText("ab\r\ncd\nef", file: "x.sql")
        #expect(source.line(of: 0) == 1)
        #expect(source.line(of: 4) == 2)
        #expect(source.line(of: 8) == 3)
        let location = source.location(of: 5)
        #expect(location.line == 2 && location.column == 2 && location.sourceLine == "cd")
        #expect(location == SourceLocation.of(offset: 5, in: "ab\r\ncd\nef", file: "x.sql"))
    }
}

@Suite struct SQLGrammarTests {
    @Test func summaryComesFromTheParserTables() {
        let summary = SQLGrammar.summary
        for function in SQLFunctionCatalog.all { #expect(summary.contains(function.name + "("), "\(function.name)") }
        for kind in SQLWindowKind.allCases { #expect(summary.contains(kind.rawValue)) }
        for type in SQLGrammar.typeNames { #expect(summary.contains(type)) }
        for column in SQLGrammar.systemColumns { #expect(summary.contains(column.name)) }
        for word in SQLGrammar.reservedWords { #expect(summary.contains(word)) }
    }

    /// Every keyword the printer writes must be one the grammar summary mentions.
    @Test func printerKeywordsAppearInTheSummary() {
        let summary = SQLGrammar.summary
        let printed = SQLCorpus.all.map { SQLPrinter.print(SQLParser.parse($0).script) }.joined(separator: "\n")
        let keywords = [
            "SELECT", "FROM", "WHERE", "GROUP BY", "HAVING", "WINDOW", "EMIT", "WITH", "ORDER BY", "LIMIT",
            "UNION ALL", "JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL OUTER JOIN", "WITHIN", "OVER", "PARTITION BY",
            "ROWS WINDOW BUFFER", "CASE", "CAST", "EXTRACT", "INTERVAL", "PRIMARY KEY", "DISTINCT", "BETWEEN"
        ]
        for keyword in keywords {
            #expect(printed.contains(keyword), "corpus never prints \(keyword)")
            #expect(summary.contains(keyword.split(separator: " ").last!), "summary lacks \(keyword)")
        }
    }

    @Test func docsShowTheCurrentSummary() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/sql-reference.md").standardizedFileURL
        let text = try String(contentsOf: docs, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- BEGIN GRAMMAR -->\n```text\n"))
        let end = try #require(text.range(of: "\n```\n<!-- END GRAMMAR -->"))
        #expect(
            String(text[begin.upperBound..<end.lowerBound]) == SQLGrammar.summary,
            "regenerate the block in docs/sql-reference.md with: velo-run --grammar")
    }

    @Test func functionCatalogHasNoDuplicatesAndKnowsTheCommonOnes() {
        let names = SQLFunctionCatalog.names
        #expect(Set(names).count == names.count)
        for name in ["COUNT", "SUM", "AVG", "LAG", "ROUND", "COALESCE", "TUMBLE_START", "JSON_VALUE", "STDDEV_POP"] {
            #expect(SQLFunctionCatalog.lookup(name.lowercased()) != nil)
        }
    }
}
