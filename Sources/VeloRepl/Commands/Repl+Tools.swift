import Foundation
import VeloBase
import VeloJSON
import VeloKafka
import VeloTerminal
import VeloTopics

extension Repl {
    /// Runs a tool as a child, as `-v` shows it and `export` replays it. Output lines go to `onLine`;
    /// a crash, a missing tool or Ctrl+C become a `ReplError` (Ctrl+C: "interrupted"). With `workingCopy`,
    /// the tool edits the REPL's copy of a person's file: its stderr is shown only when it fails (the REPL
    /// says what succeeded itself), naming the person's file instead of the copy.
    @discardableResult
    func runTool(
        _ tool: String, _ arguments: [String], stdinFile: String? = nil, record: Bool = true,
        shownAs: [String]? = nil, workingCopy: (copy: String, file: String)? = nil, onLine: (String) -> Void = { _ in }
    ) throws -> ChildResult {
        guard let path = tools.find(tool) else { throw tools.missing(tool).replError }
        // Edits of a loaded file's working copy show (and export) as the edit of the file itself.
        let command = ShellCommand([tool] + (shownAs ?? arguments), stdinFile: stdinFile)
        if options.verbose { console.line(style.dim("$ " + command.text)) }
        if record { history.append(command) }
        var held: [String] = []
        let result = try ChildProcess.run(
            path: path, arguments: arguments, stdinFile: stdinFile, stderrLine: workingCopy.map { _ in { held.append($0) } }, onLine: onLine)
        if let workingCopy, !result.ok {
            for line in held { Console.writeStderr(line.replacingOccurrences(of: workingCopy.copy, with: workingCopy.file) + "\n") }
        }
        if result.interrupted {
            throw ReplError(
                "\(tool) interrupted",
                hint: tool == "velo-ask" ? "nothing was drafted; n asks again" : "the shell is still here; what ran before Ctrl+C is kept")
        }
        if let signal = result.signal {
            throw ReplError("\(tool) crashed (signal \(signal))", hint: "run it with -v to see the command, and try it in a shell")
        }
        return result
    }

    /// Runs a tool and returns its whole stdout; a non-zero exit is an error whose diagnostic the tool printed.
    func toolOutput(
        _ tool: String, _ arguments: [String], stdinFile: String? = nil, shownAs: [String]? = nil, record: Bool = true,
        workingCopy: (copy: String, file: String)? = nil
    ) throws -> String {
        var lines: [String] = []
        let result = try runTool(tool, arguments, stdinFile: stdinFile, record: record, shownAs: shownAs, workingCopy: workingCopy) {
            lines.append($0)
        }
        guard result.ok else { throw ReplError.alreadyReported }
        return lines.joined(separator: "\n")
    }

    /// Where `topics` and `messages` look (in-process, for instant answers): Kafka with --kafka, else the store.
    func topicBackend() throws -> any TopicBackend {
        if let backendCache { return backendCache }
        do {
            let backend = try ToolTopicBackend.make(options.kafka, console: console)
            backendCache = backend
            return backend
        } catch let error as VeloReportable {
            throw ReplError(
                error.diagnostic.message,
                hint: options.kafka.isGiven
                    ? "start a broker (scripts/kafka-test-broker.sh), or drop --kafka to use the local store"
                    : error.diagnostic.hint)
        }
    }

    /// The session's schemas as files, for `--schemas DIR` (nil when there are none).
    func schemasDirectory() throws -> String? {
        guard !session.schemas.isEmpty else { return nil }
        for schema in session.schemas { try scratch.write("schemas/\(schema.name).schema.yaml", schema.yaml) }
        return scratch.dir + "/schemas"
    }

    /// Parses one JSON line from a tool, naming the tool when it is not JSON.
    func json(_ line: String, from tool: String) throws -> JSONValue {
        do {
            return try JSONParser.parse(line)
        } catch {
            throw ReplError("\(tool) wrote something that is not JSON: \(line.prefix(120))", hint: "is \(tool) from the same build as velo-repl?")
        }
    }
}

extension JSONValue {
    /// The value as a table cell or a line of text.
    var cellText: String {
        switch self {
        case .null: return "null"
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d):
            if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
            // For reading, not for copying: four places, trailing zeros dropped (12.739800000000002 → 12.7398).
            guard abs(d) >= 1e-4 && abs(d) < 1e15 else { return String(d) }
            var text = HumanFormat.fixed(d, digits: 4)
            while text.hasSuffix("0") { text.removeLast() }
            return text.hasSuffix(".") ? String(text.dropLast()) : text
        default:
            var writer = JSONWriter()
            writer.write(self)
            return String(decoding: writer.buffer, as: UTF8.self)
        }
    }
}
