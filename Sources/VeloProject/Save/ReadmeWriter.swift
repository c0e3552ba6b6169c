/// `README.md` of a saved project: what it is, its files, how to run and test it here and on Velostream.
package enum ReadmeWriter {
    package struct Content {
        package var app: String
        package var description: String?
        package var jobs: [(name: String, kind: String)]
        package var files: [String]
        package var tests: Bool
        package var notes: [String]
        package init(app: String, description: String?, jobs: [(name: String, kind: String)], files: [String], tests: Bool, notes: [String]) {
            self.app = app
            self.description = description
            self.jobs = jobs
            self.files = files
            self.tests = tests
            self.notes = notes
        }
    }

    package static func text(_ c: Content) -> String {
        var out = "# \(c.app)\n\n"
        if let d = c.description, !d.isEmpty { out += d + "\n\n" }
        out += "A Velostream SQL application saved by `velo-save`.\n\n## Jobs\n\n| # | job | kind |\n|---|---|---|\n"
        for (i, job) in c.jobs.enumerated() { out += "| \(i + 1) | `\(job.name)` | \(job.kind) |\n" }
        out += "\n## Files\n\n" + c.files.map { "- `\($0)`" }.joined(separator: "\n") + "\n"
        out += """

            ## Run it

            ```sh
            make check   # velo-run --check: the SQL against the schemas
            make gen     # generate test records into the input topics (velo-gen)
            make run     # run every job (velo-run)
            \(c.tests ? "make test    # run test_spec.yaml (velo-run --spec; never touches a cluster)\n" : "")```

            Topics live in the local store unless `VELO_KAFKA=host:port` names a Kafka cluster; the configs read it
            (and any credentials) from the environment as `${VAR}` references, so no secret is in these files.
            Velostream runs `sql/\(c.app).sql` as it is: every source and sink declares its type and config file.

            """
        if c.tests {
            out += "\n## Tests\n\n`test_spec.yaml` checks each job on generated records (seed 42). Assertions follow each query's shape; "
            out += "performance limits come from the last run in the session with a margin (\(PerformanceThresholds.margins)).\n"
        }
        if !c.notes.isEmpty {
            out += "\n## Notes\n\n" + c.notes.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        return out
    }
}
