/// One thing typed at the prompt, as the parser understood it (docs/velo-repl.md lists each command).
package enum ReplInput: Equatable, Sendable {
    case empty
    case help(String?)
    case quit
    case clear
    case status
    case config
    case set(key: String, value: String)
    case loadSchemas(dir: String)
    case createSchema(domain: String)
    case inferSchema(topic: String)
    case showSchemas
    case showSchema(String)
    case editSchema(String)
    case generate(count: Int, source: String, constraints: [String])
    case topics
    /// A topic by name, or by its number in the last `topics` list.
    case messages(topic: String, last: Int)
    /// `run`/`r` (the last draft or typed SQL), or `run N` (job N).
    case run(job: Int?)
    case edit(job: Int?)
    /// `n`: ask again for another draft.
    case retry
    case showJobs
    case showJob(Int)
    case deleteJob(Int)
    case append
    case replaceJob(Int)
    case save(file: String?)
    case saveSession(file: String)
    case load(file: String)
    case export(file: String)
    /// SQL typed at the prompt (ends with `;`).
    case sql(String)
    /// Anything else: words for velo-ask.
    case ask(String)
    /// A command with a mistake, and how to write it.
    case invalid(message: String, hint: String)
}
