import Foundation
import Testing
import VeloBase
import VeloJSON
import VeloSpec

@Suite struct SpecReportTests {
    typealias S = SpecSamples

    /// The trading spec evaluated against hand-made results: enrichment passes, the aggregate's SUM is off.
    func tradingReport() throws -> SpecReport {
        let spec = try S.load(SpecSamples.trading).spec
        let market = (0..<200).map { S.record(["symbol": .string("S\($0 % 4)"), "price": .double(Double($0))]) }
        let reference = [S.record(["symbol": "S0", "sector": "tech"])]
        let enrichedOut = market.map { r in S.record(["symbol": r["symbol"]!, "price": r["price"]!, "sector": "tech"]) }
        var enriched = QueryRunResult(
            name: "market_data_enriched", inputs: ["in_market_data_stream": market, "instrument_reference": reference],
            outputs: ["market_data_enriched": enrichedOut], metrics: S.metrics(recordsIn: 201, recordsOut: 200, durationMs: 100),
            durationMs: 100)
        enriched.capturedAtMs = 0
        let agg = QueryRunResult(
            name: "market_data_agg", inputs: ["market_data_enriched": enrichedOut],
            outputs: ["market_data_agg": [S.record(["trade_count": 150]), S.record(["trade_count": 40])]], durationMs: 20)
        let alerts = QueryRunResult(name: "price_alerts", inputs: [:], outputs: [:], durationMs: 5, error: "sink unavailable")
        return SpecReport.evaluate(
            spec, results: ["market_data_enriched": enriched, "market_data_agg": agg, "price_alerts": alerts],
            runId: "r1", startMs: 1_767_225_600_000, endMs: 1_767_225_600_250)
    }

