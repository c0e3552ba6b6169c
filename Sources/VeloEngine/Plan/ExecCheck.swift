import VeloSQL

extension ExecPlan {
    /// What the engine would refuse in a file the front end accepts (a construct not supported yet, an ORDER BY
    /// outside the output…): each job is planned as `velo-run` would plan it, and its first refusal becomes a
    /// warning with its place. A warning, not an error: the SQL is valid Velostream SQL; only this runner
    /// cannot run it yet.
    package static func refusals(_ checked: SQLCheckResult) -> [SQLIssue] {
        checked.jobs.compactMap { job in
            do {
                _ = try make(checked.script.statements[job.statementIndex], job: job, script: checked.script)
                return nil
            } catch let issue as SQLIssue {
                return SQLIssue(.warning, "velo-run cannot run job '\(job.name)' yet: \(issue.message)", at: issue.span, hint: issue.hint)
            } catch {
                return nil // found again, with its own message, when the job runs
            }
        }
    }
}
