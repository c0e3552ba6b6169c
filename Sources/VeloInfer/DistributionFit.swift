import VeloSchema

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses between uniform, normal and log-normal for a numeric sample with the Kolmogorov–Smirnov distance
/// D (the largest gap between the sample's cumulative distribution and the fitted one). The smallest D wins
/// and is kept only when it is small enough to be believable.
public enum DistributionFit {
    public struct Result: Sendable {
        public var best: Distribution?
        /// Candidate name → D, in the order tried.
        public var distances: [(name: String, distance: Double)]
        public var threshold: Double
        public var sampleSize: Int
    }

    /// - Parameters:
    ///   - values: the reservoir sample.
    ///   - unit: the spacing of the data (1 for integers, 0.01 for two-place decimals, 0 for floats). Each value
    ///     is spread uniformly over ±unit/2 so that KS, which assumes continuous data, is not fooled by ties.
    public static func fit(_ values: [Double], unit: Double, maxDistance: Double, seed: UInt64) -> Result {
        var rng = SplitMix64(seed: seed)
        var xs = values.map { v -> Double in
            guard unit > 0 else { return v }
            let u = Double(rng.next() >> 11) / Double(1 << 53) - 0.5
            return v + u * unit
        }
        xs.sort()
        let n = xs.count
        let threshold = max(maxDistance, 1.63 / Double(n).squareRoot())
        var distances: [(String, Double)] = []
        var candidates: [(Distribution, Double)] = []

        let lo = xs.first ?? 0, hi = xs.last ?? 0
        if hi > lo {
            let d = ks(xs) { ($0 - lo) / (hi - lo) }
            distances.append(("uniform", d))
            candidates.append((.uniform, d))
        }
        let (mean, sd) = moments(xs)
        if sd > 0 {
            let d = ks(xs) { normalCDF(($0 - mean) / sd) }
            distances.append(("normal", d))
            candidates.append((.normal(mean: mean, stdDev: sd), d))
        }
        if lo > 0 {
            let logs = xs.map { log($0) }
            let (mu, sigma) = moments(logs)
            if sigma > 0 {
                let d = ks(logs) { normalCDF(($0 - mu) / sigma) }
                distances.append(("log_normal", d))
                candidates.append((.logNormal(mean: mu, stdDev: sigma), d))
            }
        }
        let best = candidates.min { $0.1 < $1.1 }
        return Result(
            best: best.flatMap { $0.1 <= threshold ? $0.0 : nil }, distances: distances,
            threshold: threshold, sampleSize: n)
    }

    package static func moments(_ xs: [Double]) -> (Double, Double) {
        guard xs.count > 1 else { return (xs.first ?? 0, 0) }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        return (mean, variance.squareRoot())
    }

    /// D for sorted `xs` against `cdf`.
    package static func ks(_ xs: [Double], _ cdf: (Double) -> Double) -> Double {
        let n = Double(xs.count)
        var d = 0.0
        for (i, x) in xs.enumerated() {
            let f = cdf(x)
            d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
        }
        return d
    }

    package static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
}
