import Testing
import VeloSQL

/// Forms Velostream's parser accepts that Velo reads the same way (issue 14, grammar items).
@Suite struct SQLVelostreamGrammarTests {
    func statement(_ sql: String) -> SQLStatement? {
        let parsed = SQLParser.parse(sql)
        #expect(parsed.issues.isEmpty, "\(parsed.issues.map(\.message))")
        return parsed.script.statements.first
    }

    @Test func doubleQuotedKeysAndValuesInWithAreStrings() {
        let s = statement("CREATE STREAM out AS SELECT a FROM src WITH (\"src.config_file\" = \"conf/src.yaml\", 'x' = \"1 day\")")
        #expect(s?.properties.map(\.key) == ["src.config_file", "x"])
        #expect(s?.properties.map(\.value) == ["conf/src.yaml", "1 day"])
    }

    @Test func doubleQuotesInAnExpressionStillNameAColumn() {
        let s = statement("SELECT \"Price\" FROM trades")
        guard case .expr(let e, _, _, _)? = s?.query.first.items.first, case .column(_, let name) = e.kind else {
            Issue.record("not a column: \(String(describing: s))"); return
        }
        #expect(name.value == "Price" && name.quoted)
    }

    @Test func topLevelSelectIntoIsAnInsertIntoTheSink() {
        let s = statement("SELECT a FROM src WHERE a > 1 EMIT CHANGES INTO alerts WITH ('alerts.type' = 'file_sink')")
        #expect(s?.kind == .insert)
        #expect(s?.target?.value == "alerts")
        #expect(s?.emit?.mode == .changes)
        #expect(s?.properties.map(\.key) == ["alerts.type"])
    }

    @Test func selectIntoKeepsTheSourceWithBeforeInto() {
        let s = statement(
            "SELECT a FROM src WITH ('src.type' = 'kafka_source') INTO out WITH ('out.type' = 'kafka_sink')")
        #expect(s?.kind == .insert)
        #expect(s?.target?.value == "out")
        #expect(s?.properties.map(\.key) == ["src.type", "out.type"])
    }

    @Test func selectIntoIsAJobWritingTheSink() {
        let analysis = SQLFrontEnd.check(
            "SELECT a FROM src INTO out WITH ('out.type' = 'file_sink', 'out.path' = 'o.ndjson', 'src.type' = 'file_source', 'src.path' = 'i.ndjson')"
        )
        #expect(analysis.jobs.first?.sinks.map(\.name) == ["out"])
    }

    @Test func extractTakesAQuotedPartAndAComma() {
        let quoted = statement("SELECT EXTRACT('epoch', ts) FROM t")
        let keyword = statement("SELECT EXTRACT(EPOCH FROM ts) FROM t")
        guard case .expr(let a, _, _, _)? = quoted?.query.first.items.first,
            case .expr(let b, _, _, _)? = keyword?.query.first.items.first,
            case .extract(let fa, let va) = a.kind, case .extract(let fb, let vb) = b.kind
        else { Issue.record("not EXTRACT"); return }
        #expect(fa.value == fb.value && va == vb)
    }

    @Test func createStreamTakesAColumnListAndPrintsIt() {
        let sql = "CREATE STREAM s (a INT NOT NULL, b TEXT, c DECIMAL(10, 2)) AS SELECT a, b, c FROM t"
        let s = statement(sql)
        #expect(s?.columns.map(\.value) == ["a", "b", "c"])
        #expect(s?.columnTypes.map(\.description) == ["INTEGER NOT NULL", "STRING", "DECIMAL(10, 2)"])
        let printed = SQLFrontEnd.format(sql).sql ?? ""
        #expect(printed.hasPrefix("CREATE STREAM s (a INTEGER NOT NULL, b STRING, c DECIMAL(10, 2)) AS\n"))
        #expect(SQLFrontEnd.format(printed).sql == printed)
    }

