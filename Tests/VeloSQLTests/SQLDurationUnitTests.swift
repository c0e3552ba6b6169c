import Testing
import VeloBase

@testable import VeloSQL

/// SQL durations are tokens of the SQL grammar, but their units are `DurationUnit`'s: every SQL spelling
/// means what `DurationValue` reads it as, and SQL keeps its own limits (no weeks, whole numbers).
@Suite struct SQLDurationUnitTests {
    static func sqlDuration(_ text: String) throws -> SQLDuration {
        var parser = SQLParser(tokens: SQLLexer(text).tokens, comments: [])
        return try parser.parseDuration(context: "")
    }

    @Test func sqlSpellingsAgreeWithTheTextGrammar() throws {
        var texts: [String] = []
        for unit in SQLGrammar.durationUnits {
            texts += [
                "7\(unit.shorthand)", "INTERVAL '7' \(unit.rawValue)", "INTERVAL 7 \(unit.rawValue)S",
                "INTERVAL '7 \(unit.rawValue)S'", "7 \(unit.rawValue.lowercased())s"
            ]
        }
        for text in texts {
            let sql = try Self.sqlDuration(text)
            #expect(sql.millis == DurationValue(parsing: text)?.milliseconds, "\(text)")
            #expect(sql.amount == 7, "\(text)")
        }
    }

    @Test func sqlUnitTablesComeFromDurationUnit() {
        #expect(SQLGrammar.durationUnits == DurationUnit.allCases.filter { $0 != .week })
        #expect(Set(SQLGrammar.shorthandUnits.keys) == ["ms", "s", "m", "h", "d"])
        for (word, unit) in SQLGrammar.shorthandUnits.merging(SQLGrammar.intervalUnits, uniquingKeysWith: { a, _ in a }) {
            #expect(DurationUnit(word: word) == unit, "\(word)")
        }
        // Weeks are text-only: in SQL `2w` is not a duration and WEEK is not an interval unit.
        #expect(SQLGrammar.intervalUnits["WEEK"] == nil)
        #expect(throws: SQLIssue.self) { try Self.sqlDuration("INTERVAL '2' WEEK") }
    }
}
