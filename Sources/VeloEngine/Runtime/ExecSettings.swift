import Foundation
import VeloBase
import VeloSQL

/// Annotations and flags that shape a run.
package struct ExecSettings {
    package var profile = false
    package var sampleRate = 1.0
    package var timeoutMs: Int64?

    package init(statement: SQLStatement, script: SQLScript, options: ExecOptions, console: Console) {
        func annotation(_ key: String) -> String? { statement.annotation(key) ?? script.annotation(key) }
        let profiling = annotation("profiling")?.lowercased()
        profile = options.profile || ["detailed", "enabled", "on", "true", "basic", "prod", "dev"].contains(profiling ?? "")
        if let rate = annotation("profiling_sample_rate") {
            if let r = Double(rate), r > 0, r <= 1 {
                sampleRate = r
            } else {
                console.warning("@profiling_sample_rate '\(rate)' is not a number in (0, 1]; profiling every record")
            }
        }
        if let timeout = annotation("timeout") {
            if let d = DurationValue(parsing: timeout), d.milliseconds > 0 {
                timeoutMs = d.milliseconds
            } else {
                console.warning("@timeout '\(timeout)' is not a duration (like 60s or 5m); no timeout")
            }
        }
    }
}

/// A helper thread for a run: it ends the run after `@timeout`, and stops a following topic consumer once
/// Ctrl+C has set the stop flag (the consumer may be waiting for messages).
package final class ExecWatcher: @unchecked Sendable {
    package let source: (any RecordSource)?
    package let timeout: Int64?
    private let lock = NSLock()
    private var done = false

    package init(source: (any RecordSource)?, timeout: Int64?) {
        self.source = source
        self.timeout = timeout
    }

    package func start() {
        guard timeout != nil || source?.kind == "topic" else { return }
        let thread = Thread { [self] in
            let begin = MonotonicClock.nanoseconds()
            while true {
                usleep(20_000)
                lock.lock()
                let finished = done
                lock.unlock()
                if finished { return }
                if let timeout, MonotonicClock.nanoseconds() &- begin >= UInt64(timeout) * 1_000_000, !ExecSignals.stopRequested {
                    ExecSignals.requestStop()
                }
                if ExecSignals.stopRequested {
                    source?.stop()
                    return
                }
            }
        }
        thread.start()
    }

    package func stop() {
        lock.lock()
        done = true
        lock.unlock()
    }
}
