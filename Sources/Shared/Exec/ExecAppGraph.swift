/// The jobs of a SQL file as a dependency graph: a job depends on every job whose output (its CREATE
/// STREAM/TABLE name) it reads in FROM or JOIN. `order` runs each job after its producers and keeps file
/// order among independent jobs; a cycle is an error naming the jobs in it.
struct ExecAppGraph {
    /// The jobs in the order they run.
    let order: [SQLJob]
    /// Output name (lowercased) → the job that produces it.
    let producers: [String: SQLJob]
    /// Job name → the names of the jobs whose output it reads.
    let upstream: [String: [String]]

    init(jobs: [SQLJob], script: SQLScript, source: SQLSourceText) throws {
        var producers: [String: SQLJob] = [:]
        for job in jobs {
            guard let target = script.statements[job.statementIndex].target?.value else { continue }
            if producers[target.lowercased()] == nil { producers[target.lowercased()] = job }
        }
        var upstream: [String: [String]] = [:]
        for job in jobs {
            var names: [String] = []
            for source in job.sources {
                guard let producer = producers[source.name.lowercased()], producer.name != job.name,
                      !names.contains(producer.name) else { continue }
                names.append(producer.name)
            }
            upstream[job.name] = names
        }
        self.producers = producers
        self.upstream = upstream
        self.order = try Self.sort(jobs, upstream: upstream, source: source)
    }

    /// The job whose output is `name`, if a job of the file makes it.
    func producer(of name: String) -> SQLJob? { producers[name.lowercased()] }

    /// The output name of a job (nil for a plain SELECT).
    static func output(of job: SQLJob, script: SQLScript) -> String? {
        script.statements[job.statementIndex].target?.value
    }

    /// Jobs that read `job`'s output.
    func readers(of job: SQLJob) -> [SQLJob] {
        order.filter { upstream[$0.name]?.contains(job.name) == true }
    }

    /// Depth-first topological sort in file order; the first cycle found is reported with its path.
    private static func sort(_ jobs: [SQLJob], upstream: [String: [String]], source: SQLSourceText) throws -> [SQLJob] {
        let byName = Dictionary(jobs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:] // 1 on the path, 2 placed
        var order: [SQLJob] = []
        func visit(_ job: SQLJob, _ path: [String]) throws {
            if state[job.name] == 2 { return }
            if state[job.name] == 1 {
                let cycle = path[(path.firstIndex(of: job.name) ?? 0)...] + [job.name]
                let location = source.location(of: job.span.start, length: 1)
                throw VeloError("jobs read each other's output in a cycle: " + cycle.joined(separator: " → "),
                                location: location,
                                hint: "a job can only read the output of a job that does not read it back; break the cycle or run one job with --job NAME",
                                exit: .invalidInput)
            }
            state[job.name] = 1
            for name in upstream[job.name] ?? [] { if let up = byName[name] { try visit(up, path + [job.name]) } }
            state[job.name] = 2
            order.append(job)
        }
        for job in jobs { try visit(job, []) }
        return order
    }
}
