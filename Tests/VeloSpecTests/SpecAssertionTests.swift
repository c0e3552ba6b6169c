import Foundation
import Testing
import VeloBase
import VeloJSON
import VeloSpec

/// Every assertion type passes on good data and fails on bad data with expected vs actual.
@Suite struct SpecAssertionTests {
    typealias S = SpecSamples

    func run(_ yaml: String, _ t: SpecEvaluator.Target) throws -> AssertionResult {
        SpecEvaluator.evaluate(try S.assertion(yaml), t)
    }

    let trades: [JSONValue] = (1...5).map { (i: Int) -> JSONValue in
        let even = i % 2 == 0
        var o = JSONObject()
        o.append("id", .int(Int64(i)))
        o.append("symbol", .string(even ? "AAPL" : "MSFT"))
        o.append("side", .string(even ? "BUY" : "SELL"))
        o.append("price", .double(Double(i) * 10))
        o.append("ts", .int(Int64(i) * 1000))
        return .object(o)
    }

    @Test func recordCount() throws {
        let t = S.target(trades)
        #expect(try run("{type: record_count, equals: 5}", t).passed)
        let bad = try run("{type: record_count, equals: 4}", t)
        #expect(!bad.passed && bad.expected == "= 4" && bad.actual == "5")
        #expect(bad.message == "'q' has 5 records, expected = 4")
        #expect(try run("{type: record_count, between: [5, 9]}", t).passed)
        #expect(try !run("{type: record_count, greater_than: 2, less_than: 5}", t).passed)
        #expect(try run("{type: record_count, expression: \"count >= 2 and count < 10\"}", t).passed)
        #expect(try !run("{type: record_count, expression: \"count == input_count\"}", S.target(trades, inputs: ["s": trades + trades])).passed)
        #expect(try run("{type: record_count}", S.target([])).passed, "no bound passes, as in velo-test")
    }

    @Test func recordCountExpressionWithTemplate() throws {
        let other = QueryRunResult(name: "upstream", outputs: ["upstream": Array(trades.prefix(3))])
        let t = S.target(trades, others: ["upstream": other])
        #expect(try !run("{type: record_count, expression: \"count <= {{outputs.upstream.count}}\"}", t).passed)
        #expect(try run("{type: record_count, expression: \"{{outputs.upstream.count}} + 2\"}", t).passed, "a number means equals")
        let missing = try run("{type: record_count, expression: \"count == {{outputs.upstrem.count}}\"}", t)
        #expect(!missing.passed)
        #expect(missing.message.contains("no query or sink named 'upstrem' (did you mean 'upstream'?)"))
    }

    @Test func templatePaths() throws {
        var empty = QueryRunResult(name: "quiet")
        empty.metrics = S.metrics(recordsIn: 7)
        var context = SpecContext(results: ["quiet": empty], config: ["region": "eu", "limit": "3"])
        context.current = QueryRunResult(name: "q", inputs: ["src": trades], outputs: ["q": trades])
        #expect(try SpecTemplate.render("{{outputs.quiet.count}}/{{inputs.src.count}}", context: context) == "0/5")
        #expect(try SpecTemplate.render("{{ config.region }}-{{outputs.q.avg.price}}", context: context) == "eu-30")
        #expect(try SpecTemplate.value(of: "metrics.quiet.velo_records_in_total", context: context) == .double(7))
        #expect(throws: SpecTemplate.Failure.self) { try SpecTemplate.render("{{config.nope}}", context: context) }
        #expect(throws: SpecTemplate.Failure.self) { try SpecTemplate.render("{{outputs.q}}", context: context) }
        #expect(throws: SpecTemplate.Failure.self) { try SpecTemplate.render("{{outputs.q.count", context: context) }
        let v = try SpecExpression.evaluate("count > config.limit && (2 + 3) * 2 == 10", variables: ["count": .number(5)], context: context)
        #expect(v == .flag(true))
        #expect(throws: SpecExpression.Failure.self) { try SpecExpression.evaluate("(1 + 2", context: context) }
        #expect(throws: SpecExpression.Failure.self) { try SpecExpression.evaluate("1 +", context: context) }
    }

