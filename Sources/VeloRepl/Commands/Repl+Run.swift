import Foundation
import VeloBase
import VeloJSON
import VeloSession
import VeloTerminal

extension Repl {
    /// SQL typed at the prompt becomes what `run` runs, and runs at once.
    func typedSQL(_ sql: String) throws {
        current = SessionDraft(sql: sql, jobName: Self.createdName(sql))
        session.lastDraft = current
        try runCommand(nil)
    }

    /// `run`/`r`: the current draft; `run N`: job N. A named draft that ran well becomes a job of the
    /// session (with no SQL file loaded; with one, `append` adds it to the file).
    func runCommand(_ job: Int?) throws {
        if let job {
            guard let found = JobBook.locate(job, in: session) else { throw JobBook.noSuchJob(job, in: session) }
            try runSQL(found.job.sql, name: found.job.name)
            return
        }
        guard let draft = current else {
            throw ReplError("nothing to run yet", hint: "describe what you want in words, type SQL ending with ;, or run N for job N")
        }
        try runSQL(draft.sql, name: draft.jobName)
        guard let name = draft.jobName, session.runs[name]?.exitCode == 0 else { return }
        if let i = session.jobs.firstIndex(where: { $0.name == name }) {
            if session.jobs[i].sql != draft.sql {
                note("job \(i + 1) is also named \(name): replace \(i + 1) puts this version in its place")
            }
        } else if openFiles.isEmpty {
            session.jobs.append(SessionJob(name: name, sql: draft.sql))
            unsaved = true
            note("job \(session.jobs.count): \(name) (save writes it; delete \(session.jobs.count) drops it)")
        } else {
            note("append adds it to \(openFiles.last!.path)")
        }
    }

    /// Checks the SQL against the session's schemas, then runs it with velo-run and shows rows and metrics.
    @discardableResult
    func runSQL(_ sql: String, name: String?) throws -> RunView {
        runNumber += 1
        let base = (name ?? "query").filter { $0.isLetter || $0.isNumber || $0 == "_" }
        let text = withSettings(sql)
        let file = try scratch.write("\(base.isEmpty ? "query" : base)-\(runNumber).sql", text)
        let schemas = try schemasDirectory()
        let check = try checkSQL(file: file, text: text, schemas: schemas)
        var args = [file, "--events", "-q"]
        if let schemas { args += ["--schemas", schemas] }
        if let source = check.unboundSource {
            try requireTopic(source)
            args += ["--topic", source]
        }
        for topic in check.sourceTopics where topic != check.unboundSource { try requireTopic(topic) }
        if settings.profiling { args += ["--profile"] }
        args += options.kafkaArguments
        let view = RunView(style: style, rowsShown: settings.rows)
        defer { view.finishProgress() } // also when Ctrl+C stops velo-run
        let result: ChildResult
        do {
            result = try runTool("velo-run", args) { line in
                guard let event = try? JSONParser.parse(line) else { return }
                view.take(event)
            }
        } catch let error as ReplError where view.metrics != nil {
            // Ctrl+C: velo-run stopped cleanly and reported what it had done; show that, then say so.
            view.finishProgress()
            show(view, ok: true, status: 130, name: name ?? view.metrics?["job"]?.stringValue ?? base, partial: true)
            throw error
        }
        view.finishProgress()
        show(view, ok: result.ok, status: result.status, name: name ?? view.metrics?["job"]?.stringValue ?? base, partial: false)
        guard result.ok else {
            throw result.status == 5
                ? ReplError("some records failed (exit 5)", hint: "the failures are listed above; e edits the query")
                : ReplError.alreadyReported
        }
        return view
    }

    /// A run's rows (or the rows it wrote to its sink topic) and metrics, kept in the session's runs.
    private func show(_ view: RunView, ok: Bool, status: Int32, name: String, partial: Bool) {
        if view.count == 0, let metrics = view.metrics, let sink = Self.topicSink(metrics) {
            showSinkRows(sink.name, written: sink.records)
        } else if ok || view.count > 0, let rows = view.tableText(table: table(of:total:), partial: partial) {
            say(rows, terminator: "")
        }
        if let metrics = view.metrics {
            session.runs[name] = SessionRun(metrics: metrics, exitCode: status)
            if settings.metrics { say(MetricsView.render(metrics, style: style), terminator: "") }
        }
    }

    /// `velo-run --check --json`: diagnostics with a caret under the SQL the person typed or drafted.
    func checkSQL(file: String, text: String, schemas: String?) throws -> CheckReport {
        var args = ["--check", "--json", file]
        if let schemas { args += ["--schemas", schemas] }
        var lines: [String] = []
        let result = try runTool("velo-run", args, record: false) { lines.append($0) }
        let report = try CheckReport(json(lines.joined(), from: "velo-run --check"))
        for diagnostic in report.diagnostics {
            var d = diagnostic
            if var location = d.location {
                location.file = nil
                location.sourceLine = JobBook.lines(text, location.line, location.line)
                d.location = location
            }
            console.report(d)
        }
        guard result.ok, report.valid else {
            // Only a draft from velo-ask has an explanation; n would ask a question typed SQL never had.
            let drafted = current.map { $0.explanation != nil && text.hasSuffix($0.sql) } ?? false
            var error = ReplError(
                "the SQL is not valid", hint: drafted ? "e edits it, n asks for another draft" : "e edits it in $EDITOR, or type it again")
            error.details =
                (["the SQL is not valid:"]
                + report.diagnostics.map { d in
                    (d.location.map { "\($0.line):\($0.column): " } ?? "") + d.message + (d.hint.map { " (\($0))" } ?? "")
                }).joined(separator: "\n")
            throw error
        }
        return report
    }

