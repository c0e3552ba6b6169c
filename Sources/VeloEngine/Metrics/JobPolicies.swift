/// The per-job choices the runtime makes from WITH properties and annotations, with Velostream's
/// defaults, parsed in one place so that the planner and the docs agree.

/// When aggregate results are written (docs/engine-runtime.md, "Job policies").
public enum EmitMode: String, Sendable, Equatable {
    /// One updated row per input row.
    case changes
    /// One row per group when its window closes (or at the end of a bounded input).
    case final

    /// Velostream's default: CHANGES without a WINDOW clause, FINAL with one.
    public static func defaultMode(hasWindow: Bool) -> EmitMode { hasWindow ? .final : .changes }
}

/// `'late.data.strategy'`: what happens to a record whose windows have all closed.
public enum LateDataStrategy: String, Sendable, Equatable, CaseIterable {
    /// Count it and drop it (the default).
    case drop
    /// Count it and write it to the dead-letter output.
    case deadLetter = "dead_letter"
    /// Re-emit the closed window's row updated with the record.
    case updatePrevious = "update_previous"
    /// Count it and add it to the earliest window still open.
    case includeInNext = "include_in_next"

    /// Velostream's names (`update_previous_window`, `include_in_next_window` too); an unknown value falls
    /// back to drop, as Velostream does (`--check` warns of it).
    public init(property: String?) {
        self = property.flatMap(Self.named) ?? .drop
    }

    public static func named(_ text: String) -> LateDataStrategy? {
        let key = text.lowercased()
        return LateDataStrategy(rawValue: key.hasSuffix("_window") ? String(key.dropLast("_window".count)) : key)
    }

    /// Every spelling Velostream reads.
    public static let names = ["drop", "dead_letter", "update_previous", "update_previous_window", "include_in_next", "include_in_next_window"]
}

/// `'failure_strategy'` / `@failure_strategy`: what a runtime error in one record does to the run.
public enum FailureStrategy: String, Sendable, Equatable, CaseIterable {
    /// Count the record as failed (reason, offset), go on; exit code 5 at the end. The default.
    case logAndContinue = "LogAndContinue"
    /// Stop the run at the first failed record.
    case failBatch = "FailBatch"
    /// Retry the record (`@max_retries`, `@retry_backoff_ms`), then count it as failed. Evaluation is
    /// deterministic, so retries only help sinks; for expressions it behaves as LogAndContinue.
    case retryWithBackoff = "RetryWithBackoff"

    /// Case- and separator-insensitive (`log_and_continue` works); unknown values fall back to the
    /// default as Velostream does with bad annotation values, and `isKnown` tells the caller to warn.
    public init(property: String?) {
        let key = (property ?? "").lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " }
        self = FailureStrategy.allCases.first { $0.rawValue.lowercased() == key } ?? .logAndContinue
    }

    public static func isKnown(_ property: String) -> Bool {
        let key = property.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " }
        return allCases.contains { $0.rawValue.lowercased() == key }
    }
}
