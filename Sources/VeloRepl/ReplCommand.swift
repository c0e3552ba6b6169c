import VeloBase
import VeloSchema
import VeloTerminal

/// velo-repl's command: options in, exit code out. It lives here, not in a commands target, so that GNU
/// readline links into velo-repl alone (LICENSE-NOTES.md).
package enum ReplCommand {
    package static func run(_ options: ReplOptions) -> VeloExit {
        Interrupt.install()
        let interactive = Terminal.isTTY(0)
        let color = Terminal.useColor(fd: 1, noColorFlag: options.noColor)
        let console = Console(tool: "velo-repl", noColorFlag: options.noColor)
        final class Holder { var repl: Repl? }
        let holder = Holder()
        let reader: any LineReader =
            interactive
            ? ReadlineEditor(history: HistoryFile(path: historyPath(options)), console: console) { word, before in
                holder.repl?.completion.candidates(word: word, before: before)
            }
            : ScriptReader()
        do {
            let repl = try Repl(options: options, reader: reader, color: color)
            holder.repl = repl
            let code = repl.run()
            holder.repl = nil
            return code
        } catch {
            return console.report(error: error)
        }
    }
}

extension Repl {
    /// What tab completion knows now: the session's schemas, fields, topics and jobs.
    var completion: Completion {
        let fields = session.schemas.flatMap { schema in
            (try? SchemaLoader.load(yaml: schema.yaml).schema.fields.map(\.name)) ?? []
        }
        let topics = topicList.isEmpty ? session.topics.map(\.name) : topicList.map(\.name)
        return Completion(schemas: session.schemas.map(\.name), topics: topics, jobs: session.jobs.count, fields: fields)
    }
}
