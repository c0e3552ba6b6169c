import VeloBase
import VeloSchema

/// A field named by some words of the request, and how sure the match is.
package struct FieldMatch: Sendable {
    package var field: SchemaField
    /// How many tokens the name spans ("device id" is 2).
    package var length: Int
    /// 100 the exact name, 90 its meaning without a unit part, 60 one part of it, minus 20 through a synonym,
    /// 45 a typo.
    package var score: Int
    /// Whether the words were plural ("devices"): a count of them means distinct values.
    package var plural: Bool
}

/// Maps the words of a request to the fields of one source: exact names (`device_id`, "device id"), names
/// without a unit part (`temperature_c` is "temperature"), single parts (`unit_price` is "price"), plurals,
/// synonyms ("sensor" for `device_id`) and typos ("temprature"). Ties go to the earlier field.
package struct FieldMatcher: Sendable {
    struct Entry: Sendable {
        var field: SchemaField
        var parts: [String]
        var core: [String]
    }

    let entries: [Entry]

    package init(fields: [SchemaField]) {
        entries = fields.map { field in
            let parts = FieldMatcher.parts(of: field.name)
            let core = parts.filter { !DraftVocabulary.noiseParts.contains($0) }
            return Entry(field: field, parts: parts, core: core.isEmpty ? parts : core)
        }
    }

    /// `deviceId`, `device_id`, `Device-ID` → device, id (singular).
    static func parts(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for c in name {
            if c == "_" || c == "-" || c == " " || c == "." {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if c.isUppercase, !current.isEmpty, current.last?.isLowercase == true {
                words.append(current)
                current = String(c)
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { PromptWords.singular($0.lowercased()) }
    }

    /// The best field named by the words at `i` (up to three words), or nil.
    package func match(_ tokens: [PromptToken], at i: Int) -> FieldMatch? {
        var best: FieldMatch?
        for length in (1...3).reversed() where i + length <= tokens.count {
            let words = tokens[i..<(i + length)].compactMap(\.word)
            guard words.count == length, !DraftVocabulary.stopWords.contains(words[0]) || words[0].contains("_") else { continue }
            if length > 1, words.contains(where: { DraftVocabulary.stopWords.contains($0) }) { continue }
            let plural = PromptWords.singular(words[length - 1]) != words[length - 1]
            let phrase = words.flatMap { FieldMatcher.parts(of: $0) }
            for entry in entries {
                let score = Self.score(phrase, entry)
                guard score >= 45 else { continue } // looser matches are guesses
                // A longer phrase must match better than its first word alone would.
                if best == nil || score > best!.score || (score == best!.score && length > best!.length) {
                    best = FieldMatch(field: entry.field, length: length, score: score, plural: plural)
                }
            }
        }
        return best
    }

    static func score(_ phrase: [String], _ entry: Entry) -> Int {
        if phrase == entry.parts { return 100 }
        if phrase == entry.core { return 90 }
        if phrase.count == 1, entry.core.count > 1, entry.core.contains(phrase[0]) { return 60 }
        if phrase.count == 1 {
            let word = phrase[0]
            for synonym in synonyms(of: word) {
                if [synonym] == entry.core { return 70 }
                if entry.core.count > 1, entry.core.contains(synonym) { return 40 }
            }
            // A typo of the whole name or of its meaning ("temprature", "humidty").
            if word.count >= 4 {
                let limit = word.count <= 6 ? 1 : 2
                for candidate in [entry.core.joined(), entry.parts.joined()] where Suggest.distance(word, candidate) <= limit {
                    return 45
                }
                if entry.core.count > 1, entry.core.contains(where: { $0.count >= 4 && Suggest.distance(word, $0) <= limit }) {
                    return 30
                }
            }
        } else if phrase.count == entry.core.count {
            // "device identifier", "temp reading": each word the part or a synonym of it.
            let same = zip(phrase, entry.core).allSatisfy { $0 == $1 || synonyms(of: $0).contains($1) }
            if same { return 80 }
        }
        return 0
    }

    static func synonyms(of word: String) -> [String] {
        var result = DraftVocabulary.synonyms[word] ?? []
        for (key, values) in DraftVocabulary.synonyms where values.contains(word) && !result.contains(key) { result.append(key) }
        return result
    }

    /// Fields whose type suits an event-time column, best first: `event_time`, `timestamp`, `ts`, `*_time`, `*_at`.
    package var timeField: SchemaField? {
        let candidates = entries.filter { entry in
            switch entry.field.type {
            case .timestamp, .integer: return true
            default: return false
            }
        }
        func rank(_ e: Entry) -> Int? {
            let name = e.field.name.lowercased()
            if name == "event_time" { return 0 }
            if name == "timestamp" || name == "ts" || name == "event_ts" { return 1 }
            if e.field.constraints.timestampEpochMs != nil || e.field.type == .timestamp { return 2 }
            if name.hasSuffix("_time") || name.hasSuffix("_ts") || name.hasSuffix("_at") || name.hasSuffix("time") { return 3 }
            return nil
        }
        return candidates.compactMap { e in rank(e).map { (e, $0) } }.min { $0.1 < $1.1 }?.0.field
    }

    /// The string field whose allowed values include `word` (any case, plural or a small typo), and that value.
    package func enumValue(_ word: String) -> (SchemaField, String)? {
        let singular = PromptWords.singular(word)
        for entry in entries {
            guard let values = entry.field.constraints.enumValues?.values else { continue }
            if let v = values.first(where: { $0.lowercased() == word || $0.lowercased() == singular }) { return (entry.field, v) }
        }
        guard word.count >= 5 else { return nil }
        for entry in entries {
            guard let values = entry.field.constraints.enumValues?.values else { continue }
            if let v = values.first(where: { $0.count >= 5 && Suggest.distance(word, $0.lowercased()) <= 1 }) { return (entry.field, v) }
        }
        return nil
    }
}