    @Test func schemaContains() throws {
        #expect(try run("{type: schema_contains, fields: [id, price]}", S.target(trades)).passed)
        let bad = try run("{type: schema_contains, fields: [id, prise]}", S.target(trades))
        #expect(!bad.passed)
        #expect(bad.message == "'prise' missing in 5 records (first #1) (did you mean 'price' for 'prise'?)")
        #expect(bad.actual == "id, symbol, side, price, ts")
        let keyed = try run("{type: schema_contains, fields: [id], key_field: side}", S.target(trades + [S.record(["id": 9, "side": nil])]))
        #expect(!keyed.passed && keyed.message.contains("key field 'side' empty in 1 record (first #6)"))
        #expect(try !run("{type: schema_contains, fields: [id]}", S.target([])).passed)
    }

    @Test func noNulls() throws {
        #expect(try run("{type: no_nulls}", S.target(trades)).passed)
        let records = trades + [S.record(["id": nil, "price": 1])]
        let bad = try run("{type: no_nulls, fields: [id, price]}", S.target(records))
        #expect(!bad.passed && bad.message == "'id' null in 1 record (first #6)")
        #expect(try !run("{type: no_nulls}", S.target(records)).passed, "empty fields = every field seen")
        // Only a NULL that is there fails (velo-test): a record without the field does not.
        let sparse = trades + [S.record(["price": 1])]
        #expect(try run("{type: no_nulls, fields: [id, symbol]}", S.target(sparse)).passed)
    }

    @Test func fieldInSet() throws {
        #expect(try run("{type: field_in_set, field: side, values: [BUY, SELL]}", S.target(trades)).passed)
        let bad = try run("{type: field_in_set, field: side, values: [BUY]}", S.target(trades))
        #expect(!bad.passed && bad.actual == "SELL" && bad.expected == "one of BUY")
        #expect(bad.message == "3 records with 'side' outside the set: #1 (side=SELL), #3 (side=SELL), #5 (side=SELL)")
        #expect(try run("{type: field_in_set, field: id, values: [1, 2, 3, 4, 5]}", S.target(trades)).passed)
    }

    @Test func fieldValuesEveryOperator() throws {
        let t = S.target(trades)
        let cases: [(String, Bool)] = [
            ("{type: field_values, field: price, operator: greater_than, value: 5}", true),
            ("{type: field_values, field: price, operator: greater_than, value: 10}", false),
            ("{type: field_values, field: price, operator: greater_than_or_equals, value: 10}", true),
            ("{type: field_values, field: price, operator: less_than, value: 50}", false),
            ("{type: field_values, field: price, operator: less_than_or_equals, value: 50}", true),
            ("{type: field_values, field: price, operator: not_equals, value: 0}", true),
            ("{type: field_values, field: price, operator: equals, value: 10}", false),
            ("{type: field_values, field: id, operator: equals, value: \"1\"}", false),
            ("{type: field_values, field: symbol, operator: contains, value: A}", false),
            ("{type: field_values, field: symbol, operator: starts_with, value: M}", false),
            ("{type: field_values, field: side, operator: ends_with, value: L}", false),
            ("{type: field_values, field: symbol, operator: ends_with, value: T}", false),
            ("{type: field_values, field: symbol, operator: matches, value: \"^(AAPL|MSFT)$\"}", true),
            ("{type: field_values, field: symbol, operator: matches, value: \"^A\"}", false),
            ("{type: field_values, field: symbol, operator: contains, value: \"\"}", true)
        ]
        for (yaml, expected) in cases {
            #expect(try run(yaml, t).passed == expected, "\(yaml)")
        }
        let one = S.target([S.record(["price": 10])])
        #expect(try run("{type: field_values, field: price, operator: equals, value: 10.0}", one).passed)
        let bad = try run("{type: field_values, field: price, operator: less_than, value: 30}", t)
        #expect(bad.message == "3 of 5 records fail price less_than 30: #3 (price=30), #4 (price=40), #5 (price=50)")
        #expect(bad.expected == "price less_than 30" && bad.actual == "#3 (price=30)")
        // Records without the field are skipped, as velo-test does; those with it are still checked.
        #expect(try run("{type: field_values, field: nope, operator: equals, value: 1}", t).passed)
        let mixed = S.target([S.record(["price": 10]), S.record(["id": 2]), S.record(["price": 40])])
        #expect(try !run("{type: field_values, field: price, operator: less_than, value: 30}", mixed).passed)
        #expect(try run("{type: field_values, field: price, operator: greater_than, value: 5}", mixed).passed)
    }

