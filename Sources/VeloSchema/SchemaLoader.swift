import Foundation
import VeloBase
import VeloJSON
import Yams

/// Loads `.schema.yaml` files: parses with Yams (keeping line and column of every part), checks structure
/// and meaning, and reports every problem of a file at once. JSON is YAML too, so the JSON form loads here.
public enum SchemaLoader {
    /// Loads and validates one schema from text. Throws `SchemaError` (all errors and warnings) when there
    /// is at least one error; otherwise returns the schema with its warnings.
    public static func load(yaml text: String, file: String? = nil) throws -> LoadedSchema {
        var parser = SchemaParser(text: text, file: file)
        let root: Node?
        do {
            root = try YAMLCompose.compose(text)
        } catch is YAMLCompose.TooLarge {
            throw SchemaError([
                Diagnostic(.error, YAMLExpansion.message, location: SourceLocation(file: file, line: 1, column: 1), hint: YAMLExpansion.hint)
            ])
        } catch {
            throw SchemaError([yamlDiagnostic(error, parser: parser)])
        }
        guard var schema = parser.parseSchema(root) else { throw SchemaError(parser.diagnostics) }
        schema.origin = SchemaOrigin(file: file, locations: parser.locations)
        var diagnostics = parser.diagnostics
        diagnostics += SchemaValidator.validate(schema, untyped: parser.untypedFields)
        diagnostics.sort { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) }
        if diagnostics.contains(where: { $0.severity == .error }) { throw SchemaError(diagnostics) }
        return LoadedSchema(schema: schema, warnings: diagnostics)
    }

    /// Loads the JSON form (`SchemaWriter.json`), e.g. a schema inside a session JSON. Positions in
    /// messages refer to the compact JSON text of `json` (one line), so `file` should name where it came from.
    public static func load(json: JSONValue, file: String? = nil) throws -> LoadedSchema {
        var writer = JSONWriter()
        writer.write(json)
        return try load(yaml: String(decoding: writer.buffer, as: UTF8.self), file: file)
    }

    /// Loads one schema file; `-` reads stdin. A file that cannot be read is a usage error (exit 2).
    /// Messages name stdin `<stdin>`.
    public static func load(path: String) throws -> LoadedSchema {
        try load(yaml: try readText(path), file: path == "-" ? "<stdin>" : path)
    }

    /// Loads every `*.yaml` / `*.yml` file of a directory (not its subdirectories), in name order.
    ///
    /// Velostream skips files it cannot parse. So does Velo by default, but it says so: the skipped file's
    /// problems are kept in `diagnostics` and its name in `skipped`. With `strict`, any error throws a
    /// `SchemaError` instead. References between the loaded schemas are checked too
    /// (`SchemaValidator.validate(set:)`).
    public static func loadDirectory(_ path: String, strict: Bool = false) throws -> SchemaDirectory {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw VeloError("cannot read directory '\(path)'", hint: "give a directory holding *.schema.yaml files", exit: .usage)
        }
        var result = SchemaDirectory()
        for name in names.sorted() where !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) {
            let file = path.hasSuffix("/") ? path + name : path + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            do {
                let loaded = try load(path: file)
                result.diagnostics += loaded.warnings
                // Velostream keeps one schema per name, the last file's (name order): so does Velo, and says so.
                if let earlier = result.schemas.firstIndex(where: { $0.name == loaded.schema.name }) {
                    let firstFile = result.schemas[earlier].origin?.file.map { " (also in \($0))" } ?? ""
                    result.diagnostics.append(
                        Diagnostic(
                            .warning, "schema name '\(loaded.schema.name)' is used twice\(firstFile); this later file wins",
                            location: loaded.schema.origin?.location(of: "name"),
                            hint: "test specs find schemas by name: give each a different `name:`"))
                    result.schemas.remove(at: earlier)
                }
                result.schemas.append(loaded.schema)
            } catch let error as SchemaError {
                result.diagnostics += error.diagnostics
                result.skipped.append(file)
                let count = error.errors.count
                result.diagnostics.append(
                    Diagnostic(
                        .warning, "skipped '\(file)': it has \(count) error\(count == 1 ? "" : "s")",
                        hint: "Velostream skips it too; fix the errors above to use it"))
            }
        }
        result.diagnostics += SchemaValidator.validate(set: result.schemas)
        if strict, result.diagnostics.contains(where: { $0.severity == .error }) {
            throw SchemaError(result.diagnostics.filter { !$0.message.hasPrefix("skipped '") })
        }
        return result
    }

    /// The whole of a file, or of stdin for `-`.
    package static func readText(_ path: String) throws -> String {
        if path == "-" {
            return try UTF8Text.decode(FileHandle.standardInput.readDataToEndOfFile(), file: "<stdin>")
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue {
            throw VeloError("'\(path)' is a directory", hint: "give one .schema.yaml file", exit: .usage)
        }
        guard let bytes = readWholeFile(path) else {
            throw VeloError(
                exists ? "cannot read '\(path)'" : "no such file '\(path)'",
                hint: exists ? "check the file's permissions" : "give the path of a .schema.yaml file, or - for stdin",
                exit: .usage)
        }
        return try UTF8Text.decode(Data(bytes), file: path)
    }

    /// A libyaml syntax error as a diagnostic at its line and column.
    private static func yamlDiagnostic(_ error: Error, parser: SchemaParser) -> Diagnostic {
        func make(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> Diagnostic {
            var message = "YAML syntax: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return Diagnostic(
                .error, message, location: parser.location(line: mark.line, scalarColumn: mark.column),
                hint: "check the indentation and the quoting around this place")
        }
        switch error {
        case YamlError.scanner(let context, let problem, let mark, _),
            YamlError.parser(let context, let problem, let mark, _),
            YamlError.composer(let context, let problem, let mark, _):
            return make(problem, context, mark)
        case YamlError.duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let line = secondLine(of: key, from: context.mark.line, in: parser) ?? context.mark.line
            let column = line == context.mark.line ? context.mark.column : parser.indentColumn(line: line)
            return Diagnostic(
                .error, "duplicate key '\(key)'", location: parser.location(line: line, scalarColumn: column),
                hint: "Velostream rejects a key given twice; keep one")
        case YamlError.reader(let problem, _, _, _):
            return Diagnostic(.error, "YAML: \(problem)", location: SourceLocation(file: parser.file, line: 1, column: 1))
        default:
            return Diagnostic(.error, "YAML: \(error)", location: SourceLocation(file: parser.file, line: 1, column: 1))
        }
    }
}

extension SchemaLoader {
    /// The line of the second `key:` at or after `start` (Yams reports the mapping, not the duplicate).
    fileprivate static func secondLine(of key: String, from start: Int, in parser: SchemaParser) -> Int? {
        var seen = 0
        for line in start...max(start, parser.lineCount) {
            var text = Substring(parser.lineText(line) ?? "")
            while text.first == " " || text.first == "-" { text = text.dropFirst() }
            if text.hasPrefix(key + ":") || text.hasPrefix("\"\(key)\":") || text.hasPrefix("'\(key)':") {
                seen += 1
                if seen == 2 { return line }
            }
        }
        return nil
    }
}

/// The schemas of a directory, with what loading them reported.
public struct SchemaDirectory: Sendable {
    public var schemas: [Schema] = []
    /// Warnings, and the errors of skipped files, in file order.
    public var diagnostics: [Diagnostic] = []
    /// Files that had errors and were left out.
    public var skipped: [String] = []

    public init() {}

    /// The schema named `name` (the `name:` inside the file, as test specs use it).
    public func schema(named name: String) -> Schema? { schemas.first { $0.name == name } }
}
