import Testing
import VeloInfer

@Suite struct InferPatternTests {
    func pattern(_ values: [String]) -> String? {
        var tracker = PatternTracker()
        for v in values { TextShapes.withBytes(v) { tracker.add($0) } }
        return FieldResolver.patternIfStructured(tracker)
    }

    @Test func sequentialIdsBecomeSeq() {
        #expect(pattern((123..<140).map { "ORD-" + String(repeating: "0", count: 6 - String($0).count) + String($0) }) == "ORD-{seq:6}")
    }

    @Test func nonSequentialIdsBecomeClasses() {
        #expect(pattern(["ORD-000123", "ORD-004567", "ORD-000001"]) == "ORD-[0-9]{6}")
        #expect(pattern(["ABC-000123", "XYZ-004567", "ORD-000001"]) == "[A-Z]{3}-[0-9]{6}")
        #expect(pattern(["ab12", "cd345", "ef6"]) == "[a-z]{2}[0-9]{1,3}")
        #expect(pattern(["v1.2", "v3.4"]) == "v[0-9]{1}\\.[0-9]{1}")
    }

    @Test func fixedLengthCodesWithoutDigits() {
        #expect(pattern(["USD", "EUR", "GBP"]) == "[A-Z]{3}")
    }

    @Test func freeTextHasNoPattern() {
        #expect(pattern(["Alice", "Bob", "Carol"]) == nil) // no digits, varying length
        #expect(pattern(["ORD-1", "ORD_2"]) == nil) // different separators
        #expect(pattern(["a b 1", "x1"]) == nil) // different shapes
        #expect(pattern(["ORD-000001"]) == nil) // one value says nothing
        #expect(pattern(["café1", "thé2"]) == nil) // non-ASCII
    }

    @Test func patternsReachTheSchema() throws {
        let lines = (0..<30).map { "{\"sku\":\"SKU-\($0 % 3 == 0 ? "A" : "B")\(100 + ($0 * 37) % 900)\"}" }
        let field = try #require(InferTest.field("sku", lines))
        #expect(field.constraints.pattern == "SKU-[A-Z]{1}[0-9]{3}")
        #expect(field.reasons.contains { $0.hasPrefix("pattern SKU-") })
    }
}
