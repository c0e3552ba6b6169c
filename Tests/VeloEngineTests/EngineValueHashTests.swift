import Testing
import VeloEngine

/// `SQLValue`'s `==` and `hash(into:)` must agree for every pair of numeric kinds (int, double, decimal):
/// sets and hash tables of values (COUNT(DISTINCT …), DISTINCT, UNION, IN lists) trap or miscount otherwise.
/// Values are drawn around the places where exactness is lost: 2^53, Int64's ends, integral doubles,
/// decimals of several scales.
@Suite struct EngineValueHashTests {
    /// SplitMix64: a seeded generator, so each seed's values are the same on every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A value and its numeric neighbours of every kind.
    static func neighbourhood(_ rng: inout Seeded) -> [SQLValue] {
        let anchors: [Int64] = [
            0, 1, -1, 1 << 53, (1 << 53) + 1, -(1 << 53) - 1, Int64.max, Int64.min, Int64.max - 1,
            1 << 62, Int64.random(in: -1_000_000...1_000_000, using: &rng),
            Int64.random(in: Int64.min...Int64.max, using: &rng)
        ]
        let x = anchors[Int.random(in: 0..<anchors.count, using: &rng)]
        var values: [SQLValue] = [.int(x), .double(Double(x)), .double(Double(x).nextUp), .double(Double(x).nextDown)]
        for scale in UInt8(0)...3 {
            let p = Int64([1, 10, 100, 1000][Int(scale)])
            let (units, overflow) = x.multipliedReportingOverflow(by: p)
            if !overflow { values.append(.decimal(SQLDecimal(units: units, scale: scale))) }
            let small = Int64.random(in: -100_000...100_000, using: &rng)
            values.append(.decimal(SQLDecimal(units: small, scale: scale)))
            values.append(.double(Double(small) / Double(p)))
        }
        values.append(.double(.nan))
        values.append(.double(-0.0))
        return values
    }

    @Test(arguments: 0..<200) func equalNumbersHashAlike(seed: UInt64) {
        var rng = Seeded(state: seed)
        var all: [SQLValue] = []
        for _ in 0..<4 { all += Self.neighbourhood(&rng) }
        for a in all {
            for b in all where a == b {
                #expect(b == a, "== is not symmetric for \(a) and \(b)")
                #expect(a.hashValue == b.hashValue, "\(a) == \(b) but their hashes differ")
            }
        }
        // A set built from them keeps exactly one of each group of equal values (and does not trap).
        var distinct: [SQLValue] = []
        for v in all where !distinct.contains(v) { distinct.append(v) }
        #expect(Set(all).count == distinct.count)
    }

    @Test func largeIntegersAreNotEqualToTheDoubleBesideThem() {
        let big: Int64 = (1 << 53) + 1
        #expect(SQLValue.int(big) != .double(Double(big)))
        #expect(SQLValue.decimal(SQLDecimal(units: big * 10, scale: 1)) != .double(Double(big)))
        #expect(SQLValue.decimal(SQLDecimal(units: big * 10, scale: 1)) == .int(big))
        #expect(SQLValue.int(1) == .double(1.0) && SQLValue.int(1) == .decimal(SQLDecimal(units: 100, scale: 2)))
        #expect(SQLValue.decimal(SQLDecimal(units: 110, scale: 2)) == .decimal(SQLDecimal(units: 11, scale: 1)))
        #expect(Set<SQLValue>([.int(big), .double(Double(big)), .decimal(SQLDecimal(units: big, scale: 0))]).count == 2)
    }
}
