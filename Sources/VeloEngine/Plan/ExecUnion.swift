import VeloBase
import VeloSQL

/// `SELECT … UNION [ALL] SELECT …` (docs/sql-reference.md, "UNION"). Each SELECT is planned as a query of
/// its own (`unionBranches`) and run after the first, over its own source (opened by name like a joined
/// table), writing into the first's sink: the rows take the first SELECT's column names, ORDER BY and LIMIT
/// apply to all of them, and UNION without ALL drops repeated rows. The SELECTs run one after another, so a
/// union needs bounded inputs (`--follow` is refused).
extension ExecPlan {
    package static func makeUnion(_ statement: SQLStatement, job: SQLJob, script: SQLScript) throws -> ExecPlan {
        let query = statement.query
        if let mixed = query.unions.first(where: { $0.all != query.unions[0].all }) {
            throw SQLIssue.error(
                "UNION and UNION ALL in one query are not supported yet", at: mixed.span,
                hint: "use one of them throughout (or run the parts as jobs of their own)")
        }
        var first = statement
        first.query = SQLQuery(first: query.first, orderBy: query.orderBy, limit: query.limit, span: query.span)
        let plan = try make(first, job: job, script: script)
        for part in query.unions {
            var branch = statement
            branch.query = SQLQuery(first: part.select, limit: query.limit, span: part.span)
            let other = try make(branch, job: job, script: script)
            if plan.selectAll || other.selectAll {
                throw SQLIssue.error(
                    "a UNION needs its columns listed, not *", at: plan.selectAll ? query.first.span : part.select.span,
                    hint: "name the columns in each SELECT, in the same order")
            }
            if other.outputNames.count != plan.outputNames.count {
                throw SQLIssue.error(
                    "this SELECT has \(other.outputNames.count) columns, the first one of the UNION \(plan.outputNames.count)",
                    at: part.select.span, hint: "each SELECT of a UNION lists the same number of columns, in the same order")
            }
            plan.unionBranches.append(other)
        }
        plan.unionDistinct = !query.unions[0].all
        return plan
    }
}

extension ExecRuntime {
    /// The other SELECTs of a UNION, each with its own source, writing into this runtime's sink.
    package func makeUnionBranches() throws -> [ExecRuntime] {
        try plan.unionBranches.map { branch in
            var source: (any RecordSource)?
            if let name = branch.sourceName {
                guard let sources else {
                    throw VeloError("this UNION reads '\(name)', which cannot be opened here", hint: "run it with velo-run", exit: .usage)
                }
                source = try sources.open(name)
            }
            return try ExecRuntime(
                plan: branch, source: source, sink: sink, events: nil,
                profiler: StageProfiler(enabled: profiler.enabled), sources: sources, partOfUnion: true)
        }
    }

    /// Runs the UNION's other SELECTs after this one finished (they share its sink and dead-letter output).
    package func runUnionBranches() throws -> RunEnd {
        for branch in unionBranches {
            if limitReached { break }
            branch.lateData?.deadLetter = lateData?.deadLetter
            let end = try branch.run()
            guard end == .finished else { return end }
        }
        return .finished
    }
}

/// UNION without ALL: writes each distinct row once (by value, as GROUP BY compares them).
package final class DistinctSink: RecordSink {
    package let inner: any RecordSink
    private var seen = Set<GroupKey>()

    package init(_ inner: any RecordSink) { self.inner = inner }

    package var name: String { inner.name }
    package var kind: String { inner.kind }
    package var records: Int64 { inner.records }

    package func write(_ record: OutputRecord) throws {
        guard seen.insert(GroupKey(Array(record.values))).inserted else { return }
        try inner.write(record)
    }

    package func finish() throws { try inner.finish() }
    package func abort() { inner.abort() }
}
