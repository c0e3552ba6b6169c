import Testing
import VeloBase
import VeloSchema

@Suite struct SchemaTimeSpecTests {
    @Test(arguments: [
        ("now", TimeSpec.relative(milliseconds: 0)),
        ("NOW", .relative(milliseconds: 0)),
        ("-30m", .relative(milliseconds: -1_800_000)),
        ("+2h", .relative(milliseconds: 7_200_000)),
        ("1d", .relative(milliseconds: 86_400_000)),
        ("-45s", .relative(milliseconds: -45_000)),
        ("-1.5h", .relative(milliseconds: -5_400_000)),
        ("3600", .relative(milliseconds: 3_600_000)),
        ("-3600", .relative(milliseconds: -3_600_000)),
        ("1970-01-01T00:00:00Z", .absolute(epochMs: 0)),
        ("2026-01-15T09:30:00Z", .absolute(epochMs: 1_768_469_400_000)),
        ("2026-01-15T09:30:00.25Z", .absolute(epochMs: 1_768_469_400_250)),
        ("2026-01-15T10:30:00+01:00", .absolute(epochMs: 1_768_469_400_000)),
        ("2026-01-15 09:30:00", .absolute(epochMs: 1_768_469_400_000)),
        ("2024-02-29", .absolute(epochMs: 1_709_164_800_000)),
        ("1969-12-31T23:59:59Z", .absolute(epochMs: -1000))
    ])
    func parses(text: String, expected: TimeSpec) {
        #expect(TimeSpec.parse(text) == expected)
    }

    @Test(arguments: ["", "yesterday", "-m", "5w", "2026-13-01", "2025-02-29", "2026-01-15T25:00:00Z", "2026-01-15T09:30:00+1", "1h30m", "--5s"])
    func rejects(text: String) {
        #expect(TimeSpec.parse(text) == nil)
    }

    @Test func resolvesAgainstNow() {
        #expect(TimeSpec.relative(milliseconds: -1000).resolve(nowMs: 5000) == 4000)
        #expect(TimeSpec.absolute(epochMs: 42).resolve(nowMs: 5000) == 42)
    }
}

@Suite struct SchemaSuggestTests {
    @Test func findsTheClosestCandidate() {
        let types = FieldType.simpleNames
        #expect(Suggest.closest(to: "flaot", among: types) == "float") // swapped letters count once
        #expect(Suggest.closest(to: "STRING", among: types) == "string")
        #expect(Suggest.closest(to: "timestmp", among: types) == "timestamp")
        #expect(Suggest.closest(to: "amout", among: ["amount", "account"]) == "amount")
        #expect(Suggest.closest(to: "xyz", among: types) == nil)
        #expect(Suggest.closest(to: "", among: types) == nil)
        #expect(Suggest.closest(to: "ab", among: ["abc", "abd"]) == "abc") // ties: the earlier one
    }

    @Test func distanceCountsEdits() {
        #expect(Suggest.distance("kitten", "sitting") == 3)
        #expect(Suggest.distance("ab", "ba") == 1)
        #expect(Suggest.distance("", "abc") == 3)
        #expect(Suggest.distance("same", "same") == 0)
    }
}
