import VeloJSON

/// The session an interactive user builds — conversation, schemas, topics, jobs, the last draft, the
/// last metrics — as one versioned JSON document. velo-repl keeps it, velo-ask reads it in each request
/// (the conversation travels with the request, so velo-ask keeps no state), velo-save writes a project
/// from it, and `save session FILE` / `--resume FILE` store it. docs/session.md documents the format.
///
/// Every field but `version` may be missing when decoding, so hand-written sessions stay short.
package struct Session: Codable, Sendable, Equatable {
    /// The format version this build writes; a reader refuses a higher one.
    package static let currentVersion = 1

    package var version: Int
    /// The project name and description (`save` asks for them).
    package var app: SessionApp?
    /// The conversation so far, oldest first, including tool calls and their results.
    package var conversation: [SessionMessage]
    /// Schemas loaded, inferred or drafted, with their YAML text.
    package var schemas: [SessionSchema]
    /// Topics seen on the current backend.
    package var topics: [SessionTopic]
    /// The jobs of the app, in order.
    package var jobs: [SessionJob]
    /// The SQL files the jobs came from (`load FILE`); jobs name their file by path.
    package var files: [SessionFile]
    /// The last draft velo-ask returned, run or not.
    package var lastDraft: SessionDraft?
    /// The last run of each job, by job name.
    package var runs: [String: SessionRun]
    /// Tokens spent and their estimated cost, across the session.
    package var usage: SessionUsage
    /// Where the session's topics live: "local" (the local store) or a Kafka bootstrap list. Never a secret.
    package var backend: String?

    package init(
        app: SessionApp? = nil, conversation: [SessionMessage] = [], schemas: [SessionSchema] = [],
        topics: [SessionTopic] = [], jobs: [SessionJob] = [], files: [SessionFile] = [],
        lastDraft: SessionDraft? = nil, runs: [String: SessionRun] = [:], usage: SessionUsage = SessionUsage(),
        backend: String? = nil
    ) {
        self.version = Self.currentVersion
        self.app = app
        self.conversation = conversation
        self.schemas = schemas
        self.topics = topics
        self.jobs = jobs
        self.files = files
        self.lastDraft = lastDraft
        self.runs = runs
        self.usage = usage
        self.backend = backend
    }

    enum CodingKeys: String, CodingKey {
        case version, app, conversation, schemas, topics, jobs, files, runs, usage, backend
        case lastDraft = "last_draft"
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? Self.currentVersion
        guard version <= Self.currentVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: c,
                debugDescription: "session version \(version) is newer than this build reads (\(Self.currentVersion))")
        }
        app = try c.decodeIfPresent(SessionApp.self, forKey: .app)
        conversation = try c.decodeIfPresent([SessionMessage].self, forKey: .conversation) ?? []
        schemas = try c.decodeIfPresent([SessionSchema].self, forKey: .schemas) ?? []
        topics = try c.decodeIfPresent([SessionTopic].self, forKey: .topics) ?? []
        jobs = try c.decodeIfPresent([SessionJob].self, forKey: .jobs) ?? []
        files = try c.decodeIfPresent([SessionFile].self, forKey: .files) ?? []
        lastDraft = try c.decodeIfPresent(SessionDraft.self, forKey: .lastDraft)
        runs = try c.decodeIfPresent([String: SessionRun].self, forKey: .runs) ?? [:]
        usage = try c.decodeIfPresent(SessionUsage.self, forKey: .usage) ?? SessionUsage()
        backend = try c.decodeIfPresent(String.self, forKey: .backend)
    }
}

package struct SessionApp: Codable, Sendable, Equatable {
    package var name: String
    package var description: String?
    package init(name: String, description: String? = nil) {
        self.name = name
        self.description = description
    }
}

/// One turn of the conversation. `role` is "user", "assistant" or "tool"; an assistant turn may carry
/// tool calls, and the "tool" turn after it carries their results.
package struct SessionMessage: Codable, Sendable, Equatable {
    package var role: String
    package var text: String
    package var toolCalls: [SessionToolCall]
    package var toolResults: [SessionToolResult]

    package init(role: String, text: String, toolCalls: [SessionToolCall] = [], toolResults: [SessionToolResult] = []) {
        self.role = role
        self.text = text
        self.toolCalls = toolCalls
        self.toolResults = toolResults
    }

    enum CodingKeys: String, CodingKey {
        case role, text
        case toolCalls = "tool_calls"
        case toolResults = "tool_results"
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decode(String.self, forKey: .role)
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        toolCalls = try c.decodeIfPresent([SessionToolCall].self, forKey: .toolCalls) ?? []
        toolResults = try c.decodeIfPresent([SessionToolResult].self, forKey: .toolResults) ?? []
    }
}

