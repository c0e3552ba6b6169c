import Foundation
import VeloBase
import VeloJSON
import VeloSession
import VeloTerminal
import VeloTopics

extension Repl {
    /// `topics`: numbered, with message counts, in-process (no child) so it answers at once.
    func listTopics() throws {
        let backend = try topicBackend()
        let found = try catchingTopicErrors { try backend.topics() }.sorted { $0.name < $1.name }
        topicList = found
        session.topics = found.map { info in
            SessionTopic(name: info.name, count: Int(info.messages), schema: session.schemas.contains { $0.name == info.name } ? info.name : nil)
        }
        guard !found.isEmpty else {
            note("no topics yet\(options.kafka.isGiven ? "" : " in the local store (\(localStorePath))"): generate 1000 SCHEMA publishes one")
            return
        }
        let rows = found.enumerated().map { i, t in
            ["\(i + 1)", t.name, HumanFormat.grouped(Int(t.messages)), "\(t.partitions)"]
        }
        say(TableView(columns: ["#", "topic", "messages", "partitions"], rows: rows).render(style: style), terminator: "")
        note("messages N shows the last records of topic N")
    }

    /// `messages TOPIC [--last N]`: the last N records, as a table when they are JSON objects. Returns
    /// them as text lines (what `peek_messages` tells the model).
    @discardableResult
    func showMessages(_ topicName: String, last: Int) throws -> [String] {
        var topic = topicName
        if let n = Int(topicName) {
            if topicList.isEmpty { try listTopicsQuietly() }
            guard n >= 1, n <= topicList.count else {
                throw ReplError("no topic number \(n)", hint: topicList.isEmpty ? "there are no topics yet" : "topics lists 1 to \(topicList.count)")
            }
            topic = topicList[n - 1].name
        }
        let backend = try topicBackend()
        let known = try catchingTopicErrors { try backend.topics() }
        guard known.contains(where: { $0.name == topic }) else {
            let hint = Suggest.closest(to: topic, among: known.map(\.name)).map { "did you mean '\($0)'?" }
            throw ReplError("no topic '\(topic)'", hint: hint ?? "topics lists them; generate 1000 SCHEMA makes one")
        }
        let consumer = try catchingTopicErrors { try backend.consumer(topic: topic, start: .lastN(last), follow: false, group: nil) }
        var records: [JSONObject] = []
        var raw: [String] = []
        while let message = try catchingTopicErrors({ try consumer.next() }) {
            let text = String(decoding: message.value, as: UTF8.self)
            if let object = (try? JSONParser.parse(text))?.objectValue { records.append(object) } else { raw.append(text) }
        }
        if records.isEmpty && raw.isEmpty {
            note("'\(topic)' is empty")
            return []
        }
        if !records.isEmpty { say(table(of: records, total: records.count), terminator: "") }
        for line in raw { say(line) }
        note("last \(records.count + raw.count) of '\(topic)'")
        return records.map { JSONValue.object($0).cellText } + raw
    }

    private func listTopicsQuietly() throws {
        topicList = try catchingTopicErrors { try topicBackend().topics() }.sorted { $0.name < $1.name }
    }

    /// A result table: columns in first-seen order over the records shown.
    func table(of records: [JSONObject], total: Int) -> String {
        var columns: [String] = []
        for record in records { for key in record.keys where !columns.contains(key) { columns.append(key) } }
        let rows = records.map { record in columns.map { record[$0]?.cellText ?? "" } }
        return TableView(columns: columns, rows: rows, total: total).render(style: style)
    }

    /// Topic errors say how to get a broker, or to use the local store.
    func catchingTopicErrors<T>(_ body: () throws -> T) throws -> T {
        // A cluster that does not answer takes seconds to say so: say what the shell waits for.
        let waiting = WaitingLine(style: style)
        if let bootstrap = options.kafka.bootstrap { waiting.show("asking Kafka at \(bootstrap)…") }
        defer { waiting.clear() }
        do {
            return try body()
        } catch let error as any VeloReportable {
            let hint =
                options.kafka.isGiven
                ? "is the broker up? scripts/kafka-test-broker.sh starts one; without --kafka the local store is used"
                : error.diagnostic.hint
            throw ReplError(error.diagnostic.message, hint: hint)
        }
    }

    /// `generate N SOURCE [with …]`: velo-gen publishes N records of the schema to the topic of its name.
    func generate(_ count: Int, _ source: String, _ constraints: [String]) throws {
        let schema = try schema(named: source)
        let file = try scratch.write("schemas/\(schema.name).schema.yaml", schema.yaml)
        var args = [file, "-n", String(count), "--topic", schema.name]
        for c in constraints { args += ["--with", c] }
        args += options.kafkaArguments
        if !constraints.isEmpty { note("overriding: " + constraints.joined(separator: "; ")) }
        var summary: JSONValue?
        let result = try runTool("velo-gen", args) { line in summary = try? JSONParser.parse(line) }
        guard result.ok else { throw ReplError.alreadyReported }
        let delivered = summary?["delivered"]?.intValue ?? summary?["records"]?.intValue ?? Int64(count)
        let seconds = summary?["seconds"]?.doubleValue
        done(
            "published \(HumanFormat.grouped(Int(delivered))) records to '\(schema.name)'"
                + (seconds.map { " (\(HumanFormat.duration(seconds: $0)))" } ?? ""))
        backendCache = nil
        if let i = session.topics.firstIndex(where: { $0.name == schema.name }) {
            session.topics[i].count = (session.topics[i].count ?? 0) + Int(delivered)
        } else {
            session.topics.append(SessionTopic(name: schema.name, count: Int(delivered), schema: schema.name))
        }
    }

    func say(_ text: String, terminator: String) { Screen.write(text + terminator) }
}
