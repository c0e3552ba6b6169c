/// What reading one line gave.
package enum LineInput: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl+C while typing: the line was dropped.
    case interrupted
    /// Ctrl+D on an empty line, or the end of a script.
    case end
}

/// Where a shell's input comes from: a terminal with line editing, or a script on stdin.
package protocol LineReader: AnyObject {
    /// Whether a person is typing (prompts, questions and the unsaved-work check make sense).
    var isInteractive: Bool { get }
    func readLine(prompt: String) -> LineInput
    /// Records a whole entry (a multi-line statement is one entry) in the history.
    func remember(_ entry: String)
    /// Writes what must survive the session (the history file).
    func close()
}

extension LineReader {
    /// Reads a statement that may span lines: after the first line, lines are added while `needsMore`
    /// says the text is unfinished (SQL continues until `;`). Ctrl+C drops the whole statement.
    package func readEntry(prompt: String, continuation: String, needsMore: (String) -> Bool) -> LineInput {
        let firstRead = readLine(prompt: prompt)
        guard case .line(let first) = firstRead else { return firstRead }
        var text = first
        while needsMore(text) {
            switch readLine(prompt: continuation) {
            case .line(let next): text += "\n" + next
            case .interrupted: return .interrupted
            case .end: return .line(text)
            }
        }
        return .line(text)
    }
}
