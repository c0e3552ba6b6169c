import VeloBase
import VeloSQL

/// Opens the named sources a job reads besides its FROM stream: a joined table or stream, a subquery's
/// table. Each `open` returns a fresh source positioned at its first record.
package protocol ExecSources: AnyObject {
    func open(_ name: String) throws -> any RecordSource
}

/// Sources bound as `velo-run` binds them: `--input name=path`, then the output of another job of the same
/// file (`upstream`, see ExecAppSources.swift), then WITH properties and topics.
package final class BoundSources: ExecSources {
    package let statement: SQLStatement
    package let options: ExecOptions
    package let topics: any TopicResolver
    package let sqlDirectory: String?
    package var upstream: ExecUpstream?

    package init(statement: SQLStatement, options: ExecOptions, topics: any TopicResolver, sqlDirectory: String?) {
        self.statement = statement
        self.options = options
        self.topics = topics
        self.sqlDirectory = sqlDirectory
    }

    package func open(_ name: String) throws -> any RecordSource {
        if let upstream, ExecBinding.inputPaths(options, main: nil)[name] == nil, let source = try upstream.open(name, main: false) {
            return source
        }
        return try ExecBinding.source(
            named: name, main: false, statement: statement, options: options, topics: topics,
            sqlDirectory: sqlDirectory)
    }
}

/// NDJSON lines held in memory by name (tests, `ExecEngine`).
package final class MemorySources: ExecSources {
    package let lines: [String: [String]]

    package init(_ lines: [String: [String]]) { self.lines = lines }

    package func open(_ name: String) throws -> any RecordSource {
        guard let records = lines[name] else {
            throw VeloError("no input for source '\(name)'", hint: "give its records to ExecEngine.run(inputs:)", exit: .usage)
        }
        return MemorySource(name: name, lines: records)
    }
}
