import VeloBase
import VeloSQL
import VeloSession

/// `sql/<app>.sql`: the app header (`-- SQL Application:`, `@app`, `@description`), then each job as the
/// session holds it — its own annotations and text kept — with `-- @name:` added when it has none and the
/// WITH bindings Velostream's validator needs (`EndpointBindings`). The whole file is checked by the SQL
/// front end against the session's schemas; an error stops the save, warnings are returned.
package struct AppSQLWriter {
    package var app: String
    package var description: String?
    package var jobs: [SessionJob]
    package var schemas: SQLSchemaSet

    package init(app: String, description: String?, jobs: [SessionJob], schemas: SQLSchemaSet) {
        self.app = app
        self.description = description
        self.jobs = jobs
        self.schemas = schemas
    }

    package var path: String { "sql/\(app).sql" }

    /// The file's text and the check of it (jobs, warnings).
    package func write() throws -> (text: String, check: SQLCheckResult) {
        var text = header()
        for job in jobs { text += "\n" + (try jobText(job)) + "\n" }
        let draft = SQLFrontEnd.check(text, file: path, schemas: schemas)
        try SQLProblems.throwIfErrors(draft)
        guard draft.jobs.count == draft.script.statements.count else { throw SQLProblems(draft.diagnostics) }

        var bytes = Array(text.utf8)
        let topics = EndpointBindings.outputTopics(draft.script)
        // Back to front, so the spans of the statements not yet edited stay right.
        for (statement, job) in zip(draft.script.statements, draft.jobs).reversed() {
            let missing = try EndpointBindings.missing(for: statement, job: job, topics: topics)
            EndpointBindings.splice(missing, into: statement, bytes: &bytes)
        }
        text = String(decoding: bytes, as: UTF8.self)
        let final = SQLFrontEnd.check(text, file: path, schemas: schemas)
        try SQLProblems.throwIfErrors(final)
        return (text, final)
    }

    func header() -> String {
        var lines = ["-- SQL Application: \(app)", "-- @app: \(app)"]
        if let description, !description.isEmpty {
            lines.append("-- @description: " + description.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One job's text: exactly one statement ending in ';', starting with its `@name` annotation.
    func jobText(_ job: SessionJob) throws -> String {
        var text = try SQLAppEditor.jobText(job.sql)
        let parsed = SQLFrontEnd.parse(text)
        let place = "job '\(job.name)'"
        if parsed.issues.hasErrors { throw SQLProblems(SQLFrontEnd.check(text, file: place).diagnostics) }
        guard parsed.script.statements.count == 1 else {
            throw VeloError(
                "\(place) holds \(parsed.script.statements.count) statements, not one", hint: "a session job is one CREATE, INSERT or SELECT",
                exit: .invalidInput)
        }
        let statement = parsed.script.statements[0]
        if statement.annotation("name") == nil && statement.annotation("job_name") == nil {
            text = "-- @name: \(job.name.split(whereSeparator: \.isNewline).joined(separator: " "))\n" + text
        }
        return text
    }
}
