import Foundation
import VeloBase
import VeloSchema
import VeloTopics

/// Where generated records go.
public enum GenDestination: Sendable, Equatable {
    case stdout
    /// One file (atomically replaced when the run ends).
    case file(String)
    /// `<dir>/<schema name>.<format>` per schema.
    case directory(String)
    /// One topic per schema, in the order the schemas were given.
    case topics([String])
}

/// What `velo-gen` was asked to do, after argument parsing.
public struct GenRequest: Sendable {
    /// Schema files (`-` = stdin), in the order given.
    public var schemaPaths: [String]
    /// `-n N`: records per schema (nil: `record_count`, or what `--rate` and `--end` imply).
    public var count: Int?
    /// `-n NAME=N`: records for one schema.
    public var counts: [String: Int] = [:]
    public var settings: GenSettings
    public var format: GenFormatKind = .ndjson
    public var destination: GenDestination = .stdout
    /// Records per second of wall time (live demos); nil = as fast as possible.
    public var wallRate: Double?
    /// Partitions for topics that do not exist yet.
    public var partitions: Int?
    /// False when the seed was made up (no `--seed`): a `-- @data.seed` hint may then choose it.
    public var seedGiven = true

    public init(schemaPaths: [String], settings: GenSettings) {
        self.schemaPaths = schemaPaths
        self.settings = settings
    }
}

/// One schema's share of a run: its generator, how many records, and where they go (nil destination: the
/// schema only supplies reference values and its records are not written).
public struct GenJob {
    public let generator: GenSchemaGenerator
    public let count: Int
    public let topic: String?
    public let file: String?
    public let isOutput: Bool
}

/// Turns a request into jobs: loads the schemas (and any referenced schema found beside them), applies the
/// overrides, orders schemas so referenced ones come first, wires reference pools and compiles everything.
/// All input errors surface here, before a byte is written.
public struct GenRunPlanner {
    public let request: GenRequest
    /// Warnings met while loading (printed by the tool).
    public private(set) var warnings: [Diagnostic] = []
    /// The settings the plan used (a `-- @data.seed` hint may have chosen the seed).
    public private(set) var settings: GenSettings

    public init(request: GenRequest) {
        self.request = request
        self.settings = request.settings
    }

