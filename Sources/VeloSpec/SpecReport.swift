import Foundation
import VeloBase
import VeloJSON

/// The outcome of running a test spec: per query its status, counts and assertion results. Renders as
/// text, as the JSON layout of docs/test-spec.md ("Reports"), and as JUnit XML.
public struct SpecReport: Sendable, Equatable {
    public enum Status: String, Sendable { case passed, failed, skipped, error }

    public struct QueryReport: Sendable, Equatable {
        public var name: String
        public var status: Status
        public var durationMs: Double
        public var error: String?
        public var inputRecords: Int
        public var outputRecords: Int
        public var assertions: [AssertionResult]
        /// Why a query was skipped, when the runner says (file-only mode: its job is in another SQL file).
        public var reason: String?

        public init(
            name: String, status: Status, durationMs: Double = 0, error: String? = nil, inputRecords: Int = 0,
            outputRecords: Int = 0, assertions: [AssertionResult] = []
        ) {
            self.name = name
            self.status = status
            self.durationMs = durationMs
            self.error = error
            self.inputRecords = inputRecords
            self.outputRecords = outputRecords
            self.assertions = assertions
        }
    }

    public struct Summary: Sendable, Equatable {
        public var total = 0, passed = 0, failed = 0, skipped = 0, errors = 0
        public var totalAssertions = 0, passedAssertions = 0, failedAssertions = 0

        package init(
            total: Int = 0, passed: Int = 0, failed: Int = 0, skipped: Int = 0, errors: Int = 0, totalAssertions: Int = 0, passedAssertions: Int = 0,
            failedAssertions: Int = 0
        ) {
            self.total = total
            self.passed = passed
            self.failed = failed
            self.skipped = skipped
            self.errors = errors
            self.totalAssertions = totalAssertions
            self.passedAssertions = passedAssertions
            self.failedAssertions = failedAssertions
        }
    }

    public var application: String
    public var runId: String
    /// Epoch milliseconds.
    public var startMs: Int64
    public var endMs: Int64
    public var queries: [QueryReport]

    public init(application: String, runId: String, startMs: Int64, endMs: Int64, queries: [QueryReport]) {
        self.application = application
        self.runId = runId
        self.startMs = startMs
        self.endMs = endMs
        self.queries = queries
    }

    public var summary: Summary {
        var s = Summary()
        for q in queries {
            s.total += 1
            switch q.status {
            case .passed: s.passed += 1
            case .failed: s.failed += 1
            case .skipped: s.skipped += 1
            case .error: s.errors += 1
            }
            s.totalAssertions += q.assertions.count
            s.passedAssertions += q.assertions.filter(\.passed).count
        }
        s.failedAssertions = s.totalAssertions - s.passedAssertions
        return s
    }

    /// 0 when everything passed (skips allowed), 1 when an assertion failed or a query errored.
    public var exitCode: VeloExit { queries.contains { $0.status == .failed || $0.status == .error } ? .failed : .ok }

    /// Evaluates every query of `spec` against what the runner produced (`results` by query name), in
    /// execution order. A query without a result is an error unless it is skipped.
    public static func evaluate(
        _ spec: TestSpec, results: [String: QueryRunResult], runId: String, startMs: Int64,
        endMs: Int64, nowMs: Int64? = nil
    ) -> SpecReport {
        let context = SpecContext(results: results, config: spec.config, directory: spec.directory, nowMs: nowMs ?? endMs)
        var reports: [QueryReport] = []
        for query in SpecExecutionOrder(spec).queries {
            if query.skip {
                reports.append(QueryReport(name: query.name, status: .skipped))
                continue
            }
            if let reason = results[query.name]?.skipReason {
                var skipped = QueryReport(name: query.name, status: .skipped)
                skipped.reason = reason
                reports.append(skipped)
                continue
            }
            guard let result = results[query.name] else {
                reports.append(QueryReport(name: query.name, status: .error, error: "query '\(query.name)' did not run"))
                continue
            }
            var report = QueryReport(
                name: query.name, status: .passed, durationMs: result.durationMs, error: result.error,
                inputRecords: result.inputCount, outputRecords: result.outputCount)
            if result.error != nil {
                report.status = .error
            } else {
                report.assertions = SpecEvaluator.evaluate(query: query, result: result, context: context)
                if report.assertions.contains(where: { !$0.passed }) { report.status = .failed }
            }
            reports.append(report)
        }
        return SpecReport(application: spec.application, runId: runId, startMs: startMs, endMs: endMs, queries: reports)
    }

