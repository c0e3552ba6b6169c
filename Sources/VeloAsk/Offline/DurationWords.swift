import VeloBase
import VeloSQL

/// A duration read from words: `5 minutes`, `30s`, `every hour`, `hourly`.
package struct DraftDuration: Sendable, Equatable {
    package var count: Int
    package var unit: SQLTimeUnit

    /// Velostream's canonical spelling: `INTERVAL '5' MINUTE`.
    package var sql: String { "INTERVAL '\(count)' \(unit.rawValue)" }
    package var milliseconds: Int64 { Int64(count) * unit.millis }
    /// `5m`, `1h`: for job names and explanations.
    package var short: String { "\(count)\(unit.shorthand)" }
}

/// Reads durations at a position of the tokens.
package enum DurationWords {
    static let units: [String: SQLTimeUnit] = [
        "ms": .millisecond, "millisecond": .millisecond, "milliseconds": .millisecond, "msec": .millisecond,
        "s": .second, "sec": .second, "secs": .second, "second": .second, "seconds": .second,
        "m": .minute, "min": .minute, "mins": .minute, "minute": .minute, "minutes": .minute, "minuite": .minute, "minuites": .minute,
        "h": .hour, "hr": .hour, "hrs": .hour, "hour": .hour, "hours": .hour,
        "d": .day, "day": .day, "days": .day
    ]
    static let adverbs: [String: SQLTimeUnit] = [
        "secondly": .second, "minutely": .minute, "hourly": .hour, "daily": .day
    ]
    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30,
        "sixty": 60, "a": 1, "an": 1, "half": 0
    ]

    /// The duration starting at `i` and how many tokens it spans: `5 minutes`, `5m`, `five minutes`, `an hour`,
    /// `hourly`, or a bare unit word (`minute`, as in "every minute") when `bareUnit` allows it.
    package static func read(_ tokens: [PromptToken], at i: Int, bareUnit: Bool) -> (DraftDuration, Int)? {
        guard i < tokens.count else { return nil }
        if let word = tokens[i].word, let unit = adverbs[word] { return (DraftDuration(count: 1, unit: unit), 1) }
        if i + 1 < tokens.count, let word = tokens[i + 1].word, let unit = units[word] {
            if let n = tokens[i].number, n >= 1, n == n.rounded() { return (DraftDuration(count: Int(n), unit: unit), 2) }
            if let n = tokens[i].number, n > 0, n < 1 { return scaled(n, unit).map { ($0, 2) } }
            if let word = tokens[i].word, let n = numberWords[word], n > 0 { return (DraftDuration(count: n, unit: unit), 2) }
            if tokens[i].word == "half", unit != .millisecond { return scaled(0.5, unit).map { ($0, 2) } }
        }
        if bareUnit, let word = tokens[i].word, word.count > 1, let unit = units[word], !word.hasSuffix("s") || word == "ms" {
            return (DraftDuration(count: 1, unit: unit), 1)
        }
        return nil
    }

    /// 0.5 hour → 30 minutes: SQL durations are whole numbers.
    private static func scaled(_ n: Double, _ unit: SQLTimeUnit) -> DraftDuration? {
        let ms = n * Double(unit.millis)
        for smaller in [SQLTimeUnit.hour, .minute, .second, .millisecond] where smaller.millis < unit.millis {
            let count = ms / Double(smaller.millis)
            if count >= 1, count == count.rounded() { return DraftDuration(count: Int(count), unit: smaller) }
        }
        return nil
    }
}
