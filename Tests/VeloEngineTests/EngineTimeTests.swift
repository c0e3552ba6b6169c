import Testing
import VeloBase
import VeloEngine

@Suite struct EngineTimestampTests {
    @Test func civilRoundTripOverCenturies() {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<2000 {
            let days = rng.int(-800_000...800_000)
            let (y, m, d) = Timestamps.civilFromDays(days)
            #expect(Timestamps.daysFromCivil(year: y, month: m, day: d) == days)
            #expect(m >= 1 && m <= 12 && d >= 1 && d <= Timestamps.daysInMonth(year: y, month: m))
        }
        #expect(Timestamps.daysFromCivil(year: 2000, month: 3, day: 1) == 11017)
        #expect(Timestamps.civilFromDays(-1) == (1969, 12, 31))
    }

    @Test func partsOfKnownInstants() {
        let p = Timestamps.parts(1_709_647_629_250) // 2024-03-05T14:07:09.250Z, a Tuesday
        #expect(
            p
                == Timestamps.Parts(
                    year: 2024, month: 3, day: 5, hour: 14, minute: 7, second: 9, millisecond: 250,
                    weekday: 2, dayOfYear: 65))
        let q = Timestamps.parts(-1) // 1969-12-31T23:59:59.999Z, a Wednesday
        #expect(q.year == 1969 && q.month == 12 && q.day == 31 && q.hour == 23 && q.millisecond == 999 && q.weekday == 3)
    }

    @Test func parsesISOWithOffsetsAndFractions() {
        let base: Int64 = 1_709_647_629_000 // 2024-03-05T14:07:09Z
        #expect(Timestamps.parseISO("2024-03-05T14:07:09Z") == base)
        #expect(Timestamps.parseISO("2024-03-05T14:07:09z") == base)
        #expect(Timestamps.parseISO("2024-03-05 14:07:09") == base, "no zone means UTC")
        #expect(Timestamps.parseISO("2024-03-05T14:07:09.250Z") == base + 250)
        #expect(Timestamps.parseISO("2024-03-05T14:07:09.2Z") == base + 200)
        #expect(Timestamps.parseISO("2024-03-05T14:07:09.123456789Z") == base + 123, "beyond ms truncates")
        #expect(Timestamps.parseISO("2024-03-05T16:07:09+02:00") == base)
        #expect(Timestamps.parseISO("2024-03-05T08:37:09-0530") == base)
        #expect(Timestamps.parseISO("2024-03-05T15:07:09+01") == base)
        #expect(Timestamps.parseISO("2024-03-05T14:07Z") == base - 9000)
        #expect(Timestamps.parseISO("2024-03-05") == base - (14 * 3600 + 7 * 60 + 9) * 1000)
        #expect(Timestamps.parseISO("1969-12-31T23:59:59.999Z") == -1)
    }

    @Test func rejectsMalformedTimestamps() {
        for bad in [
            "", "2024", "2024-13-01", "2024-02-30", "2023-02-29", "2024-03-05T25:00:00Z", "2024-03-05T14:07:09+",
            "2024-03-05T14:07:09Zjunk", "2024/03/05", "yesterday", "2024-03-05T14"
        ] {
            #expect(Timestamps.parseISO(bad) == nil, "\(bad)")
        }
        #expect(Timestamps.parseISO("2024-02-29") != nil)
    }

    @Test func formatsRoundTrip() {
        var rng = SeededRandom(seed: 99)
        for _ in 0..<1000 {
            let ms = rng.int(-30_000_000_000_000...30_000_000_000_000)
            let text = Timestamps.formatISO(ms)
            #expect(Timestamps.parseISO(text) == ms, "\(text)")
        }
        #expect(Timestamps.format(1_709_647_629_250, "%Y-%m-%d %H:%M:%S.%3f") == "2024-03-05 14:07:09.250")
        #expect(Timestamps.format(1_709_647_629_250, "%a %b %e %I%p %j %%") == "Tue Mar  5 02PM 065 %")
        #expect(Timestamps.format(1_709_647_629_250, "%s") == "1709647629")
    }

    @Test func parsesWithPatterns() {
        #expect(Timestamps.parse("05/03/2024 14:07", pattern: "%d/%m/%Y %H:%M") == 1_709_647_620_000)
        #expect(Timestamps.parse("2024-03-05T14:07:09.25+0100", pattern: "%Y-%m-%dT%H:%M:%S.%f%z") == 1_709_644_029_250)
        #expect(Timestamps.parse("1709647629", pattern: "%s") == 1_709_647_629_000)
        #expect(Timestamps.parse("Mar 5 2024 2:07PM", pattern: "%b %d %Y %I:%M%p") == 1_709_647_620_000)
        #expect(Timestamps.parse("2024-03-05", pattern: "%d/%m/%Y") == nil)
        #expect(Timestamps.parse("2024-03-05 14:07:09 UTC", pattern: "%F %T %Z") == 1_709_647_629_000)
        #expect(Timestamps.parse("2024-065", pattern: "%Y-%j") == 1_709_596_800_000, "day of year")
        #expect(Timestamps.parse("12:00AM", pattern: "%I:%M%p") == 0)
        #expect(Timestamps.parse("2024-03-05 14:07:09", pattern: "%F %T extra") == nil)
    }

    @Test func eventTimeFormats() throws {
        #expect(try EventTimeFormat.epochMillis.epochMillis(of: 1_709_647_629_250) == 1_709_647_629_250)
        #expect(try EventTimeFormat.epochSeconds.epochMillis(of: 1_709_647_629) == 1_709_647_629_000)
        #expect(try EventTimeFormat.epochSeconds.epochMillis(of: 1_709_647_629.5) == 1_709_647_629_500)
        #expect(try EventTimeFormat.auto.epochMillis(of: 1_709_647_629) == 1_709_647_629_000, "small numbers are seconds")
        #expect(try EventTimeFormat.auto.epochMillis(of: 1_709_647_629_250) == 1_709_647_629_250)
        #expect(try EventTimeFormat.epochMillis.epochMillis(of: "1709647629250") == 1_709_647_629_250)
        #expect(try EventTimeFormat.epochMillis.epochMillis(of: "2024-03-05T14:07:09.250Z") == 1_709_647_629_250)
        #expect(try EventTimeFormat(property: "%d/%m/%Y").epochMillis(of: "05/03/2024") == 1_709_596_800_000)
        #expect(EventTimeFormat(property: nil) == .epochMillis)
        #expect(EventTimeFormat(property: "ISO8601") == .iso8601)
        #expect(runtimeErrorKind { try EventTimeFormat.iso8601.epochMillis(of: nil) } == .missingEventTime)
        #expect(runtimeErrorKind { try EventTimeFormat.iso8601.epochMillis(of: "soon") } == .badCast)
        #expect(runtimeErrorKind { try EventTimeFormat.iso8601.epochMillis(of: true) } == .badCast)
    }
}

