import Foundation
import VeloSession

/// A ready schema for a domain (velo-gen --example's), as the command hands it over.
package struct SchemaTemplate: Sendable {
    package var name: String
    package var aliases: [String]
    package var summary: String
    package var yaml: String
    package init(name: String, aliases: [String], summary: String, yaml: String) {
        self.name = name
        self.aliases = aliases
        self.summary = summary
        self.yaml = yaml
    }
}

/// The offline provider for kind `schema`: picks the domain template the words name ("IoT sensors",
/// "trades", "clickstream"), shaped by the answers (record name, volume); when the words name no domain it
/// asks the short questions FR-088 shows instead of guessing.
package enum OfflineSchemaDrafter {
    package static let questionIDs = (domain: "domain", name: "name", records: "records")

    package static func draft(_ request: AskRequest, templates: [SchemaTemplate]) -> AskDraft {
        let words = PromptWords.tokens(request.prompt + " " + (request.answers[questionIDs.domain] ?? "")).compactMap(\.word)
        guard let template = pick(words, templates) else {
            return AskDraft(
                kind: .schema,
                explanation: "The request names no domain I have a template for; a few answers shape the schema.",
                actions: ["answer"],
                questions: [
                    AskQuestion(id: questionIDs.domain, text: "What does one record describe?", choices: templates.map(\.name)),
                    AskQuestion(id: questionIDs.name, text: "What should the record (and topic) be called?"),
                    AskQuestion(
                        id: questionIDs.records, text: "About how many records should a test run generate?", choices: ["1000", "10000", "100000"])
                ],
                provider: "offline")
        }
        var yaml = template.yaml
        if let name = request.answers[questionIDs.name].map(sqlName), !name.isEmpty { yaml = replaceTopLevel("name", with: name, in: yaml) }
        if let records = request.answers[questionIDs.records].flatMap({ Int($0.filter(\.isNumber)) }), records > 0 {
            yaml = replaceTopLevel("record_count", with: String(records), in: yaml)
        }
        return AskDraft(
            kind: .schema, explanation: "A schema for \(template.summary) (velo-gen --example \(template.name)).",
            actions: ["edit", "retry"], schemaYAML: yaml, provider: "offline")
    }

    static func pick(_ words: [String], _ templates: [SchemaTemplate]) -> SchemaTemplate? {
        let singular = Set(words.map(PromptWords.singular))
        func score(_ t: SchemaTemplate) -> Int {
            let keys = ([t.name] + t.aliases).flatMap { $0.split(separator: "-").map(String.init) }.map(PromptWords.singular)
            let summary = PromptWords.tokens(t.summary).compactMap(\.word).map(PromptWords.singular).filter { $0.count > 3 }
            return keys.filter(singular.contains).count * 3 + summary.filter(singular.contains).count
        }
        let ranked = templates.map { ($0, score($0)) }.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }
        return ranked.first?.0
    }

    static func sqlName(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }).trimmingCharacters(in: CharacterSet(charactersIn: "_"))
    }

    /// Replaces a top-level `key: value` line (column 0), keeping comments and the rest as they are.
    static func replaceTopLevel(_ key: String, with value: String, in yaml: String) -> String {
        yaml.components(separatedBy: "\n").map { $0.hasPrefix("\(key):") ? "\(key): \(value)" : $0 }.joined(separator: "\n")
    }
}
