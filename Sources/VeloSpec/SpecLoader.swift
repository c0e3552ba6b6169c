import Foundation
import VeloBase
import VeloSchema
import Yams

/// Why a test spec could not be used: every error found in one pass, with the warnings seen on the way.
/// Tools print each diagnostic and exit with `.invalidInput` (3).
public struct SpecError: VeloReportable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var exitCode: VeloExit { .invalidInput }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var diagnostic: Diagnostic { errors.first ?? diagnostics.first ?? Diagnostic(.error, "invalid test spec") }
    public var description: String { diagnostics.map { $0.render(tool: nil, color: false) }.joined(separator: "\n") }
}

/// A spec loaded from text, with the warnings its loading produced.
public struct LoadedSpec: Sendable {
    public var spec: TestSpec
    public var warnings: [Diagnostic]
}

/// Loads test specs (docs/test-spec.md) the way `SchemaLoader` loads schemas: Yams keeps every position, and all
/// problems of a file are reported at once.
public enum SpecLoader {
    public static func load(yaml text: String, file: String? = nil) throws -> LoadedSpec {
        var parser = SpecParser(text: text, file: file)
        let root: Node?
        do {
            root = try YAMLCompose.compose(text)
        } catch is YAMLCompose.TooLarge {
            throw SpecError([
                Diagnostic(.error, YAMLExpansion.message, location: SourceLocation(file: file, line: 1, column: 1), hint: YAMLExpansion.hint)
            ])
        } catch {
            throw SpecError([yamlDiagnostic(error, parser: parser)])
        }
        guard let spec = parser.parseSpec(root) else { throw SpecError(parser.diagnostics) }
        let diagnostics = parser.diagnostics.sorted {
            ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw SpecError(diagnostics) }
        return LoadedSpec(spec: spec, warnings: diagnostics)
    }

    /// Loads a spec file; a missing file is a usage error (exit 2).
    public static func load(path: String) throws -> LoadedSpec {
        try load(yaml: try SchemaLoader.readText(path), file: path == "-" ? "<stdin>" : path)
    }

    private static func yamlDiagnostic(_ error: Error, parser: SpecParser) -> Diagnostic {
        switch error {
        case YamlError.scanner(let context, let problem, let mark, _),
            YamlError.parser(let context, let problem, let mark, _),
            YamlError.composer(let context, let problem, let mark, _):
            var message = "YAML syntax: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return Diagnostic(
                .error, message, location: parser.location(line: mark.line, column: mark.column),
                hint: "check the indentation and the quoting around this place")
        case YamlError.duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                .error, "duplicate key '\(duplicates.first ?? "?")'",
                location: parser.location(line: context.mark.line, column: context.mark.column),
                hint: "Velostream rejects a key given twice; keep one")
        default:
            return Diagnostic(.error, "YAML: \(error)", location: SourceLocation(file: parser.file, line: 1, column: 1))
        }
    }
}

/// Finds the spec of a SQL file: `<name>.test.yaml`, `<name>.spec.yaml`, then `test_spec.yaml` beside it
/// (Velostream's order).
public enum SpecDiscovery {
    public static func candidates(forSQL sqlPath: String) -> [String] {
        var dir = "", base = sqlPath
        if let slash = sqlPath.lastIndex(of: "/") {
            dir = String(sqlPath[...slash])
            base = String(sqlPath[sqlPath.index(after: slash)...])
        }
        if base.lowercased().hasSuffix(".sql") { base = String(base.dropLast(4)) }
        return [dir + base + ".test.yaml", dir + base + ".spec.yaml", dir + "test_spec.yaml"]
    }

    /// The first candidate that exists, or nil.
    public static func find(forSQL sqlPath: String, fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String? {
        candidates(forSQL: sqlPath).first(where: fileExists)
    }
}
