import Foundation
import VeloBase
import VeloSchema
import VeloSession
import VeloTerminal
import VeloTopics

/// The shell: reads commands (a terminal with readline, or a script on stdin), keeps the session, and
/// carries each command out, mostly by running a tool as a child (docs/velo-repl.md).
package final class Repl {
    let options: ReplOptions
    let style: TextStyle
    let console: Console
    let tools = ToolLocator()
    let scratch: Scratch
    var reader: any LineReader

    var session = Session()
    var settings = ReplSettings()
    /// Work a quit would lose: schemas, jobs or edits not saved.
    var unsaved = false
    /// Schemas made or edited in the session and not yet saved in a project or a session file.
    var schemasToSave: Set<String> = []
    /// What `run` runs: the last draft, or SQL typed at the prompt.
    var current: SessionDraft?
    /// The words of the last question, for `n` (try again).
    var lastQuestion: String?
    /// The last draft's explanation already streamed to the screen as the model wrote it.
    var explanationShown = false
    /// The numbered list `topics` printed last, so `messages 2` works.
    var topicList: [TopicInfo] = []
    /// SQL files loaded with `load`, each with the working copy velo-save edits until `save`.
    var openFiles: [OpenFile] = []
    /// Every child run so far, for `export`.
    var history: [ShellCommand] = []
    var backendCache: (any TopicBackend)?
    var runNumber = 0
    /// Commands that failed (a script exits 1 when any did).
    var failures = 0

    package init(options: ReplOptions, reader: any LineReader, color: Bool) throws {
        self.options = options
        self.reader = reader
        self.style = TextStyle(enabled: color)
        self.console = Console(tool: "velo-repl", color: Terminal.useColor(fd: 2, noColorFlag: options.noColor))
        self.scratch = try Scratch()
        session.backend = options.kafka.bootstrap ?? "local"
    }

    deinit { scratch.remove() }

    /// Runs until quit, Ctrl+D or the end of the script.
    package func run() -> VeloExit {
        banner()
        if let failed = startup() { return failed }
        loop: while true {
            let prompt = reader.isInteractive ? ReadlineEditor.prompt(style.bold(style.cyan("velo> "))) : "velo> "
            let input = reader.readEntry(prompt: prompt, continuation: "  ...> ", needsMore: CommandParser.needsMore)
            switch input {
            case .interrupted: continue
            case .end:
                if confirmQuit() { break loop }
            case .line(let text):
                if !reader.isInteractive { echo(text) }
                reader.remember(text)
                let command = CommandParser.parse(text)
                if command == .quit {
                    if confirmQuit() { break loop }
                    continue
                }
                perform(command)
            }
        }
        reader.close()
        return !reader.isInteractive && failures > 0 ? .failed : .ok
    }

    /// Carries out one command; a failure is printed and the shell goes on.
    package func perform(_ command: ReplInput) {
        do {
            try dispatch(command)
        } catch {
            report(error)
        }
    }

    /// Prints a command's failure (unless a child already did) and counts it.
    func report(_ error: any Error) {
        failures += 1
        switch error {
        case let error as ReplError: if !error.reported { console.error(error.message, hint: error.hint) }
        case let error as SchemaError: for diagnostic in error.diagnostics { console.report(diagnostic) }
        case let error as any VeloReportable: console.report(error.diagnostic)
        default: console.error("\(error)")
        }
    }

    func dispatch(_ command: ReplInput) throws {
        switch command {
        case .empty, .quit: return
        case .help(let topic): say(ReplHelp.text(topic, style: style))
        case .clear: clearConversation()
        case .status: showStatus()
        case .config: showConfig()
        case .set(let key, let value): try set(key, value)
        case .loadSchemas(let dir): try loadSchemas(from: dir)
        case .createSchema(let domain): try createSchema(for: domain)
        case .inferSchema(let topic): try inferSchema(from: topic)
        case .showSchemas: showSchemas()
        case .showSchema(let name): try showSchema(name)
        case .editSchema(let name): try editSchema(name)
        case .generate(let count, let source, let constraints): try generate(count, source, constraints)
        case .topics: try listTopics()
        case .messages(let topic, let last): try showMessages(topic, last: last)
        case .run(let job): try runCommand(job)
        case .edit(let job): try editCommand(job)
        case .retry: try retry()
        case .showJobs: showJobs()
        case .showJob(let n): try showJob(n)
        case .deleteJob(let n): try deleteJob(n)
        case .append: try appendJob()
        case .replaceJob(let n): try replaceJob(n)
        case .save(let file): try save(to: file)
        case .saveSession(let file): try saveSession(to: file)
        case .load(let file): try loadFile(file)
        case .export(let file): try export(to: file)
        case .sql(let text): try typedSQL(text)
        case .ask(let words): try ask(words)
        case .invalid(let message, let hint): throw ReplError(message, hint: hint)
        }
    }

    // MARK: - Output

    /// Text broken to the terminal's width so it never wraps mid-word (as it is in a script's transcript).
    func fitted(prose text: String, indent: Int = 0) -> String {
        guard reader.isInteractive, let width = Terminal.width(fd: 1) else { return text }
        return TextWrap.prose(text, width: width - indent)
    }

    /// `label` then `text` filled to the width, its later lines under its first.
    func fitted(label: String, _ text: String) -> String {
        label + fitted(prose: text, indent: label.count).replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: label.count))
    }

    func fitted(sql: String) -> String {
        guard reader.isInteractive, let width = Terminal.width(fd: 1) else { return sql }
        return TextWrap.sql(sql, width: width)
    }

    func say(_ text: String) { Screen.write(text.hasSuffix("\n") ? text : text + "\n") }
    func done(_ text: String) { say(style.green("✓ ") + text) }
    func note(_ text: String) { say(style.dim(text)) }

    /// A script's transcript shows each command after its prompt, as a person would have typed it.
    private func echo(_ text: String) {
        say(style.bold("velo> ") + text.replacingOccurrences(of: "\n", with: "\n  ...> "))
    }

    /// Asks a question and returns the answer (nil at the end of input or on Ctrl+C).
    func askUser(_ question: String) -> String? {
        let prompt = reader.isInteractive ? ReadlineEditor.prompt(style.bold(question)) : question
        guard case .line(let answer) = reader.readLine(prompt: prompt) else { return nil }
        if !reader.isInteractive { say(question + answer) }
        return answer.trimmingCharacters(in: .whitespaces)
    }

    private func banner() {
        guard reader.isInteractive else { return }
        // Short enough for an 80-column terminal.
        say(style.bold("velo-repl") + " — streaming SQL, conversationally. " + style.dim("help: commands · Ctrl+D: quit"))
        if let bootstrap = options.kafka.bootstrap {
            say("  topics:   Kafka at \(bootstrap)")
        } else {
            say(fitted(label: "  topics:   ", "the local store (\(localStorePath)); --kafka HOST:PORT uses a Kafka cluster"))
        }
        say(fitted(label: "  drafting: ", drafterDescription))
    }

    var localStorePath: String { Terminal.currentEnvironment()["VELO_HOME"] ?? ".velo" }

    var drafterDescription: String {
        let env = Terminal.currentEnvironment()
        if let provider = options.provider, provider != "offline" { return provider + (options.model.map { " (\($0))" } ?? "") }
        if options.provider == nil, env["ANTHROPIC_API_KEY"].map({ !$0.isEmpty }) == true {
            return "Claude" + (options.model.map { " (\($0))" } ?? "")
        }
        return "offline (no API key; export ANTHROPIC_API_KEY=… for Claude, or --provider openai for a local model)"
    }

    /// `--resume`, `--schemas`, `--load`, in that order. A session that cannot be resumed ends velo-repl
    /// (exit 3) rather than starting empty and being saved over.
    private func startup() -> VeloExit? {
        if let file = options.resume {
            do {
                try resume(from: file)
            } catch let error as any VeloReportable {
                console.report(error.diagnostic)
                return error.exitCode == .usage ? .usage : .invalidInput
            } catch {
                console.error("\(error)")
                return .invalidInput
            }
        }
        if let dir = options.schemas { perform(.loadSchemas(dir: dir)) }
        for file in options.load { perform(.load(file: file)) }
        if !options.load.isEmpty || options.schemas != nil { unsaved = false }
        return nil
    }

    /// Whether to leave: asks first when there is unsaved work and a person is there to answer.
    private func confirmQuit() -> Bool {
        guard unsaved else { return true }
        guard reader.isInteractive else {
            note("(unsaved work left unsaved: the script ended)")
            return true
        }
        while true {
            guard let answer = askUser("Unsaved work (\(unsavedSummary)). Save before quitting? [y]es [n]o [c]ancel: ") else { return false }
            switch answer.lowercased() {
            case "y", "yes":
                perform(.save(file: nil))
                return !unsaved
            case "n", "no": return true
            case "c", "cancel", "": return false
            default: continue
            }
        }
    }

    var unsavedSummary: String {
        var parts: [String] = []
        let modified = session.files.filter(\.modified).map(\.path)
        if !modified.isEmpty { parts.append("edited " + modified.joined(separator: ", ")) }
        let newJobs = session.jobs.filter { $0.file == nil }.count
        if newJobs > 0 { parts.append("\(newJobs) new job\(newJobs == 1 ? "" : "s")") }
        if !schemasToSave.isEmpty { parts.append("schema " + schemasToSave.sorted().joined(separator: ", ")) }
        if parts.isEmpty { parts.append("session changes") }
        return parts.joined(separator: ", ")
    }

    private func clearConversation() {
        session.conversation.removeAll()
        current = nil
        lastQuestion = nil
        done("conversation cleared (schemas, topics and jobs kept)")
    }
}

/// An SQL file loaded into the session, and its working copy (velo-save edits it; `save` writes it back).
package struct OpenFile: Equatable {
    package var path: String
    package var workingCopy: String
    /// The file's text when loaded, to notice someone else changing it before `save`.
    package var original: String
}
