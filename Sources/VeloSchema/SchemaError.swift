import VeloBase

/// Why a schema could not be used: every error found in one pass (plus the warnings seen on the way).
/// Tools print each diagnostic and exit with `.invalidInput` (3).
public struct SchemaError: VeloReportable, CustomStringConvertible {
    /// Errors and warnings in the order they were found (file order).
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var exitCode: VeloExit { .invalidInput }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity != .error } }

    /// The first error (the one a tool shows when it can show only one).
    public var diagnostic: Diagnostic {
        errors.first ?? diagnostics.first ?? Diagnostic(.error, "invalid schema")
    }

    /// All diagnostics rendered without a tool name or colors, one after another.
    public var description: String {
        diagnostics.map { $0.render(tool: nil, color: false) }.joined(separator: "\n")
    }
}

/// A schema loaded from text, with the warnings its loading produced (unknown keys, skipped files, …).
public struct LoadedSchema: Sendable {
    public var schema: Schema
    public var warnings: [Diagnostic]

    public init(schema: Schema, warnings: [Diagnostic] = []) {
        self.schema = schema
        self.warnings = warnings
    }
}