    @Test func evaluatesInExecutionOrderWithStatuses() throws {
        let report = try tradingReport()
        #expect(report.queries.map(\.name) == ["market_data_enriched", "market_data_agg", "price_alerts"])
        #expect(report.queries.map(\.status) == [.passed, .failed, .error])
        let enriched = report.queries[0]
        #expect(enriched.assertions.map(\.type) == ["join_coverage", "throughput", "metric_exists", "metric_counter"])
        #expect(enriched.assertions.allSatisfy { $0.passed }, "\(enriched.assertions)")
        let sum = report.queries[1].assertions[0]
        #expect(!sum.passed && sum.expected == "200 ± 0.5" && sum.actual == "190")
        #expect(
            report.summary
                == SpecReport.Summary(
                    total: 3, passed: 1, failed: 1, skipped: 0, errors: 1,
                    totalAssertions: 5, passedAssertions: 4, failedAssertions: 1))
        #expect(report.exitCode == .failed)
    }

    @Test func skippedAndMissingQueries() throws {
        var spec = try S.load(S.quickstart).spec
        spec.queries.append(SpecQuery(name: "later"))
        spec.queries[1].skip = true
        let ok = QueryRunResult(
            name: "high_value_orders",
            outputs: [
                "high_value_orders": (1...3).map { i in
                    S.record(["id": .int(Int64(i)), "amount": .int(Int64(100 + i)), "status": "paid"])
                }
            ])
        let report = SpecReport.evaluate(spec, results: ["high_value_orders": ok], runId: "r", startMs: 0, endMs: 10)
        #expect(report.queries.map(\.status) == [.passed, .skipped])
        #expect(report.exitCode == .ok)
        let missing = SpecReport.evaluate(try S.load(S.quickstart).spec, results: [:], runId: "r", startMs: 0, endMs: 1)
        #expect(missing.queries[0].status == .error && missing.queries[0].error == "query 'high_value_orders' did not run")
    }

    /// A result the runner marks not run (file-only mode: the job is in another SQL file) is skipped, with
    /// its reason in every format, and does not fail the run.
    @Test func aSkipReasonIsReported() throws {
        let spec = try S.load(S.quickstart).spec
        var elsewhere = QueryRunResult(name: "high_value_orders")
        elsewhere.skipReason = "not in other.sql"
        let report = SpecReport.evaluate(spec, results: ["high_value_orders": elsewhere], runId: "r", startMs: 0, endMs: 1)
        #expect(report.queries[0].status == .skipped && report.queries[0].reason == "not in other.sql")
        #expect(report.exitCode == .ok)
        #expect(report.text(color: false).contains("SKIP high_value_orders  not in other.sql"))
        #expect(try JSONParser.parse(report.jsonText)["queries"]?.arrayValue?.first?["reason"] == .string("not in other.sql"))
        #expect(report.junitXML.contains(#"<skipped message="not in other.sql"/>"#))
    }

    @Test func jsonReportHasTheReferenceLayout() throws {
        let report = try tradingReport()
        let parsed = try JSONParser.parse(report.jsonText)
        #expect(parsed.objectValue?.keys == ["application", "run_id", "start_time", "end_time", "duration_ms", "summary", "queries"])
        #expect(parsed["application"] == .string("trading_analytics"))
        #expect(
            parsed["start_time"] == .string("2026-01-01T00:00:00.000Z") || parsed["start_time"]?.stringValue?.hasPrefix("2026-01-01T00:00:00") == true
        )
        #expect(parsed["duration_ms"] == .int(250))
        #expect(
            parsed["summary"]?.objectValue?.keys == [
                "total", "passed", "failed", "skipped", "errors", "total_assertions",
                "passed_assertions", "failed_assertions"
            ])
        #expect(parsed["summary"]?["failed_assertions"] == .int(1))
        let queries = try #require(parsed["queries"]?.arrayValue)
        #expect(queries[0].objectValue?.keys == ["name", "status", "duration_ms", "record_counts", "assertions"])
        #expect(queries[0]["record_counts"] == ["inputs": 201, "outputs": 200])
        #expect(queries[2]["error"] == .string("sink unavailable") && queries[2]["status"] == .string("error"))
        let failed = try #require(queries[1]["assertions"]?.arrayValue?.first)
        #expect(failed.objectValue?.keys == ["type", "passed", "message", "expected", "actual"])
        #expect(failed["passed"] == .bool(false) && failed["expected"] == .string("200 ± 0.5"))
    }

    @Test func junitXML() throws {
        let xml = try tradingReport().junitXML
        #expect(
            xml.hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"trading_analytics\" tests=\"6\" failures=\"1\" errors=\"1\""))
        #expect(xml.contains("<testsuite name=\"market_data_agg\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"0.020\">"))
        #expect(
            xml.contains(
                "<failure message=\"SUM(trade_count) = 190, expected 200 ± 0.5\" type=\"aggregate_check\">SUM(trade_count) = 190, expected 200 ± 0.5\nexpected: 200 ± 0.5\nactual: 190</failure>"
            ))
        #expect(xml.contains("<error message=\"sink unavailable\"/>"))
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 6)
        #expect(xml.hasSuffix("</testsuites>\n"))
        // Markup in names and messages is escaped.
        let tricky = SpecReport(
            application: "a<b>&\"c\"", runId: "r", startMs: 0, endMs: 0,
            queries: [
                SpecReport.QueryReport(name: "q", status: .failed, assertions: [AssertionResult(type: "t", passed: false, message: "x < y & z")])
            ])
        #expect(tricky.junitXML.contains("name=\"a&lt;b&gt;&amp;&quot;c&quot;\""))
        #expect(tricky.junitXML.contains("message=\"x &lt; y &amp; z\""))
    }

    /// One output kept under the query's name and its sink's name is counted once.
    @Test func anOutputUnderSeveralNamesCountsOnce() {
        let rows: [JSONValue] = [["a": 1], ["a": 2], ["a": 3]]
        let result = QueryRunResult(name: "arbitrage", inputs: ["t": [["a": 1]]], outputs: ["arbitrage": rows, "opportunities": rows])
        #expect(result.outputCount == 3)
        #expect(QueryRunResult(name: "q", outputs: ["only_sink": rows]).outputCount == 3)
        #expect(QueryRunResult(name: "q").outputCount == 0)
    }

    @Test func textReport() throws {
        let plain = try tradingReport().text(color: false)
        #expect(plain.contains("PASS market_data_enriched  4/4 assertions, 201 in → 200 out, 100 ms"))
        #expect(plain.contains("FAIL market_data_agg"))
        #expect(
            plain.contains("     ✗ aggregate_check: SUM(trade_count) = 190, expected 200 ± 0.5\n         expected: 200 ± 0.5\n         actual:   190")
        )
        #expect(plain.contains("ERROR price_alerts"))
        #expect(plain.contains("3 queries: 1 passed, 1 failed, 1 error; assertions 4/5 passed in 250 ms"))
        #expect(!plain.contains("\u{1B}["))
        let colored = try tradingReport().text(color: true)
        #expect(colored.contains("\u{1B}[31mFAIL\u{1B}[0m"))
    }

    @Test func writerRoundTrip() throws {
        for text in [S.quickstart, S.trading, S.everyType] {
            let spec = try S.load(text).spec
            let written = SpecWriter.yaml(spec, header: ["written by velo-save"])
            #expect(written.hasPrefix("# written by velo-save\napplication: "))
            let again = try S.load(written)
            #expect(again.warnings.isEmpty)
            var back = again.spec
            back.file = spec.file
            #expect(back == spec, "\(written)")
            #expect(SpecWriter.yaml(back, header: ["written by velo-save"]) == written, "writing is stable")
        }
    }

    @Test func writerQuotesValuesThatWouldChangeType() throws {
        var spec = TestSpec(application: "yes")
        spec.queries = [
            SpecQuery(
                name: "q", inputs: [SpecInput(source: "s", schema: "123")],
                assertions: [
                    SpecAssertion("field_in_set", JSONObject([("field", "flag"), ("values", ["true", "null", "1"])])),
                    SpecAssertion("aggregate_check", JSONObject([("function", "SUM"), ("field", "x"), ("expected", "{{outputs.q.count}}")]))
                ])
        ]
        let back = try S.load(SpecWriter.yaml(spec)).spec
        #expect(back.application == "yes")
        #expect(back.queries[0].inputs[0].schema == "123")
        #expect(back.queries[0].assertions[0].params["values"] == ["true", "null", "1"])
        #expect(back.queries[0].assertions[1].string("expected") == "{{outputs.q.count}}")
    }

    @Test func generationRequestFromInput() throws {
        var input = SpecInput(source: "trades", records: 40)
        var sim = TimeSimulation()
        sim.startTime = "-10m"
        sim.endTime = "now"
        sim.jitterMs = 3000
        input.timeSimulation = sim
        let spec = TestSpec(application: "a")
        let now: Int64 = 1_767_225_600_000
        let request = SpecGeneration.request(for: input, schemaPath: "trades.schema.yaml", spec: spec, seed: 7, nowMs: now)
        #expect(request.count == 40 && request.settings.seed == 7 && request.schemaPaths == ["trades.schema.yaml"])
        #expect(request.settings.time.start == .relative(milliseconds: -600_000))
        #expect(request.settings.time.rate == nil && request.settings.time.random == false)
        #expect(abs(request.settings.time.jitter - 0.4) < 1e-9, "3000 ms of jitter in 15 s slots")
        sim.eventsPerSecond = 2
        sim.sequential = false
        sim.jitterMs = nil
        input.timeSimulation = sim
        input.records = nil
        let other = SpecGeneration.request(for: input, schemaPath: "x", spec: spec, seed: 1, nowMs: now)
        #expect(other.count == 1000 && other.settings.time.rate == 2 && other.settings.time.random && other.settings.time.jitter == 0)
    }

    @Test func generatesRecordsFromASchemaFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spec-gen-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir + "/schemas", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write(
            """
            name: trades
            fields:
              - name: symbol
                type: string
                constraints: {enum_values: {values: [AAPL, MSFT]}}
              - name: event_time
                type: integer
                constraints: {timestamp_epoch_ms: {start: "-1h", end: now}}
            """, to: dir + "/schemas/trades.schema.yaml")
        var spec = try S.load(
            """
            application: a
            queries:
              - name: q
                inputs:
                  - source: trades
                    records: 25
                    time_simulation: {start_time: "-100s", end_time: now}
            """, file: dir + "/test_spec.yaml"
        ).spec
        spec.file = dir + "/test_spec.yaml"
        let input = spec.queries[0].inputs[0]
        let path = try #require(SpecGeneration.schemaFile(for: input, spec: spec, searching: SpecGeneration.defaultSchemaFolders(for: spec)))
        #expect(path.hasSuffix("schemas/trades.schema.yaml"))
        let now: Int64 = 1_767_225_600_000
        let records = try SpecGeneration.records(for: input, schemaPath: path, spec: spec, seed: 3, nowMs: now)
        #expect(records.count == 25)
        let times = records.compactMap { $0["event_time"]?.intValue }
        #expect(times.count == 25)
        #expect(times == times.sorted(), "sequential event time")
        #expect(times.allSatisfy { $0 >= now - 100_000 && $0 <= now })
        let symbols = Set(records.compactMap { $0["symbol"]?.stringValue })
        #expect(symbols.isSubset(of: ["AAPL", "MSFT"]) && !symbols.isEmpty)
        let again = try SpecGeneration.records(for: input, schemaPath: path, spec: spec, seed: 3, nowMs: now)
        #expect(again == records, "same seed, same records")
    }

    /// Spec data files are read and typed as velo-run reads CSV: NULL, null and empty cells are NULL, a
    /// quoted "" is an empty string, identifiers that look like numbers stay text, a ragged row is an error
    /// naming its line, and a blank line inside a quoted cell is kept.
    @Test func dataFilesReadCSVAsVeloRunDoes() throws {
        let rows = try SpecDataFile.csv("id,zip,note,flag\n1,NULL,null,\n2,02134,\"\",TRUE\n3,10001,\"a\n\nb\",false\n", header: true)
        #expect(
            rows == [
                S.record(["id": 1, "zip": nil, "note": nil, "flag": nil]),
                S.record(["id": 2, "zip": "02134", "note": "", "flag": true]),
                S.record(["id": 3, "zip": 10001, "note": "a\n\nb", "flag": false])
            ])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spec-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("in.csv").path
        try "a,b\n1,2\n3\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try SpecDataFile.read(path, format: .csv)
        } throws: { error in
            let d = (error as? VeloReportable)?.diagnostic
            return d?.location?.line == 3 && d?.location?.file == path && d?.message.contains("1 cell where the header has 2") == true
        }
    }

    @Test func dataFileReading() throws {
        let rows = try SpecDataFile.csv("id,name,px,ok\n1,\"x, \"\"y\"\"\",2.5,true\n2,,NaN,false\n", header: true)
        #expect(
            rows == [
                S.record(["id": 1, "name": "x, \"y\"", "px": 2.5, "ok": true]),
                S.record(["id": 2, "name": nil, "px": "NaN", "ok": false])
            ])
        #expect(try SpecDataFile.csv("a,b\n", header: false) == [S.record(["column_1": "a", "column_2": "b"])])
        #expect(SpecDataFile.format(named: "CsvNoHeader", path: "x.json") == .csvNoHeader)
        #expect(SpecDataFile.format(named: nil, path: "x.json") == .json)
        #expect(SpecDataFile.resolve("data/x.csv", relativeTo: "apps") == "apps/data/x.csv")
        #expect(SpecDataFile.resolve("/abs.csv", relativeTo: "apps") == "/abs.csv")
    }
}