    // MARK: JSON

    /// `{application, run_id, start_time, end_time, duration_ms, summary{…}, queries[…]}` (docs/test-spec.md, "Reports").
    public var json: JSONValue {
        let s = summary
        let summaryObject: JSONValue = [
            "total": .int(Int64(s.total)), "passed": .int(Int64(s.passed)), "failed": .int(Int64(s.failed)),
            "skipped": .int(Int64(s.skipped)), "errors": .int(Int64(s.errors)),
            "total_assertions": .int(Int64(s.totalAssertions)), "passed_assertions": .int(Int64(s.passedAssertions)),
            "failed_assertions": .int(Int64(s.failedAssertions))
        ]
        let queryList: [JSONValue] = queries.map { q in
            var o = JSONObject()
            o.append("name", .string(q.name))
            o.append("status", .string(q.status.rawValue))
            o.append("duration_ms", .int(Int64(q.durationMs.rounded())))
            if let e = q.error { o.append("error", .string(e)) }
            if let r = q.reason { o.append("reason", .string(r)) }
            o.append("record_counts", ["inputs": .int(Int64(q.inputRecords)), "outputs": .int(Int64(q.outputRecords))])
            o.append(
                "assertions",
                .array(
                    q.assertions.map { a in
                        var r = JSONObject()
                        r.append("type", .string(a.type))
                        r.append("passed", .bool(a.passed))
                        r.append("message", .string(a.message))
                        if let e = a.expected { r.append("expected", .string(e)) }
                        if let v = a.actual { r.append("actual", .string(v)) }
                        return .object(r)
                    }))
            return .object(o)
        }
        var top = JSONObject()
        top.append("application", .string(application))
        top.append("run_id", .string(runId))
        top.append("start_time", .string(Timestamps.formatISO(startMs)))
        top.append("end_time", .string(Timestamps.formatISO(endMs)))
        top.append("duration_ms", .int(endMs - startMs))
        top.append("summary", summaryObject)
        top.append("queries", .array(queryList))
        return .object(top)
    }

    /// The JSON report, indented two spaces, with a final newline.
    public var jsonText: String { SpecReport.pretty(json, indent: "") + "\n" }

    package static func pretty(_ v: JSONValue, indent: String) -> String {
        let inner = indent + "  "
        switch v {
        case .object(let o) where o.count > 0:
            return "{\n" + o.map { k, v in inner + scalar(.string(k)) + ": " + pretty(v, indent: inner) }.joined(separator: ",\n") + "\n\(indent)}"
        case .array(let a) where !a.isEmpty:
            return "[\n" + a.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        default:
            return scalar(v)
        }
    }

    private static func scalar(_ v: JSONValue) -> String {
        var w = JSONWriter()
        w.write(v)
        return w.text
    }

    // MARK: text

