import VeloJSON

/// A tool the model may ask the caller (velo-repl, a script) to carry out. velo-ask never runs them: it
/// returns them as `tool_calls`, and the caller asks again with the results in the conversation.
package struct AskToolSpec: Sendable {
    package var name: String
    package var description: String
    /// JSON Schema of the input (`type: object`).
    package var inputSchema: JSONValue
}

package enum AskTools {
    static func object(_ properties: [(String, String, String)], required: [String]) -> JSONValue {
        var props = JSONObject()
        for (name, type, description) in properties {
            props.append(name, .object(JSONObject([("type", .string(type)), ("description", .string(description))])))
        }
        return .object(JSONObject([("type", "object"), ("properties", .object(props)), ("required", .array(required.map { .string($0) }))]))
    }

    package static let all: [AskToolSpec] = [
        AskToolSpec(
            name: "load_schemas", description: "Load .schema.yaml files from a directory into the session.",
            inputSchema: object([("path", "string", "directory or file")], required: ["path"])),
        AskToolSpec(
            name: "infer_schema", description: "Infer a schema from a topic's messages (velo-infer).",
            inputSchema: object([("topic", "string", "topic to sample"), ("sample", "integer", "records to read")], required: ["topic"])),
        AskToolSpec(
            name: "generate_data", description: "Generate synthetic records from a session schema into a topic (velo-gen).",
            inputSchema: object(
                [("schema", "string", "schema name"), ("topic", "string", "target topic"), ("count", "integer", "records")],
                required: ["schema"])),
        AskToolSpec(
            name: "list_topics", description: "List the topics of the current backend with record counts.", inputSchema: object([], required: [])),
        AskToolSpec(
            name: "peek_messages", description: "Show the first messages of a topic.",
            inputSchema: object([("topic", "string", "topic"), ("count", "integer", "messages to show")], required: ["topic"])),
        AskToolSpec(
            name: "run_query", description: "Run SQL with velo-run over a topic and return records and metrics.",
            inputSchema: object([("sql", "string", "the SQL"), ("limit", "integer", "records to return")], required: ["sql"])),
        AskToolSpec(
            name: "validate_query", description: "Check SQL with the SQL front end (velo-run --check) against the session's schemas.",
            inputSchema: object([("sql", "string", "the SQL")], required: ["sql"])),
        AskToolSpec(
            name: "save_file", description: "Save text to a file of the project (asks the person before overwriting).",
            inputSchema: object([("path", "string", "relative path"), ("content", "string", "file text")], required: ["path", "content"])),
        AskToolSpec(
            name: "get_session_state", description: "Return the whole session document (schemas, topics, jobs, runs).",
            inputSchema: object([], required: [])),
        AskToolSpec(
            name: askQuestions,
            description:
                "Ask the person up to three short questions before drafting, when a schema request is too vague to choose fields. "
                + "velo-ask returns them as the draft's questions; the answers come back in the next request.",
            inputSchema: questionsSchema)
    ]

    /// The tool whose call becomes the draft's questions (not a tool call for the caller to carry out).
    package static let askQuestions = "ask_questions"

    static let questionsSchema: JSONValue = [
        "type": "object",
        "properties": [
            "questions": [
                "type": "array", "maxItems": 3,
                "items": [
                    "type": "object",
                    "properties": [
                        "id": ["type": "string", "description": "a short key for the answer, e.g. domain"],
                        "text": ["type": "string", "description": "the question, one line"],
                        "choices": ["type": "array", "items": ["type": "string"], "description": "suggested answers, if any"]
                    ],
                    "required": ["id", "text"]
                ]
            ]
        ],
        "required": ["questions"]
    ]
}
