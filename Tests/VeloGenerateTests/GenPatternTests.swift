import Foundation
import Testing
import VeloGenerate

@Suite struct GenPatternTests {
    func matches(_ pattern: String, count: Int = 500) throws -> [String] {
        let compiled = try GenPattern(pattern)
        let regex = try NSRegularExpression(pattern: compiled.regex)
        var rng = GenRandom(seed: 17)
        var outputs: [String] = []
        for i in 1...count {
            let s = compiled.generate(&rng, sequence: Int64(i))
            let range = NSRange(s.startIndex..., in: s)
            #expect(regex.firstMatch(in: s, range: range) != nil, "'\(s)' does not match \(pattern)")
            outputs.append(s)
        }
        return outputs
    }

    @Test(arguments: [
        "[A-Z]{3}-[0-9]{6}", "ORD-[A-Z]{3}-\\d{4,8}", "[a-z]{4,10}[0-9]{2}@(example|mail)\\.com",
        "SENSOR-0[0-4][0-9]", "[^a-z]{5}", "ab?c+d*", "(x|yy|zzz){2}", "\\w{3}\\.\\{lit\\}", "^[A-F0-9]{8}$",
        "café-[0-9]", "[a\\-z]{6}"
    ])
    func outputMatchesItsPattern(_ pattern: String) throws {
        _ = try matches(pattern)
    }

    @Test func sequenceIsZeroPaddedAndCounts() throws {
        let outputs = try matches("SENSOR-{seq:6}", count: 3)
        #expect(outputs == ["SENSOR-000001", "SENSOR-000002", "SENSOR-000003"])
        var rng = GenRandom(seed: 1)
        #expect(try GenPattern("N{seq:2}").generate(&rng, sequence: 1234) == "N1234")
    }

    @Test func repeatsStayInBounds() throws {
        for s in try matches("[ab]{2,5}") { #expect((2...5).contains(s.count)) }
        var lengths = Set<Int>()
        for s in try matches("x[0-9]{1,3}") { lengths.insert(s.count) }
        #expect(lengths == [2, 3, 4])
    }

    @Test(arguments: [
        ("[A-Z", "unclosed '['", 0), ("[Z-A]", "range 'Z-A' is backwards", 1), ("A{3", "unclosed '{'", 1),
        ("A{5,2}", "repeat {5,2} has min > max", 1), ("*A", "'*' repeats nothing (escape it with '\\')", 0),
        ("(AB", "unclosed '('", 0), ("AB)", "unmatched ')'", 2), ("{seq:}", "'{seq:N}' needs a width N from 1 to 19", 0),
        ("{x}", "'{' repeats nothing (write '\\{' for a literal brace)", 0)
    ])
    func badPatternsSayWhereAndWhy(_ pattern: String, _ message: String, _ offset: Int) {
        #expect(throws: GenPatternError(message, offset: offset)) { try GenPattern(pattern) }
    }
}
