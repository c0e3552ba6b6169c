import Foundation
import VeloBase
import VeloEngine
import VeloJSON
import VeloSQL
import VeloSchema

/// What `velo-run` does with a SQL file today: check it or print it canonically. The executable only parses
/// arguments and calls `run`.
public enum SQLCommand {
    public enum Mode: Sendable { case check, format }

    public struct Options: Sendable {
        public var file: String
        public var mode: Mode
        public var schemas: String?
        public var json: Bool
        public init(file: String, mode: Mode, schemas: String? = nil, json: Bool = false) {
            self.file = file
            self.mode = mode
            self.schemas = schemas
            self.json = json
        }
    }

    /// Runs the command, writing the result to stdout and diagnostics to `console`; returns the exit code.
    public static func run(_ options: Options, console: Console) -> VeloExit {
        let text: String
        do {
            text = try TextInput.read(options.file)
        } catch {
            return console.report(error: error)
        }
        let file = options.file == "-" ? "<stdin>" : options.file
        switch options.mode {
        case .format:
            let (sql, issues) = SQLFrontEnd.format(text)
            let source = SQLSourceText(text, file: file)
            for issue in issues { console.report(source.diagnostic(issue)) }
            guard let sql else { return .invalidInput }
            writeStdout(sql)
            return .ok
        case .check:
            var provider: (any SQLSchemaProvider)? = nil
            if let dir = options.schemas {
                do {
                    let loaded = try SchemaLoader.loadDirectory(dir)
                    if !options.json { loaded.diagnostics.forEach(console.report) }
                    provider = SQLSchemaSet(loaded)
                } catch {
                    return console.report(error: error)
                }
            }
            var result = SQLFrontEnd.check(text, file: file, schemas: provider)
            if !result.hasErrors { result.issues += ExecPlan.refusals(result) } // warnings: what velo-run cannot run yet
            if options.json {
                var writer = JSONWriter()
                writer.write(SQLCheckReport.json(result))
                writeStdout(String(decoding: writer.buffer, as: UTF8.self) + "\n")
            } else {
                result.diagnostics.forEach(console.report)
                console.line(SQLCheckReport.text(result, style: console.style))
            }
            return result.hasErrors ? .invalidInput : .ok
        }
    }

    package static func writeStdout(_ text: String) {
        FileHandle.standardOutput.write(text.data(using: .utf8)!)
    }
}
