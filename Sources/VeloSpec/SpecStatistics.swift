import VeloJSON

/// Aggregates and order statistics over a field of records (assertions and templates).
package enum SpecStatistics {
    /// Numbers of `field` (nulls and non-numbers left out).
    package static func numbers(_ field: String, _ records: [JSONValue]) -> [Double] {
        records.compactMap { SpecValue.number($0[field]) }
    }

    /// SUM, COUNT, AVG, MIN or MAX of a field; COUNT counts non-null values (`*` counts records).
    /// Nil when there is nothing to aggregate (AVG, MIN, MAX of no numbers).
    package static func aggregate(_ function: String, field: String, records: [JSONValue]) -> Double? {
        if function == "COUNT" {
            if field == "*" { return Double(records.count) }
            return Double(records.filter { !($0[field]?.isNull ?? true) }.count)
        }
        let values = numbers(field, records)
        switch function {
        case "SUM": return values.reduce(0, +)
        case "AVG": return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        case "MIN": return values.min()
        case "MAX": return values.max()
        default: return nil
        }
    }

    package static func mean(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count) }

    /// Population standard deviation.
    package static func stdDev(_ v: [Double]) -> Double {
        guard v.count > 1 else { return 0 }
        let m = mean(v)
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot()
    }

    /// The nearest-rank percentile (p in 0...100) of sorted values.
    package static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
