import VeloBase
import VeloSQL
import VeloSession
import VeloSpec

/// Everything velo-save writes for a session, in memory: `<app>/sql/<app>.sql`, `schemas/*.schema.yaml`,
/// `test_spec.yaml`, `configs/`, `Makefile`, `README.md`. Build it with `Project(session:…)`; the spec may
/// be replaced (calibration) before `files` is taken.
package struct Project {
    package var app: String
    package var description: String?
    package var sql: String
    package var check: SQLCheckResult
    package var schemas: SessionSchemas
    package var spec: TestSpec?
    package var notes: [String]
    package var configs: [ProjectFile]

    /// Validates the app name, checks and completes the SQL, and generates the spec unless `tests` is false.
    package init(session: Session, tests: Bool = true, environment: [String: String] = [:]) throws {
        app = try AppName.validate(session.app?.name ?? "")
        description = session.app?.description
        guard !session.jobs.isEmpty else {
            throw VeloError("the session has no jobs to save", hint: "run or load a job first", exit: .invalidInput)
        }
        schemas = try SessionSchemas(session)
        let writer = AppSQLWriter(app: app, description: description, jobs: session.jobs, schemas: schemas.provider)
        (sql, check) = try writer.write()
        notes = []
        if tests {
            let built = SpecBuilder(app: app, description: description, check: check, schemas: schemas, runs: session.runs).build()
            spec = built.spec
            notes = built.notes
        }
        configs = ConfigFiles.files(backend: session.backend, environment: environment)
        notes += foreignConfigFiles.map { "\($0.job): '\($0.file)' is not written by velo-save; copy it into the project before running" }
    }

    /// Config files the jobs name that the project does not hold (a job loaded from another app).
    package var foreignConfigFiles: [(job: String, file: String)] {
        let ours = Set(configs.map { "../" + $0.path })
        return zip(check.script.statements, check.jobs).flatMap { statement, job in
            statement.properties.filter { $0.key.hasSuffix(".config_file") && !ours.contains($0.value) }.map { (job.name, $0.value) }
        }
    }

    /// The check's warnings (errors stopped the build).
    package var warnings: [Diagnostic] {
        schemas.warnings + check.diagnostics.filter { $0.severity != .error }
            + foreignConfigFiles.map {
                Diagnostic(
                    .warning, "job '\($0.job)' names config file '\($0.file)', which the project does not hold",
                    hint: "copy it into the project's configs/")
            }
    }

    /// Input topics: sources no job makes, with the schema file to generate them from.
    package var inputs: [(topic: String, schema: String)] {
        let made = Set(check.script.statements.compactMap { $0.kind == .select ? nil : $0.target?.value })
        var seen: Set<String> = []
        var out: [(String, String)] = []
        for (statement, job) in zip(check.script.statements, check.jobs) {
            for source in job.sources where !made.contains(source.name) && seen.insert(source.name).inserted {
                guard statement.property("\(source.name).type")?.value.hasPrefix("kafka") ?? true,
                    let file = schemas.schemas.first(where: { $0.schema.name == source.name })?.file
                else { continue }
                out.append((statement.property("\(source.name).topic.name")?.value ?? source.name, file))
            }
        }
        return out
    }

    /// The files, in the order the manifest lists them.
    package var files: [ProjectFile] {
        var files = [ProjectFile(path: "sql/\(app).sql", kind: "sql", text: sql)]
        files += schemas.schemas.map { ProjectFile(path: $0.file, kind: "schema", text: $0.yaml.hasSuffix("\n") ? $0.yaml : $0.yaml + "\n") }
        if let spec {
            let header = ["Written by velo-save. Run: make test (velo-run --spec test_spec.yaml sql/\(app).sql)"]
            files.append(ProjectFile(path: "test_spec.yaml", kind: "spec", text: SpecWriter.yaml(spec, header: header)))
        }
        files += configs
        files.append(
            ProjectFile(
                path: "Makefile", kind: "makefile",
                text: MakefileWriter.text(app: app, inputs: inputs, tests: spec != nil, schemas: !schemas.schemas.isEmpty)))
        let jobs = zip(check.script.statements, check.jobs).map { ($1.name, QueryShape(statement: $0, job: $1).kind) }
        let readme = ReadmeWriter.Content(
            app: app, description: description, jobs: jobs, files: files.map(\.path) + ["README.md"], tests: spec != nil, notes: notes)
        files.append(ProjectFile(path: "README.md", kind: "readme", text: ReadmeWriter.text(readme)))
        return files
    }
}
