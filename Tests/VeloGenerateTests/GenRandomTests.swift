import Testing
import VeloGenerate

@Suite struct GenRandomTests {
    @Test func sameSeedSameStream() {
        var a = GenRandom(seed: 42, stream: "orders.amount")
        var b = GenRandom(seed: 42, stream: "orders.amount")
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
    }

    @Test func streamsAndSeedsDiffer() {
        var a = GenRandom(seed: 42, stream: "orders.amount")
        var b = GenRandom(seed: 42, stream: "orders.quantity")
        var c = GenRandom(seed: 43, stream: "orders.amount")
        let xs = (0..<8).map { _ in a.next() }
        #expect(xs != (0..<8).map { _ in b.next() })
        #expect(xs != (0..<8).map { _ in c.next() })
    }

    @Test func boundedIntegersCoverTheirRangeOnly() {
        var rng = GenRandom(seed: 1)
        var seen = Set<Int64>()
        for _ in 0..<10_000 {
            let v = rng.next(in: -3, 3)
            #expect(v >= -3 && v <= 3)
            seen.insert(v)
        }
        #expect(seen.count == 7)
        #expect(rng.next(in: 5, 5) == 5)
    }

    @Test func doublesAreInUnitInterval() {
        var rng = GenRandom(seed: 9)
        var sum = 0.0
        for _ in 0..<100_000 {
            let d = rng.nextDouble()
            #expect(d >= 0 && d < 1)
            sum += d
        }
        #expect(abs(sum / 100_000 - 0.5) < 0.01)
    }

    @Test func normalHasUnitMoments() {
        var rng = GenRandom(seed: 3)
        let xs = (0..<100_000).map { _ in rng.nextNormal() }
        #expect(abs(GenTest.mean(xs)) < 0.02)
        #expect(abs(GenTest.stdDev(xs) - 1) < 0.02)
    }

    @Test func aliasMethodMatchesWeights() {
        let weights = [5.0, 3, 2, 0]
        let choice = WeightedChoice(weights: weights)
        var rng = GenRandom(seed: 11)
        var counts = [Int](repeating: 0, count: 4)
        let n = 100_000
        for _ in 0..<n { counts[choice.pick(&rng)] += 1 }
        for i in 0..<4 {
            #expect(abs(Double(counts[i]) / Double(n) - weights[i] / 10) < 0.01)
        }
        #expect(counts[3] == 0)
    }

    @Test func zipfFollowsPowerLaw() {
        let sampler = ZipfSampler(n: 100, exponent: 1.2)
        var rng = GenRandom(seed: 5)
        var counts = [Int](repeating: 0, count: 101)
        let n = 200_000
        for _ in 0..<n {
            let k = Int(sampler.sample(&rng))
            #expect(k >= 1 && k <= 100)
            counts[k] += 1
        }
        let harmonic = (1...100).reduce(0.0) { $0 + 1 / pow(Double($1), 1.2) }
        for k in [1, 2, 5, 10] {
            let expected = 1 / pow(Double(k), 1.2) / harmonic
            #expect(abs(Double(counts[k]) / Double(n) - expected) < 0.01, "rank \(k)")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
