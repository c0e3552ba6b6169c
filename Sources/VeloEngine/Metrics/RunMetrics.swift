import Foundation

/// What `velo-run --metrics FILE` writes and `--events` streams as its `metrics` event: the JSON
/// contract documented in docs/engine-runtime.md. Keys are snake_case; `version` is 1.
public struct RunMetrics: Codable, Sendable, Equatable {
    public var version: Int = 1
    /// The job (CREATE STREAM/TABLE name), or nil for a plain SELECT.
    public var job: String?
    /// Wall-clock start, ISO 8601 UTC.
    public var startedAt: String
    public var durationMs: Double
    public var recordsIn: Int64
    public var recordsOut: Int64
    public var sources: [Endpoint]
    public var sinks: [Endpoint]
    /// Records in per second of wall time.
    public var throughputRecordsPerSec: Double
    /// Per-record processing latency (read → written), milliseconds.
    public var latencyMs: Latency
    /// Peak resident set size (VmHWM), nil where the platform does not report it.
    public var peakMemoryBytes: Int?
    public var windowState: WindowState?
    public var lateRecords: Int64
    /// What happened to late records: `drop`, `dead_letter`, `update_previous`.
    public var lateStrategy: String?
    public var failedRecords: Int64
    public var failures: [Failure]
    public var profile: Profile?

    public struct Endpoint: Codable, Sendable, Equatable {
        public var name: String
        /// stdin, stdout, file, topic, kafka.
        public var kind: String
        public var records: Int64
        public var bytes: Int64?
        /// Topic messages without a value (deletes) skipped, not counted in `records`; absent when none.
        public var tombstones: Int64?
        public init(name: String, kind: String, records: Int64, bytes: Int64? = nil, tombstones: Int64? = nil) {
            self.name = name; self.kind = kind; self.records = records; self.bytes = bytes; self.tombstones = tombstones
        }
    }

    public struct Latency: Codable, Sendable, Equatable {
        public var count: Int64
        public var avg: Double
        public var p50: Double
        public var p95: Double
        public var p99: Double
        public var max: Double

        public init(count: Int64 = 0, avg: Double = 0, p50: Double = 0, p95: Double = 0, p99: Double = 0, max: Double = 0) {
            self.count = count; self.avg = avg; self.p50 = p50; self.p95 = p95; self.p99 = p99; self.max = max
        }

        /// From a histogram of nanoseconds.
        public init(nanoseconds h: LatencyHistogram) {
            self.init(
                count: Int64(h.count), avg: h.mean / 1e6, p50: Double(h.p50) / 1e6, p95: Double(h.p95) / 1e6,
                p99: Double(h.p99) / 1e6, max: h.count == 0 ? 0 : Double(h.max) / 1e6)
        }
    }

    public struct WindowState: Codable, Sendable, Equatable {
        public var kind: String
        public var openWindows: Int
        public var groups: Int
        public var estimatedBytes: Int
        public var peakOpenWindows: Int
        public var peakGroups: Int
        public var firedWindows: Int64

        package enum CodingKeys: String, CodingKey {
            case kind
            case openWindows = "open_windows"
            case groups
            case estimatedBytes = "estimated_bytes"
            case peakOpenWindows = "peak_open_windows"
            case peakGroups = "peak_groups"
            case firedWindows = "fired_windows"
        }

        public init(
            kind: String, openWindows: Int, groups: Int, estimatedBytes: Int, peakOpenWindows: Int,
            peakGroups: Int, firedWindows: Int64
        ) {
            self.kind = kind; self.openWindows = openWindows; self.groups = groups; self.estimatedBytes = estimatedBytes
            self.peakOpenWindows = peakOpenWindows; self.peakGroups = peakGroups; self.firedWindows = firedWindows
        }

        /// A snapshot of a store (walks its groups for the byte estimate).
        public init(_ store: WindowStore) {
            let kind: String
            switch store.window {
            case nil: kind = "none"
            case .tumbling?: kind = "tumbling"
            case .sliding?: kind = "sliding"
            case .session?: kind = "session"
            }
            self.init(
                kind: kind, openWindows: store.openWindows, groups: store.liveGroups,
                estimatedBytes: store.estimatedBytes(), peakOpenWindows: store.peakOpenWindows,
                peakGroups: store.peakGroups, firedWindows: store.firedWindows)
        }
    }

    public struct Failure: Codable, Sendable, Equatable {
        public var kind: String
        public var reason: String
        public var count: Int64
        /// Where the first such record came from.
        public var firstSource: String?
        public var firstOffset: Int64?
        /// A topic's partition (offsets count per partition); absent for files and stdin.
        public var firstPartition: Int32?