@Suite struct EngineDurationTests {
    @Test func shorthandAndIntervals() {
        let cases: [(String, Int64)] = [
            ("5m", 300_000), ("30s", 30_000), ("500ms", 500), ("1h", 3_600_000), ("1d", 86_400_000),
            ("1m 30s", 90_000), ("1h30m", 5_400_000), ("2.5s", 2500), ("250", 250),
            ("INTERVAL '5' MINUTE", 300_000), ("interval 5 minutes", 300_000), ("INTERVAL '10' SECOND", 10_000),
            ("INTERVAL '24' HOUR", 86_400_000), ("1 DAY", 86_400_000), ("2 weeks", 1_209_600_000)
        ]
        for (text, ms) in cases { #expect(DurationValue(parsing: text)?.milliseconds == ms, "\(text)") }
        for bad in ["", "5 parsecs", "m", "-5s", "5s 3", "INTERVAL"] { #expect(DurationValue(parsing: bad) == nil, "\(bad)") }
        #expect(DurationValue(milliseconds: 90_500).description == "1m30s500ms")
        #expect(DurationValue(milliseconds: 0).description == "0ms")
    }
}

@Suite struct EngineLikeTests {
    func like(_ s: String, _ p: String, escape: Character? = "\\", ci: Bool = false) throws -> Bool {
        try LikePattern(p, escape: escape, caseInsensitive: ci).matches(s)
    }

    @Test func wildcards() throws {
        #expect(try like("hello", "hello"))
        #expect(try !like("hello", "hell"))
        #expect(try like("hello", "h%"))
        #expect(try like("hello", "%llo"))
        #expect(try like("hello", "%ll%"))
        #expect(try like("hello", "h_llo"))
        #expect(try !like("hllo", "h_llo"))
        #expect(try like("hello", "%"))
        #expect(try like("", "%"))
        #expect(try !like("", "_"))
        #expect(try like("abcabc", "%b_a%c"))
        #expect(try like("mississippi", "%iss%ippi"))
        #expect(try !like("mississippi", "%iss%ippx"))
        #expect(try like("héllo", "h_llo"), "_ is one character, not one byte")
        #expect(try like("aXbXc", "a%b%c"))
        #expect(try like("ab", "a%%b"))
    }

    @Test func escapesAndCase() throws {
        #expect(try like("100%", "100\\%"))
        #expect(try !like("1000", "100\\%"))
        #expect(try like("a_b", "a!_b", escape: "!"))
        #expect(try !like("axb", "a!_b", escape: "!"))
        #expect(try like("HeLLo", "hel%", ci: true))
        #expect(runtimeErrorKind { try LikePattern("abc\\") } == .badArgument)
        #expect(try LikePattern("a%").evaluate(nil) == .null)
        #expect(try LikePattern("1%").evaluate(12) == .bool(true))
    }

    @Test func generalMatcherAgreesWithFastPaths() throws {
        // Patterns forced through the general matcher ("_" prefix) against a brute-force check.
        var rng = SeededRandom(seed: 3)
        let alphabet: [Character] = ["a", "b", "c"]
        for _ in 0..<300 {
            let s = String((0..<rng.int(0...6)).map { _ in alphabet[Int(rng.int(0...2))] })
            let body = String((0..<rng.int(0...3)).map { _ in alphabet[Int(rng.int(0...2))] })
            let p = LikePattern.self
            #expect(try p.init("%" + body + "%").matches(s) == (body.isEmpty || s.contains(body)))
            #expect(try p.init(body + "%").matches(s) == s.hasPrefix(body))
            #expect(try p.init("%" + body).matches(s) == s.hasSuffix(body))
            #expect(try p.init("_%" + body + "%").matches(s) == (!s.isEmpty && (body.isEmpty || s.dropFirst().contains(body))))
        }
    }
}
