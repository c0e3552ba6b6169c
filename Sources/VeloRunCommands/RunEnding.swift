import VeloBase
import VeloEngine

/// How every `velo-run` ends, whether it ran one job or a file of several: the `--metrics` file, the
/// closing events, the summary on stderr, why a job stopped early, the exit code and the warning about
/// failed records. One job and an app differ only in what they pass in (the metrics object, its summary,
/// the hints), so their output stays alike.
struct RunEnding {
    let options: ExecOptions
    let console: Console
    let events: EventStream?

    /// The run's metrics as `--metrics` writes them (pretty) and as an event carries them (one line).
    protocol Metrics {
        func jsonText(pretty: Bool) throws -> String
    }

    /// The exit code of a run whose last job ended with `end`, with `failedRecords` failed in all its jobs.
    static func exitCode(after end: RunEnd, failedRecords: Int64) -> VeloExit {
        switch end {
        case .failedBatch: .failed
        case .interrupted: .interrupted
        case .finished, .timedOut: failedRecords > 0 ? .partial : .ok
        }
    }

    /// Says why a job stopped before its sources ended: FailBatch (an error) or `@timeout` (a line).
    /// `job` names the job in a run of several, where a FailBatch stop also skips the jobs after it.
    func reportStop(_ end: RunEnd, job: String?, timeoutMs: Int64?) {
        let named = job.map { "job '\($0)' " } ?? ""
        switch end {
        case .failedBatch(let reason):
            let rest = job == nil ? " to count failures and go on" : "; later jobs did not run"
            console.error(
                "\(named)stopped at the first failed record (failure_strategy FailBatch): \(reason)",
                hint: "fix the record or use failure_strategy LogAndContinue" + rest)
        case .timedOut:
            if !options.quiet { console.line("velo-run: \(named)stopped after @timeout \(DurationValue(milliseconds: timeoutMs ?? 0))") }
        case .finished, .interrupted:
            break
        }
    }

    /// Writes the metrics to `--metrics FILE` (atomically), emits `closing` events (`type` and key: the
    /// metrics object goes under the key "metrics"; `extra` are further events) and prints `summary`.
    func publish(
        _ metrics: some Metrics, eventType: String,
        extra: @autoclosure () -> [(type: String, key: String, json: String)] = [],
        summary: @autoclosure () -> String
    ) {
        if let path = options.metricsFile {
            do { try AtomicFile.write(try metrics.jsonText(pretty: true) + "\n", to: path) } catch { _ = console.report(error: error) }
        }
        if let events {
            try? events.eventRaw(eventType, key: "metrics", json: (try? metrics.jsonText(pretty: false)) ?? "null")
            for event in extra() { try? events.eventRaw(event.type, key: event.key, json: event.json) }
        }
        if !options.quiet { Console.writeStderr(summary()) }
    }

    /// Warns when a job dropped a large share of its input as late: the summary's `late` line is easy to miss.
    func warnOfLateDrops(_ metrics: RunMetrics, job: String? = nil) {
        guard !options.quiet, let late = metrics.lateDropWarning else { return }
        console.warning((job.map { "job '\($0)': " } ?? "") + late.message, hint: late.hint)
    }

    /// Warns that records failed when that is what the exit code says (a stopped run says so itself).
    func warnOfFailedRecords(_ count: Int64, exit: VeloExit, hint: String) {
        guard exit == .partial, !options.quiet else { return }
        console.warning("\(count) record\(count == 1 ? "" : "s") failed", hint: hint)
    }
}

extension RunMetrics: RunEnding.Metrics {}
extension AppRunMetrics: RunEnding.Metrics {}
