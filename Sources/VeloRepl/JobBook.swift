import VeloSession

/// The session's jobs numbered across files: the jobs of each loaded SQL file in file order (files in the
/// order they were loaded), then the jobs made in the session. `show jobs` numbers them from 1; velo-save
/// numbers a file's own jobs from 1, so a session number maps to (file, number in file).
package enum JobBook {
    /// Puts `jobs` (all from `file`) in place of that file's jobs: where they were, or after the other
    /// files' jobs and before the session's own.
    package static func replaceJobs(of file: String, with jobs: [SessionJob], in session: inout Session) {
        let first = session.jobs.firstIndex { $0.file == file }
        session.jobs.removeAll { $0.file == file }
        let at = first ?? (session.jobs.firstIndex { $0.file == nil } ?? session.jobs.count)
        session.jobs.insert(contentsOf: jobs, at: min(at, session.jobs.count))
    }

    /// Job `number` (1-based), with its number inside its file when it has one.
    package static func locate(_ number: Int, in session: Session) -> (index: Int, job: SessionJob, numberInFile: Int?)? {
        guard number >= 1, number <= session.jobs.count else { return nil }
        let index = number - 1
        let job = session.jobs[index]
        guard let file = job.file else { return (index, job, nil) }
        let inFile = session.jobs[...index].filter { $0.file == file }.count
        return (index, job, inFile)
    }

    /// The error for a number that names no job.
    package static func noSuchJob(_ number: Int, in session: Session) -> ReplError {
        session.jobs.isEmpty
            ? ReplError("there are no jobs yet", hint: "load app.sql, or run a draft and `append` it")
            : ReplError("no job \(number): jobs are numbered 1 to \(session.jobs.count)", hint: "show jobs lists them")
    }

    /// The text of lines `first...last` (1-based) of `text`.
    package static func lines(_ text: String, _ first: Int, _ last: Int) -> String {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first >= 1, first <= last, first <= all.count else { return "" }
        return all[(first - 1)..<min(last, all.count)].joined(separator: "\n")
    }
}