    @Test func aggregateCheckWithTemplatesAndTolerance() throws {
        let t = S.target(trades, inputs: ["src": trades])
        #expect(try run("{type: aggregate_check, function: SUM, field: price, expected: \"150\"}", t).passed)
        #expect(try run("{type: aggregate_check, function: AVG, field: price, expected: \"30.04\", tolerance: 0.05}", t).passed)
        #expect(try run("{type: aggregate_check, function: COUNT, field: id, expected: \"{{inputs.src.count}}\"}", t).passed)
        #expect(try run("{type: aggregate_check, function: MAX, field: price, expected: \"{{inputs.src.max.price}}\"}", t).passed)
        #expect(try run("{type: aggregate_check, function: MIN, field: price, expected: \"{{inputs.src.price.min}}\"}", t).passed)
        let bad = try run("{type: aggregate_check, function: SUM, field: price, expected: \"140\", tolerance: 5}", t)
        #expect(!bad.passed && bad.expected == "140 ± 5" && bad.actual == "150")
        #expect(bad.message == "SUM(price) = 150, expected 140 ± 5")
        let notNumber = try run("{type: aggregate_check, function: SUM, field: price, expected: \"TODO_VALUE\"}", t)
        #expect(!notNumber.passed && notNumber.message == "SUM(price): expected value 'TODO_VALUE' is not a number")
    }

    @Test func joinCoverageFromRightOnlyFields() throws {
        let left = (1...4).map { S.record(["sym": .string("S\($0)"), "px": .int(Int64($0))]) }
        let right = [S.record(["sym": "S1", "sector": "tech"])]
        let out = left.enumerated().map { i, r in S.record(["sym": r["sym"]!, "px": r["px"]!, "sector": i < 3 ? "tech" : nil]) }
        let t = S.target(out, inputs: ["trades": left, "ref": right])
        let ok = try run("{type: join_coverage, min_match_rate: 0.75, left_source: trades, right_source: ref}", t)
        #expect(ok.passed && ok.actual == "75.0%")
        let bad = try run("{type: join_coverage, min_match_rate: 0.8, left_source: trades, right_source: ref}", t)
        #expect(!bad.passed && bad.expected == "≥ 80% ".trimmingCharacters(in: .whitespaces))
        #expect(try !run("{type: join_coverage, min_match_rate: 0.5, left_source: nope}", t).passed)
    }

    @Test func templateExpressions() throws {
        let other = QueryRunResult(name: "up", outputs: ["up": trades])
        let t = S.target(Array(trades.prefix(2)), others: ["up": other])
        #expect(try run("{type: template, expression: \"{{outputs.q.count}} * 2 < {{outputs.up.count}}\"}", t).passed)
        #expect(try run("{type: template, expression: \"outputs.up.sum.price == 150 && !(count > 2)\"}", t).passed)
        let bad = try run("{type: template, expression: \"count == 3\", description: three rows}", t)
        #expect(!bad.passed && bad.message == "three rows: count == 3 is false" && bad.actual == "false")
        let wrong = try run("{type: template, expression: \"cout > 0\"}", t)
        #expect(!wrong.passed && wrong.message == "unknown name 'cout' (did you mean 'count'?)")
        #expect(try !run("{type: template, expression: \"count + 1\"}", t).passed, "a number is not a verdict")
    }

    @Test func noDuplicates() throws {
        #expect(try run("{type: no_duplicates, key_fields: [id]}", S.target(trades)).passed)
        let dup = trades + [trades[1]]
        let bad = try run("{type: no_duplicates, key_fields: [id]}", S.target(dup))
        #expect(!bad.passed && bad.message == "1 duplicate by id: #6 (id=2)")
        #expect(try run("{type: no_duplicates, key_fields: [id], max_duplicate_percent: 20}", S.target(dup)).passed)
        let update = trades + [S.record(["id": 2, "symbol": "AAPL", "side": "BUY", "price": 99.0, "ts": 2000])]
        #expect(try run("{type: no_duplicates, key_fields: [id], allow_updates: true}", S.target(update)).passed)
        #expect(try !run("{type: no_duplicates, key_fields: [id], allow_updates: true}", S.target(dup)).passed)
        #expect(try !run("{type: no_duplicates}", S.target(dup)).passed)
    }

