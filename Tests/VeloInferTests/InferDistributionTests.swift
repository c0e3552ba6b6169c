import Testing
import VeloInfer

#if canImport(Glibc)
import Glibc
#endif

/// Distribution choice on generated samples with fixed seeds.
@Suite struct InferDistributionTests {
    static func normal(_ rng: inout SplitMix64) -> Double {
        let u1 = max(Double(rng.next() >> 11) / Double(1 << 53), 1e-300)
        let u2 = Double(rng.next() >> 11) / Double(1 << 53)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    static func uniform(_ rng: inout SplitMix64) -> Double { Double(rng.next() >> 11) / Double(1 << 53) }

    func infer(_ values: [Double], decimals: Int? = nil) throws -> InferredField {
        let lines = values.map { v in
            let text = decimals.map { d in String((v * pow(10, Double(d))).rounded() / pow(10, Double(d))) } ?? String(v)
            return "{\"v\":\(text)}"
        }
        return try #require(InferTest.field("v", lines))
    }

    @Test func normalSample() throws {
        var rng = SplitMix64(seed: 7)
        let field = try infer((0..<2000).map { _ in 50 + 10 * Self.normal(&rng) })
        guard case .normal(let mean, let sd) = field.constraints.distribution else {
            Issue.record("expected normal, got \(String(describing: field.constraints.distribution)): \(field.reasons)")
            return
        }
        #expect(abs(mean - 50) < 1)
        #expect(abs(sd - 10) < 1)
    }

    @Test func uniformSample() throws {
        var rng = SplitMix64(seed: 8)
        let field = try infer((0..<2000).map { _ in 100 + 900 * Self.uniform(&rng) }, decimals: 2)
        #expect(field.type == .decimal(precision: 2))
        #expect(field.constraints.distribution == .uniform)
    }

    @Test func logNormalSample() throws {
        var rng = SplitMix64(seed: 9)
        let field = try infer((0..<2000).map { _ in exp(3 + 0.8 * Self.normal(&rng)) })
        guard case .logNormal(let mu, let sigma) = field.constraints.distribution else {
            Issue.record("expected log_normal, got \(String(describing: field.constraints.distribution)): \(field.reasons)")
            return
        }
        #expect(abs(mu - 3) < 0.1)
        #expect(abs(sigma - 0.8) < 0.1)
    }

    @Test func integerNormalSampleSurvivesTies() throws {
        var rng = SplitMix64(seed: 10)
        let lines = (0..<3000).map { _ in "{\"v\":\(Int((20 + 3 * Self.normal(&rng)).rounded()))}" }
        let field = try #require(InferTest.field("v", lines))
        #expect(field.type == .integer)
        #expect(field.constraints.distribution?.name == "normal")
    }

    @Test func bimodalSampleGetsNoDistribution() throws {
        var rng = SplitMix64(seed: 11)
        let field = try infer((0..<2000).map { i in (i % 2 == 0 ? 0 : 100) + Self.normal(&rng) })
        #expect(field.constraints.distribution == nil)
        #expect(field.constraints.range != nil)
        #expect(field.reasons.contains { $0.hasPrefix("no distribution: no candidate fits") })
    }

    @Test func smallSamplesGetNoDistribution() throws {
        let field = try infer((0..<50).map(Double.init))
        #expect(field.constraints.distribution == nil)
        #expect(field.reasons.contains { $0.contains("fewer than the 100") })
    }

    @Test func momentsAreStreamedCorrectly() {
        var stats = NumericStats(reservoirSize: 10, seed: 1, distinctCap: 10)
        for v in [2.0, 4, 4, 4, 5, 5, 7, 9] { stats.addFloat(v, places: 0) }
        #expect(abs(stats.average - 5) < 1e-12)
        #expect(abs(stats.standardDeviation - (32.0 / 7).squareRoot()) < 1e-12)
        #expect(stats.reservoir.values.count == 8)
        var skewed = NumericStats(reservoirSize: 10, seed: 1, distinctCap: 10)
        for v in [1.0, 1, 1, 1, 10] { skewed.addFloat(v, places: 0) }
        #expect(skewed.skewness > 1)
    }
}
