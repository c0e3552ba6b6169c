import VeloEngine
import VeloJSON
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
    ///
    /// All metrics are measured in one pass (`SELECT CASE WHEN condition THEN field END AS metric_0, … FROM out`):
    /// a spec's output can be large (an interval join's) and each pass decodes all of it. When that pass
    /// throws or fails a record, each metric runs alone (`measureEach`) so one bad metric spoils no other.
    package static func measure(_ declared: [Declared], output: [String]) -> (metrics: [SpecMetric], problems: [String]) {
        measureInOnePass(declared, output: output) ?? measureEach(declared, output: output)
    }

    /// The one-pass measure; nil when its query throws or fails a record.
    package static func measureInOnePass(_ declared: [Declared], output: [String]) -> (metrics: [SpecMetric], problems: [String])? {
        let measurable = declared.filter { $0.kind == .counter || $0.field != nil }
        let columns = measurable.indices.map { "\(expression(measurable[$0])) AS metric_\($0)" }
        guard !columns.isEmpty,
            let result = try? ExecEngine.run("SELECT " + columns.joined(separator: ", ") + " FROM out", records: output),
            result.metrics.failedRecords == 0, result.records.count == output.count
        else { return nil }
        var metrics: [SpecMetric] = [], problems: [String] = []
        var column = 0
        for d in declared {
            guard d.kind == .counter || d.field != nil else {
                problems.append("@metric \(d.name): a \(d.kind.rawValue) needs @metric_field")
                continue
            }
            let values = result.records.map { $0["metric_\(column)"] }
            column += 1
            if d.kind == .counter {
                metrics.append(SpecMetric(d.name, .counter, Double(values.filter { $0 != nil && $0 != .null }.count)))
            } else {
                metrics.append(metric(d, values: values))
            }
        }
        return (metrics, problems)
    }

    /// One metric's value in the one-pass query: its field (1 for a counter), NULL where its condition does not hold.
    private static func expression(_ d: Declared) -> String {
        let value = d.kind == .counter ? "1" : "(\(d.field ?? "NULL"))"
        return d.condition.map { "CASE WHEN (\($0)) THEN \(value) END" } ?? value
    }

    /// A gauge (the last number) or histogram (how many numbers) over a metric's values.
    private static func metric(_ d: Declared, values: [JSONValue?]) -> SpecMetric {
        let numbers = values.compactMap { v -> Double? in
            switch v {
            case .int(let i)?: return Double(i)
            case .double(let x)?: return x
            default: return nil
            }
        }
        return d.kind == .gauge ? SpecMetric(d.name, .gauge, numbers.last ?? 0) : SpecMetric(d.name, .histogram, Double(numbers.count))
    }

    /// Measures each metric with a query of its own (`SELECT field AS v FROM out WHERE condition`).
    package static func measureEach(_ declared: [Declared], output: [String]) -> (metrics: [SpecMetric], problems: [String]) {
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
                    metrics.append(metric(d, values: rows.map { $0["v"] }))
                }
            } catch {
                problems.append("@metric \(d.name): \(error)")
            }
        }
        return (metrics, problems)
    }
}
