import Foundation
import Testing
import VeloBase
import VeloSQL

@Suite struct SQLAnalyzerTests {
    func check(_ sql: String, schemas: (any SQLSchemaProvider)? = SQLCorpusSchemas.set) -> SQLCheckResult {
        SQLFrontEnd.check(sql, file: "app.sql", schemas: schemas)
    }

    func messages(_ r: SQLCheckResult, _ severity: Diagnostic.Severity) -> [String] {
        r.issues.filter { $0.severity == severity }.map(\.message)
    }

    @Test func summarizesJobs() throws {
        let r = check(
            """
            -- @name: spikes
            CREATE TABLE spike_table AS
            SELECT symbol PRIMARY KEY, COUNT(*) AS n, AVG(price) AS avg_price
            FROM trades
            GROUP BY symbol
            WINDOW TUMBLING(_event_time, 1m)
            WITH ('trades.type' = 'kafka_source', 'trades.topic.name' = 'in_trades',
                  'spike_table.type' = 'kafka_sink', 'spike_table.topic.name' = 'spikes');
            SELECT t.symbol, i.sector FROM trades t LEFT JOIN instruments i ON t.symbol = i.symbol EMIT CHANGES;
            """)
        #expect(!r.hasErrors, "\(r.issues)")
        #expect(r.jobs.count == 2)
        let job = r.jobs[0]
        #expect(job.name == "spikes")
        #expect(job.kind == .createTable)
        #expect(job.sources.map(\.name) == ["trades"])
        #expect(job.sources[0].type == "kafka_source")
        #expect(job.sources[0].topic == "in_trades")
        #expect(job.sources[0].origin == "schema")
        #expect(job.sinks.map(\.name) == ["spike_table"])
        #expect(job.sinks[0].topic == "spikes")
        #expect(job.window?.kind == .tumbling)
        #expect(job.emit == .final && !job.emitExplicit)
        #expect(job.primaryKey == ["symbol"])
        #expect(job.columns == [SQLField("symbol", .string), SQLField("n", .integer), SQLField("avg_price", .float)])
        let select = r.jobs[1]
        #expect(select.name == "select_2")
        #expect(select.sinks.isEmpty)
        #expect(select.sources.map(\.name) == ["trades", "instruments"])
        #expect(select.emit == .changes && select.emitExplicit)
    }

    @Test func laterStatementsSeeEarlierOutputs() {
        let r = check(
            """
            CREATE STREAM big AS SELECT symbol, price * quantity AS notional FROM trades;
            SELECT symbol, notional FROM big WHERE notional > 10;
            SELECT symbol, price FROM big;
            """)
        #expect(messages(r, .error) == ["unknown column 'price'"])
        #expect(r.jobs[1].sources.first?.origin == "statement")
        #expect(r.jobs[1].columns == [SQLField("symbol", .string), SQLField("notional", .decimal)])
    }

    @Test func withoutSchemasUnknownSourcesAreAcceptedAndColumnsUnchecked() {
        let r = check("SELECT anything, SUM(x) AS s FROM somewhere GROUP BY anything", schemas: nil)
        #expect(r.issues.isEmpty, "\(r.issues)")
        #expect(r.jobs[0].columns == [SQLField("anything", .unknown), SQLField("s", .unknown)])
    }

    @Test func withSchemasAnUnknownSourceIsAWarning() {
        let r = check("SELECT anything FROM somewhere_else")
        #expect(messages(r, .warning) == ["no schema for source 'somewhere_else'; its columns are not checked"])
        #expect(!r.hasErrors)
    }

    @Test func emitFinalWithoutWindowIsAWarningForBoundedSources() {
        let r = check("SELECT station, MAX(temperature) AS hi FROM measurements GROUP BY station EMIT FINAL")
        #expect(!r.hasErrors)
        #expect(messages(r, .warning) == ["EMIT FINAL without WINDOW emits only when the input ends"])
    }

    @Test func streamStreamJoinWithoutTimeBoundIsAWarning() {
        let sql = """
            SELECT a.symbol FROM market_data_a a JOIN market_data_b b ON a.symbol = b.symbol
            WITH ('market_data_a.type' = 'kafka_source', 'market_data_b.type' = 'kafka_source')
            """
        let r = check(sql)
        #expect(messages(r, .warning) == ["stream-stream join without a time bound keeps every record of both streams"])
        let bounded = check(sql.sqlReplacing("\n", with: " WITHIN 10s\n"))
        #expect(bounded.issues.isEmpty, "\(bounded.issues)")
    }

