import VeloBase

/// A command that could not be done: what went wrong and the way out. The REPL prints it and stays up.
package struct ReplError: Error, Equatable, CustomStringConvertible {
    package var message: String
    package var hint: String?
    /// The diagnostic already went to the terminal (a child printed it): say nothing more.
    package var reported = false
    /// The whole story for a model that asked for the tool (the diagnostics a person read above the error).
    package var details: String?

    package init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    package static var alreadyReported: ReplError {
        var e = ReplError("")
        e.reported = true
        return e
    }

    package var description: String { message }
}

extension VeloError {
    package var replError: ReplError { ReplError(diagnostic.message, hint: diagnostic.hint) }
}
