import VeloBase
import VeloCommands
import VeloSQL

/// `velo-run --format app.sql`: print the SQL in canonical form (annotations kept, plain comments dropped).
/// Exit 0, or 3 with diagnostics when the SQL does not parse.
public enum FormatCommand: VeloToolCommand {
    public struct Options: Sendable {
        /// The .sql file, or - for stdin.
        public var file: String
        public init(file: String) { self.file = file }
    }

    public static func run(_ options: Options, console: Console) -> VeloExit {
        let text: String
        do {
            text = try TextInput.read(options.file)
        } catch {
            return console.report(error: error)
        }
        let (sql, issues) = SQLFrontEnd.format(text)
        let source = SQLSourceText(text, file: options.file == "-" ? "<stdin>" : options.file)
        for issue in issues { console.report(source.diagnostic(issue)) }
        guard let sql else { return .invalidInput }
        Console.writeStdoutVerbatim(sql)
        return .ok
    }
}
