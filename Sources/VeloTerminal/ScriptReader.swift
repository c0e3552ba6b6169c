/// Commands from a script on stdin (`velo-repl < demo.velo`): one line per read, no prompt, no editing.
/// Lines starting with `#` are comments. The history file is left alone.
package final class ScriptReader: LineReader {
    package let isInteractive = false
    private let nextLine: () -> String?

    package init(nextLine: @escaping () -> String? = { Swift.readLine(strippingNewline: true) }) {
        self.nextLine = nextLine
    }

    package func readLine(prompt: String) -> LineInput {
        while let line = nextLine() {
            if line.trimmingLeadingSpaces.hasPrefix("#") { continue }
            return .line(line)
        }
        return .end
    }

    package func remember(_ entry: String) {}
    package func close() {}
}

extension String {
    var trimmingLeadingSpaces: Substring { drop { $0 == " " || $0 == "\t" } }
}
