/// Time and records per pipeline stage, sampled: only every N-th record is timed (N = 1/rate), and
/// stage times are scaled back up by N, so a detailed profile costs a counter check per record and the
/// clock only on sampled ones. Record counts are always exact.
///
///     if profiler.beginRecord() { t0 = MonotonicClock.nanoseconds() … profiler.addTime(.filter, ns) }
///     profiler.count(.filter)
public struct StageProfiler: Sendable {
    public enum Stage: String, Sendable, CaseIterable, Codable {
        case read, deserialize, filterProject = "filter_project", window, aggregate, join, serialize, write
    }

    public let enabled: Bool
    /// 1 = every record; 10 = one in ten.
    public let sampleEvery: Int64
    package var untilSample: Int64 = 1
    public private(set) var sampledRecords: Int64 = 0
    package var nanos = [Int64](repeating: 0, count: Stage.allCases.count)
    package var records = [Int64](repeating: 0, count: Stage.allCases.count)

    /// - Parameter sampleRate: `@profiling_sample_rate` (0 < rate ≤ 1); ignored when disabled.
    public init(enabled: Bool, sampleRate: Double = 1) {
        self.enabled = enabled
        let rate = sampleRate > 0 && sampleRate <= 1 ? sampleRate : 1
        self.sampleEvery = Swift.max(1, Int64((1 / rate).rounded()))
    }

    /// Whether to time this record. Cheap when disabled.
    @inline(__always) public mutating func beginRecord() -> Bool {
        guard enabled else { return false }
        untilSample -= 1
        if untilSample > 0 { return false }
        untilSample = sampleEvery
        sampledRecords += 1
        return true
    }

    @inline(__always) public mutating func addTime(_ stage: Stage, nanoseconds: Int64) {
        nanos[Self.slot(stage)] &+= nanoseconds
    }

    @inline(__always) public mutating func count(_ stage: Stage, _ n: Int64 = 1) {
        records[Self.slot(stage)] &+= n
    }

    @inline(__always) package static func slot(_ stage: Stage) -> Int {
        switch stage {
        case .read: return 0
        case .deserialize: return 1
        case .filterProject: return 2
        case .window: return 3
        case .aggregate: return 4
        case .join: return 5
        case .serialize: return 6
        case .write: return 7
        }
    }

    /// Estimated total time (sampled time × sampling factor) and records per stage that saw any.
    public func report() -> [RunMetrics.StageProfile] {
        guard enabled else { return [] }
        let total = nanos.reduce(0, +)
        return Stage.allCases.compactMap { stage in
            let i = Self.slot(stage)
            guard records[i] > 0 || nanos[i] > 0 else { return nil }
            let estimated = Double(nanos[i]) * Double(sampleEvery) / 1e6
            return RunMetrics.StageProfile(
                stage: stage.rawValue, timeMs: estimated, records: records[i],
                percent: total == 0 ? 0 : Double(nanos[i]) * 100 / Double(total))
        }
    }
}
