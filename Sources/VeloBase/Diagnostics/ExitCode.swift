/// The exit codes every Velo tool uses (documented in `man/velo.7`, EXIT STATUS).
public enum VeloExit: Int32, Sendable, CaseIterable {
    /// Everything worked.
    case ok = 0
    /// The work ran but failed (an assertion, a failed query).
    case failed = 1
    /// Bad command-line usage.
    case usage = 2
    /// Invalid input: SQL, schema, JSON. Reported with file:line:column.
    case invalidInput = 3
    /// An external service is unavailable (Kafka, an AI endpoint).
    case unavailable = 4
    /// Partial: some records were not delivered or not written.
    case partial = 5
    /// Interrupted by Ctrl+C (SIGINT).
    case interrupted = 130
}

/// An error a tool can report to a person and map to an exit code.
public protocol VeloReportable: Error {
    /// The exit code the tool ends with when this error stops it.
    var exitCode: VeloExit { get }
    /// The diagnostic to print (message, place, hint).
    var diagnostic: Diagnostic { get }
}

/// A plain error with a message, an optional hint and an exit code.
public struct VeloError: VeloReportable, CustomStringConvertible {
    public var exitCode: VeloExit
    public var diagnostic: Diagnostic

    public init(_ message: String, location: SourceLocation? = nil, hint: String? = nil, exit: VeloExit = .failed) {
        self.exitCode = exit
        self.diagnostic = Diagnostic(.error, message, location: location, hint: hint)
    }

    public var description: String { diagnostic.render(tool: nil, color: false) }
}
