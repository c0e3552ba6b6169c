import Foundation
import VeloBase
import VeloSession
import VeloTerminal

extension Repl {
    /// `load FILE`: an SQL app (its jobs join the session, numbered after the jobs already there) or a
    /// saved session (`.json`).
    func loadFile(_ path: String) throws {
        if path.hasSuffix(".json") {
            try resume(from: path)
            return
        }
        guard fileExists(path) else {
            let dir = (path as NSString).deletingLastPathComponent
            let near = ((try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []).filter {
                $0.hasSuffix(".sql") || $0.hasSuffix(".json")
            }
            let name = (path as NSString).lastPathComponent
            throw ReplError(
                "no such file '\(path)'",
                hint: Suggest.closest(to: name, among: near).map { "did you mean '\(dir.isEmpty ? $0 : dir + "/" + $0)'?" }
                    ?? "Tab after load completes file names")
        }
        let text = try TextInput.read(path)
        if openFiles.contains(where: { $0.path == path }) {
            throw ReplError("\(path) is already loaded", hint: "show jobs lists its jobs")
        }
        let base = (path.split(separator: "/").last.map(String.init) ?? "app.sql")
        let copy = try scratch.write("files/\(openFiles.count + 1)-\(base)", text)
        openFiles.append(OpenFile(path: path, workingCopy: copy, original: text))
        do {
            try relist(path)
        } catch {
            openFiles.removeLast()
            throw error
        }
        session.files.removeAll { $0.path == path }
        session.files.append(SessionFile(path: path, modified: false))
        say("Loaded \(style.bold(path)):")
        for (number, job) in session.jobs.enumerated() where job.file == path {
            say("  [\(number + 1)] \(job.name) " + style.dim("(\(Self.kind(of: job.sql)))"))
        }
    }

    /// Reads a file's jobs back with `velo-save --list` (its working copy), in place of the ones the session had.
    func relist(_ path: String) throws {
        guard let file = openFiles.first(where: { $0.path == path }) else { return }
        let output = try toolOutput(
            "velo-save", ["--list", file.workingCopy], shownAs: ["--list", path], record: false, workingCopy: (file.workingCopy, path))
        let data = Data(output.utf8)
        let decoder = JSONDecoder()
        let entries: [SQLJobEntry]
        if let list = try? decoder.decode([SQLJobEntry].self, from: data) {
            entries = list
        } else if let wrapped = try? decoder.decode([String: [SQLJobEntry]].self, from: data), let list = wrapped["jobs"] {
            entries = list
        } else {
            throw ReplError("velo-save --list wrote jobs velo-repl cannot read", hint: "is velo-save from the same build as velo-repl?")
        }
        let text = try TextInput.read(file.workingCopy)
        let jobs = entries.map { SessionJob(name: $0.name, sql: JobBook.lines(text, $0.firstLine, $0.lastLine), file: path) }
        JobBook.replaceJobs(of: path, with: jobs, in: &session)
    }

    func showJobs() {
        guard !session.jobs.isEmpty else {
            note("no jobs yet: load app.sql, or describe a query and run it")
            return
        }
        let rows = session.jobs.enumerated().map { i, job -> [String] in
            let run = session.runs[job.name]
            let last =
                run.map { r in
                    r.exitCode == 0 ? "ok, \(HumanFormat.grouped(Int(r.metrics["records_out"]?.intValue ?? 0))) out" : "exit \(r.exitCode ?? -1)"
                } ?? "—"
            let modified = session.files.first { $0.path == job.file }?.modified == true
            return ["\(i + 1)", job.name, Self.kind(of: job.sql), (job.file ?? "(new)") + (modified ? " *" : ""), last]
        }
        say(TableView(columns: ["#", "job", "kind", "file", "last run"], rows: rows).render(style: style), terminator: "")
    }

    func showJob(_ number: Int) throws {
        guard let found = JobBook.locate(number, in: session) else { throw JobBook.noSuchJob(number, in: session) }
        note("-- [\(number)] \(found.job.name)" + (found.job.file.map { " in \($0)" } ?? ""))
        say(SQLHighlighter.highlight(fitted(sql: found.job.sql), style: style))
    }

    func deleteJob(_ number: Int) throws {
        guard let found = JobBook.locate(number, in: session) else { throw JobBook.noSuchJob(number, in: session) }
        if let path = found.job.file, let n = found.numberInFile {
            try editFile(path, ["--delete", String(n)])
        } else {
            session.jobs.remove(at: found.index)
        }
        unsaved = true
        done("deleted job \(number) (\(found.job.name))" + (found.job.file.map { "; save writes \($0)" } ?? ""))
    }

    /// `append`: the current draft joins the last loaded file (or the session's own jobs).
    func appendJob() throws {
        guard let draft = current else { throw ReplError("nothing to append", hint: "describe a query, or type SQL ending with ;") }
        if let file = openFiles.last {
            try editFile(file.path, ["--append", "-"], sql: draft.sql)
        } else {
            session.jobs.append(SessionJob(name: draft.jobName ?? "job_\(session.jobs.count + 1)", sql: draft.sql))
        }
        unsaved = true
        // The session numbers jobs file by file, so a job appended to a file is the last of that file's jobs.
        let file = openFiles.last?.path
        let number = (session.jobs.lastIndex { $0.file == file } ?? session.jobs.count - 1) + 1
        done("appended as job \(number)" + (file.map { " to \($0)" } ?? ""))
    }

    /// `replace N`: job N becomes the current draft.
    func replaceJob(_ number: Int) throws {
        guard let draft = current else { throw ReplError("nothing to replace it with", hint: "describe the new query first, then replace \(number)") }
        guard let found = JobBook.locate(number, in: session) else { throw JobBook.noSuchJob(number, in: session) }
        if let path = found.job.file, let n = found.numberInFile {
            try editFile(path, ["--replace", String(n), "-"], sql: draft.sql)
        } else {
            session.jobs[found.index] = SessionJob(name: draft.jobName ?? found.job.name, sql: draft.sql)
        }
        unsaved = true
        done("replaced job \(number)")
    }

    /// `edit`/`e`: the current draft (or job N) in $EDITOR; the edited SQL becomes the current draft.
    func editCommand(_ job: Int?) throws {
        let sql: String
        var name: String?
        if let job {
            guard let found = JobBook.locate(job, in: session) else { throw JobBook.noSuchJob(job, in: session) }
            sql = found.job.sql
            name = found.job.name
        } else {
            guard let draft = current else { throw ReplError("nothing to edit", hint: "describe a query first, or edit N for job N") }
            sql = draft.sql
            name = draft.jobName
        }
        runNumber += 1
        let path = try scratch.write("edit/draft-\(runNumber).sql", sql.hasSuffix("\n") ? sql : sql + "\n")
        try openEditor(path)
        let edited = try TextInput.read(path).trimmingCharacters(in: .whitespacesAndNewlines)
        guard edited != sql.trimmingCharacters(in: .whitespacesAndNewlines) else {
            note("unchanged")
            return
        }
        current = SessionDraft(sql: edited, jobName: Self.createdName(edited) ?? name)
        session.lastDraft = current
        unsaved = true
        say(SQLHighlighter.highlight(edited, style: style))
        say("  " + style.bold("[r]") + " run" + (job.map { "  replace \($0) keeps it as job \($0)" } ?? "  append keeps it"))
    }

    /// A velo-save edit of a loaded file's working copy (shown as the edit of the file itself). New SQL
    /// goes on stdin (`-`), so text starting with `--` is never taken for an option.
    private func editFile(_ path: String, _ edit: [String], sql: String? = nil) throws {
        guard let file = openFiles.first(where: { $0.path == path }) else { throw ReplError("\(path) is not loaded", hint: "load \(path)") }
        var input: String?
        if let sql {
            runNumber += 1
            input = try scratch.write("job-\(runNumber).sql", sql.hasSuffix("\n") ? sql : sql + "\n")
        }
        _ = try toolOutput("velo-save", edit + [file.workingCopy], stdinFile: input, shownAs: edit + [path], workingCopy: (file.workingCopy, path))
        try relist(path)
        if let i = session.files.firstIndex(where: { $0.path == path }) { session.files[i].modified = true }
    }

    static func kind(of sql: String) -> String {
        let words = sql.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: " ")
            .split(whereSeparator: \.isWhitespace).prefix(2).map { $0.uppercased() }
        switch (words.first, words.dropFirst().first) {
        case ("CREATE", "STREAM"): return "CREATE STREAM"
        case ("CREATE", "TABLE"): return "CREATE TABLE"
        case ("INSERT", _): return "INSERT"
        case ("SELECT", _): return "SELECT"
        default: return "SQL"
        }
    }
}
