/// Where in a file something is: 1-based line and column (columns count bytes of UTF-8).
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var file: String?
    public var line: Int
    public var column: Int
    /// The text of the line, shown under the message with a caret.
    public var sourceLine: String?
    /// How many columns the caret underline covers (1 = a single caret).
    public var length: Int

    public init(file: String? = nil, line: Int, column: Int, sourceLine: String? = nil, length: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
        self.sourceLine = sourceLine
        self.length = max(1, length)
    }

    /// `file:line:column`, or `line:column` without a file.
    public var description: String {
        if let file { return "\(file):\(line):\(column)" }
        return "\(line):\(column)"
    }

    /// The location of a byte offset inside `text`, with the line's text attached.
    public static func of(offset: Int, in text: String, file: String? = nil, length: Int = 1) -> SourceLocation {
        let bytes = Array(text.utf8)
        let end = min(max(0, offset), bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<end where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        var lineEnd = lineStart
        while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        var lineBytes = bytes[lineStart..<lineEnd]
        if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
        return SourceLocation(
            file: file, line: line, column: end - lineStart + 1,
            sourceLine: String(decoding: lineBytes, as: UTF8.self), length: length)
    }
}

/// A compiler-style message: `tool: error: file:line:col: message`, the source line, a caret, a hint.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    public var hint: String?

    public init(_ severity: Severity, _ message: String, location: SourceLocation? = nil, hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var description: String { render(tool: nil, color: false) }

    /// At most about `excerptWidth` bytes of a long source line (generated SQL can be one line of
    /// megabytes) around `column`, with `...` where it was cut; and the column within the excerpt.
    static let excerptWidth = 160

    static func excerpt(_ line: String, column: Int) -> (String, Int) {
        let bytes = Array(line.utf8)
        guard bytes.count > excerptWidth else { return (line, column) }
        func isContinuation(_ i: Int) -> Bool { i < bytes.count && bytes[i] & 0xC0 == 0x80 }
        var start = max(0, min(column - 1 - excerptWidth / 2, bytes.count - excerptWidth))
        while isContinuation(start) { start -= 1 }
        var end = min(bytes.count, start + excerptWidth)
        while isContinuation(end) { end += 1 }
        let head = start > 0 ? "..." : "", tail = end < bytes.count ? "..." : ""
        let text = head + String(decoding: bytes[start..<end], as: UTF8.self) + tail
        return (text, column - start + head.utf8.count)
    }

    /// The full text, several lines when a source line is known. No trailing newline.
    public func render(tool: String?, color: Bool) -> String {
        let style = TextStyle(enabled: color)
        var head = ""
        if let tool { head += style.bold("\(tool): ") }
        switch severity {
        case .error: head += style.red(style.bold("error: "))
        case .warning: head += style.yellow(style.bold("warning: "))
        case .note: head += style.cyan(style.bold("note: "))
        }
        if let location { head += style.bold("\(location): ") }
        head += style.bold(message)
        var lines = [head]
        if let location, let line = location.sourceLine {
            let (source, column) = Self.excerpt(line, column: location.column)
            lines.append(source)
            // Keep tabs so the caret lines up under tab-indented source.
            let pad = source.utf8.prefix(max(0, column - 1)).map { $0 == UInt8(ascii: "\t") ? "\t" : " " }.joined()
            let underline = min(location.length, max(1, source.utf8.count - column + 1))
            lines.append(pad + style.green("^" + String(repeating: "~", count: max(0, underline - 1))))
        }
        if let hint { lines.append(style.cyan("hint: ") + hint) }
        return lines.joined(separator: "\n")
    }
}