    @Test func ordering() throws {
        #expect(try run("{type: ordering, field: ts}", S.target(trades)).passed)
        #expect(try !run("{type: ordering, field: ts, direction: descending}", S.target(trades)).passed)
        #expect(try run("{type: ordering, field: ts, direction: descending}", S.target(trades.reversed())).passed)
        let equal = trades + [trades[4]]
        #expect(try run("{type: ordering, field: ts}", S.target(equal)).passed)
        let strict = try run("{type: ordering, field: ts, allow_equal: false}", S.target(equal))
        #expect(!strict.passed && strict.message == "1 record out of order: #6 (ts=5000 after #5 5000)")
        let mixed = [trades[1], trades[0], trades[3], trades[2]] // AAPL 2,4 and MSFT 1,3 each ascending
        #expect(try run("{type: ordering, field: ts, partition_by: symbol}", S.target(mixed)).passed)
        #expect(try !run("{type: ordering, field: ts}", S.target(mixed)).passed)
    }

    @Test func completeness() throws {
        let t = S.target(Array(trades.prefix(4)), inputs: ["trades": trades])
        let bad = try run("{type: completeness, input_source: trades, key_field: id}", t)
        #expect(!bad.passed && bad.actual == "80.0%" && bad.message == "4 of 5 'id' values of 'trades' reached 'q'")
        #expect(try run("{type: completeness, input_source: trades, key_field: id, min_completeness: 0.8}", t).passed)
        let fields = S.target(trades + [S.record(["id": 6])], inputs: ["trades": trades])
        #expect(try !run("{type: completeness, required_fields: [id, price]}", fields).passed)
        #expect(try run("{type: completeness, required_fields: [id]}", fields).passed)
    }

    @Test func dataQuality() throws {
        let ref = ["refs": [S.record(["symbol": "AAPL"]), S.record(["symbol": "MSFT"])]]
        let rules =
            "{type: data_quality, no_nulls_in: [id], no_empty_strings_in: [symbol], numeric_ranges: [{field: price, min: 10, max: 50}], string_patterns: [{field: side, pattern: \"BUY|SELL\"}], referential_integrity: [{field: symbol, reference_source: refs, reference_field: symbol}]}"
        #expect(try run(rules, S.target(trades, inputs: ref)).passed)
        let broken = trades + [S.record(["id": 6, "symbol": "", "side": "HOLD", "price": 500.0])]
        let bad = try run(rules, S.target(broken, inputs: ref))
        #expect(!bad.passed && bad.actual == "0.833")
        #expect(bad.message.hasPrefix("1 of 6 records break a rule: #6 symbol is empty"))
        let scored = rules.replacingOccurrences(of: "}]}", with: "}], min_quality_score: 0.8}")
        #expect(try run(scored, S.target(broken, inputs: ref)).passed)
    }

    @Test func executionTimeMemoryThroughput() throws {
        let m = S.metrics(recordsIn: 1000, durationMs: 500)
        let t = S.target(trades, metrics: m, durationMs: 500)
        #expect(try run("{type: execution_time, max_ms: 1000, min_ms: 10}", t).passed)
        let slow = try run("{type: execution_time, max_ms: 100}", t)
        #expect(!slow.passed && slow.expected == "≤ 100 ms" && slow.actual == "500.0 ms")
        #expect(try run("{type: memory_usage, max_mb: 64}", t).passed)
        #expect(try !run("{type: memory_usage, max_bytes: 1000}", t).passed)
        var grown = t
        grown.result.startMemoryBytes = 10 << 20
        #expect(try !run("{type: memory_usage, max_growth_bytes: 1000000}", grown).passed)
        #expect(try run("{type: memory_usage, max_growth_bytes: 50000000}", grown).passed)
        #expect(try !run("{type: memory_usage, max_growth_bytes: 1}", t).passed, "growth without a start figure cannot pass")
        #expect(try run("{type: throughput, min_records_per_second: 1500}", t).passed, "1000 records in 0.5 s")
        let tp = try run("{type: throughput, expected_records_per_second: 3000}", t)
        #expect(!tp.passed && tp.actual == "2000.0 rec/s" && tp.expected == "3000 rec/s ± 20%")
        #expect(try run("{type: throughput, expected_records_per_second: 2300, tolerance_percent: 15}", t).passed)
        #expect(try !run("{type: throughput, max_records_per_second: 100}", t).passed)
    }

