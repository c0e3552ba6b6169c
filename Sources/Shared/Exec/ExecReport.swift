import Foundation

/// Builds the `--metrics` document (RunMetrics, version 1) from a finished run.
enum ExecReport {
    static func metrics(_ runtime: ExecRuntime, plan: ExecPlan, source: (any RecordSource)?, sink: any RecordSink,
                        started: Date) -> RunMetrics {
        let durationMs = Double(MonotonicClock.nanoseconds() &- runtime.startNanos) / 1e6
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var sources: [RunMetrics.Endpoint] = []
        if let source {
            // An interval join's other stream counts in records_in too, and has its own entry.
            let fromRecords = runtime.recordsIn - (runtime.joins?.interval?.recordsIn ?? 0)
            sources.append(RunMetrics.Endpoint(name: source.name, kind: source.kind, records: fromRecords, bytes: source.bytesRead))
        }
        sources += runtime.sources?.endpoints ?? []
        var sinks = [RunMetrics.Endpoint(name: sink.name, kind: sink.kind, records: sink.records)]
        if let dlq = runtime.lateData?.deadLetter {
            sinks.append(RunMetrics.Endpoint(name: dlq.name, kind: dlq.kind, records: dlq.records))
        }
        let windowState = runtime.store.map { RunMetrics.WindowState($0) }
        return RunMetrics(job: plan.statement.target?.value ?? plan.jobName, startedAt: formatter.string(from: started),
                          durationMs: durationMs, recordsIn: runtime.recordsIn, recordsOut: sink.records,
                          sources: sources, sinks: sinks, latencyMs: RunMetrics.Latency(nanoseconds: runtime.latency),
                          windowState: windowState, lateRecords: runtime.store?.lateRecords ?? 0,
                          lateStrategy: plan.window != nil ? plan.lateStrategy.rawValue : nil,
                          failedRecords: runtime.failures.total, failures: runtime.failures.report,
                          profile: runtime.profiler.profile())
    }
}
