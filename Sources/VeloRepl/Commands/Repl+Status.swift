import VeloBase
import VeloSession
import VeloTerminal

extension Repl {
    func showStatus() {
        say(style.bold("Session"))
        say("  topics     " + (options.kafka.bootstrap.map { "Kafka at \($0)" } ?? "local store (\(localStorePath))"))
        say(fitted(label: "  drafting   ", drafterDescription))
        say("  schemas    " + (session.schemas.isEmpty ? "none" : session.schemas.map(\.name).joined(separator: ", ")))
        let fileJobs = session.jobs.filter { $0.file != nil }.count
        say("  jobs       \(session.jobs.count)" + (fileJobs > 0 ? " (\(fileJobs) from \(openFiles.map(\.path).joined(separator: ", ")))" : ""))
        if let draft = current { say("  draft      " + (draft.jobName ?? "unnamed") + style.dim("  (r runs it)")) }
        say("  turns      \(session.conversation.count)")
        let u = session.usage
        say(
            "  usage      \(HumanFormat.grouped(u.inputTokens)) tokens in, \(HumanFormat.grouped(u.outputTokens)) out, ≈ $\(HumanFormat.fixed(u.costUSD, digits: 4))"
        )
        say("  unsaved    " + (unsaved ? style.yellow(unsavedSummary) : "nothing"))
    }

    func showConfig() {
        say(style.bold("Settings") + style.dim(" (set NAME VALUE)"))
        say("  timeout    " + (settings.timeout ?? "none"))
        say("  metrics    " + (settings.metrics ? "on" : "off"))
        say("  profiling  " + (settings.profiling ? "on" : "off"))
        say("  rows       \(settings.rows)")
        say("  verbose    " + (options.verbose ? "on (-v)" : "off"))
        say("  history    " + (reader.isInteractive ? historyPath(options) : "off (script)"))
        say(
            "  tools      "
                + ["velo-run", "velo-gen", "velo-infer", "velo-ask", "velo-save"].map { tools.find($0) ?? "\($0): not found" }.joined(
                    separator: "\n             "))
    }

    func set(_ key: String, _ value: String) throws {
        do {
            done(try settings.apply(key: key, value: value))
        } catch {
            throw ReplError(error.message, hint: error.hint)
        }
    }
}

/// The history file: `--history FILE`, else `~/.velostream/ai_history`.
package func historyPath(_ options: ReplOptions) -> String {
    if let path = options.history { return path }
    let home = Terminal.currentEnvironment()["HOME"] ?? "."
    return home + "/.velostream/ai_history"
}
