import VeloEngine
import VeloJSON

/// What running one query produced: the narrow input of the assertion evaluators, filled by the runner
/// from the executor (records per source and per sink, the run's metrics, the error if it failed).
public struct QueryRunResult: Sendable {
    public var name: String
    /// The records each input source was fed, by source name.
    public var inputs: [String: [JSONValue]]
    /// The records each sink received, by sink name (the query's own name for its main output).
    public var outputs: [String: [JSONValue]]
    /// Kafka message keys per sink, when the sink keeps them (same order as `outputs`).
    public var outputKeys: [String: [String?]] = [:]
    /// Each output record's event time (the message timestamp it would carry on a topic), by sink name:
    /// a `from_previous` input keeps it as its event time.
    public var outputTimes: [String: [Int64?]] = [:]
    public var metrics: RunMetrics?
    /// Metrics the application declares (`-- @metric`), by name.
    public var customMetrics: [SpecMetric] = []
    public var durationMs: Double
    /// Resident memory when the query started, for `max_growth_bytes`.
    public var startMemoryBytes: Int?
    /// When the outputs were captured (epoch ms), for latency and freshness measured from record times.
    public var capturedAtMs: Int64?
    /// Why the query failed, if it did.
    public var error: String?
    /// Why the query did not run at all (reported as skipped): file-only mode, its job is in another SQL file.
    public var skipReason: String?

    public init(
        name: String, inputs: [String: [JSONValue]] = [:], outputs: [String: [JSONValue]] = [:],
        metrics: RunMetrics? = nil, durationMs: Double = 0, error: String? = nil
    ) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.metrics = metrics
        self.durationMs = durationMs
        self.error = error
    }

    /// The main output: the sink named like the query, else the only one, else the first by name.
    public var primarySink: String? {
        if outputs[name] != nil { return name }
        return outputs.keys.sorted().first
    }

    public var inputCount: Int { inputs.values.reduce(0) { $0 + $1.count } }
    /// The main output's records: `outputs` holds that one output under each name the spec or WITH gives
    /// it, so adding them all would count each record once per name.
    public var outputCount: Int { primarySink.flatMap { outputs[$0]?.count } ?? 0 }
}

/// One metric a run exposes: derived from `RunMetrics` or declared by the application.
public struct SpecMetric: Sendable, Equatable {
    public enum Kind: String, Sendable { case counter, gauge, histogram }
    public var name: String
    public var kind: Kind
    public var value: Double

    public init(_ name: String, _ kind: Kind, _ value: Double) {
        self.name = name
        self.kind = kind
        self.value = value
    }

    /// The metrics every run has, named as Velo's Prometheus names: `velo_records_in_total`,
    /// `velo_records_out_total`, `velo_failed_records_total`, `velo_late_records_total` (counters),
    /// `velo_throughput_records_per_second`, `velo_latency_{avg,p50,p95,p99,max}_ms`, `velo_peak_memory_bytes`,
    /// `velo_duration_ms`, `velo_window_open`, `velo_window_groups` (gauges).
    public static func derived(from m: RunMetrics) -> [SpecMetric] {
        var list: [SpecMetric] = [
            SpecMetric("velo_records_in_total", .counter, Double(m.recordsIn)),
            SpecMetric("velo_records_out_total", .counter, Double(m.recordsOut)),
            SpecMetric("velo_failed_records_total", .counter, Double(m.failedRecords)),
            SpecMetric("velo_late_records_total", .counter, Double(m.lateRecords)),
            SpecMetric("velo_throughput_records_per_second", .gauge, m.throughputRecordsPerSec),
            SpecMetric("velo_latency_avg_ms", .gauge, m.latencyMs.avg),
            SpecMetric("velo_latency_p50_ms", .gauge, m.latencyMs.p50),
            SpecMetric("velo_latency_p95_ms", .gauge, m.latencyMs.p95),
            SpecMetric("velo_latency_p99_ms", .gauge, m.latencyMs.p99),
            SpecMetric("velo_latency_max_ms", .gauge, m.latencyMs.max),
            SpecMetric("velo_duration_ms", .gauge, m.durationMs)
        ]
        if let peak = m.peakMemoryBytes { list.append(SpecMetric("velo_peak_memory_bytes", .gauge, Double(peak))) }
        if let w = m.windowState {
            list.append(SpecMetric("velo_window_open", .gauge, Double(w.openWindows)))
            list.append(SpecMetric("velo_window_groups", .gauge, Double(w.groups)))
        }
        return list
    }
}

/// The outcome of one assertion: the report's `{type, passed, message, expected?, actual?}`.
public struct AssertionResult: Sendable, Equatable {
    public var type: String
    public var passed: Bool
    public var message: String
    public var expected: String?
    public var actual: String?

    public init(type: String, passed: Bool, message: String, expected: String? = nil, actual: String? = nil) {
        self.type = type
        self.passed = passed
        self.message = message
        self.expected = expected
        self.actual = actual
    }
}
