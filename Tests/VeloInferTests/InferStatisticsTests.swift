import Testing
import VeloBase
import VeloInfer

/// The bounded-memory building blocks: capped distinct counting, HyperLogLog, reservoir, number and time text.
@Suite struct InferStatisticsTests {
    @Test func distinctCounterCountsThenStopsAtItsCap() {
        var counter = DistinctCounter(cap: 3)
        for v in ["a", "b", "a", "", "", "a"] { TextShapes.withBytes(v) { counter.add($0, hash: Hash64.bytes($0)) } }
        #expect(counter.byFrequency.map(\.value) == ["a", "", "b"])
        #expect(counter.byFrequency.map(\.count) == [3, 2, 1])
        TextShapes.withBytes("d") { counter.add($0, hash: Hash64.bytes($0)) }
        #expect(counter.overflowed)
        #expect(counter.values.isEmpty)
    }

    @Test func intDistinctIsExactUnderItsCap() {
        var d = IntDistinct(cap: 1000)
        for v in [0, -1, 5, 5, Int64.max, Int64.min, 0] { d.add(v) }
        #expect(d.distinct == 5)
        for v in 0..<2000 { d.add(Int64(v)) }
        #expect(d.overflowed)
    }

    @Test func hyperLogLogEstimatesWithinAFewPercent() {
        for n in [100, 5000, 200_000] {
            var hll = HyperLogLog()
            for v in 0..<n { hll.add(hash: Hash64.mix(UInt64(v) &* 31)) }
            #expect(abs(hll.estimate - Double(n)) / Double(n) < 0.05, "\(n): \(hll.estimate)")
        }
    }

    @Test func reservoirKeepsAUniformSample() {
        var r = Reservoir(capacity: 1000, seed: 3)
        for v in 0..<100_000 { r.add(Double(v)) }
        #expect(r.values.count == 1000)
        let mean = r.values.reduce(0, +) / 1000
        #expect(abs(mean - 50_000) < 3000)
    }

    @Test func numberTextKeepsPlaces() {
        func parse(_ s: String) -> NumberText.Parsed? { TextShapes.withBytes(s) { NumberText.parse($0) } }
        #expect(parse("12") == .integer(12))
        #expect(parse("-0") == .integer(0))
        #expect(parse("12.50") == .float(12.5, places: 2))
        #expect(parse("0.1") == .float(0.1, places: 1))
        #expect(parse("1e3") == .float(1000, places: nil))
        #expect(parse("123456789012345678901") == .float(123456789012345678901, places: 0))
        #expect(parse("01") == nil)
        #expect(parse("1.") == nil)
        #expect(parse("-") == nil)
    }

    @Test func timeTextRoundTrips() {
        func ts(_ s: String) -> Int64? { TextShapes.withBytes(s) { TextShapes.timestamp($0) } }
        #expect(ts("1970-01-01T00:00:00Z") == 0)
        #expect(ts("2024-02-29 12:00:00.5") == 1_709_208_000_500)
        #expect(ts("2024-02-30T12:00:00Z") == nil)
        #expect(ts("2024-01-01T00:00:00+01:00") == ts("2023-12-31T23:00:00Z"))
        #expect(TextShapes.formatTimestamp(millis: 1_709_208_000_500) == "2024-02-29T12:00:00.500Z")
        #expect(TextShapes.formatTimestamp(millis: -1000) == "1969-12-31T23:59:59Z")
        #expect(TextShapes.withBytes("123E4567-e89b-12d3-a456-426614174000") { TextShapes.isUUID($0) })
        #expect(!TextShapes.withBytes("123e4567-e89b-12d3-a456-42661417400g") { TextShapes.isUUID($0) })
    }
}