    public mutating func plan() throws -> [GenJob] {
        var schemas: [Schema] = []
        settings = request.settings
        for path in request.schemaPaths {
            if path.lowercased().hasSuffix(".sql") {
                let (found, seed) = try GenDataHints.schemas(fromSQL: try SchemaLoader.readText(path), file: path)
                guard !found.isEmpty else {
                    throw VeloError(
                        "'\(path)' has no -- @data.* hints", hint: "give a .schema.yaml, or add hints like '-- @data.id.type: uuid'",
                        exit: .invalidInput)
                }
                if let seed, !request.seedGiven { settings.seed = seed }
                schemas += found
                continue
            }
            let loaded = try SchemaLoader.load(path: path)
            warnings += loaded.warnings
            schemas.append(loaded.schema)
        }
        let setErrors = SchemaValidator.validate(set: schemas).filter { $0.severity == .error }
        if !setErrors.isEmpty { throw SchemaError(setErrors) }
        try checkDestination(schemas)
        let visible = schemas.count

        // Overrides apply to the schemas the user named.
        var applier = GenOverrideApplier(schemas: schemas, nowMs: settings.nowMs)
        try applier.apply(settings.overrides)
        schemas = applier.schemas

        try addReferencedSchemas(&schemas)
        let order = try referenceOrder(schemas)
        for name in request.counts.keys where !schemas.contains(where: { $0.name == name }) {
            let hint = Suggest.closest(to: name, among: schemas.map(\.name)).map { "did you mean '\($0)'?" }
            throw VeloError("-n \(name)=…: no schema named '\(name)' in this run", hint: hint, exit: .usage)
        }

        // Compile in reference order, so each pool's source is known before its users.
        final class Wiring { var pools: [String: GenPool] = [:]; var generators: [Int: GenSchemaGenerator] = [:] }
        let wiring = Wiring()
        let seed = settings.seed
        let all = schemas
        for s in order {
            let schema = schemas[s]
            let compiler = GenCompiler(
                schema: schema, settings: settings,
                tweaks: applier.tweaks[schema.name] ?? [:]
            ) { reference, field, index in
                let key = reference.schema + "." + reference.field
                if let pool = wiring.pools[key] { return pool }
                let pool = GenPool(name: key, seed: seed)
                if let file = reference.file, !all.contains(where: { $0.name == reference.schema }) {
                    try GenReferenceFile.load(file, field: reference.field, schemaFile: schema.origin?.file, into: pool)
                } else {
                    guard let parent = all.firstIndex(where: { $0.name == reference.schema }), let source = wiring.generators[parent] else {
                        throw VeloError(
                            "schema '\(schema.name)': field '\(field.name)' references '\(reference.schema)', which is not loaded",
                            location: schema.origin?.location(of: "fields[\(index)].constraints.references"),
                            exit: .invalidInput)
                    }
                    guard source.schema.field(named: reference.field) != nil else {
                        let hint = Suggest.closest(to: reference.field, among: source.schema.fields.map(\.name))
                        throw VeloError(
                            "schema '\(schema.name)': field '\(field.name)' references unknown field '\(reference.field)' of '\(reference.schema)'"
                                + (hint.map { " (did you mean '\($0)'?)" } ?? ""),
                            location: schema.origin?.location(of: "fields[\(index)].constraints.references.field"),
                            exit: .invalidInput)
                    }
                    source.tap(field: reference.field, into: pool)
                }
                wiring.pools[key] = pool
                return pool
            }
            wiring.generators[s] = try compiler.compile()
        }

        var jobs: [GenJob] = []
        for s in order {
            let generator = wiring.generators[s]!
            let schema = schemas[s]
            let isOutput = s < visible
            let count = try generator.prepare(
                count: request.counts[schema.name] ?? (isOutput ? request.count : nil),
                settings: settings)
            var topic: String?, file: String?
            if isOutput {
                switch request.destination {
                case .stdout: break
                case .file(let path): file = path
                case .directory(let dir): file = (dir.hasSuffix("/") ? dir : dir + "/") + schema.name + "." + request.format.fileExtension
                case .topics(let names): topic = names[s]
                }
            }
            jobs.append(GenJob(generator: generator, count: count, topic: topic, file: file, isOutput: isOutput))
        }
        try checkPools(jobs)
        return jobs
    }

    /// Several schemas need somewhere to keep their records apart.
    package func checkDestination(_ schemas: [Schema]) throws {
        switch request.destination {
        case .stdout, .file:
            if schemas.count > 1 {
                let what = request.destination == .stdout ? "stdout" : "one file"
                throw VeloError(
                    "\(schemas.count) schemas cannot share \(what)",
                    hint: "write each to its own place: --output-dir DIR, or --topic per schema ("
                        + schemas.map { "--topic \($0.name)" }.joined(separator: " ") + ")",
                    exit: .usage)
            }
        case .topics(let names):
            if names.count != schemas.count {
                throw VeloError(
                    "\(names.count) --topic for \(schemas.count) schema\(schemas.count == 1 ? "" : "s")",
                    hint: "give one --topic per schema, in the same order", exit: .usage)
            }
            for name in names { try LocalTopicStore.validate(topic: name) }
        case .directory:
            break
        }
        if request.format != .ndjson, case .topics = request.destination {
            throw VeloError("--format \(request.format.rawValue) does not apply to topics; messages are JSON", exit: .usage)
        }
    }

