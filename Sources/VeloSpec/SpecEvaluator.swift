import VeloJSON
import VeloSchema

/// Evaluates assertions against what a query run produced. Each assertion gives one `AssertionResult`
/// with the expected and actual values in words; nothing here needs a live Kafka cluster.
public enum SpecEvaluator {
    /// What one assertion looks at: the records of one sink of the current query.
    public struct Target: Sendable {
        public var sink: String
        public var records: [JSONValue]
        public var result: QueryRunResult
        public var context: SpecContext

        public init(sink: String, records: [JSONValue], result: QueryRunResult, context: SpecContext) {
            self.sink = sink
            self.records = records
            self.result = result
            var context = context
            context.current = result
            self.context = context
        }
    }

    /// Every assertion of `query`: each `outputs` entry against its sink, the query-level list against each
    /// sink without its own list (the main output when there is none), then `metric_assertions`.
    public static func evaluate(query: SpecQuery, result: QueryRunResult, context: SpecContext) -> [AssertionResult] {
        var results: [AssertionResult] = []
        func target(_ sink: String) -> Target { Target(sink: sink, records: result.outputs[sink] ?? [], result: result, context: context) }
        for output in query.outputs {
            let t = target(output.sink)
            results += output.assertions.map { evaluate($0, t) }
        }
        if !query.assertions.isEmpty {
            let covered = Set(query.outputs.map(\.sink))
            var sinks = result.outputs.keys.filter { !covered.contains($0) && !$0.hasSuffix("-dlq") }.sorted()
            if sinks.isEmpty { sinks = [result.primarySink.flatMap { covered.contains($0) ? nil : $0 } ?? query.name] }
            // The runner files one output under several names (the query's, its sink's, its topic's): the
            // assertions run once per distinct output, as velo-test runs them once per query.
            if let primary = result.primarySink, let i = sinks.firstIndex(of: primary) { sinks.insert(sinks.remove(at: i), at: 0) }
            var seen: [[JSONValue]] = []
            for sink in sinks {
                let records = result.outputs[sink] ?? []
                if result.outputs[sink] != nil && seen.contains(records) { continue }
                seen.append(records)
                let t = target(sink)
                results += query.assertions.map { evaluate($0, t) }
            }
        }
        let main = target(result.primarySink ?? query.name)
        results += query.metricAssertions.map { evaluate($0, main) }
        return results
    }

    /// One assertion against one target.
    public static func evaluate(_ a: SpecAssertion, _ t: Target) -> AssertionResult {
        switch a.type {
        case "record_count": return recordCount(a, t)
        case "schema_contains": return schemaContains(a, t)
        case "no_nulls": return noNulls(a, t)
        case "field_in_set": return fieldInSet(a, t)
        case "field_values": return fieldValues(a, t)
        case "aggregate_check": return aggregateCheck(a, t)
        case "join_coverage": return joinCoverage(a, t)
        case "template": return template(a, t)
        case "no_duplicates": return noDuplicates(a, t)
        case "ordering": return ordering(a, t)
        case "completeness": return completeness(a, t)
        case "data_quality": return dataQuality(a, t)
        case "execution_time": return executionTime(a, t)
        case "memory_usage": return memoryUsage(a, t)
        case "throughput": return throughput(a, t)
        case "latency": return latency(a, t)
        case "dlq_count": return dlqCount(a, t)
        case "error_rate": return errorRate(a, t)
        case "table_freshness": return tableFreshness(a, t)
        case "file_exists": return fileExistsCheck(a, t)
        case "file_row_count": return fileRowCount(a, t)
        case "file_contains": return fileContains(a, t)
        case "file_matches": return fileMatches(a, t)
        case "window_boundary": return windowBoundary(a, t)
        case "distribution": return distribution(a, t)
        case "percentile": return percentile(a, t)
        case "event_ordering": return eventOrdering(a, t)
        case "metric_exists", "metric_counter", "metric_gauge": return metric(a, t)
        default:
            return AssertionResult(type: a.type, passed: false, message: "unknown assertion type '\(a.type)'")
        }
    }

    // MARK: shared helpers

    package static func result(
        _ a: SpecAssertion, _ passed: Bool, _ message: String, expected: String? = nil, actual: String? = nil
    ) -> AssertionResult {
        AssertionResult(type: a.type, passed: passed, message: message, expected: expected, actual: actual)
    }

    /// `1 record`, `5 records`.
    package static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    package static func show(_ d: Double) -> String { SchemaNumber.text(d) }

    /// A few examples of where something went wrong: `#3 (price=-1), #7 (price=-4)`.
    package static func examples(_ items: [String], limit: Int = 3) -> String {
        items.prefix(limit).joined(separator: ", ") + (items.count > limit ? ", …" : "")
    }
}
