import VeloBase

/// A problem found in SQL text, positioned by byte offsets; `diagnostic(in:file:)` turns it into a
/// compiler-style `Diagnostic` with line, column and caret.
public struct SQLIssue: Sendable, Equatable, Error {
    public var severity: Diagnostic.Severity
    public var message: String
    public var span: SQLSpan
    public var hint: String?

    public init(_ severity: Diagnostic.Severity = .error, _ message: String, at span: SQLSpan, hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.span = span
        self.hint = hint
    }

    public static func error(_ message: String, at span: SQLSpan, hint: String? = nil) -> SQLIssue {
        SQLIssue(.error, message, at: span, hint: hint)
    }

    public static func warning(_ message: String, at span: SQLSpan, hint: String? = nil) -> SQLIssue {
        SQLIssue(.warning, message, at: span, hint: hint)
    }

    public func diagnostic(in text: String, file: String?) -> Diagnostic {
        SQLSourceText(text, file: file).diagnostic(self)
    }
}

extension Array where Element == SQLIssue {
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