    @Test func propertiesForEndpointsTheStatementDoesNotUse() {
        let r = check("SELECT price FROM trades WITH ('trade.type' = 'kafka_source', 'watermark.strategy' = 'ascendng')")
        #expect(
            messages(r, .warning) == [
                "property for 'trade', which this statement does not read or write",
                "unknown value 'ascendng' for 'watermark.strategy'"
            ])
        #expect(
            r.issues.map(\.hint) == [
                "did you mean 'trades'?",
                "did you mean 'ascending'? Until then the default strategy is used (bounded by 'watermark.max_out_of_orderness' when set, else ascending), as in Velostream."
            ])
    }

    /// A misspelled key or value changes what runs (read-time windows instead of event time): each warns.
    @Test func misspelledPropertiesWarnWithASuggestion() {
        let r = check(
            "SELECT COUNT(*) AS n FROM trades WINDOW TUMBLING(1m) WITH ('event.time.feild' = 'timestamp', "
                + "'watermark.stratgy' = 'ascending', 'late.data.stratgy' = 'drop', 'trades.typ' = 'kafka_source', "
                + "'event.time.format' = 'epoch_milis')")
        #expect(
            messages(r, .warning) == [
                "unknown property 'event.time.feild' is ignored", "unknown property 'watermark.stratgy' is ignored",
                "unknown property 'late.data.stratgy' is ignored", "unknown property 'trades.typ' is ignored",
                "unknown value 'epoch_milis' for 'event.time.format'"
            ])
        #expect(
            r.issues.map(\.hint) == [
                "did you mean 'event.time.field'?", "did you mean 'watermark.strategy'?", "did you mean 'late.data.strategy'?",
                "did you mean 'trades.type'?", "did you mean 'epoch_millis'?"
            ])
        #expect(!r.hasErrors, "a warning: the statement still runs")
    }

    @Test func knownAndForeignPropertiesDoNotWarn() {
        let r = check(
            "SELECT COUNT(*) AS n FROM trades WINDOW TUMBLING(1m) WITH ('event.time.field' = 'timestamp', "
                + "'event.time.format' = '%Y-%m-%d %H:%M:%S', 'late.data.strategy' = 'include_in_next_window', "
                + "'trades.bootstrap.servers' = 'localhost:9092', 'observability.metrics.enabled' = 'true', 'max.memory.mb' = '512')")
        #expect(messages(r, .warning) == [])
    }

    @Test func correlatedSubqueriesSeeTheOuterQuery() {
        let r = check(
            "SELECT o.order_id FROM orders o WHERE EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.order_id AND p.amount >= o.amount)")
        #expect(r.issues.isEmpty, "\(r.issues)")
    }

    @Test func severalErrorsInOnePass() {
        let r = check("SELECT pric, SUMM(quantity), t.x FROM trades WHERE symbol = 1")
        #expect(
            messages(r, .error) == [
                "unknown column 'pric'", "unknown function 'SUMM'", "unknown table or alias 't'",
                "cannot compare string with integer"
            ])
    }

    @Test func groupingByAliasGroupsTheExpression() {
        let r = check("SELECT UPPER(symbol) AS s, COUNT(*) AS n FROM trades GROUP BY s")
        #expect(r.issues.isEmpty, "\(r.issues)")
    }

    @Test func typesFlowThroughExpressions() {
        let r = check(
            "SELECT quantity * 2 AS q, price * 2 AS p, quantity / 2.0 AS d, CAST(price AS STRING) AS s, symbol || 'x' AS c, price > 1 AS b FROM trades"
        )
        #expect(r.jobs[0].columns?.map(\.type) == [.integer, .decimal, .decimal, .string, .string, .boolean])
    }
}

@Suite struct SQLAnalyzerInsertTests {
    @Test func severalInsertsMayFeedOneStream() {
        let r = SQLFrontEnd.check(
            """
            CREATE STREAM all_orders AS SELECT order_id, amount FROM orders WHERE region = 'EU';
            INSERT INTO all_orders SELECT order_id, amount FROM orders WHERE region = 'US';
            INSERT INTO all_orders SELECT order_id, amount FROM orders WHERE region = 'APAC';
            """, schemas: SQLCorpusSchemas.set)
        #expect(r.issues.isEmpty, "\(r.issues)")
        #expect(r.jobs.map(\.kind) == [.createStream, .insert, .insert])
        #expect(r.jobs.map { $0.sinks.map(\.name) } == [["all_orders"], ["all_orders"], ["all_orders"]])
    }
}

@Suite struct SQLAnnotationRuleTests {
    func warnings(_ sql: String) -> [String] {
        SQLFrontEnd.check(sql, schemas: SQLCorpusSchemas.set).issues.filter { $0.severity == .warning }.map(\.message)
    }

    @Test func misspelledKeysAndUnknownValues() {
        #expect(
            warnings("-- @app: x\n-- @versoin: 1\n-- @name: j\n-- @metric_typ: counter\n-- @job_mode: fast\nSELECT price FROM trades") == [
                "unknown annotation '@versoin'",
                "unknown annotation '@metric_typ'",
                "unknown value 'fast' for '@job_mode'; Velostream uses its default"
            ])
    }

    @Test func metricAnnotationsNameOutputColumns() {
        let sql = """
            -- @name: spikes
            -- @metric: velo_spikes
            -- @metric_type: gauge
            -- @metric_field: avg_pric
            -- @metric_labels: symbol, sector
            -- @metric_condition: avg_price > 10 AND volume > 1
            CREATE STREAM spikes AS SELECT symbol, AVG(price) AS avg_price FROM trades GROUP BY symbol;
            """
        #expect(
            warnings(sql) == [
                "@metric_field names 'avg_pric', which is not an output column of this job",
                "@metric_labels names 'sector', which is not an output column of this job",
                "@metric_condition uses 'volume', which is not an output column of this job"
            ])
        #expect(
            warnings(
                sql.replacingFirst("avg_pric\n", "avg_price\n")
                    .replacingFirst(", sector", "").replacingFirst(" AND volume > 1", "")
            ).isEmpty)
    }

    @Test func primaryKeyShouldBeAGroupingColumn() {
        #expect(
            warnings("SELECT symbol PRIMARY KEY, COUNT(*) AS n PRIMARY KEY FROM trades GROUP BY symbol")
                == ["PRIMARY KEY 'n' is not a GROUP BY column"])
    }
}

extension String {
    func replacingFirst(_ target: String, _ replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
