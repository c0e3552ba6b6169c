import Testing
import VeloBase

/// `DurationValue` is the one text grammar for durations and `DurationUnit` its one unit table: units in
/// every spelling, fractions and combinations, intervals, and what a bare number means.
@Suite struct DurationGrammarTests {
    @Test func everyUnitInEverySpelling() {
        for unit in DurationUnit.allCases {
            let name = unit.rawValue.lowercased()
            for word in [unit.shorthand, name, name + "s", unit.rawValue, unit.rawValue + "S"] + unit.abbreviations {
                #expect(DurationUnit(word: word) == unit, "\(word)")
                #expect(DurationValue(parsing: "3\(word)")?.milliseconds == 3 * unit.millis, "3\(word)")
                #expect(DurationValue(parsing: "3 \(word)")?.milliseconds == 3 * unit.millis, "3 \(word)")
            }
        }
        #expect(DurationUnit(word: "parsec") == nil)
        #expect(DurationUnit(word: "") == nil)
        #expect(DurationUnit.allCases.map(\.millis) == [1, 1000, 60_000, 3_600_000, 86_400_000, 604_800_000])
    }

    @Test func fractionsCombinationsAndIntervals() {
        let cases: [(String, Int64)] = [
            ("2.5s", 2500), ("1.5 hours", 5_400_000), ("0.5ms", 1), ("1m 30s", 90_000), ("1h30m", 5_400_000),
            ("1d 2h 3m 4s 5ms", 93_784_005), ("INTERVAL '5' MINUTE", 300_000), ("INTERVAL 5 MINUTES", 300_000),
            ("interval '5 minutes'", 300_000), ("  10s  ", 10_000), ("0s", 0), ("2w", 1_209_600_000)
        ]
        for (text, ms) in cases { #expect(DurationValue(parsing: text)?.milliseconds == ms, "\(text)") }
        for bad in ["", "  ", "-5s", "5s -1s", "s", "5 parsecs", "5s 3", "1e3ms", "INTERVAL", "five s", "5s!"] {
            #expect(DurationValue(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func aBareNumberIsMillisecondsUnlessRefused() {
        #expect(DurationValue(parsing: "250")?.milliseconds == 250)
        #expect(DurationValue(parsing: "'5000'")?.milliseconds == 5000)
        #expect(DurationValue(parsing: "250", bareNumber: .refused) == nil)
        #expect(DurationValue(parsing: "5", bareNumber: .refused) == nil)
        #expect(DurationValue(parsing: "INTERVAL '5'", bareNumber: .refused) == nil)
        // What velo-gen's --max-delay documents (docs/velo-gen.md, man/velo-gen.1, its --help hint) still works.
        for (text, ms) in [("5s", 5000), ("3s", 3000), ("500ms", 500), ("1m", 60_000)] as [(String, Int64)] {
            #expect(DurationValue(parsing: text, bareNumber: .refused)?.milliseconds == ms, "\(text)")
        }
    }

    @Test func descriptionIsTheShortestShorthandAndParsesBack() {
        for ms: Int64 in [0, 1, 999, 1000, 90_500, 3_600_000, 86_400_001, 604_800_000, 123_456_789] {
            let text = DurationValue(milliseconds: ms).description
            #expect(DurationValue(parsing: text)?.milliseconds == ms, "\(text)")
        }
        #expect(DurationValue(milliseconds: 90_500).description == "1m30s500ms")
    }
}
