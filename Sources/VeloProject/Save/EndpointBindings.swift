import Foundation
import VeloBase
import VeloSQL

/// The WITH properties a job needs so that Velostream's validator accepts it (its query analyzer): every
/// source it reads declares `'<name>.type'` (an explicit `*_source`, no guessing), a CREATE STREAM/TABLE or
/// INSERT declares its sink as `'<name>.type' = '*_sink'`, and a file endpoint names its `path`. Endpoints
/// without a type become Kafka topics named like them, with the project's shared config files
/// (bootstrap servers and secrets as `${VAR}` references). What the job already declares is kept.
package enum EndpointBindings {
    package static let sourceConfig = "../configs/kafka_source.yaml"
    package static let sinkConfig = "../configs/kafka_sink.yaml"

    /// The properties to add to `statement`, in order; `topics` maps an earlier job's output to its topic.
    package static func missing(for statement: SQLStatement, job: SQLJob, topics: [String: String]) throws -> [SQLProperty] {
        var added: [SQLProperty] = []
        func has(_ key: String) -> Bool { statement.property(key) != nil }
        func add(_ key: String, _ value: String) { if !has(key) { added.append(SQLProperty(key: key, value: value)) } }

        for source in job.sources {
            let name = source.name
            if let type = statement.property("\(name).type")?.value {
                try requirePath(type: type, name: name, statement: statement, job: job)
                continue
            }
            add("\(name).type", "kafka_source")
            add("\(name).topic.name", topics[name] ?? name)
            add("\(name).config_file", sourceConfig)
        }
        if statement.kind != .select, let sink = job.sinks.first?.name {
            if let type = statement.property("\(sink).type")?.value {
                try requirePath(type: type, name: sink, statement: statement, job: job)
            } else {
                add("\(sink).type", "kafka_sink")
                add("\(sink).topic.name", sink)
                add("\(sink).config_file", sinkConfig)
            }
        }
        return added
    }

    /// Velostream's file source and sink schemas require `path` (in WITH or the config file).
    private static func requirePath(type: String, name: String, statement: SQLStatement, job: SQLJob) throws {
        guard type.hasPrefix("file"), statement.property("\(name).path") == nil, statement.property("\(name).config_file") == nil
        else { return }
        throw VeloError(
            "job '\(job.name)': '\(name)' is a \(type) without a path", hint: "add '\(name).path' = 'data/\(name).csv' to its WITH",
            exit: .invalidInput)
    }

    /// The topic each job's output goes to: `'<name>.topic.name'`, else its name.
    package static func outputTopics(_ script: SQLScript) -> [String: String] {
        var topics: [String: String] = [:]
        for statement in script.statements {
            guard let target = statement.target?.value, statement.kind != .select else { continue }
            topics[target] = statement.property("\(target).topic.name")?.value ?? target
        }
        return topics
    }

    /// `text` with `properties` added to the statement: into its WITH block when it has one (a comma after
    /// the last property, the new lines before the closing parenthesis), else as a new WITH block after it.
    /// Byte offsets are the statement's spans; every other byte stays.
    package static func splice(_ properties: [SQLProperty], into statement: SQLStatement, bytes: inout [UInt8]) {
        guard !properties.isEmpty else { return }
        let lines = properties.map { "    \(quote($0.key)) = \(quote($0.value))" }
        let end = statement.span.end
        if let last = statement.properties.last, end > 0, bytes[end - 1] == UInt8(ascii: ")") {
            var close = end - 1
            while close > last.valueSpan.end, bytes[close - 1] == UInt8(ascii: " ") || bytes[close - 1] == UInt8(ascii: "\t") { close -= 1 }
            let newline = close > 0 && bytes[close - 1] == UInt8(ascii: "\n")
            let insert = (newline ? "" : "\n") + lines.joined(separator: ",\n") + "\n"
            bytes.insert(contentsOf: Array(insert.utf8), at: close)
            if !hasTrailingComma(bytes[last.valueSpan.end..<close]) { bytes.insert(UInt8(ascii: ","), at: last.valueSpan.end) }
        } else if statement.properties.isEmpty, end > 0, bytes[end - 1] == UInt8(ascii: ")"), hasEmptyWith(statement, bytes) {
            bytes.insert(contentsOf: Array(("\n" + lines.joined(separator: ",\n") + "\n").utf8), at: end - 1)
        } else {
            bytes.insert(contentsOf: Array(("\nWITH (\n" + lines.joined(separator: ",\n") + "\n)").utf8), at: end)
        }
    }

    /// A comma already follows the last property (the parser forgives one before ')').
    private static func hasTrailingComma(_ gap: ArraySlice<UInt8>) -> Bool {
        for b in gap {
            if b == UInt8(ascii: ",") { return true }
            if b == UInt8(ascii: "-") || b == UInt8(ascii: "/") { return false } // a comment starts
        }
        return false
    }

    /// `WITH ()` ends the statement: its last bytes are '(' and ')' with only blanks between.
    private static func hasEmptyWith(_ statement: SQLStatement, _ bytes: [UInt8]) -> Bool {
        var i = statement.span.end - 2
        while i > statement.span.start, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i -= 1 }
        guard i > statement.span.start, bytes[i] == UInt8(ascii: "(") else { return false }
        var j = i - 1
        while j > statement.span.start, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[j]) { j -= 1 }
        return j >= statement.span.start + 3
            && String(decoding: bytes[(j - 3)...j], as: UTF8.self).uppercased() == "WITH"
    }

    /// A WITH key or value as an SQL string literal.
    package static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
