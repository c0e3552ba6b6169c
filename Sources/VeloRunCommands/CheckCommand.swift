import VeloBase
import VeloCommands
import VeloEngine
import VeloJSON
import VeloSQL
import VeloSchema

/// `velo-run --check app.sql`: parse and analyze the SQL (against `--schemas`), then report every problem,
/// or a summary of each job, as text or (`--json`) as JSON on stdout. Exit 0 when valid, 3 when not.
public enum CheckCommand: VeloToolCommand {
    public struct Options: Sendable {
        /// The .sql file, or - for stdin.
        public var file: String
        public var schemas: String?
        public var json: Bool
        public init(file: String, schemas: String? = nil, json: Bool = false) {
            self.file = file
            self.schemas = schemas
            self.json = json
        }
    }

    public static func run(_ options: Options, console: Console) -> VeloExit {
        let text: String
        do {
            text = try TextInput.read(options.file)
        } catch {
            return console.report(error: error)
        }
        var provider: (any SQLSchemaProvider)? = nil
        // A broken schema fails the check (exit 3) and is in the JSON report: the SQL was checked without it.
        var schemaDiagnostics: [Diagnostic] = []
        if let dir = options.schemas {
            do {
                let loaded = try SchemaLoader.loadDirectory(dir)
                schemaDiagnostics = loaded.diagnostics
                if !options.json { loaded.diagnostics.forEach(console.report) }
                provider = SQLSchemaSet(loaded)
            } catch {
                return console.report(error: error)
            }
        }
        var result = SQLFrontEnd.check(text, file: options.file == "-" ? "<stdin>" : options.file, schemas: provider)
        if !result.hasErrors { result.issues += ExecPlan.refusals(result) } // warnings: what velo-run cannot run yet
        if result.jobs.isEmpty && !result.hasErrors {
            // A run of this file fails (nothing to run), so the check does too.
            result.issues.append(
                .error(
                    "no statement to run", at: SQLSpan(0, 0),
                    hint: "write SELECT … FROM source, or CREATE STREAM name AS SELECT …"))
        }
        if options.json {
            var writer = JSONWriter()
            writer.write(SQLCheckReport.json(result, schemas: schemaDiagnostics))
            Console.writeStdoutVerbatim(String(decoding: writer.buffer, as: UTF8.self) + "\n")
        } else {
            result.diagnostics.forEach(console.report)
            console.line(SQLCheckReport.text(result, schemas: schemaDiagnostics, style: console.style))
        }
        let schemaErrors = schemaDiagnostics.contains { $0.severity == .error }
        return result.hasErrors || schemaErrors ? .invalidInput : .ok
    }
}
