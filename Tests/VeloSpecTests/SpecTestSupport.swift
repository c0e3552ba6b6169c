import VeloBase
import VeloEngine
import VeloJSON
import VeloSpec

/// Inline specs in the styles of Velostream's demos (quickstart, trading) and one with every assertion type.
enum SpecSamples {
    static let quickstart = """
        application: quickstart_filter
        description: Keep orders above 100
        default_records: 8
        queries:
          - name: high_value_orders
            inputs:
              - source: orders
                data_file: orders_input.csv
                source_type: {type: file, path: orders_input.csv, format: Csv}
            output:
              sink_type: {type: file, path: high_value_orders.csv, format: Csv}
            assertions:
              - type: record_count
                equals: 3
              - type: field_values
                field: amount
                operator: greater_than
                value: 100
              - type: schema_contains
                fields: [id, amount, status]
        """

    static let trading = """
        application: trading_analytics
        description: Market data through enrichment into alerts
        default_timeout_ms: 60000
        topic_naming:
          pattern: "test_{run_id}_{branch}_{base}"
          branch: main
        config:
          region: eu
        schemas:
          in_market_data_stream: schemas/in_market_data_stream.schema.yaml
        scenarios:
          - name: calm
            volatility: 0.01
        queries:
          - name: price_alerts
            description: Alerts over the aggregate
            inputs:
              - source: market_data_agg
                from_previous: market_data_agg
            assertions:
              - type: record_count
                expression: "count <= {{outputs.market_data_agg.count}}"
          - name: market_data_agg
            inputs:
              - source: market_data_enriched
                from_previous: market_data_enriched
            outputs:
              - sink: market_data_agg
                assertions:
                  - type: aggregate_check
                    function: SUM
                    field: trade_count
                    expected: "{{outputs.market_data_enriched.count}}"
                    tolerance: 0.5
          - name: market_data_enriched
            inputs:
              - source: in_market_data_stream
                records: 500
                time_simulation:
                  start_time: "-10m"
                  events_per_second: 1
                  jitter_ms: 100
              - source: instrument_reference
                data_file: data/instrument_reference.csv
            assertions:
              - type: join_coverage
                min_match_rate: 0.9
                left_source: in_market_data_stream
                right_source: instrument_reference
              - type: throughput
                min_records_per_second: 100
            metric_assertions:
              - type: metric_exists
                name: velo_records_in_total
                expected_type: counter
              - type: metric_counter
                name: velo_records_out_total
                operator: greater_than
                value: 0
        """

    /// One assertion of every type, each with its parameters.
    static let everyType = """
        application: every_assertion
        queries:
          - name: q
            inputs:
              - source: trades
                records: 10
            assertions:
              - {type: record_count, between: [1, 10]}
              - {type: schema_contains, fields: [id], key_field: id}
              - {type: no_nulls, fields: [id]}
              - {type: field_in_set, field: side, values: [BUY, SELL]}
              - {type: field_values, field: symbol, operator: matches, value: "^[A-Z]+$"}
              - {type: aggregate_check, function: AVG, field: price, expected: "10", tolerance: 0.1}
              - {type: join_coverage, min_match_rate: 0.5}
              - {type: template, expression: "count > 0", description: some output}
              - {type: execution_time, max_ms: 5000}
              - {type: memory_usage, max_mb: 512}
              - {type: throughput, expected_records_per_second: 1000, tolerance_percent: 50}
              - {type: latency, p99_latency_ms: 100, min_records: 1}
              - {type: dlq_count, max: 0}
              - {type: error_rate, max_percent: 1}
              - {type: no_duplicates, key_fields: [id]}
              - {type: ordering, field: ts, direction: ascending}
              - {type: completeness, input_source: trades, key_field: id}
              - {type: table_freshness, max_age_ms: 60000}
              - {type: data_quality, no_nulls_in: [id], numeric_ranges: [{field: price, min: 0, max: 100}]}
              - {type: file_exists, path: out.csv}
              - {type: file_row_count, path: out.csv, equals: 2}
              - {type: file_contains, path: out.csv, field: id, expected_values: [a], mode: any}
              - {type: file_matches, actual_path: out.csv, expected_path: expected.csv}
              - {type: window_boundary, window_start_field: ws, window_end_field: we, window_size_ms: 60000}
              - {type: distribution, field: price, distribution_type: normal, mean: 10, std_dev: 2}
              - {type: percentile, field: price, p95: 20}
              - {type: event_ordering, timestamp_field: ts, max_out_of_order_percent: 5}
            metric_assertions:
              - {type: metric_exists, name: velo_records_in_total}
              - {type: metric_counter, name: velo_records_in_total, operator: equals, value: 10}
              - {type: metric_gauge, name: velo_latency_p99_ms, operator: less_than, value: 50}
        """

    static func load(_ text: String, file: String = "test_spec.yaml") throws -> LoadedSpec {
        try SpecLoader.load(yaml: text, file: file)
    }

    /// The diagnostics of a spec that must fail to load.
    static func errors(_ text: String) -> [Diagnostic] {
        do {
            _ = try load(text)
            return []
        } catch let e as SpecError {
            return e.diagnostics
        } catch {
            return [Diagnostic(.error, "\(error)")]
        }
    }

    static func record(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(JSONObject(pairs.map { ($0.key, $0.value) }))
    }

    /// A target over `records` for evaluating one assertion.
    static func target(
        _ records: [JSONValue], inputs: [String: [JSONValue]] = [:], metrics: RunMetrics? = nil,
        durationMs: Double = 100, others: [String: QueryRunResult] = [:], directory: String = ".",
        nowMs: Int64 = 0
    ) -> SpecEvaluator.Target {
        var result = QueryRunResult(name: "q", inputs: inputs, outputs: ["q": records], metrics: metrics, durationMs: durationMs)
        result.capturedAtMs = nowMs
        return SpecEvaluator.Target(
            sink: "q", records: records, result: result,
            context: SpecContext(results: others, directory: directory, nowMs: nowMs))
    }

    /// Parses one assertion written as a YAML flow mapping (so tests go through the loader's checks).
    static func assertion(_ yaml: String) throws -> SpecAssertion {
        let spec = try load("application: a\nqueries:\n  - name: q\n    inputs: []\n    assertions:\n      - \(yaml)\n").spec
        return spec.queries[0].assertions[0]
    }

    static func metrics(
        recordsIn: Int64 = 100, recordsOut: Int64 = 50, durationMs: Double = 1000, failed: Int64 = 0,
        peak: Int? = 50 << 20, p99: Double = 5
    ) -> RunMetrics {
        var m = RunMetrics(
            job: "q", startedAt: "2026-01-01T00:00:00Z", durationMs: durationMs, recordsIn: recordsIn,
            recordsOut: recordsOut, latencyMs: RunMetrics.Latency(count: recordsIn, avg: 2, p50: 1, p95: 4, p99: p99, max: 9),
            peakMemoryBytes: peak, failedRecords: failed)
        if failed > 0 { m.failures = [RunMetrics.Failure(kind: "cast", reason: "bad number", count: failed)] }
        return m
    }
}
