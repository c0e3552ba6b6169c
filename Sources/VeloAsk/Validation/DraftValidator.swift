import VeloBase
import VeloSQL
import VeloSession

/// Checks drafted SQL the way `velo-run --check` does: parse and analyze against the session's schemas,
/// plus whatever the command adds (the engine's refusals: what velo-run cannot run yet). Unknown columns,
/// sources and functions are errors with line, column and "did you mean".
package struct DraftValidator: Sendable {
    package let catalog: AskCatalog
    /// More findings for SQL the front end accepts (velo-ask's command passes the planner's refusals as warnings).
    package let extraChecks: @Sendable (SQLCheckResult) -> [SQLIssue]

    package init(catalog: AskCatalog, extraChecks: @escaping @Sendable (SQLCheckResult) -> [SQLIssue] = { _ in [] }) {
        self.catalog = catalog
        self.extraChecks = extraChecks
    }

    package struct Outcome: Sendable {
        package var valid: Bool
        /// `draft.sql:3:9: error: unknown column 'temprature' (hint: did you mean 'temperature_c'?)`, one per line.
        package var diagnostics: [String]
        package var jobName: String?
        package var annotations: [String: String]
    }

    package func check(_ sql: String) -> Outcome {
        var result = SQLFrontEnd.check(sql, file: "draft.sql", schemas: catalog.sources.isEmpty ? nil : catalog.provider)
        if !result.hasErrors { result.issues += extraChecks(result) }
        let diagnostics = result.diagnostics.map { d in
            var text = d.render(tool: nil, color: false).split(separator: "\n").first.map(String.init) ?? d.message
            if let hint = d.hint, !text.contains(hint) { text += " (hint: \(hint))" }
            return text
        }
        let job = result.jobs.first
        var annotations: [String: String] = [:]
        let statement = job.flatMap { $0.statementIndex < result.script.statements.count ? result.script.statements[$0.statementIndex] : nil }
        for annotation in result.script.annotations + (statement?.annotations ?? []) { annotations[annotation.key] = annotation.value }
        let hasStatement = !result.jobs.isEmpty
        return Outcome(
            valid: !result.hasErrors && hasStatement,
            diagnostics: hasStatement ? diagnostics : diagnostics + ["draft.sql: error: no SQL statement"],
            jobName: job?.name, annotations: annotations)
    }
}