    @Test func latencyFromMetricsAndFromRecords() throws {
        let t = S.target(trades, metrics: S.metrics(p99: 12))
        #expect(try run("{type: latency, p99_latency_ms: 20, p50_latency_ms: 2}", t).passed)
        let bad = try run("{type: latency, p99_latency_ms: 10}", t)
        #expect(!bad.passed && bad.actual == "p99 12.00 ms" && bad.expected == "p99 ≤ 10 ms")
        // Record times: captured at 6000, ts 1000..5000 → latencies 1000..5000 ms.
        let r = S.target(trades, nowMs: 6000)
        #expect(try run("{type: latency, timestamp_field: ts, max_latency_ms: 5000, min_records: 5}", r).passed)
        #expect(try !run("{type: latency, timestamp_field: ts, avg_latency_ms: 2000, min_records: 5}", r).passed)
        let few = try run("{type: latency, timestamp_field: ts, max_latency_ms: 1}", r)
        #expect(few.passed && few.message.hasPrefix("not judged"), "5 samples < min_records 10")
        #expect(try !run("{type: latency, p99_latency_ms: 1}", S.target(trades)).passed, "no measurement at all")
    }

    @Test func dlqCountAndErrorRate() throws {
        let m = S.metrics(recordsIn: 200, failed: 4)
        let t = S.target(trades, metrics: m)
        let dlq = try run("{type: dlq_count, max: 2}", t)
        #expect(!dlq.passed && dlq.actual == "4" && dlq.message.contains("failed records of 'q' (no 'q-dlq' captured)"))
        #expect(try run("{type: dlq_count, equals: 4, error_types: [cast]}", t).passed)
        #expect(try run("{type: dlq_count, equals: 0, error_types: [timeout]}", t).passed)
        var withTopic = t
        withTopic.result.outputs["q-dlq"] = [S.record(["error_type": "parse"])]
        #expect(try run("{type: dlq_count, equals: 1}", withTopic).passed)
        #expect(try run("{type: dlq_count, topic: other-dlq, min: 4}", t).passed)
        #expect(try run("{type: error_rate, max_percent: 2}", t).passed)
        let rate = try run("{type: error_rate, max_rate: 0.01}", t)
        #expect(!rate.passed && rate.actual == "2.00% (4 of 200)")
        #expect(try run("{type: error_rate, max_rate: 0, min_records: 500}", t).passed, "below min_records: not judged")
    }

    @Test func tableFreshness() throws {
        let table = [S.record(["k": "a", "_event_time": 9_000]), S.record(["k": "b", "_event_time": 9_500])]
        let input = [S.record(["_event_time": 10_000])]
        let t = S.target(table, inputs: ["s": input], nowMs: 10_000)
        #expect(try run("{type: table_freshness, max_age_ms: 500, max_lag_ms: 500, min_records: 2}", t).passed)
        let stale = try run("{type: table_freshness, max_age_ms: 100}", t)
        #expect(!stale.passed && stale.actual == "age 500 ms")
        #expect(try !run("{type: table_freshness, min_records: 3}", t).passed)
        #expect(try !run("{type: table_freshness, max_lag_ms: 10}", t).passed)
    }

