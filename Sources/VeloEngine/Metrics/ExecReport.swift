import Foundation
import VeloBase

/// Builds the `--metrics` document (RunMetrics, version 1) from a finished run.
package enum ExecReport {
    package static func metrics(
        _ runtime: ExecRuntime, plan: ExecPlan, source: (any RecordSource)?, sink: any RecordSink,
        started: Date
    ) -> RunMetrics {
        let durationMs = Double(MonotonicClock.nanoseconds() &- runtime.startNanos) / 1e6
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var sources: [RunMetrics.Endpoint] = []
        if let source {
            // An interval join's other stream counts in records_in too, and has its own entry.
            let fromRecords = runtime.recordsIn - (runtime.joins?.interval?.recordsIn ?? 0)
            sources.append(
                RunMetrics.Endpoint(
                    name: source.name, kind: source.kind, records: fromRecords, bytes: source.bytesRead,
                    tombstones: source.tombstones > 0 ? source.tombstones : nil))
        }
        sources += runtime.sources?.endpoints ?? []
        var sinks = [RunMetrics.Endpoint(name: sink.name, kind: sink.kind, records: sink.records)]
        if let dlq = runtime.lateData?.deadLetter {
            sinks.append(RunMetrics.Endpoint(name: dlq.name, kind: dlq.kind, records: dlq.records))
        }
        let windowState = runtime.store.map { RunMetrics.WindowState($0) }
        // A UNION's other SELECTs add their records, latencies, late and failed records (their sources are
        // among `runtime.sources`; the window state and profile are the first SELECT's).
        let parts = [runtime] + runtime.unionBranches
        var latency = runtime.latency
        for branch in runtime.unionBranches { latency.merge(branch.latency) }
        let failures = parts.flatMap { $0.failures.report }.enumerated()
            .sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.map(\.element)
        return RunMetrics(
            job: plan.statement.target?.value ?? plan.jobName, startedAt: formatter.string(from: started),
            durationMs: durationMs, recordsIn: parts.reduce(0) { $0 + $1.recordsIn }, recordsOut: sink.records,
            sources: sources, sinks: sinks, latencyMs: RunMetrics.Latency(nanoseconds: latency),
            windowState: windowState,
            lateRecords: parts.reduce(0) { $0 + ($1.store?.lateRecords ?? 0) + ($1.joins?.interval?.lateRecords ?? 0) },
            lateStrategy: plan.window != nil ? plan.lateStrategy.rawValue : nil,
            failedRecords: parts.reduce(0) { $0 + $1.failures.total }, failures: failures,
            profile: runtime.profiler.profile())
    }
}
