import VeloBase
import VeloJSON

/// The `velo-run --check` report: a human summary of the jobs, or the same as versioned JSON.
public enum SQLCheckReport {
    /// The human summary (for stderr): one block per job.
    /// `schemas`: what loading `--schemas` found (a broken schema is an error of the check too).
    public static func text(_ result: SQLCheckResult, schemas: [Diagnostic] = [], style: TextStyle = TextStyle(enabled: false)) -> String {
        let schemaErrors = schemas.filter { $0.severity == .error }.count
        let errors = result.issues.filter { $0.severity == .error }.count + schemaErrors
        let warnings = result.issues.count + schemas.count - errors
        var lines: [String] = []
        let name = result.file ?? "<stdin>"
        let jobs = result.jobs.count == 1 ? "1 job" : "\(result.jobs.count) jobs"
        var status = errors == 0 ? "ok" : (errors == 1 ? "1 error" : "\(errors) errors")
        if warnings > 0 { status += warnings == 1 ? ", 1 warning" : ", \(warnings) warnings" }
        lines.append(style.bold("\(name): \(jobs), \(status)"))
        if let app = result.script.applicationHeader ?? result.script.annotation("app") ?? result.script.annotation("application") {
            lines.append("application: \(app)")
        }
        // With errors the diagnostics are the report; the job summary would describe SQL that cannot run.
        if errors > 0 { return lines.joined(separator: "\n") }
        let source = result.source
        for (i, job) in result.jobs.enumerated() {
            let line = source.line(of: job.span.start)
            lines.append("")
            lines.append(style.bold("job \(i + 1): \(job.name)") + " (\(kindText(job.kind)), line \(line))")
            lines.append("  sources: " + (job.sources.isEmpty ? "none" : job.sources.map(endpointText).joined(separator: ", ")))
            lines.append("  sinks:   " + (job.sinks.isEmpty ? "stdout" : job.sinks.map(endpointText).joined(separator: ", ")))
            lines.append("  window:  " + (job.window.map(SQLPrinter.window) ?? "none"))
            lines.append("  emit:    " + job.emit.rawValue + (job.emitExplicit ? "" : " (default)"))
            if !job.primaryKey.isEmpty { lines.append("  key:     " + job.primaryKey.joined(separator: ", ")) }
        }
        return lines.joined(separator: "\n")
    }

    private static func kindText(_ kind: SQLStatement.Kind) -> String {
        switch kind {
        case .createStream: return "CREATE STREAM"
        case .createTable: return "CREATE TABLE"
        case .insert: return "INSERT INTO"
        case .select: return "SELECT"
        }
    }

    private static func endpointText(_ e: SQLJob.Endpoint) -> String {
        var details: [String] = []
        if let type = e.type { details.append(type) }
        if let topic = e.topic, topic != e.name { details.append("topic \(topic)") }
        if e.origin == "schema" { details.append("schema") }
        return details.isEmpty ? e.name : "\(e.name) (\(details.joined(separator: ", ")))"
    }

    /// The JSON report (`"version": 1`), documented in docs/sql-reference.md.
    public static func json(_ result: SQLCheckResult, schemas: [Diagnostic] = []) -> JSONValue {
        let errors = result.issues.filter { $0.severity == .error }.count + schemas.filter { $0.severity == .error }.count
        var root = JSONObject()
        root.append("version", 1)
        root.append("file", result.file.map { .string($0) } ?? .null)
        root.append("valid", .bool(errors == 0))
        root.append("errors", .int(Int64(errors)))
        root.append("warnings", .int(Int64(result.issues.count + schemas.count - errors)))
        var app = JSONObject()
        app.append(
            "name",
            (result.script.applicationHeader ?? result.script.annotation("app") ?? result.script.annotation("application"))
                .map { .string($0) } ?? .null)
        app.append("annotations", annotations(result.script.annotations))
        root.append("application", .object(app))
        let source = result.source
        root.append("jobs", .array(result.jobs.map { job(for: $0, in: result, source: source) }))
        root.append("diagnostics", .array((schemas + result.diagnostics).map(diagnostic)))
        return .object(root)
    }

    private static func annotations(_ list: [SQLAnnotation]) -> JSONValue {
        .array(list.map { .object(JSONObject([("key", .string($0.key)), ("value", .string($0.value))])) })
    }

    private static func job(for job: SQLJob, in result: SQLCheckResult, source: SQLSourceText) -> JSONValue {
        let location = source.location(of: job.span.start)
        let statement = result.script.statements[job.statementIndex]
        var o = JSONObject()
        o.append("name", .string(job.name))
        o.append("kind", .string(job.kind.rawValue))
        o.append("line", .int(Int64(location.line)))
        o.append("column", .int(Int64(location.column)))
        o.append("sources", .array(job.sources.map(endpoint)))
        o.append("sinks", .array(job.sinks.map(endpoint)))
        if let w = job.window {
            var window = JSONObject()
            window.append("kind", .string(w.kind.rawValue.lowercased()))
            window.append("time_column", w.timeColumn.map { .string(SQLPrinter.expression($0)) } ?? .null)
            window.append("size_ms", .int(w.size.millis))
            window.append("advance_ms", w.advance.map { .int($0.millis) } ?? .null)
            window.append("sql", .string(SQLPrinter.window(w)))
            o.append("window", .object(window))
        } else {
            o.append("window", .null)
        }
        o.append("emit", .string(job.emit.rawValue))
        o.append("emit_explicit", .bool(job.emitExplicit))
        o.append(
            "columns",
            job.columns.map { cols in
                .array(cols.map { .object(JSONObject([("name", .string($0.name)), ("type", .string($0.type.rawValue))])) })
            } ?? .null)
        o.append("primary_key", .array(job.primaryKey.map { .string($0) }))
        o.append("annotations", annotations(statement.annotations))
        // The report feeds other programs (the REPL, AI prompts): secret values never leave in clear.
        let properties = statement.properties.map { property -> SQLProperty in
            var shown = property
            shown.value = Secrets.display(property.key, property.value)
            return shown
        }
        o.append(
            "properties",
            .array(
                properties.map {
                    .object(JSONObject([("key", .string($0.key)), ("value", .string($0.value))]))
                }))
        o.append(
            "sql",
            .string(
                SQLPrinter.print(
                    SQLStatement(
                        kind: statement.kind, target: statement.target,
                        columns: statement.columns, query: statement.query,
                        emit: statement.emit, properties: properties))))
        return .object(o)
    }

    private static func endpoint(_ e: SQLJob.Endpoint) -> JSONValue {
        .object(
            JSONObject([
                ("name", .string(e.name)),
                ("type", e.type.map { .string($0) } ?? .null),
                ("topic", e.topic.map { .string($0) } ?? .null),
                ("origin", .string(e.origin))
            ]))
    }

    private static func diagnostic(_ d: Diagnostic) -> JSONValue {
        var o = JSONObject()
        o.append("severity", .string(d.severity.rawValue))
        o.append("message", .string(d.message))
        o.append("file", d.location?.file.map { .string($0) } ?? .null)
        o.append("line", d.location.map { .int(Int64($0.line)) } ?? .null)
        o.append("column", d.location.map { .int(Int64($0.column)) } ?? .null)
        o.append("length", d.location.map { .int(Int64($0.length)) } ?? .null)
        o.append("hint", d.hint.map { .string($0) } ?? .null)
        return .object(o)
    }
}
