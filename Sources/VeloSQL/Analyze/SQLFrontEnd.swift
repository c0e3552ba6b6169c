import VeloBase

/// Parse and analyze in one call: what `velo-run --check`, velo-ask and the REPL use.
public struct SQLCheckResult: Sendable {
    public var text: String
    public var file: String?
    public var script: SQLScript
    public var jobs: [SQLJob]
    /// Parser and analyzer findings, in source order.
    public var issues: [SQLIssue]

    public var hasErrors: Bool { issues.hasErrors }

    public var diagnostics: [Diagnostic] {
        let source = self.source
        return issues.map(source.diagnostic)
    }

    /// The text with a line index, for locations.
    public var source: SQLSourceText { SQLSourceText(text, file: file) }
}

public enum SQLFrontEnd {
    public static func parse(_ text: String) -> SQLParseResult { SQLParser.parse(text) }

    public static func check(_ text: String, file: String? = nil, schemas: (any SQLSchemaProvider)? = nil) -> SQLCheckResult {
        let parsed = SQLParser.parse(text)
        let analysis = SQLAnalyzer.analyze(parsed.script, schemas: schemas, brokenTargets: parsed.brokenTargets)
        var issues = parsed.issues + analysis.issues
        // Stable sort: errors of one place stay in the order they were found.
        issues = issues.enumerated().sorted { a, b in
            a.element.span.start != b.element.span.start ? a.element.span.start < b.element.span.start : a.offset < b.offset
        }.map(\.element)
        return SQLCheckResult(text: text, file: file, script: parsed.script, jobs: analysis.jobs, issues: issues)
    }

    /// Canonical SQL for `text`, or the parse problems.
    public static func format(_ text: String) -> (sql: String?, issues: [SQLIssue]) {
        let parsed = SQLParser.parse(text)
        if parsed.issues.hasErrors { return (nil, parsed.issues) }
        return (SQLPrinter.print(parsed.script), parsed.issues)
    }
}
