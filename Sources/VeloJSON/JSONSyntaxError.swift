import VeloBase

/// Malformed JSON: where (line and 1-based byte column), what the parser expected and what it found.
public struct JSONSyntaxError: VeloReportable, CustomStringConvertible, Equatable, Sendable {
    /// What the parser wanted at that place, e.g. "',' or '}' after object member".
    public var expected: String
    /// What was there instead, e.g. "'x'" or "end of line".
    public var found: String
    /// 1-based line number in the input (the record number for NDJSON).
    public var line: Int
    /// 1-based byte column inside the line.
    public var column: Int
    /// The file name, when the input came from a named file.
    public var file: String?
    /// The line's text, shown under the message with a caret (long lines are left out).
    public var sourceLine: String?

    public init(expected: String, found: String, line: Int, column: Int, file: String? = nil, sourceLine: String? = nil) {
        self.expected = expected
        self.found = found
        self.line = line
        self.column = column
        self.file = file
        self.sourceLine = sourceLine
    }

    /// "expected ',' or '}' after object member, found 'x'"
    public var message: String { "expected \(expected), found \(found)" }

    public var exitCode: VeloExit { .invalidInput }

    public var location: SourceLocation {
        SourceLocation(file: file, line: line, column: column, sourceLine: sourceLine)
    }

    public var diagnostic: Diagnostic {
        Diagnostic(
            .error, message, location: location,
            hint: "each line must hold one complete JSON value (NDJSON); check the record at line \(line)")
    }

    /// `file:line:column: expected …, found …`
    public var description: String { "\(location): \(message)" }
}