    @Test func fileAssertions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spec-files-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write("id,name,value\n1,\"a, b\",1.5\n2,c,2\n", to: dir + "/out.csv")
        try AtomicFile.write("id,value,name\n2,2.0,c\n1,1.5,\"a, b\"\n", to: dir + "/expected.csv")
        try AtomicFile.write("{\"id\":1}\n{\"id\":3}\n", to: dir + "/out.jsonl")
        let t = S.target([], directory: dir)
        #expect(try run("{type: file_exists, path: out.csv, min_size_bytes: 10}", t).passed)
        #expect(try !run("{type: file_exists, path: out.csv, max_size_bytes: 10}", t).passed)
        let missing = try run("{type: file_exists, path: nope.csv}", t)
        #expect(!missing.passed && missing.actual == "missing")
        #expect(try run("{type: file_row_count, path: out.csv, equals: 2}", t).passed)
        #expect(try run("{type: file_row_count, path: out.csv, format: CsvNoHeader, equals: 3}", t).passed)
        #expect(try run("{type: file_row_count, path: out.jsonl, format: JsonLines, greater_than: 1, less_than: 3}", t).passed)
        #expect(try !run("{type: file_row_count, path: out.csv, greater_than: 2}", t).passed)
        #expect(try run("{type: file_contains, path: out.csv, field: name, expected_values: [\"a, b\", c]}", t).passed)
        let lacks = try run("{type: file_contains, path: out.csv, field: name, expected_values: [c, d]}", t)
        #expect(!lacks.passed && lacks.message == "'out.csv' name lacks d")
        #expect(try run("{type: file_contains, path: out.csv, field: name, expected_values: [c, d], mode: any}", t).passed)
        #expect(try run("{type: file_contains, path: out.jsonl, format: JsonLines, field: id, expected_values: [3]}", t).passed)
        #expect(try run("{type: file_matches, actual_path: out.csv, expected_path: expected.csv}", t).passed)
        #expect(try !run("{type: file_matches, actual_path: out.csv, expected_path: expected.csv, ignore_order: false}", t).passed)
        try AtomicFile.write("id,value,name\n1,1.6,\"a, b\"\n2,2,c\n", to: dir + "/close.csv")
        let differs = try run("{type: file_matches, actual_path: out.csv, expected_path: close.csv}", t)
        #expect(!differs.passed && differs.message == "row 1 differs in 'value': 1.5 vs expected 1.6")
        #expect(try run("{type: file_matches, actual_path: out.csv, expected_path: close.csv, numeric_tolerance: 0.2}", t).passed)
        #expect(try run("{type: file_matches, actual_path: out.csv, expected_path: close.csv, ignore_fields: [value]}", t).passed)
        #expect(try run("{type: file_matches, actual_path: out.csv, expected_path: close.csv, compare_fields: [id, name]}", t).passed)
    }

    @Test func windowBoundary() throws {
        let good = (0..<3).map { i in S.record(["ws": .int(Int64(i) * 60_000), "we": .int(Int64(i + 1) * 60_000), "ts": .int(Int64(i) * 60_000 + 5)])
        }
        let yaml =
            "{type: window_boundary, timestamp_field: ts, window_start_field: ws, window_end_field: we, window_size_ms: 60000, verify_alignment: true}"
        #expect(try run(yaml, S.target(good)).passed)
        let outside = good + [S.record(["ws": 0, "we": 60_000, "ts": 60_000])]
        let bad = try run(yaml, S.target(outside))
        #expect(!bad.passed && bad.message == "1 record break window bounds: #4 ts=60000 outside [0, 60000)")
        let misaligned = [S.record(["ws": 1000, "we": 61_000, "ts": 2000])]
        #expect(try !run(yaml, S.target(misaligned)).passed)
        #expect(try run(yaml.replacingOccurrences(of: ", verify_alignment: true", with: ""), S.target(misaligned)).passed)
        let iso = [S.record(["ws": "2026-01-01T00:00:00Z", "we": "2026-01-01T00:01:00Z", "ts": "2026-01-01T00:00:30Z"])]
        #expect(try run(yaml, S.target(iso)).passed)
    }

    @Test func distribution() throws {
        // A fixed symmetric sample: mean 10, population std dev 2.
        let values = (0..<200).map { S.record(["v": .double($0 % 2 == 0 ? 8 : 12)]) }
        let t = S.target(values)
        #expect(try run("{type: distribution, field: v, distribution_type: normal, mean: 10, std_dev: 2}", t).passed)
        let off = try run("{type: distribution, field: v, distribution_type: normal, mean: 12, std_dev: 2}", t)
        #expect(!off.passed && off.message.contains("mean 10.000"))
        #expect(try run("{type: distribution, field: v, distribution_type: custom, min_value: 8, max_value: 12}", t).passed)
        #expect(try !run("{type: distribution, field: v, distribution_type: custom, max_value: 11}", t).passed)
        let uniform = (0...200).map { S.record(["v": .double(Double($0) / 2)]) }
        #expect(try run("{type: distribution, field: v, distribution_type: uniform, min_value: 0, max_value: 100}", S.target(uniform)).passed)
        #expect(try !run("{type: distribution, field: v, distribution_type: uniform, min_value: 0, max_value: 300}", S.target(uniform)).passed)
        #expect(
            try run("{type: distribution, field: v, distribution_type: normal, mean: 99}", S.target(Array(values.prefix(5)))).passed,
            "below min_records 100: not judged")
    }

    @Test func percentile() throws {
        let values = (1...100).map { S.record(["ms": .int(Int64($0))]) }
        let t = S.target(values)
        #expect(try run("{type: percentile, field: ms, p50: 51, p99: 100}", t).passed)
        let bad = try run("{type: percentile, field: ms, p95: 90}", t)
        #expect(!bad.passed && bad.actual == "p95 95" && bad.expected == "p95 < 90")
        #expect(try run("{type: percentile, field: ms, p50: 40, mode: greater_than}", t).passed)
        #expect(try !run("{type: percentile, field: ms, p999: 100}", t).passed)
    }

    @Test func eventOrdering() throws {
        let times: [Int64] = [1000, 2000, 1500, 3000, 4000, 10_000]
        let records = times.map { S.record(["ts": .int($0), "p": "x"]) }
        let t = S.target(records)
        let bad = try run("{type: event_ordering, timestamp_field: ts}", t)
        #expect(!bad.passed && bad.message == "1 out of order: #3 (500 ms behind)")
        #expect(try run("{type: event_ordering, timestamp_field: ts, window_size_ms: 500}", t).passed)
        #expect(try run("{type: event_ordering, timestamp_field: ts, max_out_of_order_percent: 20}", t).passed)
        let gap = try run("{type: event_ordering, timestamp_field: ts, window_size_ms: 500, max_gap_ms: 5000}", t)
        #expect(!gap.passed && gap.message == "1 gap over 5000 ms: #6 (gap 6000 ms)")
        #expect(try run("{type: event_ordering, timestamp_field: ts, direction: descending, max_out_of_order_percent: 100}", t).passed)
    }

    @Test func metricAssertions() throws {
        var t = S.target(trades, metrics: S.metrics(recordsIn: 10, p99: 4))
        t.result.customMetrics = [SpecMetric("velo_trading_alerts_total", .counter, 3)]
        #expect(try run("{type: metric_exists, name: velo_records_in_total, expected_type: counter}", t).passed)
        #expect(try run("{type: metric_exists, name: velo_trading_alerts_total}", t).passed)
        let kind = try run("{type: metric_exists, name: velo_latency_p99_ms, expected_type: counter}", t)
        #expect(!kind.passed && kind.actual == "gauge")
        let missing = try run("{type: metric_exists, name: velo_records_in_totl}", t)
        #expect(!missing.passed && missing.message == "no metric 'velo_records_in_totl' (did you mean 'velo_records_in_total'?)")
        #expect(try run("{type: metric_counter, name: velo_records_in_total, operator: equals, value: 10}", t).passed)
        #expect(try run("{type: metric_counter, name: velo_trading_alerts_total, operator: \">=\", value: 3}", t).passed)
        let low = try run("{type: metric_counter, name: velo_records_in_total, operator: greater_than, value: 10}", t)
        #expect(!low.passed && low.expected == "greater_than 10" && low.actual == "10")
        #expect(try run("{type: metric_gauge, name: velo_latency_p99_ms, operator: less_than, value: 5}", t).passed)
        #expect(try !run("{type: metric_gauge, name: velo_records_in_total, operator: less_than, value: 50}", t).passed, "a counter is not a gauge")
    }
}
