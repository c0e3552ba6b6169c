import Foundation
import VeloBase
import VeloSchema
import VeloSession
import VeloTerminal

extension Repl {
    func loadSchemas(from dir: String) throws {
        let loaded = try SchemaLoader.loadDirectory(dir)
        for diagnostic in loaded.diagnostics { console.report(diagnostic) }
        guard !loaded.schemas.isEmpty else {
            throw ReplError("no schemas in '\(dir)'", hint: "a schema is a NAME.schema.yaml file (velo-gen --example orders writes one)")
        }
        say("Loaded \(loaded.schemas.count) schema\(loaded.schemas.count == 1 ? "" : "s"):")
        for schema in loaded.schemas {
            let path = schema.origin?.file
            let yaml = try path.map { try TextInput.read($0) } ?? SchemaWriter.yaml(schema)
            try addSchema(SessionSchema(name: schema.name, yaml: yaml, path: path), quiet: true)
            say("  • \(style.bold(schema.name)) (\(schema.fields.count) fields)" + (path.map { style.dim(" - " + $0) } ?? ""))
        }
    }

    /// Adds or replaces a schema of the session after checking it.
    func addSchema(_ schema: SessionSchema, quiet: Bool = false) throws {
        let loaded = try SchemaLoader.load(yaml: schema.yaml, file: schema.path ?? "\(schema.name).schema.yaml")
        var schema = schema
        schema.name = loaded.schema.name
        if let i = session.schemas.firstIndex(where: { $0.name == schema.name }) {
            session.schemas[i] = schema
        } else {
            session.schemas.append(schema)
        }
        if schema.path == nil { // a schema read from a file is saved already
            unsaved = true
            schemasToSave.insert(schema.name)
        }
        if !quiet { done("schema \(style.bold(schema.name)) (\(loaded.schema.fields.count) fields) is in the session") }
    }

    func showSchemas() {
        guard !session.schemas.isEmpty else {
            note("no schemas yet: load schemas from DIR, create schema for DOMAIN, or infer schema from TOPIC")
            return
        }
        for schema in session.schemas {
            let fields = (try? SchemaLoader.load(yaml: schema.yaml).schema.fields.map(\.name)) ?? []
            say(
                "  • \(style.bold(schema.name)) (\(fields.count) fields: \(fields.prefix(6).joined(separator: ", "))\(fields.count > 6 ? ", …" : ""))"
                    + (schema.path.map { style.dim(" - " + $0) } ?? ""))
        }
    }

    func schema(named name: String) throws -> SessionSchema {
        let bare = name.replacingOccurrences(of: ".schema.yaml", with: "")
        guard let schema = session.schemas.first(where: { $0.name == bare }) else {
            if session.schemas.isEmpty {
                throw ReplError(
                    "no schema '\(bare)': the session has no schemas yet",
                    hint: "load schemas from DIR, create schema for \(bare), or infer schema from TOPIC")
            }
            let hint = Suggest.closest(to: bare, among: session.schemas.map(\.name)).map { "did you mean '\($0)'?" }
            throw ReplError("no schema '\(bare)' in the session", hint: hint ?? "show schemas lists them")
        }
        return schema
    }

    func showSchema(_ name: String) throws {
        let schema = try schema(named: name)
        say(style.dim("# \(schema.path ?? schema.name + " (in the session)")"))
        say(schema.yaml)
    }

    func editSchema(_ name: String) throws {
        var schema = try schema(named: name)
        let original = schema.yaml
        let path = try scratch.write("edit/\(schema.name).schema.yaml", schema.yaml)
        while true {
            try openEditor(path)
            let text = try TextInput.read(path)
            if text == original {
                note("unchanged")
                return
            }
            do {
                schema.yaml = text
                // The edit lives in the session, not in the file it came from: a quit asks before losing it.
                schema.path = nil
                try addSchema(schema)
                return
            } catch let error as SchemaError {
                for diagnostic in error.diagnostics { console.report(diagnostic) }
                guard askUser("Edit again? [y/n]: ")?.lowercased().hasPrefix("y") == true else {
                    throw ReplError("schema \(schema.name) unchanged", hint: "edit schema \(schema.name) to try again")
                }
            }
        }
    }

    func inferSchema(from topic: String) throws {
        // Said in the shell's words, before velo-infer says it in its own.
        do {
            try requireTopic(topic)
        } catch var error as ReplError {
            let names = (try? topicBackend().topics().map(\.name)) ?? []
            error.hint = Suggest.closest(to: topic, among: names).map { "did you mean '\($0)'?" } ?? "topics lists the topics there are"
            throw error
        }
        let name = topic.filter { $0.isLetter || $0.isNumber || $0 == "_" }
        let yaml = try toolOutput(
            "velo-infer", ["--topic", topic, "--sample", "1000", "--name", name.isEmpty ? "inferred" : name] + options.kafkaArguments)
        say(yaml)
        try addSchema(SessionSchema(name: name, yaml: yaml + "\n"))
    }

    /// `$VISUAL`, `$EDITOR` or vi on the terminal, over one file.
    func openEditor(_ path: String) throws {
        guard reader.isInteractive else {
            throw ReplError("there is no terminal to edit on", hint: "edit in a terminal session, or replace the job with SQL in the script")
        }
        let env = Terminal.currentEnvironment()
        let editor = env["VISUAL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["EDITOR"].flatMap { $0.isEmpty ? nil : $0 } ?? "vi"
        let status = try ChildProcess.runOnTerminal(path: "/bin/sh", arguments: ["-c", editor + " \"$1\"", "sh", path])
        guard status == 0 else { throw ReplError("the editor (\(editor)) exited with \(status)", hint: "set EDITOR to the editor you use") }
    }
}
