import VeloJSON
import VeloSQL
import VeloSession

/// The prompt velo-ask sends: a static system part that is the same for every request of this build (so
/// the API caches it and a conversation pays for it once) and a dynamic part from the request's session.
package enum AskPrompt {
    /// Role, rules, the grammar summary `velo-run --grammar` prints, Velostream's canonical forms, the schema
    /// format, and the reply format for each kind of request.
    package static let staticPart: String = [
        """
        You are velo-ask, the SQL drafter of Velo, a tool set for streaming SQL on Kafka in Velostream's dialect.
        You draft one job at a time for a person who will run it at once with velo-run.

        Rules:
        - Use only sources and fields listed in the session below. Never invent a field: if the request needs one that does not exist, say so and name the closest fields.
        - Reply with a short explanation (two sentences at most), then the whole job in one ```sql block.
        - Start the job with annotations: `-- @name: <job_name>` and `-- @description: <one line>`.
        - Aggregates are CREATE TABLE … AS; record-by-record jobs are CREATE STREAM … AS.
        - Windows use event time: `WINDOW TUMBLING(_event_time, INTERVAL '5' MINUTE)` with `'event.time.field' = '<field>'` in WITH.
        - EMIT FINAL for windowed aggregates, EMIT CHANGES for running aggregates.
        - Bind sources and the sink in WITH: `'<source>.type' = 'kafka_source'`, `'<source>.topic.name' = '<topic>'`, `'<job>.type' = 'kafka_sink'`, `'<job>.topic.name' = '<job>'`.
        - Your SQL is checked by Velo's SQL front end; if it is rejected you get the exact diagnostics and must reply with the whole corrected job.
        - When you need facts you do not have (topics, sample messages, a run's output), call a tool; the caller carries it out and asks again with the result.
        """,
        """
        Canonical forms:
        ```sql
        -- @name: avg_temperature
        -- @description: average temperature per device every 5 minutes
        CREATE TABLE avg_temperature AS
        SELECT device_id, AVG(temperature_c) AS avg_temperature_c, COUNT(*) AS readings
        FROM sensor_readings
        GROUP BY device_id
        WINDOW TUMBLING(_event_time, INTERVAL '5' MINUTE)
        EMIT FINAL
        WITH ('event.time.field' = 'event_time', 'sensor_readings.type' = 'kafka_source',
              'sensor_readings.topic.name' = 'sensor_readings', 'avg_temperature.type' = 'kafka_sink',
              'avg_temperature.topic.name' = 'avg_temperature');
        ```
        Other windows: `WINDOW SLIDING(_event_time, INTERVAL '10' MINUTE, INTERVAL '1' MINUTE)`, `WINDOW SESSION(_event_time, INTERVAL '30' SECOND)`.
        A filter: `CREATE STREAM hot AS SELECT * FROM sensor_readings WHERE temperature_c > 40 WITH (…);`
        Top N: `… GROUP BY symbol ORDER BY SUM(quantity) DESC LIMIT 5`. Latest per key: `LAST_VALUE(price)` with GROUP BY and EMIT CHANGES.
        A stream-table join: `FROM orders JOIN customers ON orders.customer_id = customers.customer_id`.
        """,
        """
        Schema format (Velostream .schema.yaml):
        ```yaml
        name: sensor_readings          # the record name SQL reads
        description: Readings from temperature sensors
        record_count: 10000
        key_field: device_id
        fields:
          - name: device_id
            type: string               # string integer float boolean timestamp date uuid, or {decimal: {precision: 2}}
            constraints:
              pattern: "SENSOR-[0-9]{3}"   # or enum_values: {values: [A, B], weights: [9, 1]}, range: {min: 0, max: 100}
          - name: event_time
            type: integer
            constraints:
              timestamp_epoch_ms: {start: "-1h", end: "now"}
        ```
        For a schema request reply with one ```yaml block. If the domain is too vague to choose fields, call the ask_questions tool with up to three short questions instead (without the tool: one question per line, each ending with '?').
        For an optimization request reply with suggestions as lines starting '- ', each naming the figure (from the metrics) that prompted it after ' because: '.
        """,
        "SQL grammar and functions:\n" + SQLGrammar.summary
    ].joined(separator: "\n\n")

    /// The session as the model needs it: sources with fields and types, topics, jobs, the last draft and
    /// metrics, and the answers to earlier questions.
    package static func dynamicPart(_ request: AskRequest, catalog: AskCatalog) -> String {
        var lines = ["Request kind: \(request.kind.rawValue)"]
        if catalog.sources.isEmpty { lines.append("The session has no schemas yet.") }
        for source in catalog.sources {
            var head = "Source \(source.name)"
            if let topic = source.topic { head += " (topic \(topic)\(source.count.map { ", \($0) records" } ?? ""))" }
            if let key = source.schema.keyField { head += ", key \(key)" }
            lines.append(head + ":")
            for field in source.schema.fields {
                var line = "  \(field.name) \(field.type)"
                if let values = field.constraints.enumValues?.values { line += " one of " + values.joined(separator: "|") }
                if let range = field.constraints.range { line += " \(range.min)..\(range.max)" }
                if field.constraints.timestampEpochMs != nil { line += " (epoch ms event time)" }
                lines.append(line)
            }
        }
        for problem in catalog.problems { lines.append("Schema not loaded: \(problem)") }
        let unschemed = request.session.topics.filter { topic in !catalog.sources.contains { $0.name == topic.name } }
        if !unschemed.isEmpty {
            lines.append("Topics without a schema: " + unschemed.map { "\($0.name)\($0.count.map { " (\($0))" } ?? "")" }.joined(separator: ", "))
        }
        for job in request.session.jobs { lines.append("Existing job \(job.name):\n\(job.sql)") }
        if let draft = request.session.lastDraft { lines.append("Last draft:\n\(draft.sql)") }
        if request.kind == .optimize {
            for (name, run) in request.session.runs.sorted(by: { $0.key < $1.key }) {
                var writer = JSONWriter()
                writer.write(run.metrics)
                lines.append("Metrics of \(name): " + String(decoding: writer.buffer, as: UTF8.self))
            }
        }
        if !request.answers.isEmpty {
            lines.append(
                "Answers to your questions: " + request.answers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// The turns: the session's conversation (tool results become user turns, same roles merge) and then
    /// the request's words.
    package static func messages(_ request: AskRequest) -> [ModelMessage] {
        var messages: [ModelMessage] = []
        func add(_ role: String, _ blocks: [ModelBlock]) {
            guard !blocks.isEmpty else { return }
            if messages.last?.role == role {
                messages[messages.count - 1].blocks += blocks
            } else {
                messages.append(ModelMessage(role: role, blocks: blocks))
            }
        }
        for turn in request.session.conversation {
            switch turn.role {
            case "assistant":
                add(
                    "assistant",
                    (turn.text.isEmpty ? [] : [.text(turn.text)]) + turn.toolCalls.map { .toolUse(id: $0.id, name: $0.name, input: $0.input) })
            case "tool":
                add("user", turn.toolResults.map { .toolResult(id: $0.id, content: $0.content, isError: $0.isError) })
            default:
                if !turn.text.isEmpty { add("user", [.text(turn.text)]) }
            }
        }
        if !request.prompt.isEmpty { add("user", [.text(request.prompt)]) }
        // The API wants the first turn from the user.
        if messages.first?.role == "assistant" { messages.insert(ModelMessage(role: "user", blocks: [.text("(conversation resumed)")]), at: 0) }
        if messages.isEmpty { messages = [ModelMessage(role: "user", blocks: [.text("Draft a job for this session.")])] }
        return messages
    }

    package static func conversation(_ request: AskRequest, catalog: AskCatalog, maxTokens: Int) -> ModelConversation {
        ModelConversation(
            staticSystem: staticPart, dynamicSystem: dynamicPart(request, catalog: catalog), messages: messages(request),
            tools: AskTools.all, maxTokens: maxTokens)
    }
}