        package enum CodingKeys: String, CodingKey {
            case kind, reason, count
            case firstSource = "first_source"
            case firstOffset = "first_offset"
            case firstPartition = "first_partition"
        }

        package init(
            kind: String, reason: String, count: Int64, firstSource: String? = nil, firstOffset: Int64? = nil,
            firstPartition: Int32? = nil
        ) {
            self.kind = kind
            self.reason = reason
            self.count = count
            self.firstSource = firstSource
            self.firstOffset = firstOffset
            self.firstPartition = firstPartition
        }
    }

    public struct Profile: Codable, Sendable, Equatable {
        public var sampleRate: Double
        public var sampledRecords: Int64
        public var stages: [StageProfile]

        package enum CodingKeys: String, CodingKey {
            case sampleRate = "sample_rate"
            case sampledRecords = "sampled_records"
            case stages
        }
    }

    public struct StageProfile: Codable, Sendable, Equatable {
        public var stage: String
        /// Estimated total time in the stage (sampled time scaled by the sampling factor).
        public var timeMs: Double
        public var records: Int64
        /// Share of the total sampled time.
        public var percent: Double

        package enum CodingKeys: String, CodingKey {
            case stage
            case timeMs = "time_ms"
            case records, percent
        }
    }

    package enum CodingKeys: String, CodingKey {
        case version, job
        case startedAt = "started_at"
        case durationMs = "duration_ms"
        case recordsIn = "records_in"
        case recordsOut = "records_out"
        case sources, sinks
        case throughputRecordsPerSec = "throughput_records_per_sec"
        case latencyMs = "latency_ms"
        case peakMemoryBytes = "peak_memory_bytes"
        case windowState = "window_state"
        case lateRecords = "late_records"
        case lateStrategy = "late_strategy"
        case failedRecords = "failed_records"
        case failures, profile
    }

    public init(
        job: String? = nil, startedAt: String, durationMs: Double, recordsIn: Int64, recordsOut: Int64,
        sources: [Endpoint] = [], sinks: [Endpoint] = [], latencyMs: Latency = Latency(),
        peakMemoryBytes: Int? = ProcessMemory.peakResidentBytes(), windowState: WindowState? = nil,
        lateRecords: Int64 = 0, lateStrategy: String? = nil, failedRecords: Int64 = 0,
        failures: [Failure] = [], profile: Profile? = nil
    ) {
        self.job = job
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.recordsIn = recordsIn
        self.recordsOut = recordsOut
        self.sources = sources
        self.sinks = sinks
        self.throughputRecordsPerSec = durationMs > 0 ? Double(recordsIn) / (durationMs / 1000) : 0
        self.latencyMs = latencyMs
        self.peakMemoryBytes = peakMemoryBytes
        self.windowState = windowState
        self.lateRecords = lateRecords
        self.lateStrategy = lateStrategy
        self.failedRecords = failedRecords
        self.failures = failures
        self.profile = profile
    }

    /// Pretty JSON with sorted keys (stable for diffs and tests).
    public func jsonText(pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> RunMetrics {
        try JSONDecoder().decode(RunMetrics.self, from: Data(text.utf8))
    }
}

extension StageProfiler {
    public func profile() -> RunMetrics.Profile? {
        guard enabled else { return nil }
        return RunMetrics.Profile(sampleRate: 1 / Double(sampleEvery), sampledRecords: sampledRecords, stages: report())
    }
}

/// Counts failed records by reason, remembering where each reason first happened. Distinct reasons
/// are capped (further ones are folded into their kind) so a bad stream cannot grow the report.
public struct FailureTracker: Sendable {
    public private(set) var total: Int64 = 0
    package var byReason: [String: Int] = [:]
    package var failures: [RunMetrics.Failure] = []
    public let maxReasons: Int

    public init(maxReasons: Int = 50) { self.maxReasons = maxReasons }

    public mutating func record(_ error: RuntimeError, source: String?, offset: Int64?, partition: Int32? = nil) {
        total += 1
        var reason = error.reason
        if byReason[reason] == nil && failures.count >= maxReasons { reason = "other \(error.kind.rawValue) errors" }
        if let i = byReason[reason] {
            failures[i].count += 1
        } else {
            byReason[reason] = failures.count
            failures.append(
                RunMetrics.Failure(
                    kind: error.kind.rawValue, reason: reason, count: 1,
                    firstSource: source, firstOffset: offset, firstPartition: partition))
        }
    }

    /// Failures, most frequent first.
    public var report: [RunMetrics.Failure] {
        failures.enumerated().sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.map(\.element)
    }
}