    /// The topic a job reads must exist and hold records, or the run would wait on nothing.
    func requireTopic(_ name: String) throws {
        let topics = try catchingTopicErrors { try topicBackend().topics() }
        guard let topic = topics.first(where: { $0.name == name }), topic.messages > 0 else {
            let hint =
                session.schemas.contains { $0.name == name }
                ? "generate 1000 \(name) publishes records to it"
                : "load its schema (load schemas from DIR), then generate 1000 \(name)"
            throw ReplError("topic '\(name)' is \(topics.contains { $0.name == name } ? "empty" : "missing")", hint: hint)
        }
    }

    /// A job whose WITH sends its output to a topic writes nothing on stdout: the topic it wrote, if any.
    static func topicSink(_ metrics: JSONValue) -> (name: String, records: Int)? {
        for sink in metrics["sinks"]?.arrayValue ?? [] where sink["kind"]?.stringValue == "topic" {
            if let name = sink["name"]?.stringValue, let n = sink["records"]?.intValue, n > 0 { return (name, Int(n)) }
        }
        return nil
    }

    /// The last rows a run wrote to its sink topic, read back in-process.
    private func showSinkRows(_ topic: String, written: Int) {
        let shown = min(written, settings.rows)
        var records: [JSONObject] = []
        if let consumer = try? topicBackend().consumer(topic: topic, start: .lastN(shown), follow: false, group: nil) {
            while let message = try? consumer.next() {
                if let object = (try? JSONParser.parse(String(decoding: message.value, as: UTF8.self)))?.objectValue { records.append(object) }
            }
        }
        say(style.bold("Output (\(HumanFormat.grouped(written)) record\(written == 1 ? "" : "s") → topic \(topic)):"))
        if !records.isEmpty {
            say(table(of: records, total: records.count), terminator: "")
            note("the last \(records.count) of them; messages \(topic) --last N shows more")
        }
    }

    /// The SQL with the `set` defaults it lacks (`@timeout`).
    func withSettings(_ sql: String) -> String {
        guard let timeout = settings.timeout, !sql.contains("@timeout") else { return sql }
        return "-- @timeout: \(timeout)\n" + sql
    }

    /// The name after CREATE STREAM|TABLE, if any.
    static func createdName(_ sql: String) -> String? {
        let words = sql.split(whereSeparator: { $0.isWhitespace || $0 == "(" })
        for i in words.indices.dropLast(2) where words[i].uppercased() == "CREATE" {
            let kind = words[i + 1].uppercased()
            if kind == "STREAM" || kind == "TABLE" { return String(words[i + 2]) }
        }
        for line in sql.split(separator: "\n") where line.hasPrefix("-- @name:") {
            return line.dropFirst("-- @name:".count).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}

/// What `velo-run --check --json` says: valid or not, diagnostics, and the FROM source of the first job
/// when nothing binds it (the REPL then reads it from the topic of that name).
struct CheckReport {
    var valid: Bool
    var diagnostics: [Diagnostic]
    var unboundSource: String?
    /// The topics the jobs read that no job of the SQL writes (those must hold records before a run).
    var sourceTopics: [String] = []

    init(_ report: JSONValue) throws {
        valid = report["valid"]?.boolValue ?? false
        diagnostics = (report["diagnostics"]?.arrayValue ?? []).map { d in
            let severity = Diagnostic.Severity(rawValue: d["severity"]?.stringValue ?? "error") ?? .error
            var location: SourceLocation?
            if let line = d["line"]?.intValue, let column = d["column"]?.intValue {
                location = SourceLocation(line: Int(line), column: Int(column), length: Int(d["length"]?.intValue ?? 1))
            }
            return Diagnostic(severity, d["message"]?.stringValue ?? "?", location: location, hint: d["hint"]?.stringValue)
        }
        let jobs = report["jobs"]?.arrayValue ?? []
        let written = Set(jobs.flatMap { $0["sinks"]?.arrayValue ?? [] }.compactMap { $0["topic"]?.stringValue ?? $0["name"]?.stringValue })
        for source in jobs.flatMap({ $0["sources"]?.arrayValue ?? [] }) where source["type"]?.stringValue == "kafka_source" {
            if let topic = source["topic"]?.stringValue ?? source["name"]?.stringValue, !written.contains(topic), !sourceTopics.contains(topic) {
                sourceTopics.append(topic)
            }
        }
        if jobs.count == 1, let source = jobs[0]["sources"]?.arrayValue?.first,
            source["type"]?.isNull ?? true, source["topic"]?.isNull ?? true, let name = source["name"]?.stringValue
        {
            unboundSource = name
        }
    }
}
