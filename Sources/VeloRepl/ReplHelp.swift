import VeloBase

/// `help` by category, and `help CATEGORY`.
package enum ReplHelp {
    static let categories: [(name: String, lines: [(String, String)])] = [
        (
            "session",
            [
                ("help [topic]", "this list; topics: session, schemas, data, queries, files, settings"),
                ("status", "what the session holds, token usage and cost"),
                ("clear", "forget the conversation (schemas and jobs stay)"),
                ("save session FILE", "keep the whole session; velo-repl --resume FILE continues it"),
                ("export FILE", "the session's commands as a shell script (FILE.mk: a Makefile)"),
                ("quit, exit, Ctrl+D", "leave (asks first when work is unsaved)")
            ]
        ),
        (
            "schemas",
            [
                ("load schemas from DIR", "read DIR/*.schema.yaml"),
                ("create schema for DOMAIN", "velo-ask drafts one, after a few questions"),
                ("infer schema from TOPIC", "velo-infer samples the topic"),
                ("show schemas", "list them"),
                ("show schema NAME", "its YAML"),
                ("edit schema NAME", "open it in $EDITOR")
            ]
        ),
        (
            "data",
            [
                ("generate N SCHEMA [with C, …]", "velo-gen publishes N records to the topic SCHEMA"),
                ("topics", "topics, numbered, with message counts"),
                ("messages TOPIC|N [--last N]", "the last records of a topic")
            ]
        ),
        (
            "queries",
            [
                ("any words", "velo-ask drafts SQL: [r] run  [e] edit  [n] try again"),
                ("SQL ending with ;", "typed SQL runs at once (it may span lines)"),
                ("run, r / run N", "run the draft / job N (rows, metrics, profile)"),
                ("edit, e / edit N", "open the draft / job N in $EDITOR"),
                ("n", "ask again for another draft"),
                ("optimize …", "advice from the last run's metrics and profile")
            ]
        ),
        (
            "files",
            [
                ("load FILE.sql", "its jobs join the session, numbered across files"),
                ("show jobs / show N", "list jobs / show job N's SQL"),
                ("delete N", "drop job N"),
                ("append", "add the draft to the last loaded file (or the session)"),
                ("replace N", "job N becomes the draft"),
                ("save [DIR]", "write edited files back; new jobs become a project (velo-save)")
            ]
        ),
        (
            "settings",
            [
                ("set timeout 60s|off", "@timeout for every run"),
                ("set metrics on|off", "show metrics after a run"),
                ("set profiling on|off", "profile each run (time per stage)"),
                ("set rows N", "rows of a result shown"),
                ("config", "the settings and where each tool was found")
            ]
        )
    ]

    package static func text(_ topic: String?, style: TextStyle) -> String {
        let chosen = topic.map { t in categories.filter { $0.name.hasPrefix(t) } } ?? categories
        guard !chosen.isEmpty else {
            return "no help topic '\(topic ?? "")'; topics: " + categories.map(\.name).joined(separator: ", ") + "\n"
        }
        let width = chosen.flatMap { $0.lines.map(\.0.count) }.max() ?? 20
        var out = ""
        for category in chosen {
            out += style.bold(category.name.prefix(1).uppercased() + category.name.dropFirst()) + "\n"
            for (command, what) in category.lines {
                out += "  " + style.cyan(command) + String(repeating: " ", count: width - command.count + 2) + what + "\n"
            }
        }
        return out
    }
}
