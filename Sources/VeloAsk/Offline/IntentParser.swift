import VeloBase
import VeloSchema

/// Why the offline drafter gives no SQL: the words it could not place, and what would help.
package struct DraftRefusal: Error, Sendable, Equatable {
    package var message: String
    package var hint: String
}

/// Reads a request's words into a `QueryIntent`, one pass left to right: durations and window words, top-N,
/// aggregate words waiting for their field, "per/by" groups, comparisons (WHERE on a field, HAVING on an
/// aggregate), values of enum fields ("FAULT readings"), and fields named by synonyms, plurals or typos.
/// A word in a place that needs a field (after "average", "per", before "above") that matches none
/// refuses the request, naming the word: a guess there would be made-up SQL.
package struct IntentParser {
    let tokens: [PromptToken]
    var consumed: Set<Int> = []

    // What the pass collects.
    var intent: QueryIntent
    var left: AskCatalog.Source
    var right: AskCatalog.Source?
    var pending: [DraftAggregate.Function] = []
    var distinct = false
    var mode = Mode.none
    var subject: DraftOperand?
    var subjectWasMentioned = false
    var mentioned: [DraftColumn] = []
    var pluralKeys: [DraftColumn] = []
    /// Words written in capitals ("NASDAQ"): values the person means; one that matches nothing refuses.
    var shouted: Set<String> = []
    /// Words read but not used, for the explanation.
    var ignored: [String] = []
    var durations: [(prefix: String?, duration: DraftDuration)] = []
    var windowHint: DraftWindow.Kind?
    var top: (n: Int, descending: Bool, entity: DraftColumn?)?

    enum Mode { case none, group, order }

    package static func parse(_ text: String, catalog: AskCatalog) throws -> QueryIntent {
        let tokens = PromptWords.tokens(text)
        guard !catalog.sources.isEmpty else {
            throw DraftRefusal(
                message: "the session has no schemas, so no field can be named safely",
                hint: "load or infer a schema first (velo-gen --example iot, velo-infer --topic T), or ask for one: --kind schema")
        }
        // Sources named in the words, in order, with the tokens that name them.
        var mentions: [(AskCatalog.Source, Set<Int>)] = []
        var used: Set<Int> = []
        for i in tokens.indices {
            guard let (source, at) = sourceNamed(tokens, at: i, catalog: catalog, consumed: used) else { continue }
            used.formUnion(at)
            if let k = mentions.firstIndex(where: { $0.0.name == source.name }) { mentions[k].1.formUnion(at) } else { mentions.append((source, at)) }
        }
        let joinWords: Set<String> = [
            "join", "joined", "joining", "enrich", "enriched", "enriching", "combine", "combined", "lookup", "matched"
        ]
        if mentions.count > 1, tokens.contains(where: { joinWords.contains($0.word ?? "") }) {
            var parser = IntentParser(tokens: tokens, left: mentions[0].0, right: mentions[1].0, consumed: mentions[0].1.union(mentions[1].1))
            parser.shouted = shoutedWords(text)
            try parser.run()
            return try parser.finish()
        }
        // Otherwise the source the words fit best: named (+4), fields named exactly or by meaning (+3), by a
        // part or synonym (+2), or by a typo (+1); a source named by a word that is a field of another ("orders per customer") counts for
        // that other source. Ties are tried in turn: one that drafts wins, several is ambiguous.
        let scored = catalog.sources.map { source -> (AskCatalog.Source, Int) in
            let matcher = FieldMatcher(fields: source.schema.fields)
            let own = mentions.first { $0.0.name == source.name }?.1 ?? []
            var score = own.isEmpty ? 0 : 4
            var i = 0
            while i < tokens.count {
                if own.contains(i) { i += 1; continue }
                if let m = matcher.match(tokens, at: i) {
                    score += m.score >= 80 ? 3 : m.score >= 60 ? 2 : 1
                    i += m.length
                } else if let word = tokens[i].word, !DraftVocabulary.stopWords.contains(word), matcher.enumValue(word) != nil {
                    score += 3
                    i += 1
                } else {
                    i += 1
                }
            }
            return (source, score)
        }
        let best = scored.map(\.1).max() ?? 0
        let tied = scored.filter { $0.1 == best && best > 0 }.map(\.0)
        guard !tied.isEmpty else {
            if catalog.sources.count == 1 { return try draft(catalog.sources[0], tokens: tokens, mentions: mentions, shouted: shoutedWords(text)) }
            throw DraftRefusal(
                message: "the request names no source and no field of one",
                hint: "name one of: " + catalog.sources.map(\.name).joined(separator: ", "))
        }
        var drafted: [QueryIntent] = []
        var firstRefusal: Error?
        for source in tied {
            do { drafted.append(try draft(source, tokens: tokens, mentions: mentions, shouted: shoutedWords(text))) } catch {
                firstRefusal = firstRefusal ?? error
            }
        }
        if drafted.count == 1 { return drafted[0] }
        if drafted.count > 1 {
            throw DraftRefusal(
                message: "the request fits \(tied.map(\.name).joined(separator: " and ")) alike",
                hint: "name the source, e.g. '… from \(tied[0].name)'")
        }
        throw firstRefusal!
    }

    static func shoutedWords(_ text: String) -> Set<String> {
        Set(
            text.split { !$0.isLetter && !$0.isNumber && $0 != "_" }.filter { w in
                w.count >= 2 && w.contains(where: \.isLetter) && w.uppercased() == w
            }.map { $0.lowercased() })
    }

    static func draft(
        _ source: AskCatalog.Source, tokens: [PromptToken], mentions: [(AskCatalog.Source, Set<Int>)], shouted: Set<String>
    ) throws -> QueryIntent {
        // Only the chosen source's own mention is consumed: another source's name may be a field here, and so
        // may its own after "per"/"by" ("avg temp by sensor" groups by the sensor's id).
        // But "per payment method" groups by `method`: the source's name before one of its fields only qualifies it.
        let groupWords: Set<String> = ["per", "by", "each", "every"]
        let matcher = FieldMatcher(fields: source.schema.fields)
        let consumed = (mentions.first { $0.0.name == source.name }?.1 ?? []).filter { i in
            let qualifies = i + 1 < tokens.count && matcher.match(tokens, at: i + 1) != nil
            return !(i > 0 && groupWords.contains(tokens[i - 1].word ?? "") && matcher.match(tokens, at: i) != nil && !qualifies)
        }
        var parser = IntentParser(tokens: tokens, left: source, right: nil, consumed: consumed)
        parser.shouted = shouted
        try parser.run()
        return try parser.finish()
    }

    init(tokens: [PromptToken], left: AskCatalog.Source, right: AskCatalog.Source?, consumed: Set<Int>) {
        self.tokens = tokens
        self.left = left
        self.right = right
        self.consumed = consumed
        intent = QueryIntent(source: left.name, sourceTopic: left.topic)
    }

    /// A source named at `i`: its whole name ("sensor readings", `sensor_readings`), its last part ("readings"),
    /// or a typo of either; returns the token positions used.
    static func sourceNamed(_ tokens: [PromptToken], at i: Int, catalog: AskCatalog, consumed: Set<Int>) -> (AskCatalog.Source, Set<Int>)? {
        guard !consumed.contains(i), let word = tokens[i].word else { return nil }
        for source in catalog.sources {
            let parts = FieldMatcher.parts(of: source.name)
            if i + parts.count <= tokens.count, parts.count > 1 {
                let words = tokens[i..<(i + parts.count)].compactMap(\.word).flatMap { FieldMatcher.parts(of: $0) }
                if words == parts { return (source, Set(i..<(i + parts.count))) }
            }
            let last = parts.last ?? ""
            let singular = PromptWords.singular(word)
            if FieldMatcher.parts(of: word) == parts || singular == last
                || (singular.count >= 5 && last.count >= 5 && Suggest.distance(singular, last) <= 1)
            {
                return (source, [i])
            }
        }
        return nil
    }

    func wordAt(_ i: Int) -> String? { i < tokens.count ? tokens[i].word : nil }

    var matchers: [(AskCatalog.Source, FieldMatcher)] {
        [(left, FieldMatcher(fields: left.schema.fields))] + (right.map { [($0, FieldMatcher(fields: $0.schema.fields))] } ?? [])
    }

    /// The best field at `i` among the query's sources (the first source wins ties).
    func field(at i: Int) -> (DraftColumn, FieldMatch)? {
        var best: (DraftColumn, FieldMatch)?
        for (source, matcher) in matchers {
            guard let m = matcher.match(tokens, at: i) else { continue }
            if best == nil || m.score > best!.1.score {
                best = (DraftColumn(field: m.field, qualifier: right == nil ? nil : source.name), m)
            }
        }
        return best
    }
}
