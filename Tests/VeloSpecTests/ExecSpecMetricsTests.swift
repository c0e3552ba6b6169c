import Testing
import VeloSQL
import VeloSpec

/// `-- @metric` annotations measured on a query's output for a test spec's metric assertions.
@Suite struct ExecSpecMetricsTests {
    static let sql = """
        -- @metric: alerts_critical_total(sector)
        -- @metric_type: counter
        -- @metric_condition: severity = 'CRITICAL' AND total > 10
        -- @metric: last_total
        -- @metric_type: gauge
        -- @metric_field: total
        -- @metric: totals_seen
        -- @metric_type: histogram
        -- @metric_field: total * 2
        -- @metric: broken
        -- @metric_type: gauge
        CREATE STREAM alerts AS SELECT sector, total, severity FROM windows;
        """

    @Test func declaredInOrderWithTheirKeys() throws {
        let checked = SQLFrontEnd.check(Self.sql)
        let declared = ExecSpecMetrics.declared(in: checked.script.statements[0])
        #expect(declared.map(\.name) == ["alerts_critical_total", "last_total", "totals_seen", "broken"])
        #expect(declared.map(\.kind) == [.counter, .gauge, .histogram, .gauge])
        #expect(declared[0].condition == "severity = 'CRITICAL' AND total > 10")
        #expect(declared[2].field == "total * 2")
    }

    @Test func measuredOnTheOutputAgainstAPlainCount() throws {
        let rows: [(String, Int?, String)] = [
            ("a", 5, "CRITICAL"), ("b", 50, "CRITICAL"), ("c", 70, "HIGH"),
            ("d", nil, "CRITICAL"), ("e", 12, "CRITICAL"), ("f", 3, "HIGH")
        ]
        let lines = rows.map { "{\"sector\":\"\($0.0)\",\"total\":\($0.1.map(String.init) ?? "null"),\"severity\":\"\($0.2)\"}" }
        let checked = SQLFrontEnd.check(Self.sql)
        let (metrics, problems) = ExecSpecMetrics.measure(ExecSpecMetrics.declared(in: checked.script.statements[0]), output: lines)
        let critical = rows.filter { $0.2 == "CRITICAL" && ($0.1 ?? 0) > 10 }.count
        #expect(metrics.first { $0.name == "alerts_critical_total" } == SpecMetric("alerts_critical_total", .counter, Double(critical)))
        #expect(metrics.first { $0.name == "last_total" }?.value == 3)
        #expect(metrics.first { $0.name == "totals_seen" } == SpecMetric("totals_seen", .histogram, Double(rows.filter { $0.1 != nil }.count)))
        #expect(metrics.first { $0.name == "broken" } == nil)
        #expect(problems.count == 1 && problems[0].contains("needs @metric_field"))
    }

    /// The one-pass measure gives what a query per metric gives, also when a metric's SQL is broken or
    /// its condition NULL on some records (conditions and fields of different metrics do not mix).
    @Test(arguments: [
        "", "-- @metric: bad_sql\n-- @metric_type: gauge\n-- @metric_field: total +\n",
        "-- @metric: by_name\n-- @metric_type: gauge\n-- @metric_field: LENGTH(sector)\n-- @metric_condition: total > 0\n"
    ])
    func onePassMatchesOneQueryPerMetric(extra: String) throws {
        let lines = (0..<40).map { i in
            "{\"sector\":\"s\(i % 3)\",\"total\":\(i % 7 == 0 ? "null" : String(i * 3 - 20)),\"severity\":\"\(i % 4 == 0 ? "CRITICAL" : "HIGH")\"}"
        }
        let checked = SQLFrontEnd.check(extra + Self.sql)
        let declared = ExecSpecMetrics.declared(in: checked.script.statements[0])
        let onePass = ExecSpecMetrics.measure(declared, output: lines)
        // A broken metric sends all to one query each; otherwise the one pass is what ran.
        #expect((ExecSpecMetrics.measureInOnePass(declared, output: lines) == nil) == extra.contains("total +"))
        let each = ExecSpecMetrics.measureEach(declared, output: lines)
        #expect(onePass.metrics == each.metrics)
        #expect(onePass.problems == each.problems)
        #expect(onePass.metrics.count >= 3 && onePass.metrics.contains { $0.name == "alerts_critical_total" && $0.value > 0 })
    }
}
