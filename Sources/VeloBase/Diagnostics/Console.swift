#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes diagnostics and human text to stderr, keeping stdout clean for pipes.
public struct Console: Sendable {
    /// The tool's name, printed before each diagnostic (`velo-run: error: …`).
    public var tool: String
    /// Whether stderr gets ANSI colors.
    public var color: Bool

    public init(tool: String, noColorFlag: Bool = false) {
        self.tool = tool
        self.color = Terminal.useColor(fd: 2, noColorFlag: noColorFlag)
    }

    public init(tool: String, color: Bool) {
        self.tool = tool
        self.color = color
    }

    public var style: TextStyle { TextStyle(enabled: color) }

    /// Writes a line to stderr.
    public func line(_ text: String) { Console.writeStderr(text + "\n") }

    public func report(_ diagnostic: Diagnostic) {
        line(diagnostic.render(tool: tool, color: color))
    }

    public func error(_ message: String, location: SourceLocation? = nil, hint: String? = nil) {
        report(Diagnostic(.error, message, location: location, hint: hint))
    }

    public func warning(_ message: String, location: SourceLocation? = nil, hint: String? = nil) {
        report(Diagnostic(.warning, message, location: location, hint: hint))
    }

    /// Reports any error and returns the exit code it maps to (3 for reportable input errors, 1 otherwise).
    public func report(error: any Error) -> VeloExit {
        if let reportable = error as? any VeloReportable {
            report(reportable.diagnostic)
            return reportable.exitCode
        }
        self.error(String(describing: error))
        return .failed
    }

    /// Writes raw text to stderr, unbuffered.
    public static func writeStderr(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
