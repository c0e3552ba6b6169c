import VeloBase
import VeloSQL

/// The jobs of a SQL file as a dependency graph: a job depends on every job whose output (its CREATE
/// STREAM/TABLE name) it reads in FROM or JOIN. `order` runs each job after its producers and keeps file
/// order among independent jobs; a cycle is an error naming the jobs in it.
package struct ExecAppGraph {
    /// The jobs in the order they run.
    package let order: [SQLJob]
    /// Output name (lowercased) → the first job that writes it (CREATE; INSERT INTO may add writers).
    package let producers: [String: SQLJob]
    /// Output name (lowercased) → every job that writes it, in file order.
    package let writers: [String: [SQLJob]]
    /// Job name → the names of the jobs whose output it reads.
    package let upstream: [String: [String]]
    /// Statement index → the statement indexes of the jobs whose output it reads.
    package let needs: [Int: [Int]]

    package init(jobs: [SQLJob], script: SQLScript, source: SQLSourceText) throws {
        var producers: [String: SQLJob] = [:]
        var writers: [String: [SQLJob]] = [:]
        for job in jobs {
            guard let target = script.statements[job.statementIndex].target?.value else { continue }
            if producers[target.lowercased()] == nil { producers[target.lowercased()] = job }
            writers[target.lowercased(), default: []].append(job)
        }
        // Keyed by statement index: an INSERT INTO job has the name of the stream it writes.
        var needs: [Int: [Int]] = [:]
        var upstream: [String: [String]] = [:]
        for job in jobs {
            var found: [SQLJob] = []
            for source in job.sources {
                for writer in writers[source.name.lowercased()] ?? []
                where writer.statementIndex != job.statementIndex && !found.contains(where: { $0.statementIndex == writer.statementIndex }) {
                    found.append(writer)
                }
            }
            needs[job.statementIndex] = found.map(\.statementIndex)
            if upstream[job.name] == nil { upstream[job.name] = found.map(\.name) }
        }
        self.producers = producers
        self.writers = writers
        self.upstream = upstream
        self.needs = needs
        self.order = try Self.sort(jobs, needs: needs, source: source)
    }

    /// The job whose output is `name`, if a job of the file makes it.
    package func producer(of name: String) -> SQLJob? { producers[name.lowercased()] }

    /// The output name of a job (nil for a plain SELECT).
    package static func output(of job: SQLJob, script: SQLScript) -> String? {
        script.statements[job.statementIndex].target?.value
    }

    /// Jobs that read `job`'s output.
    package func readers(of job: SQLJob) -> [SQLJob] {
        order.filter { needs[$0.statementIndex]?.contains(job.statementIndex) == true }
    }

    /// Depth-first topological sort in file order; the first cycle found is reported with its path.
    private static func sort(_ jobs: [SQLJob], needs: [Int: [Int]], source: SQLSourceText) throws -> [SQLJob] {
        let byIndex = Dictionary(jobs.map { ($0.statementIndex, $0) }, uniquingKeysWith: { a, _ in a })
        var state: [Int: Int] = [:] // 1 on the path, 2 placed
        var order: [SQLJob] = []
        func visit(_ job: SQLJob, _ path: [SQLJob]) throws {
            if state[job.statementIndex] == 2 { return }
            if state[job.statementIndex] == 1 {
                let start = path.firstIndex { $0.statementIndex == job.statementIndex } ?? 0
                let cycle = (path[start...] + [job]).map(\.name)
                throw VeloError(
                    "jobs read each other's output in a cycle: " + cycle.joined(separator: " → "),
                    location: source.location(of: job.span.start, length: 1),
                    hint: "a job can only read the output of a job that does not read it back; break the cycle or run one job with --job NAME",
                    exit: .invalidInput)
            }
            state[job.statementIndex] = 1
            for i in needs[job.statementIndex] ?? [] { if let up = byIndex[i] { try visit(up, path + [job]) } }
            state[job.statementIndex] = 2
            order.append(job)
        }
        for job in jobs { try visit(job, []) }
        return order
    }
}
