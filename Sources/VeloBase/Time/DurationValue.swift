/// A unit of time, with every spelling Velo reads for it: the one unit table behind `DurationValue`, the
/// SQL front end's durations (`SQLTimeUnit` is this type) and velo-gen's duration flags.
public enum DurationUnit: String, Sendable, Hashable, CaseIterable {
    case millisecond = "MILLISECOND"
    case second = "SECOND"
    case minute = "MINUTE"
    case hour = "HOUR"
    case day = "DAY"
    case week = "WEEK"

    /// Milliseconds in one unit.
    public var millis: Int64 {
        switch self {
        case .millisecond: return 1
        case .second: return 1000
        case .minute: return 60_000
        case .hour: return 3_600_000
        case .day: return 86_400_000
        case .week: return 604_800_000
        }
    }

    /// The shorthand suffix: `500ms 30s 5m 1h 1d 2w`.
    public var shorthand: String {
        switch self {
        case .millisecond: return "ms"
        case .second: return "s"
        case .minute: return "m"
        case .hour: return "h"
        case .day: return "d"
        case .week: return "w"
        }
    }

    /// The abbreviations read besides the shorthand and the name (singular or plural).
    public var abbreviations: [String] {
        switch self {
        case .millisecond: return ["msec", "msecs", "millis"]
        case .second: return ["sec", "secs"]
        case .minute: return ["min", "mins"]
        case .hour: return ["hr", "hrs"]
        case .day, .week: return []
        }
    }

    /// The unit a word names, in any case: the shorthand, the name or its plural, or an abbreviation.
    public init?(word: some StringProtocol) {
        guard let unit = DurationUnit.byWord[word.lowercased()] else { return nil }
        self = unit
    }

    private static let byWord: [String: DurationUnit] = {
        var table: [String: DurationUnit] = [:]
        for unit in allCases {
            let name = unit.rawValue.lowercased()
            for word in [unit.shorthand, name, name + "s"] + unit.abbreviations { table[word] = unit }
        }
        return table
    }()
}

/// A duration, and the one grammar for durations written as text: Velostream's WITH properties
/// (`'watermark.max_out_of_orderness'`), `@timeout`, duration strings given to SQL functions
/// (`TUMBLE_START(ts, '1m')`) and velo-gen's `--max-delay`. The value is milliseconds.
///
/// - A number (whole or with a fraction: `2.5s`) followed by a unit, spaces allowed between them:
///   `500ms`, `30s`, `5m`, `1h`, `1d`, `2w`, `5 minutes`, `1.5 hours`. Units: `DurationUnit`, any case.
/// - Several such parts add up: `1m 30s`, `1h30m`.
/// - Optionally wrapped as an interval: `INTERVAL '5' MINUTE`, `INTERVAL 5 MINUTES`, `INTERVAL '5 MINUTES'`.
/// - A bare number (`250`) means milliseconds, as Velostream's properties do, where it is allowed at all:
///   `bareNumber: .refused` makes it an error. velo-gen's flags refuse it (a bare number there used to mean
///   seconds, so it is an error rather than silently a thousand times shorter).
/// - No negative durations, no empty text, no unit without a number.
///
/// SQL text has its own token-level form of the same units (docs/sql-reference.md): whole numbers only,
/// `5m` or `INTERVAL '5' MINUTE` / `5 MINUTES`, no weeks and no bare numbers (a bare number in SQL is an
/// integer). Its unit tables (`SQLGrammar.shorthandUnits`, `intervalUnits`) are built from `DurationUnit`.
public struct DurationValue: Sendable, Equatable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// What a number without a unit means.
    public enum BareNumber: Sendable {
        /// Milliseconds (Velostream's properties: `'250'` is 250 ms).
        case milliseconds
        /// Not a duration: a unit is required.
        case refused
    }

    /// Milliseconds per unit word (any spelling `DurationUnit(word:)` reads).
    public static func unitMillis(_ word: some StringProtocol) -> Int64? { DurationUnit(word: word)?.millis }

    /// Parses `5m`, `1m 30s`, `1h30m`, `500ms`, `2.5s`, `250` (ms unless refused), `INTERVAL '5' MINUTE`,
    /// `5 MINUTES`; nil for anything else.
    public init?(parsing text: String, bareNumber: BareNumber = .milliseconds) {
        var t = Substring(text.sqlTrimmedSpaces)
        if t.count >= 8, t.prefix(8).lowercased() == "interval" { t = t.dropFirst(8) }
        let scalars = Array(t.unicodeScalars.filter { $0 != "'" && $0 != "\"" })
        var i = 0
        var total = 0.0
        var parts = 0
        func skipSpace() { while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 } }
        skipSpace()
        if i == scalars.count { return nil }
        while i < scalars.count {
            skipSpace()
            var number = ""
            while i < scalars.count, (scalars[i].properties.numericType != nil && scalars[i].isASCII) || scalars[i] == "." {
                number.unicodeScalars.append(scalars[i]); i += 1
            }
            guard let value = Double(number), value >= 0 else { return nil }
            skipSpace()
            var unit = ""
            while i < scalars.count, scalars[i].properties.isAlphabetic { unit.unicodeScalars.append(scalars[i]); i += 1 }
            let factor: Int64
            if unit.isEmpty {
                guard parts == 0, bareNumber == .milliseconds else { return nil }
                factor = 1
            } else {
                guard let f = DurationValue.unitMillis(unit) else { return nil }
                factor = f
            }
            total += value * Double(factor)
            parts += 1
            skipSpace()
        }
        guard total < 9.2e18 else { return nil }
        self.milliseconds = Int64(total.rounded())
    }

    /// The shortest shorthand: 90000 → `1m30s`, 500 → `500ms`, 0 → `0ms`.
    public var description: String {
        if milliseconds == 0 { return "0ms" }
        var rest = milliseconds
        var out = ""
        for unit in [DurationUnit.day, .hour, .minute, .second, .millisecond] where rest >= unit.millis {
            out += "\(rest / unit.millis)\(unit.shorthand)"
            rest %= unit.millis
        }
        return out
    }
}
