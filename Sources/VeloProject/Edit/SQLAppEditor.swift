import VeloBase
import VeloSQL
import VeloSession

/// Edits one job of an SQL app in place (`velo-save --show/--append/--replace/--delete`): the job's bytes
/// are found by the SQL front end's spans (its annotations, text and ';' — `SQLStatement.extent`), spliced,
/// and the whole result is parsed and analyzed again before anything is written. Every byte outside the
/// edited job stays as it was (comments, blank lines, other jobs, the app header).
package struct SQLAppEditor {
    package enum Edit: Sendable, Equatable {
        case append(String)
        case replace(Int, String)
        case delete(Int)
    }

    package let text: String
    package let file: String
    package let script: SQLScript
    let bytes: [UInt8]
    let parseErrors: [SQLIssue]

    package init(text: String, file: String) {
        self.text = text
        self.file = file
        let parsed = SQLFrontEnd.parse(text)
        script = parsed.script
        bytes = Array(text.utf8)
        parseErrors = parsed.issues.filter { $0.severity == .error }
    }

    /// The jobs, numbered from 1 in file order.
    package func list() -> [SQLJobEntry] {
        let source = SQLSourceText(text, file: file)
        return script.statements.enumerated().map { i, s in
            var annotations: [String: String] = [:]
            for a in s.annotations where annotations[a.key] == nil { annotations[a.key] = a.value }
            let name = s.annotation("name") ?? s.annotation("job_name") ?? s.target?.value ?? "select_\(i + 1)"
            return SQLJobEntry(
                number: i + 1, name: name, kind: Self.kind(s.kind), annotations: annotations,
                firstLine: source.line(of: s.extent.start), lastLine: source.line(of: max(s.extent.start, s.extent.end - 1)))
        }
    }

    static func kind(_ kind: SQLStatement.Kind) -> String {
        switch kind {
        case .createStream: "create_stream"
        case .createTable: "create_table"
        case .insert: "insert"
        case .select: "select"
        }
    }

    /// Job N's exact text, annotations included.
    package func show(_ number: Int) throws -> String {
        let s = try statement(number)
        return String(decoding: bytes[s.extent.start..<s.extent.end], as: UTF8.self)
    }

    /// The file's new text after `edit`, checked: it parses, has one job more, the same or one less, and the
    /// front end finds no error the original did not have. Throws (and changes nothing) otherwise.
    package func apply(_ edit: Edit) throws -> String {
        if let first = parseErrors.first {
            let place = SQLSourceText(text, file: file).location(of: first.span.start)
            throw VeloError(
                "\(file) does not parse, so its jobs cannot be located: \(first.message)", location: place,
                hint: "fix it first (velo-run --check \(file))", exit: .invalidInput)
        }
        var out = bytes
        let expected: Int
        switch edit {
        case .append(let sql):
            let job = try Self.jobText(sql)
            var tail: [UInt8] = []
            if let last = out.last, last != UInt8(ascii: "\n") { tail.append(UInt8(ascii: "\n")) }
            if !out.isEmpty { tail.append(UInt8(ascii: "\n")) }
            out += tail + Array((job + "\n").utf8)
            expected = script.statements.count + 1
        case .replace(let n, let sql):
            let s = try statement(n)
            out.replaceSubrange(s.extent.start..<s.extent.end, with: Array(try Self.jobText(sql).utf8))
            expected = script.statements.count
        case .delete(let n):
            let s = try statement(n)
            var end = s.extent.end
            // The rest of the job's last line goes with it when it is blank.
            var i = end
            while i < out.count, out[i] == UInt8(ascii: " ") || out[i] == UInt8(ascii: "\t") || out[i] == UInt8(ascii: "\r") { i += 1 }
            if i < out.count, out[i] == UInt8(ascii: "\n") { end = i + 1 } else if i == out.count { end = i }
            out.removeSubrange(s.extent.start..<end)
            expected = script.statements.count - 1
        }
        let result = String(decoding: out, as: UTF8.self)
        let after = SQLFrontEnd.check(result, file: file)
        let before = SQLFrontEnd.check(text, file: file)
        var known: [String: Int] = [:]
        for issue in before.issues where issue.severity == .error { known[issue.message, default: 0] += 1 }
        var fresh: [Diagnostic] = []
        let source = after.source
        for issue in after.issues where issue.severity == .error {
            if let n = known[issue.message], n > 0 { known[issue.message] = n - 1 } else { fresh.append(source.diagnostic(issue)) }
        }
        if !fresh.isEmpty { throw SQLProblems(fresh) }
        guard after.script.statements.count == expected else {
            throw VeloError(
                "the edit leaves \(after.script.statements.count) jobs, expected \(expected)",
                hint: "give exactly one statement (CREATE, INSERT or SELECT) ending with ';'", exit: .invalidInput)
        }
        return result
    }

    func statement(_ number: Int) throws -> SQLStatement {
        guard number >= 1, number <= script.statements.count else {
            throw VeloError(
                "\(file) has no job \(number)",
                hint: script.statements.isEmpty ? "it has no jobs" : "jobs are numbered 1 to \(script.statements.count) (velo-save --list \(file))",
                exit: .usage)
        }
        return script.statements[number - 1]
    }

    /// A job given on the command line: one statement, trailing blanks dropped, ending with ';'.
    static func jobText(_ sql: String) throws -> String {
        var body = Substring(sql)
        while let last = body.last, last.isWhitespace { body = body.dropLast() }
        while let first = body.first, first.isNewline { body = body.dropFirst() }
        guard !body.isEmpty else { throw VeloError("the job's SQL is empty", hint: "give a CREATE, INSERT or SELECT statement", exit: .usage) }
        return body.hasSuffix(";") ? String(body) : String(body) + ";"
    }
}