    /// Loads schemas that references name but the user did not give, from the referencing schema's folder
    /// (`<name>.schema.yaml`, or any schema there with that `name:`). They supply values only.
    package func addReferencedSchemas(_ schemas: inout [Schema]) throws {
        var i = 0
        while i < schemas.count {
            let schema = schemas[i]
            for (f, field) in schema.fields.enumerated() {
                guard let reference = field.constraints.references,
                    !schemas.contains(where: { $0.name == reference.schema })
                else { continue }
                if reference.file != nil { continue }
                if let found = try findSibling(named: reference.schema, near: schema.origin?.file) {
                    schemas.append(found)
                    continue
                }
                throw VeloError(
                    "schema '\(schema.name)': field '\(field.name)' references schema '\(reference.schema)', which is not loaded",
                    location: schema.origin?.location(of: "fields[\(f)].constraints.references.schema"),
                    hint:
                        "give \(reference.schema).schema.yaml too (velo-gen \(reference.schema).schema.yaml \(schema.origin?.file ?? "…")), put it in the same folder, or add `file:` with its values",
                    exit: .invalidInput)
            }
            i += 1
        }
    }

    package func findSibling(named name: String, near file: String?) throws -> Schema? {
        var dir = "."
        if let file, file != "<stdin>", let slash = file.lastIndex(of: "/") { dir = String(file[..<slash]) }
        if dir.isEmpty { dir = "/" }
        for candidate in ["\(name).schema.yaml", "\(name).schema.yml", "\(name).yaml", "\(name).yml"] {
            let path = dir + "/" + candidate
            if FileManager.default.fileExists(atPath: path) {
                let loaded = try SchemaLoader.load(path: path)
                if loaded.schema.name == name { return loaded.schema }
            }
        }
        let directory = try? SchemaLoader.loadDirectory(dir)
        return directory?.schema(named: name)
    }

    /// Schema indices with every referenced schema before the schemas that reference it.
    package func referenceOrder(_ schemas: [Schema]) throws -> [Int] {
        var order: [Int] = []
        var state = [UInt8](repeating: 0, count: schemas.count) // 0 new, 1 visiting, 2 done
        func visit(_ s: Int, _ path: [String]) throws {
            if state[s] == 2 { return }
            if state[s] == 1 {
                throw VeloError(
                    "schemas reference each other in a cycle: " + (path + [schemas[s].name]).joined(separator: " → "),
                    hint: "one side of the cycle needs `file:` values instead", exit: .invalidInput)
            }
            state[s] = 1
            for (f, field) in schemas[s].fields.enumerated() {
                guard let reference = field.constraints.references else { continue }
                guard let parent = schemas.firstIndex(where: { $0.name == reference.schema }) else { continue }
                if parent == s {
                    throw VeloError(
                        "schema '\(schemas[s].name)': field '\(field.name)' references its own schema",
                        location: schemas[s].origin?.location(of: "fields[\(f)].constraints.references"),
                        hint: "load the values from a file with `file:`", exit: .invalidInput)
                }
                try visit(parent, path + [schemas[s].name])
            }
            state[s] = 2
            order.append(s)
        }
        for s in schemas.indices { try visit(s, []) }
        return order
    }

    /// Every pool a job draws from must get values before that job starts.
    package func checkPools(_ jobs: [GenJob]) throws {
        for job in jobs where job.count > 0 {
            for (f, field) in job.generator.schema.fields.enumerated() {
                guard let reference = field.constraints.references, reference.file == nil,
                    let parent = jobs.first(where: { $0.generator.schema.name == reference.schema })
                else { continue }
                if parent.count == 0 {
                    throw VeloError(
                        "schema '\(job.generator.schema.name)': field '\(field.name)' references '\(reference.schema)', which generates 0 records",
                        location: job.generator.schema.origin?.location(of: "fields[\(f)].constraints.references"),
                        hint: "give '\(reference.schema)' a count above 0 (-n \(reference.schema)=100)", exit: .usage)
                }
            }
        }
    }
}
