import VeloBase
import VeloSQL

/// SQL the front end refuses, with every diagnostic (file:line:column, caret, hint); exit 3.
package struct SQLProblems: VeloReportable {
    package var diagnostics: [Diagnostic]
    package var exitCode: VeloExit { .invalidInput }
    package var diagnostic: Diagnostic { diagnostics.first { $0.severity == .error } ?? diagnostics[0] }

    package init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// Throws the check's errors (and its warnings with them) when it has any error.
    package static func throwIfErrors(_ result: SQLCheckResult) throws {
        guard result.hasErrors else { return }
        throw SQLProblems(result.diagnostics)
    }
}