    @Test func aColumnListThatDisagreesWithTheQueryIsAWarning() {
        let agreeing = SQLFrontEnd.check("CREATE STREAM s (a INTEGER, b STRING) AS SELECT a, b FROM t")
        #expect(agreeing.issues.isEmpty, "\(agreeing.issues.map(\.message))")
        let renamed = SQLFrontEnd.check("CREATE STREAM s (a INTEGER, x STRING) AS SELECT a, b FROM t")
        #expect(renamed.issues.map(\.message) == ["column list names 'x' where the query returns 'b'"])
        #expect(!renamed.hasErrors)
        let short = SQLFrontEnd.check("CREATE STREAM s (a INTEGER) AS SELECT a, b FROM t")
        #expect(short.issues.map(\.message) == ["the column list names 1 columns but the query returns 2"])
    }

    @Test func anUngroupedColumnIsAWarningNotAnError() {
        let result = SQLFrontEnd.check(
            "SELECT symbol, price, COUNT(*) AS n FROM trades GROUP BY symbol HAVING quantity > 1",
            schemas: SQLCorpusSchemas.set)
        #expect(!result.hasErrors, "\(result.issues.map(\.message))")
        #expect(
            result.issues.filter { $0.severity == .warning }.map(\.message) == [
                "column 'price' is neither in GROUP BY nor aggregated: each group gives its first record's value",
                "column 'quantity' is neither in GROUP BY nor aggregated: each group gives its first record's value"
            ])
    }

    @Test func aWindowCallInAGroupedQueryIsAWarningSayingWhichRecord() {
        let windowed = SQLFrontEnd.check(
            "SELECT symbol, COUNT(*) AS n, AVG(price) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY symbol ORDER BY _event_time) AS r FROM trades GROUP BY symbol WINDOW TUMBLING(_event_time, 1m)",
            schemas: SQLCorpusSchemas.set)
        #expect(!windowed.hasErrors, "\(windowed.issues.map(\.message))")
        #expect(
            windowed.issues.map(\.message) == [
                "AVG … OVER (…) in a grouped query is computed over one record (the group's first record in the window), as in Velostream"
            ])
        let plain = SQLFrontEnd.check(
            "SELECT symbol, COUNT(*) AS n, LAG(price) OVER (PARTITION BY symbol) AS p FROM trades GROUP BY symbol",
            schemas: SQLCorpusSchemas.set)
        #expect(
            plain.issues.map(\.message) == [
                "LAG … OVER (…) in a grouped query is computed over one record (the record that updated the group), as in Velostream"
            ])
    }

    @Test func sessionTakesATimeColumnAGapAndAKey() {
        let s = statement("SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id WINDOW SESSION(_event_time, INTERVAL '30' MINUTE, user_id)")
        let w = s?.query.first.window
        #expect(w?.kind == .session)
        #expect(w?.timeColumn?.columnName == "_event_time")
        #expect(w?.size.millis == 1_800_000)
        #expect(w?.sessionKey?.columnName == "user_id")
        #expect(w.map(SQLPrinter.window) == "SESSION(_event_time, INTERVAL '30' MINUTE, user_id)")
        let ungrouped = SQLFrontEnd.check(
            "SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW SESSION(_event_time, 30s, trader_id)",
            schemas: SQLCorpusSchemas.set)
        #expect(!ungrouped.hasErrors, "\(ungrouped.issues.map(\.message))")
        #expect(ungrouped.issues.map(\.message) == ["session key 'trader_id' is not in GROUP BY, so it does not split sessions"])
        let grouped = SQLFrontEnd.check(
            "SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW SESSION(_event_time, 30s, symbol)",
            schemas: SQLCorpusSchemas.set)
        #expect(grouped.issues.isEmpty, "\(grouped.issues.map(\.message))")
    }

    @Test func intervalFrameBoundsParseAndPrint() {
        let sql =
            "SELECT AVG(price) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol ORDER BY _event_time RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND INTERVAL '5' MINUTE FOLLOWING) AS a FROM t"
        guard case .expr(let e, _, _, _)? = statement(sql)?.query.first.items.first, case .function(let call) = e.kind,
            let frame = call.over?.frame
        else {
            Issue.record("no frame"); return
        }
        #expect(frame.unit == .range)
        guard case .intervalPreceding(let back) = frame.start, case .intervalFollowing(let ahead) = frame.end else {
            Issue.record("bounds: \(frame)"); return
        }
        #expect(back.millis == 3_600_000 && ahead.millis == 300_000)
        #expect(SQLPrinter.expression(e).contains("RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND INTERVAL '5' MINUTE FOLLOWING"))
        let rows = SQLFrontEnd.check("SELECT AVG(price) OVER (ORDER BY ts ROWS BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS a FROM t")
        #expect(rows.issues.map(\.message) == ["INTERVAL frame bounds need a RANGE frame"])
    }

    @Test func listaggTakesVelostreamsArities() {
        for sql in ["LISTAGG(side)", "LISTAGG(side, '|')", "COLLECT(side, ';')", "GROUP_CONCAT(DISTINCT side, ' ')"] {
            let r = SQLFrontEnd.check("SELECT symbol, \(sql) AS s FROM trades GROUP BY symbol", schemas: SQLCorpusSchemas.set)
            #expect(r.issues.isEmpty, "\(sql): \(r.issues.map(\.message))")
        }
        let three = SQLFrontEnd.check("SELECT symbol, LISTAGG(side, ',', 'x') AS s FROM trades GROUP BY symbol", schemas: SQLCorpusSchemas.set)
        #expect(!three.hasErrors)
        #expect(three.issues.map(\.message) == ["LISTAGG's third argument is ignored: the value and the delimiter are all it reads"])
        let four = SQLFrontEnd.check("SELECT symbol, LISTAGG(side, ',', 'x', 'y') AS s FROM trades GROUP BY symbol", schemas: SQLCorpusSchemas.set)
        #expect(four.hasErrors)
    }

    @Test func createTableTakesAColumnListLikeCreateStream() {
        let sql = "CREATE TABLE totals (symbol STRING, n BIGINT) AS SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol"
        let s = statement(sql)
        #expect(s?.kind == .createTable)
        #expect(s?.columns.map(\.value) == ["symbol", "n"])
        let printed = SQLFrontEnd.format(sql).sql ?? ""
        #expect(printed.hasPrefix("CREATE TABLE totals (symbol STRING, n BIGINT) AS\n"), "\(printed)")
        #expect(SQLFrontEnd.format(printed).sql == printed)
        #expect(SQLFrontEnd.check(sql, schemas: SQLCorpusSchemas.set).issues.isEmpty)
        let renamed = SQLFrontEnd.check(
            "CREATE TABLE totals (symbol STRING, total BIGINT) AS SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol",
            schemas: SQLCorpusSchemas.set)
        #expect(renamed.issues.map(\.message) == ["column list names 'total' where the query returns 'n'"])
    }

    @Test func rowsWindowEmitEveryRecordIsTheDefaultWrittenOut() {
        let written = statement(
            "SELECT AVG(price) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY symbol ORDER BY ts EMIT EVERY RECORD) AS a FROM t")
        let plain = statement("SELECT AVG(price) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY symbol ORDER BY ts) AS a FROM t")
        #expect(written?.query == plain?.query)
    }

    @Test func rowsWindowOptionsVeloCannotRunAreNamedErrors() {
        let buffer = SQLParser.parse("SELECT AVG(p) OVER (ROWS WINDOW BUFFER 10 ROWS EMIT ON BUFFER FULL) AS a FROM t")
        #expect(buffer.issues.map(\.message) == ["EMIT ON BUFFER FULL is not supported yet"])
        let expire = SQLParser.parse(
            "SELECT AVG(p) OVER (ROWS WINDOW BUFFER 10 ROWS EXPIRE AFTER INTERVAL '5' MINUTES INACTIVITY) AS a FROM t")
        #expect(expire.issues.map(\.message) == ["EXPIRE AFTER is not supported yet"])
    }
}