@Suite struct SpecInputsTests {
    @Test func fromPreviousDataFileAndMissingSchema() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spec-inputs-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write("symbol,sector\nAAPL,tech\nXOM,energy\nJPM,banks\n", to: dir + "/data/ref.csv")
        var spec = try SpecSamples.load(
            """
            application: a
            queries:
              - name: up
                inputs: [{source: raw}]
              - name: down
                inputs:
                  - {source: up, from_previous: up}
                  - {source: ref, data_file: data/ref.csv, records: 2}
                  - {source: nothing_here}
            """
        ).spec
        spec.file = dir + "/test_spec.yaml"
        let up = QueryRunResult(name: "up", outputs: ["up": [SpecSamples.record(["x": 1])]])
        let inputs = spec.queries[1].inputs
        #expect(try SpecInputs.records(for: inputs[0], spec: spec, previous: ["up": up], seed: 1, nowMs: 0) == [SpecSamples.record(["x": 1])])
        #expect(throws: VeloError.self) { try SpecInputs.records(for: inputs[0], spec: spec, previous: [:], seed: 1, nowMs: 0) }
        let ref = try SpecInputs.records(for: inputs[1], spec: spec, previous: [:], seed: 1, nowMs: 0)
        #expect(ref == [SpecSamples.record(["symbol": "AAPL", "sector": "tech"]), SpecSamples.record(["symbol": "XOM", "sector": "energy"])])
        do {
            _ = try SpecInputs.records(for: inputs[2], spec: spec, previous: [:], seed: 1, nowMs: 0)
            Issue.record("a missing schema must throw")
        } catch let e as VeloError {
            #expect(e.diagnostic.message == "input 'nothing_here': no schema named 'nothing_here'")
            #expect(e.diagnostic.location?.line == 9)
            #expect(e.exitCode == .invalidInput)
        }
    }
}

@Suite struct SpecReportFormatTests {
    @Test func formatsRenderAndWrite() throws {
        let report = SpecReport(
            application: "app", runId: "r", startMs: 0, endMs: 5,
            queries: [
                SpecReport.QueryReport(
                    name: "q", status: .passed, assertions: [AssertionResult(type: "record_count", passed: true, message: "3 records")])
            ])
        #expect(SpecReportFormat(rawValue: "junit") == .junit && SpecReportFormat(rawValue: "xml") == nil)
        #expect(SpecReportFormat.json.render(report) == report.jsonText)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spec-report-\(getpid()).xml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SpecReportFormat.junit.write(report, to: path, color: true)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == report.junitXML)
        #expect(!SpecReportFormat.text.render(report, color: false).contains("\u{1B}"))
    }
}
