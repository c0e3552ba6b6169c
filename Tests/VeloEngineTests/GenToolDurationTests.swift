import Testing
import VeloGenCommands

/// velo-gen's duration flags (`--max-delay`) read `DurationValue`'s grammar with a unit required.
@Suite struct GenToolDurationTests {
    @Test func maxDelayUsesTheOneGrammar() {
        for (text, ms) in [
            ("5s", 5000), ("3s", 3000), ("500ms", 500), ("1m", 60_000), ("1m 30s", 90_000), ("2.5s", 2500),
            ("1h", 3_600_000), ("1d", 86_400_000)
        ] as [(String, Int64)] {
            #expect(GenTool.parseDuration(text) == ms, "\(text)")
        }
        // A bare number once meant seconds here and means milliseconds elsewhere: it is refused, not guessed.
        for bad in ["5", "250", "", "-5s", "5 parsecs"] { #expect(GenTool.parseDuration(bad) == nil, "\(bad)") }
    }
}
