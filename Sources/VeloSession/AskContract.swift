import VeloJSON

/// What velo-ask reads: the user's words, what kind of answer is wanted, and the whole session (with the
/// conversation so far). velo-ask keeps nothing between requests. docs/velo-ask.md documents the format.
package struct AskRequest: Codable, Sendable, Equatable {
    package static let currentVersion = 1

    /// The kinds of answer velo-ask gives.
    package enum Kind: String, Codable, Sendable, CaseIterable {
        /// Streaming SQL for the request.
        case sql
        /// A `.schema.yaml` for a domain ("create schema for IoT sensors").
        case schema
        /// Advice on a query, from its last metrics and profile.
        case optimize
    }

    package var version: Int
    package var kind: Kind
    package var prompt: String
    /// Answers to the questions a previous schema draft asked, by question id.
    package var answers: [String: String]
    package var session: Session

    package init(kind: Kind = .sql, prompt: String, answers: [String: String] = [:], session: Session = Session()) {
        self.version = Self.currentVersion
        self.kind = kind
        self.prompt = prompt
        self.answers = answers
        self.session = session
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? Self.currentVersion
        guard version <= Self.currentVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: c, debugDescription: "request version \(version) is newer than this build reads")
        }
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .sql
        prompt = try c.decodeIfPresent(String.self, forKey: .prompt) ?? ""
        answers = try c.decodeIfPresent([String: String].self, forKey: .answers) ?? [:]
        session = try c.decodeIfPresent(Session.self, forKey: .session) ?? Session()
    }
}

/// What velo-ask writes: one draft. Only the fields of the request's kind are set.
package struct AskDraft: Codable, Sendable, Equatable {
    package static let currentVersion = 1

    package var version: Int
    package var kind: AskRequest.Kind
    /// The drafted SQL (kind `sql`), annotations and WITH included, or nil when nothing honest could be drafted.
    package var sql: String?
    package var jobName: String?
    /// The job's annotations (`-- @name: value`), by name.
    package var annotations: [String: String]
    /// A short explanation for the person, or the honest answer when there is no SQL.
    package var explanation: String
    /// What the person may do next: "run", "edit", "retry" (the REPL's [r] [e] [n]), "answer" for questions.
    package var actions: [String]
    /// Tools the model asked the caller to carry out; the caller runs them and asks again with the results.
    package var toolCalls: [SessionToolCall]
    /// The check of `sql` (or `schemaYAML`) against the session's schemas.
    package var validation: AskValidation?
    /// Kind `schema`: the drafted `.schema.yaml`, and the short questions to ask first when the domain is vague.
    package var schemaYAML: String?
    package var questions: [AskQuestion]
    /// Kind `optimize`: concrete suggestions, each tied to the figure that prompted it.
    package var suggestions: [AskSuggestion]
    /// Who drafted it: "anthropic", "openai" or "offline", and the model.
    package var provider: String
    package var model: String?
    /// Tokens this request spent and their estimated cost.
    package var usage: SessionUsage

    package init(
        kind: AskRequest.Kind, sql: String? = nil, jobName: String? = nil, annotations: [String: String] = [:],
        explanation: String = "", actions: [String] = [], toolCalls: [SessionToolCall] = [],
        validation: AskValidation? = nil, schemaYAML: String? = nil, questions: [AskQuestion] = [],
        suggestions: [AskSuggestion] = [], provider: String, model: String? = nil, usage: SessionUsage = SessionUsage()
    ) {
        self.version = Self.currentVersion
        self.kind = kind
        self.sql = sql
        self.jobName = jobName
        self.annotations = annotations
        self.explanation = explanation
        self.actions = actions
        self.toolCalls = toolCalls
        self.validation = validation
        self.schemaYAML = schemaYAML
        self.questions = questions
        self.suggestions = suggestions
        self.provider = provider
        self.model = model
        self.usage = usage
    }

    enum CodingKeys: String, CodingKey {
        case version, kind, sql, annotations, explanation, actions, validation, questions, suggestions, provider, model, usage
        case jobName = "job_name"
        case toolCalls = "tool_calls"
        case schemaYAML = "schema_yaml"
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? Self.currentVersion
        kind = try c.decodeIfPresent(AskRequest.Kind.self, forKey: .kind) ?? .sql
        sql = try c.decodeIfPresent(String.self, forKey: .sql)
        jobName = try c.decodeIfPresent(String.self, forKey: .jobName)
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:]
        explanation = try c.decodeIfPresent(String.self, forKey: .explanation) ?? ""
        actions = try c.decodeIfPresent([String].self, forKey: .actions) ?? []
        toolCalls = try c.decodeIfPresent([SessionToolCall].self, forKey: .toolCalls) ?? []
        validation = try c.decodeIfPresent(AskValidation.self, forKey: .validation)
        schemaYAML = try c.decodeIfPresent(String.self, forKey: .schemaYAML)
        questions = try c.decodeIfPresent([AskQuestion].self, forKey: .questions) ?? []
        suggestions = try c.decodeIfPresent([AskSuggestion].self, forKey: .suggestions) ?? []
        provider = try c.decodeIfPresent(String.self, forKey: .provider) ?? "offline"
        model = try c.decodeIfPresent(String.self, forKey: .model)
        usage = try c.decodeIfPresent(SessionUsage.self, forKey: .usage) ?? SessionUsage()
    }
}

/// Whether a draft passed the SQL front end (or the schema validator), with the diagnostics as text
/// (`file:line:column: error: …`) and how many repair rounds it took.
package struct AskValidation: Codable, Sendable, Equatable {
    package var valid: Bool
    package var diagnostics: [String]
    package var repairs: Int
    package init(valid: Bool, diagnostics: [String] = [], repairs: Int = 0) {
        self.valid = valid
        self.diagnostics = diagnostics
        self.repairs = repairs
    }
}

/// A short question a schema draft asks before committing to a shape (FR-088's Q&A), with choices if any.
package struct AskQuestion: Codable, Sendable, Equatable {
    package var id: String
    package var text: String
    package var choices: [String]
    package init(id: String, text: String, choices: [String] = []) {
        self.id = id
        self.text = text
        self.choices = choices
    }
}

/// One optimization suggestion and the measured figure behind it (e.g. "window state 80% of memory").
package struct AskSuggestion: Codable, Sendable, Equatable {
    package var text: String
    package var because: String
    package init(text: String, because: String) {
        self.text = text
        self.because = because
    }
}

/// One line of `velo-ask --stream`'s NDJSON: `{"type":"text","text":…}` as the model writes, tool-call
/// notices, then exactly one `{"type":"draft","draft":{…}}` (or `{"type":"error","message":…}`) last.
package struct AskStreamEvent: Codable, Sendable, Equatable {
    package var type: String
    package var text: String?
    package var draft: AskDraft?
    package var message: String?
    package init(type: String, text: String? = nil, draft: AskDraft? = nil, message: String? = nil) {
        self.type = type
        self.text = text
        self.draft = draft
        self.message = message
    }
}
