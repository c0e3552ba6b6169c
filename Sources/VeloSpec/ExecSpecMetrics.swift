import VeloEngine
import VeloSQL

/// Application metrics a job declares with `-- @metric` annotations (docs/test-spec.md), measured on the output a
/// spec query captured, so `metric_exists`/`metric_counter`/`metric_gauge` can check them:
///
/// - counter: output records (matching `@metric_condition`, a SQL predicate over the output columns);
/// - gauge: the last matching record's `@metric_field`;
/// - histogram: how many matching records have a `@metric_field` value.
///
/// Conditions and fields run through the engine itself (`SELECT field FROM out WHERE condition`), so they mean
/// what they mean in the job's SQL. `name(label, …)` declares labels; the metric is named without them.
package enum ExecSpecMetrics {
    package struct Declared: Equatable {
        package var name: String
        package var kind: SpecMetric.Kind = .counter
        package var field: String?
        package var condition: String?
    }

    /// The metrics declared on a statement, in order: each `@metric` starts one; the `@metric_*` keys after
    /// it belong to it.
    package static func declared(in statement: SQLStatement) -> [Declared] {
        var list: [Declared] = []
        for a in statement.annotations {
            let value = a.value.trimmingCharacters(in: .whitespaces)
            if a.key == "metric" {
                let name = value.split(separator: "(", maxSplits: 1).first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? value
                list.append(Declared(name: name))
                continue
            }
            guard !list.isEmpty else { continue }
            switch a.key {
            case "metric_type": list[list.count - 1].kind = SpecMetric.Kind(rawValue: value.lowercased()) ?? .counter
            case "metric_field": list[list.count - 1].field = value
            case "metric_condition": list[list.count - 1].condition = value
            default: break
            }
        }
        return list
    }

    /// Measures each declared metric over `output` (NDJSON lines). A metric whose SQL does not run is
    /// left out and its reason returned, so the spec's `metric_exists` fails naming it.
    package static func measure(_ declared: [Declared], output: [String]) -> (metrics: [SpecMetric], problems: [String]) {
        var metrics: [SpecMetric] = [], problems: [String] = []
        for d in declared {
            let filter = d.condition.map { " WHERE " + $0 } ?? ""
            do {
                switch d.kind {
                case .counter:
                    let rows = try ExecEngine.run("SELECT 1 AS one FROM out" + filter, records: output).records
                    metrics.append(SpecMetric(d.name, .counter, Double(rows.count)))
                case .gauge, .histogram:
                    guard let field = d.field else {
                        problems.append("@metric \(d.name): a \(d.kind.rawValue) needs @metric_field")
                        continue
                    }
                    let rows = try ExecEngine.run("SELECT \(field) AS v FROM out" + filter, records: output).records
                    let values = rows.compactMap { row -> Double? in
                        switch row["v"] {
                        case .int(let i)?: return Double(i)
                        case .double(let x)?: return x
                        default: return nil
                        }
                    }
                    if d.kind == .gauge {
                        metrics.append(SpecMetric(d.name, .gauge, values.last ?? 0))
                    } else {
                        metrics.append(SpecMetric(d.name, .histogram, Double(values.count)))
                    }
                }
            } catch {
                problems.append("@metric \(d.name): \(error)")
            }
        }
        return (metrics, problems)
    }
}
