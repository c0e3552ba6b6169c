import VeloBase
import VeloSQL
import VeloSession

/// The validate-and-repair loop, one velo-ask request start to end: ask the provider, pull the SQL (or schema, or advice) out of
/// the reply, validate it, and send the exact diagnostics back for at most two repairs.
package struct AskService: Sendable {
    package var provider: (any ModelProvider)?
    package var validator: DraftValidator
    package var catalog: AskCatalog
    /// Domain templates for offline schema drafts (velo-gen --example's), given by the command.
    package var templates: [SchemaTemplate]
    package var maxTokens: Int
    package static let maxRepairs = 2

    package init(
        provider: (any ModelProvider)?, catalog: AskCatalog, validator: DraftValidator, templates: [SchemaTemplate] = [], maxTokens: Int = 4096
    ) {
        self.provider = provider
        self.catalog = catalog
        self.validator = validator
        self.templates = templates
        self.maxTokens = maxTokens
    }

    /// - Parameter onEvent: text as the model writes it, and notices (`--stream`); nil for a quiet run.
    package func draft(_ request: AskRequest, onEvent: ((AskStreamEvent) -> Void)? = nil) throws -> AskDraft {
        guard let provider else { return offline(request) }
        var conversation = AskPrompt.conversation(request, catalog: catalog, maxTokens: maxTokens)
        let onText = onEvent.map { emit in { (text: String) in emit(AskStreamEvent(type: "text", text: text)) } }
        var reply = try provider.complete(conversation, onText: onText)
        var usage = reply.usage
        var repairs = 0
        while true {
            var draft = ReplyReader.draft(reply, kind: request.kind, provider: provider.name, model: reply.model ?? provider.model)
            draft.usage = usage
            guard draft.toolCalls.isEmpty else {
                for call in draft.toolCalls { onEvent?(AskStreamEvent(type: "tool_call", text: call.name)) }
                return draft
            }
            // Questions (the ask_questions tool) wait for the person's answers: nothing to validate yet.
            if !draft.questions.isEmpty, draft.schemaYAML == nil, draft.sql == nil { return draft }
            let problems = check(&draft)
            draft.validation?.repairs = repairs
            guard !problems.isEmpty, repairs < Self.maxRepairs else { return draft }
            repairs += 1
            onEvent?(AskStreamEvent(type: "status", message: "the draft is invalid; asking for repair \(repairs) of \(Self.maxRepairs)"))
            conversation.messages.append(reply.message)
            conversation.messages.append(ModelMessage(role: "user", blocks: [.text(Self.repairRequest(problems, kind: request.kind))]))
            reply = try provider.complete(conversation, onText: onText)
            usage.inputTokens += reply.usage.inputTokens
            usage.outputTokens += reply.usage.outputTokens
            usage.costUSD += reply.usage.costUSD
        }
    }

    /// Validates what the draft carries and records it; returns the diagnostics that call for a repair.
    func check(_ draft: inout AskDraft) -> [String] {
        switch draft.kind {
        case .sql:
            guard let sql = draft.sql else { return [] }
            let outcome = validator.check(sql)
            draft.validation = AskValidation(valid: outcome.valid, diagnostics: outcome.diagnostics)
            draft.jobName = outcome.jobName ?? draft.jobName
            draft.annotations = outcome.annotations.merging(draft.annotations) { a, _ in a }
            draft.actions = outcome.valid ? ["run", "edit", "retry"] : ["edit", "retry"]
            return outcome.valid ? [] : outcome.diagnostics
        case .schema:
            guard let yaml = draft.schemaYAML else { return [] }
            let problems = SchemaCheck.problems(yaml)
            draft.validation = AskValidation(valid: problems.isEmpty, diagnostics: problems)
            return problems
        case .optimize:
            return []
        }
    }

    static func repairRequest(_ diagnostics: [String], kind: AskRequest.Kind) -> String {
        let what = kind == .schema ? "schema" : "SQL"
        return "Velo's checker rejected the \(what):\n" + diagnostics.joined(separator: "\n")
            + "\nFix exactly these problems and reply with the whole corrected \(what) in one ```\(kind == .schema ? "yaml" : "sql") block."
    }

    func offline(_ request: AskRequest) -> AskDraft {
        var draft: AskDraft
        switch request.kind {
        case .sql: draft = OfflineDrafter.draft(request, catalog: catalog)
        case .schema: draft = OfflineSchemaDrafter.draft(request, templates: templates)
        case .optimize: draft = OfflineAdvisor.advise(request)
        }
        _ = check(&draft)
        if draft.kind == .sql, draft.sql == nil { draft.actions = ["edit"] }
        return draft
    }
}
