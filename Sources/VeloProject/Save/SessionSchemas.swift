import VeloBase
import VeloSQL
import VeloSchema
import VeloSession

/// The session's schemas, parsed: each one's file name in `schemas/` and its fields for the SQL front end.
package struct SessionSchemas: Sendable {
    package var schemas: [(file: String, schema: Schema, yaml: String)]
    /// What the schema loader warned of (unknown keys, …), naming the session entry.
    package var warnings: [Diagnostic] = []

    /// Parses every schema's YAML; a schema that does not load is invalid input naming it.
    package init(_ session: Session) throws {
        var seen: Set<String> = []
        schemas = []
        for (i, entry) in session.schemas.enumerated() {
            let place = "session schemas[\(i)] '\(entry.name)'"
            let loaded: LoadedSchema
            do {
                loaded = try SchemaLoader.load(yaml: entry.yaml, file: place)
            } catch let error as SchemaError {
                let first = error.diagnostics.first { $0.severity == .error }
                throw VeloError(
                    "\(place): not a valid .schema.yaml: \(first?.message ?? "\(error)")",
                    hint: "docs/schema.md describes the format", exit: .invalidInput)
            }
            let name = loaded.schema.name
            let file = "schemas/\(ProjectNames.fileSafe(name)).schema.yaml"
            guard seen.insert(file).inserted else {
                throw VeloError("\(place): a second schema named '\(name)'", hint: "keep one schema per source name", exit: .invalidInput)
            }
            schemas.append((file, loaded.schema, entry.yaml))
            warnings += loaded.warnings
        }
    }

    /// What `velo-run --check --schemas schemas` knows: each schema's name is the source it describes.
    package var provider: SQLSchemaSet {
        var sources: [String: [SQLField]] = [:]
        for entry in schemas {
            sources[entry.schema.name] = entry.schema.fields.map { SQLField($0.name, SQLDataType(fieldType: $0.type)) }
        }
        return SQLSchemaSet(sources)
    }

    package func schema(named name: String) -> Schema? { schemas.first { $0.schema.name == name }?.schema }
}

package enum ProjectNames {
    /// A name usable as a file name: anything but letters, digits, '_', '-' and '.' becomes '_'.
    package static func fileSafe(_ name: String) -> String {
        let mapped = String(
            name.unicodeScalars.map { c -> Character in
                let ok = ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
                return ok ? Character(c) : "_"
            })
        return mapped.isEmpty ? "_" : mapped
    }
}
