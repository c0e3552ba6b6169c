import VeloBase

/// SQL text with its line starts indexed once, so turning many offsets into `file:line:column` stays cheap
/// (`SourceLocation.of` rescans the text on every call).
public struct SQLSourceText: Sendable {
    public let text: String
    public let file: String?
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    public init(_ text: String, file: String? = nil) {
        self.text = text
        self.file = file
        bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The 1-based line holding a byte offset.
    public func line(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    public func location(of offset: Int, length: Int = 1) -> SourceLocation {
        let offset = min(max(0, offset), bytes.count)
        let line = line(of: offset)
        let start = lineStarts[line - 1]
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return SourceLocation(
            file: file, line: line, column: offset - start + 1,
            sourceLine: String(decoding: bytes[start..<end], as: UTF8.self), length: length)
    }

    /// A diagnostic with a caret under the issue's span (to the end of its first line at most).
    public func diagnostic(_ issue: SQLIssue) -> Diagnostic {
        var location = location(of: issue.span.start, length: max(1, issue.span.length))
        if let line = location.sourceLine {
            location.length = max(1, min(location.length, line.utf8.count - location.column + 1))
        }
        return Diagnostic(issue.severity, issue.message, location: location, hint: issue.hint)
    }
}