/// A tool the model asked for: `name` is one of velo-ask's tools, `input` its JSON arguments.
package struct SessionToolCall: Codable, Sendable, Equatable {
    package var id: String
    package var name: String
    package var input: JSONValue
    package init(id: String, name: String, input: JSONValue) {
        self.id = id
        self.name = name
        self.input = input
    }
}

/// What carrying out a tool call gave, as text for the model.
package struct SessionToolResult: Codable, Sendable, Equatable {
    package var id: String
    package var content: String
    package var isError: Bool
    package init(id: String, content: String, isError: Bool = false) {
        self.id = id
        self.content = content
        self.isError = isError
    }
    enum CodingKeys: String, CodingKey {
        case id, content
        case isError = "is_error"
    }
    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        content = try c.decodeIfPresent(String.self, forKey: .content) ?? ""
        isError = try c.decodeIfPresent(Bool.self, forKey: .isError) ?? false
    }
}

/// A schema of the session: its record name, the YAML text (Velostream `.schema.yaml`), and where it
/// came from when it was loaded from a file.
package struct SessionSchema: Codable, Sendable, Equatable {
    package var name: String
    package var yaml: String
    package var path: String?
    package init(name: String, yaml: String, path: String? = nil) {
        self.name = name
        self.yaml = yaml
        self.path = path
    }
}

package struct SessionTopic: Codable, Sendable, Equatable {
    package var name: String
    /// Records in the topic when last looked at, if known.
    package var count: Int?
    /// The schema its records follow, if known.
    package var schema: String?
    package init(name: String, count: Int? = nil, schema: String? = nil) {
        self.name = name
        self.count = count
        self.schema = schema
    }
}

/// A job of the app: its name and its whole statement as SQL text (annotations and WITH included).
/// `file` names the SQL file it lives in (a path of `files`), or is nil for a job made in the session.
package struct SessionJob: Codable, Sendable, Equatable {
    package var name: String
    package var sql: String
    package var file: String?
    package init(name: String, sql: String, file: String? = nil) {
        self.name = name
        self.sql = sql
        self.file = file
    }
}

/// An SQL file open in the session; `modified` says it has edits not yet written back.
package struct SessionFile: Codable, Sendable, Equatable {
    package var path: String
    package var modified: Bool
    package init(path: String, modified: Bool = false) {
        self.path = path
        self.modified = modified
    }
    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        modified = try c.decodeIfPresent(Bool.self, forKey: .modified) ?? false
    }
}

package struct SessionDraft: Codable, Sendable, Equatable {
    package var sql: String
    package var jobName: String?
    package var explanation: String?
    package init(sql: String, jobName: String? = nil, explanation: String? = nil) {
        self.sql = sql
        self.jobName = jobName
        self.explanation = explanation
    }
    enum CodingKeys: String, CodingKey {
        case sql, explanation
        case jobName = "job_name"
    }
}

/// The last run of a job: velo-run's `--metrics` JSON (which carries the profile), as it wrote it.
package struct SessionRun: Codable, Sendable, Equatable {
    package var metrics: JSONValue
    package var exitCode: Int32?
    package init(metrics: JSONValue, exitCode: Int32? = nil) {
        self.metrics = metrics
        self.exitCode = exitCode
    }
    enum CodingKeys: String, CodingKey {
        case metrics
        case exitCode = "exit_code"
    }
}

package struct SessionUsage: Codable, Sendable, Equatable {
    package var inputTokens: Int
    package var outputTokens: Int
    package var costUSD: Double
    package init(inputTokens: Int = 0, outputTokens: Int = 0, costUSD: Double = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
    }
    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case costUSD = "cost_usd"
    }
    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inputTokens = try c.decodeIfPresent(Int.self, forKey: .inputTokens) ?? 0
        outputTokens = try c.decodeIfPresent(Int.self, forKey: .outputTokens) ?? 0
        costUSD = try c.decodeIfPresent(Double.self, forKey: .costUSD) ?? 0
    }
}