    /// A human summary: one line per query, failed assertions with expected vs actual, a total.
    public func text(color: Bool) -> String {
        let style = TextStyle(enabled: color)
        var lines = [style.bold("Test spec '\(application)'") + style.dim(" (run \(runId))")]
        for q in queries {
            let mark: String
            switch q.status {
            case .passed: mark = style.green("PASS")
            case .failed: mark = style.red("FAIL")
            case .skipped: mark = style.yellow("SKIP")
            case .error: mark = style.red(style.bold("ERROR"))
            }
            var line = "\(mark) \(style.bold(q.name))"
            if q.status != .skipped {
                let passed = q.assertions.filter(\.passed).count
                line += style.dim(
                    "  \(passed)/\(q.assertions.count) assertions, \(q.inputRecords) in → \(q.outputRecords) out, \(HumanFormat.fixed(q.durationMs, digits: 0)) ms"
                )
            }
            if let r = q.reason { line += style.dim("  " + r) }
            lines.append(line)
            if let e = q.error { lines.append("     " + style.red(e)) }
            for a in q.assertions {
                if a.passed {
                    lines.append("     " + style.green("✓") + " \(a.type): " + style.dim(a.message))
                } else {
                    lines.append("     " + style.red("✗") + " \(style.bold(a.type)): \(a.message)")
                    if let e = a.expected { lines.append("         expected: " + style.green(e)) }
                    if let v = a.actual { lines.append("         actual:   " + style.red(v)) }
                }
            }
        }
        let s = summary
        var total = "\(s.total) quer\(s.total == 1 ? "y" : "ies"): \(s.passed) passed"
        if s.failed > 0 { total += ", " + style.red("\(s.failed) failed") }
        if s.errors > 0 { total += ", " + style.red("\(s.errors) error\(s.errors == 1 ? "" : "s")") }
        if s.skipped > 0 { total += ", " + style.yellow("\(s.skipped) skipped") }
        total += "; assertions \(s.passedAssertions)/\(s.totalAssertions) passed in \(HumanFormat.fixed(Double(endMs - startMs), digits: 0)) ms"
        lines.append(exitCode == .ok ? style.green(total) : total)
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JUnit

    /// JUnit XML: one `<testsuite>` per query, one `<testcase>` per assertion (a query that errored or
    /// has no assertions is one test case on its own).
    public var junitXML: String {
        let s = summary
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x +=
            "<testsuites name=\"\(esc(application))\" tests=\"\(max(s.totalAssertions, 0) + queries.filter { $0.assertions.isEmpty }.count)\" failures=\"\(s.failedAssertions)\" errors=\"\(s.errors)\" time=\"\(seconds(Double(endMs - startMs)))\">\n"
        for q in queries {
            let failures = q.assertions.filter { !$0.passed }.count
            let cases = max(1, q.assertions.count)
            x +=
                "  <testsuite name=\"\(esc(q.name))\" tests=\"\(cases)\" failures=\"\(failures)\" errors=\"\(q.status == .error ? 1 : 0)\" skipped=\"\(q.status == .skipped ? 1 : 0)\" time=\"\(seconds(q.durationMs))\">\n"
            let className = esc("\(application).\(q.name)")
            if q.assertions.isEmpty {
                x += "    <testcase classname=\"\(className)\" name=\"\(esc(q.name))\" time=\"\(seconds(q.durationMs))\">"
                switch q.status {
                case .skipped: x += q.reason.map { "<skipped message=\"\(esc($0))\"/>" } ?? "<skipped/>"
                case .error: x += "<error message=\"\(esc(q.error ?? "error"))\"/>"
                default: break
                }
                x += "</testcase>\n"
            }
            for (i, a) in q.assertions.enumerated() {
                x += "    <testcase classname=\"\(className)\" name=\"\(esc("\(i + 1). \(a.type)"))\">"
                if !a.passed {
                    var body = a.message
                    if let e = a.expected { body += "\nexpected: \(e)" }
                    if let v = a.actual { body += "\nactual: \(v)" }
                    x += "\n      <failure message=\"\(esc(a.message))\" type=\"\(esc(a.type))\">\(esc(body))</failure>\n    "
                }
                x += "</testcase>\n"
            }
            x += "  </testsuite>\n"
        }
        return x + "</testsuites>\n"
    }

    private func seconds(_ ms: Double) -> String { String(format: "%.3f", ms / 1000) }

    private func esc(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(c)
            default: if c.value >= 0x20 { out.unicodeScalars.append(c) } // XML 1.0 forbids other controls
            }
        }
        return out
    }
}

/// `-o text|json|junit` (velo-test's output choice).
public enum SpecReportFormat: String, Sendable, CaseIterable {
    case text, json, junit

    /// The report in this format; `color` applies to text only.
    public func render(_ report: SpecReport, color: Bool = false) -> String {
        switch self {
        case .text: report.text(color: color)
        case .json: report.jsonText
        case .junit: report.junitXML
        }
    }

    /// Writes the report to `path` atomically (`-` = stdout).
    public func write(_ report: SpecReport, to path: String, color: Bool = false) throws {
        try AtomicFile.write(render(report, color: color && path == "-"), to: path)
    }
}
