import Testing
import VeloSQL

/// One wrong statement and the first error it must produce: exact message, line, column and hint.
struct SQLErrorCase: CustomStringConvertible, Sendable {
    var sql: String
    var message: String
    var line: Int
    var column: Int
    var hint: String?
    init(_ sql: String, _ message: String, _ line: Int, _ column: Int, hint: String?) {
        self.sql = sql
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
    }
    var description: String { sql }
}

@Suite struct SQLErrorTests {
    /// Lexer, parser and analyzer errors, analyzed against `SQLCorpusSchemas.set`.
    static let cases: [SQLErrorCase] = [
        SQLErrorCase(
            "SELECT price::INTEGER FROM trades",
            "unexpected character ':'", 1, 13, hint: "convert types with CAST(value AS type)"),
        SQLErrorCase(
            "SELECT price FROM trades WHERE symbol ILIKE 'a%'",
            "unexpected 'ILIKE' after the end of the statement", 1, 39, hint: "did you mean 'LIKE'?"),
        SQLErrorCase(
            "SELECT price FROM trades WHERE side = \"BUY\"",
            "unknown column 'BUY'", 1, 39, hint: "double quotes name a column; write a string in single quotes: 'BUY'"),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol, TUMBLE(_event_time, INTERVAL '1' MINUTE)",
            "TUMBLE is a window, not a function", 1, 54,
            hint: "windows are a clause after GROUP BY: WINDOW TUMBLING(_event_time, 1m), SLIDING(…, 5m, 1m) or SESSION(…, 30s)"),
        SQLErrorCase(
            "-- @name: a\nSELECT price FROM trades;\n-- @name: a\nSELECT symbol FROM trades",
            "job name 'a' is already used by an earlier statement", 3, 1, hint: "every @name in a file must be different"),
        SQLErrorCase(
            "CREATE STREAM s AS SELECT price FROM trades INTO fraud_alerts",
            "unexpected 'INTO' after the end of the statement", 1, 45,
            hint: "INTO goes only after a top-level SELECT (SELECT … INTO sink); a CREATE STREAM writes to the stream it creates"),
        SQLErrorCase(
            "SELECT 'abc FROM orders",
            "unterminated string", 1, 8, hint: "close it with '"),
        SQLErrorCase(
            "SELECT price FROM trades WHERE symbol = \"AAPL",
            "unterminated quoted identifier", 1, 41, hint: "close it with \""),
        SQLErrorCase(
            "SELECT 5min FROM trades",
            "invalid number '5min'", 1, 8, hint: "did you mean 5m? durations are a whole number and one of ms, s, m, h, d"),
        SQLErrorCase(
            "SELECT 5qx FROM trades",
            "invalid number '5qx'", 1, 8, hint: "durations are written as whole numbers with a unit: 500ms, 30s, 5m, 1h, 1d"),
        SQLErrorCase(
            "SELECT price # 2 FROM trades",
            "unexpected character '#'", 1, 14, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades /* never closed",
            "unterminated comment", 1, 26, hint: "close it with '*/'"),
        SQLErrorCase(
            "SELECT ‘x’ FROM trades",
            "unexpected character '‘'", 1, 8, hint: "use straight quotes: 'text' for strings, \"name\" for identifiers"),
        SQLErrorCase(
            "SELECT price FROM trades WHERE 1.5s > 0",
            "invalid number '1.5s'", 1, 32, hint: "durations are written as whole numbers with a unit: 500ms, 30s, 5m, 1h, 1d"),
        SQLErrorCase(
            "SELEC price FROM trades",
            "expected a statement (CREATE STREAM, CREATE TABLE, INSERT INTO or SELECT), found 'SELEC'", 1, 1, hint: "did you mean 'SELECT'?"),
        SQLErrorCase(
            "CREATE STREM x AS SELECT 1",
            "expected STREAM or TABLE after CREATE, found 'STREM'", 1, 8, hint: "did you mean 'STREAM'?"),
        SQLErrorCase(
            "CREATE STREAM x SELECT price FROM trades",
            "expected 'AS' after the name, found 'SELECT'", 1, 17, hint: "write CREATE STREAM x AS SELECT …"),
        SQLErrorCase(
            "CREATE STREAM select AS SELECT price FROM trades",
            "expected a stream name, found keyword 'select'", 1, 15, hint: "quote it to use it as a name: \"select\""),
        SQLErrorCase(
            "SELECT FROM trades",
            "expected a column or expression after SELECT, found 'FROM'", 1, 8, hint: "list what to select, or '*' for every column"),
        SQLErrorCase(
            "SELECT price FORM trades",
            "expected ',' or 'FROM', found 'FORM'", 1, 14, hint: "did you mean 'FROM'?"),
        SQLErrorCase(
            "SELECT price, FROM trades",
            "expected an expression, found keyword 'FROM'", 1, 15, hint: "something is missing before 'FROM'"),
        SQLErrorCase(
            "SELECT price FROM trades WERE price > 1",
            "expected an alias or the next clause, found 'WERE'", 1, 26, hint: "did you mean 'WHERE'?"),
        SQLErrorCase(
            "SELECT price FROM trades WHERE",
            "expected an expression, found end of input", 1, 31, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades WHERE price >",
            "expected an expression, found end of input", 1, 39, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades GROUP symbol",
            "expected 'BY' after GROUP, found 'symbol'", 1, 32, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades ORDER price",
            "expected 'BY' after ORDER, found 'price'", 1, 32, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades LIMIT ten",
            "expected a whole number after LIMIT, found 'ten'", 1, 32, hint: nil),
        SQLErrorCase(
            "SELECT (price FROM trades",
            "expected ')' to close '(', found 'FROM'", 1, 15, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades WHERE symbol IN 'A', 'B'",
            "expected '(' after IN, found string 'A'", 1, 42, hint: "write IN ('a', 'b') or IN (SELECT …)"),
        SQLErrorCase(
            "SELECT price FROM trades WHERE price BETWEEN 1 OR 2",
            "expected 'AND' in BETWEEN … AND …, found 'OR'", 1, 48, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades WHERE price IS 5",
            "expected NULL after IS, found '5'", 1, 41, hint: "compare values with '=' or '<>'"),
        SQLErrorCase(
            "SELECT CASE WHEN price > 1 THEN 'a' FROM trades",
            "expected 'END' to close CASE, found 'FROM'", 1, 37, hint: "every CASE ends with END"),
        SQLErrorCase(
            "SELECT CASE price END FROM trades",
            "expected WHEN after CASE, found 'END'", 1, 19, hint: nil),
        SQLErrorCase(
            "SELECT CAST(price INTEGER) FROM trades",
            "expected 'AS' in CAST(value AS type), found 'INTEGER'", 1, 19, hint: nil),
        SQLErrorCase(
            "SELECT CAST(price AS INTEGR) FROM trades",
            "unknown type 'INTEGR'", 1, 22, hint: "did you mean 'INTEGER'?"),
        SQLErrorCase(
            "SELECT EXTRACT(CENTURY FROM _event_time) FROM trades",
            "expected a date part (EPOCH, YEAR, QUARTER, MONTH, WEEK, DAY, DOW, DOY, HOUR, MINUTE, SECOND, MILLISECOND), found 'CENTURY'", 1, 16,
            hint: nil),
        SQLErrorCase(
            "SELECT COUNT(* FROM trades",
            "expected ')' to close COUNT(…), found 'FROM'", 1, 16, hint: "separate arguments with ','"),
        SQLErrorCase(
            "SELECT price FROM trades t JOIN instruments i",
            "expected ON after the joined table, found end of input", 1, 46, hint: "write JOIN i ON <condition>"),
        SQLErrorCase(
            "SELECT price FROM trades CROSS JOIN instruments",
            "CROSS JOIN is not supported", 1, 26, hint: "write LEFT JOIN … ON true"),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW TUMBLE(1m)",
            "expected TUMBLING, SLIDING or SESSION after WINDOW, found 'TUMBLE'", 1, 60,
            hint: "write WINDOW TUMBLING(1m), SLIDING(5m, 1m) or SESSION(30s)"),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW TUMBLING 1m",
            "expected '(' after TUMBLING, found '1m'", 1, 69, hint: "write TUMBLING(5m) or TUMBLING(_event_time, INTERVAL '5' MINUTE)"),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW SLIDING(5m)",
            "SLIDING takes a size and an advance and optionally a time column", 1, 60, hint: "write SLIDING(5m, 1m) or SLIDING(_event_time, 5m, 1m)"),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW TUMBLING(1m, 2m)",
            "TUMBLING takes a size and optionally a time column", 1, 60, hint: "write TUMBLING(5m) or TUMBLING(_event_time, INTERVAL '5' MINUTE)"),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW SESSION()",
            "expected an expression, found ')'", 1, 68, hint: nil),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW TUMBLING(INTERVAL 5)",
            "expected a time unit (SECOND, MINUTE, HOUR, DAY, MILLISECOND), found ')'", 1, 79, hint: nil),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW TUMBLING(INTERVAL 'five' MINUTE)",
            "expected a whole number in the interval, found string 'five'", 1, 78, hint: "write INTERVAL '5' MINUTE"),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW TUMBLING(INTERVAL '5' FORTNIGHT)",
            "expected a time unit (SECOND, MINUTE, HOUR, DAY, MILLISECOND), found 'FORTNIGHT'", 1, 82, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades EMIT SOMETIMES",
            "expected CHANGES or FINAL after EMIT, found 'SOMETIMES'", 1, 31, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades WITH ('a' = 'b') EMIT CHANGES",
            "EMIT must come before WITH", 1, 43, hint: "move 'EMIT CHANGES' above the WITH block"),
        SQLErrorCase(
            "SELECT price FROM trades WITH 'a' = 'b'",
            "expected '(' after WITH, found string 'a'", 1, 31, hint: "write WITH ('key' = 'value', …)"),
        SQLErrorCase(
            "SELECT price FROM trades WITH ('a' 'b')",
            "expected '=' after the property name 'a', found string 'b'", 1, 36, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades WITH ('a' = 'b' 'c' = 'd')",
            "expected ')' to close WITH, found string 'c'", 1, 42, hint: "separate properties with ','"),
        SQLErrorCase(
            "SELECT price FROM trades WITH ('a' = )",
            "expected a value for 'a', found ')'", 1, 38, hint: "quote the value: 'a' = '…'"),
        SQLErrorCase(
            "SELECT symbol FROM trades WHERE price > 1 GROUP BY symbol WHERE price < 5",
            "WHERE must come before GROUP BY, WINDOW and HAVING", 1, 59, hint: "move the WHERE clause up, right after FROM and its JOINs"),
        SQLErrorCase(
            "SELECT symbol FROM trades GROUP BY symbol GROUP BY symbol",
            "duplicate GROUP BY clause", 1, 43, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades WHERE price < quantity < 5",
            "comparisons cannot be chained", 1, 49, hint: "combine them with AND: a < b AND b < c"),
        SQLErrorCase(
            "INSERT trades SELECT 1",
            "expected 'INTO' after INSERT, found 'trades'", 1, 8, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades;\nSELECT price FROM trades WHERE;",
            "expected an expression, found ';'", 2, 31, hint: nil),
        SQLErrorCase(
            "CREATE STREAM a AS SELECT price FROM trades\nCREATE STREAM b AS SELECT price FROM trades",
            "expected ';' before the next statement, found 'CREATE'", 2, 1, hint: "end each statement with ';'"),
        SQLErrorCase(
            "SELECT price FROM trades t LEFT instruments i ON t.symbol = i.symbol",
            "expected 'JOIN' after LEFT, found 'instruments'", 1, 33, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades WHERE price > 1 AND",
            "expected an expression, found end of input", 1, 45, hint: nil),
        SQLErrorCase(
            "SELECT AVG(price) OVER (ROWS WINDOW BUFFER x ROWS) FROM trades",
            "expected a row count after BUFFER, found 'x'", 1, 44, hint: nil),
        SQLErrorCase(
            "SELECT LAG(price) OVER (ROWS BETWEEN 1 PRECEDING) FROM trades",
            "expected 'AND' between the frame bounds, found ')'", 1, 49, hint: nil),
        SQLErrorCase(
            "SELECT * FROM (SELECT price FROM trades",
            "expected ')' to close the subquery, found end of input", 1, 40, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades WHERE EXISTS SELECT 1",
            "expected '(' after EXISTS, found 'SELECT'", 1, 39, hint: "write EXISTS (SELECT …)"),
        SQLErrorCase(
            "SELECT price FROM trades t JOIN instruments i ON t.symbol = i.symbol WITHIN 5",
            "expected a time unit (SECOND, MINUTE, HOUR, DAY, MILLISECOND), found end of input", 1, 78, hint: nil),
        SQLErrorCase(
            "SELECT price AS FROM trades",
            "expected an alias after AS, found keyword 'FROM'", 1, 17, hint: "quote it to use it as a name: \"FROM\""),
        SQLErrorCase(
            "SELECT price FROM trades WHERE price > 5 minutes",
            "a duration needs INTERVAL here", 1, 40, hint: "write INTERVAL '5' MINUTE or 5m"),
        SQLErrorCase(
            "SELECT pric FROM trades",
            "unknown column 'pric'", 1, 8, hint: "did you mean 'price'?"),
        SQLErrorCase(
            "SELECT t.pric FROM trades t",
            "unknown column 'pric' in 'trades'", 1, 10, hint: "did you mean 'price'?"),
        SQLErrorCase(
            "SELECT x.price FROM trades t",
            "unknown table or alias 'x'", 1, 8, hint: "did you mean 't'?"),
        SQLErrorCase(
            "SELECT symbol FROM trades t JOIN instruments i ON t.symbol = i.symbol",
            "ambiguous column 'symbol'", 1, 8, hint: "it is in 't' and 'i'; qualify it: t.symbol"),
        SQLErrorCase(
            "SELECT AVERAGE(price) FROM trades",
            "unknown function 'AVERAGE'", 1, 8, hint: "did you mean 'AVG'?"),
        SQLErrorCase(
            "SELECT ROUND(price, 1, 2) FROM trades",
            "ROUND takes 1 to 2 arguments, got 3", 1, 8, hint: nil),
        SQLErrorCase(
            "SELECT SUM(*) FROM trades",
            "'*' is only allowed in COUNT(*)", 1, 12, hint: nil),
        SQLErrorCase(
            "SELECT symbol FROM trades WHERE SUM(price) > 10",
            "aggregate function SUM is not allowed in WHERE", 1, 33, hint: "filter on aggregates with HAVING"),
        SQLErrorCase(
            "SELECT SUM(MAX(price)) FROM trades",
            "aggregate functions cannot be nested", 1, 12, hint: nil),
        SQLErrorCase(
            "SELECT LAG(price) FROM trades",
            "LAG is a window function and needs OVER (…)", 1, 8,
            hint: "write LAG(…) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY … ORDER BY _event_time)"),
        SQLErrorCase(
            "SELECT ABS(price) OVER (PARTITION BY symbol) FROM trades",
            "ABS is not an aggregate or window function, so it cannot have OVER", 1, 19, hint: nil),
        SQLErrorCase(
            "SELECT * FROM trades GROUP BY symbol",
            "'*' cannot be used with GROUP BY or aggregate functions", 1, 8, hint: "list the grouped columns and the aggregates"),
        SQLErrorCase(
            "SELECT price FROM trades EMIT FINAL",
            "EMIT FINAL needs GROUP BY or an aggregate function", 1, 26,
            hint: "a query without aggregation emits every record as it comes; drop EMIT FINAL or write EMIT CHANGES"),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW SLIDING(1m, 5m)",
            "SLIDING advance (5m) is longer than the window size (1m)", 1, 72,
            hint: "records would fall between windows; use an advance up to the size, or TUMBLING(1m)"),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW TUMBLING(0s)",
            "window size must be longer than zero", 1, 69, hint: nil),
        SQLErrorCase(
            "SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW TUMBLING(symbol, 1m)",
            "window time column 'symbol' has type string", 1, 69, hint: "use _event_time, or a timestamp or epoch-ms integer column"),
        SQLErrorCase(
            "SELECT price FROM trades WHERE symbol = 5",
            "cannot compare string with integer", 1, 41, hint: "CAST one side so both have the same type"),
        SQLErrorCase(
            "SELECT symbol + 1 FROM trades",
            "cannot apply '+' to a value of type string", 1, 8, hint: "join strings with || or CONCAT(…)"),
        SQLErrorCase(
            "SELECT SUM(symbol) FROM trades",
            "SUM needs a number, found a value of type string", 1, 12, hint: "CAST(symbol AS DOUBLE)"),
        SQLErrorCase(
            "SELECT price FROM trades WHERE price",
            "WHERE needs a condition, found a value of type decimal", 1, 32, hint: "compare it, e.g. price > 0"),
        SQLErrorCase(
            "SELECT price FROM trade",
            "unknown source 'trade'", 1, 19, hint: "did you mean 'trades'?"),
        SQLErrorCase(
            "CREATE STREAM trades2 AS SELECT * FROM trades2",
            "'trades2' reads from itself", 1, 40, hint: "a statement cannot read the stream it creates"),
        SQLErrorCase(
            "CREATE STREAM x AS SELECT price FROM trades;\nCREATE STREAM x AS SELECT symbol FROM trades;",
            "'x' is already created by an earlier statement", 2, 15, hint: "give this stream or table another name, or write INSERT INTO x SELECT …"),
        SQLErrorCase(
            "SELECT price, price FROM trades",
            "duplicate output column 'price'", 1, 15, hint: "give one of them another name with AS"),
        SQLErrorCase(
            "SELECT symbol, price FROM trades UNION ALL SELECT symbol FROM instruments",
            "each SELECT of a UNION must return the same number of columns (2 and 1)", 1, 44, hint: "add or remove columns so the lists line up"),
        SQLErrorCase(
            "INSERT INTO audit (a, b, c) SELECT symbol, price FROM trades",
            "INSERT lists 3 columns but the query returns 2", 1, 13, hint: "list one column per value the SELECT returns"),
        SQLErrorCase(
            "SELECT price FROM trades WHERE symbol IN (SELECT symbol, sector FROM instruments)",
            "IN (SELECT …) must return one column, not 2", 1, 43, hint: "select a single column"),
        SQLErrorCase(
            "SELECT price FROM trades WITH ('trades.type' = 'kafka_sauce')",
            "unknown endpoint type 'kafka_sauce'", 1, 48, hint: "did you mean 'kafka_source'?"),
        SQLErrorCase(
            "SELECT price FROM trades WITH ('trades.type' = 'kafka_sink')",
            "'trades' is read by this statement, so its type must be a source, not kafka_sink", 1, 48, hint: "use kafka_source or file_source"),
        SQLErrorCase(
            "SELECT price FROM trades WITH ('event.time.field' = 'ts')",
            "event.time.field 'ts' is not a column of 'trades'", 1, 53,
            hint: "columns: trade_id, symbol, trader_id, side, quantity, price, desk_id, timestamp"),
        SQLErrorCase(
            "SELECT price * 2 AS double_price FROM trades WHERE double_price > 10",
            "unknown column 'double_price'", 1, 52,
            hint: "'double_price' is an alias of this SELECT, which WHERE cannot use; repeat the expression instead"),
        SQLErrorCase(
            "SELECT price FROM trades WHERE price LIKE '1%'",
            "LIKE needs strings, found a value of type decimal", 1, 32, hint: "CAST(price AS STRING)"),
        SQLErrorCase(
            "SELECT t.price FROM trades t JOIN instruments t ON t.symbol = t.symbol",
            "'t' is used twice in FROM", 1, 35, hint: "give one of them an alias: JOIN instruments t2"),
        SQLErrorCase(
            "SELECT ABS(DISTINCT price) FROM trades",
            "DISTINCT is only allowed in aggregate functions", 1, 8, hint: nil),
        SQLErrorCase(
            "SELECT UPPER(quantity) FROM trades",
            "UPPER needs a string, found a value of type integer", 1, 14, hint: "CAST(quantity AS STRING)"),
        SQLErrorCase(
            "SELECT price FROM trades WHERE NOT price",
            "NOT needs a condition, found a value of type decimal", 1, 36, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades WHERE price > (SELECT symbol, sector FROM instruments)",
            "cannot compare decimal with string", 1, 40, hint: "CAST one side so both have the same type"),
        SQLErrorCase(
            "SELECT symbol FROM trades WHERE symbol = 'a' OR price",
            "OR needs conditions on both sides, found a value of type decimal", 1, 49, hint: "compare it, e.g. price > 0"),
        SQLErrorCase(
            "SELECT 1 FROM trades GROUP BY SUM(price)",
            "aggregate function SUM is not allowed in GROUP BY", 1, 31, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades t JOIN instruments i ON t.symbol = i.symbol WITHIN 0s",
            "WITHIN must be longer than zero", 1, 77, hint: nil),
        SQLErrorCase(
            "SELECT price FROM trades WHERE price > 1 ORDER BY price LIMIT 5 GARBAGE",
            "unexpected 'GARBAGE' after the end of the statement", 1, 65,
            hint: "clauses go in this order: FROM, JOIN, WHERE, GROUP BY, WINDOW, HAVING, ORDER BY, LIMIT, EMIT, WITH; end each statement with ';'"),
        SQLErrorCase(
            "SELECT price\nFROM trades\nWHERE price >\n  AND quantity > 1",
            "expected an expression, found keyword 'AND'", 4, 3, hint: "something is missing before 'AND'"),
        SQLErrorCase(
            "CREATE TABLE t AS\nSELECT symbol,\n       SUM(price) AS total\nFROM trades\nGROUP BY symbol\nWINDOW TUMBLING(_event_time, INTERVAL '0' MINUTE)",
            "window size must be longer than zero", 6, 30, hint: nil),
        SQLErrorCase(
            "SELECT COUNT(*) AS n FROM trades WINDOW TUMBLING(_event_time, '5 minutes')",
            "'5 minutes' is a string, not a duration", 1, 63, hint: "write the size as INTERVAL '5' MINUTE or 5m (unquoted)"),
        SQLErrorCase(
            "SELECT COUNT(*) AS n FROM trades WINDOW TUMBLING(_event_time, 5min)",
            "invalid number '5min'", 1, 63, hint: "did you mean 5m? durations are a whole number and one of ms, s, m, h, d")
    ]

    /// A slip in a duration is reported once: the parser goes on over a stand-in, so nothing cascades.
    @Test func aMisspelledDurationIsTheOnlyError() {
        for sql in [
            "SELECT COUNT(*) AS n FROM trades WINDOW TUMBLING(_event_time, 5min)",
            "SELECT COUNT(*) AS n FROM trades WINDOW SLIDING(10secs, 5sec) GROUP BY symbol",
            "SELECT COUNT(*) AS n FROM trades WINDOW SESSION(3xyz)"
        ] {
            let errors = SQLFrontEnd.check(sql, schemas: SQLCorpusSchemas.set).issues.filter { $0.severity == .error }
            #expect(errors.count == (sql.contains("SLIDING") ? 2 : 1), "\(sql): \(errors.map(\.message))")
            #expect(errors.allSatisfy { $0.message.hasPrefix("invalid number") }, "\(sql)")
        }
    }

    @Test func enoughCases() {
        #expect(Self.cases.count >= 60)
    }

    @Test(arguments: cases)
    func reportsTheExactError(_ c: SQLErrorCase) throws {
        let result = SQLFrontEnd.check(c.sql, file: "app.sql", schemas: SQLCorpusSchemas.set)
        let error = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(error.message == c.message)
        #expect(error.location?.line == c.line)
        #expect(error.location?.column == c.column)
        #expect(error.location?.file == "app.sql")
        #expect(error.hint == c.hint)
        #expect(result.hasErrors)
    }
}
