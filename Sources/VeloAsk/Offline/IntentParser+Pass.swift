import VeloBase
import VeloSchema

extension IntentParser {
    mutating func run() throws {
        var i = 0
        while i < tokens.count {
            if consumed.contains(i) {
                // A source named where a count's noun belongs ("number of orders") is that count's records.
                if !pending.isEmpty, pending.allSatisfy({ $0 == .count }) { resolvePending(nil) }
                i += 1
                continue
            }
            i = try step(i)
        }
    }

    /// Reads what starts at `i`; returns where to go on.
    mutating func step(_ i: Int) throws -> Int {
        let token = tokens[i]
        if case .symbol(let symbol) = token { return try comparison(symbol == "==" ? "=" : symbol == "!=" ? "<>" : symbol, after: i + 1) }
        if case .quoted(let value) = token {
            // "for device SENSOR-001": a value right after a text field is that field's value.
            if case .column(let column) = subject, !column.field.type.isNumeric {
                intent.filters.append(DraftCondition(operand: .column(column), op: "=", value: .text(value)))
                if !subjectWasMentioned { mentioned.removeAll { $0 == column } }
                subject = nil
            }
            return i + 1
        }
        if token.number != nil {
            if let (d, n) = DurationWords.read(tokens, at: i, bareUnit: false) {
                durations.append((i > 0 ? self.wordAt(i - 1) : nil, d))
                mode = .none
                return i + n
            }
            return i + 1
        }
        guard let word = token.word else { return i + 1 }

        // Names the person gives the job.
        if ["called", "named", "name", "call"].contains(word), let next = i + 1 < tokens.count ? tokens[i + 1] : nil {
            if case .quoted(let q) = next { intent.name = q; return i + 2 }
            if let w = next.word, w != "it", !DraftVocabulary.stopWords.contains(w), field(at: i + 1) == nil { intent.name = w; return i + 2 }
            if next.word == "it", let w = wordAt(i + 2) { intent.name = w; return i + 3 }
        }
        // Window kinds.
        switch word {
        case "tumbling", "fixed": windowHint = .tumbling; return i + 1
        case "sliding", "hopping", "rolling", "moving", "overlapping": windowHint = .sliding; return i + 1
        case "inactivity", "idle", "gap": windowHint = .session; return i + 1
        case "session", "sessions":
            if ["window", "windows", "gap", "of", "with", "timeout"].contains(wordAt(i + 1) ?? "") || windowHint == .session {
                windowHint = .session
                return i + 1
            }
        default: break
        }
        // Durations: "every 5 minutes", "per minute", "over the last 10 minutes", "5-minute", "hourly".
        let prefixes: Set<String> = ["every", "per", "each", "in", "over", "last", "past", "within", "for", "of", "after", "a", "an"]
        if prefixes.contains(word), let (d, n) = DurationWords.read(tokens, at: i + 1, bareUnit: true) {
            durations.append((word, d))
            mode = .none
            return i + 1 + n
        }
        if let (d, n) = DurationWords.read(tokens, at: i, bareUnit: false) {
            durations.append((i > 0 ? self.wordAt(i - 1) : nil, d))
            return i + n
        }
        // Top N / bottom N ("biggest 5 orders by amount", "lowest 3 symbols by total volume").
        let topWords: Set<String> = ["top", "best", "biggest", "largest", "highest"]
        let bottomWords: Set<String> = ["bottom", "worst", "smallest", "lowest"]
        if topWords.contains(word) || bottomWords.contains(word), i + 1 < tokens.count, let n = tokens[i + 1].number, n >= 1 {
            top = (Int(n), !bottomWords.contains(word), nil)
            var j = i + 2
            if let (column, m) = field(at: j) {
                top!.entity = column
                j += m.length
            } else if consumed.contains(j) || DraftVocabulary.recordNouns.contains(PromptWords.singular(wordAt(j) ?? "")) {
                j += 1
            }
            return j
        }
        if word == "by", top != nil, intent.order == nil { mode = .order; return i + 1 }
        // Groups: "per device", "by status", "for each symbol", "grouped by".
        if ["per", "by", "each"].contains(word) || (word == "for" && ["each", "every"].contains(wordAt(i + 1) ?? "")) {
            mode = .group
            return word == "for" ? i + 2 : i + 1
        }
        // Aggregates.
        if word == "how", wordAt(i + 1) == "many" { pending.append(.count); return i + 2 }
        if word == "number", wordAt(i + 1) == "of" { pending.append(.count); return i + 2 }
        if word == "total", wordAt(i + 1) == "number" || wordAt(i + 1) == "count" {
            pending.append(.count); return i + 2 + (wordAt(i + 2) == "of" ? 1 : 0)
        }
        // An aggregate word that is also a field, after another aggregate ("average total"), is the field.
        let isFieldAfterAggregate = !pending.isEmpty && (field(at: i)?.1.score ?? 0) >= 90
        if let function = DraftVocabulary.aggregates[word], word != "number", word != "many", !isFieldAfterAggregate {
            let next = i + 1 + (["of", "the"].contains(wordAt(i + 1) ?? "") ? 1 : 0)
            // "last 10 minutes" is a window, "top" needs a number, "first"/"last"/"latest" need a field or a noun.
            let isWordOnly = [.last, .first].contains(function) || word == "top" || word == "current"
            if isWordOnly, field(at: next) == nil, !DraftVocabulary.recordNouns.contains(PromptWords.singular(wordAt(next) ?? "")),
                !consumed.contains(next)
            {
                return i + 1
            }
            pending.append(function)
            return i + 1
        }
        if ["distinct", "unique", "different"].contains(word) {
            distinct = true
            if pending.isEmpty { pending.append(.count) }
            return i + 1
        }
        // Comparisons.
        if let (op, n) = comparator(at: i) { return try comparison(op, after: i + n) }
        // Fields (an exact enum value wins over a loose field match: "payments by card" is method = 'card').
        let exactValue = matchers.contains { $0.1.enumValue(word)?.1.lowercased() == word }
        if let (column, m) = field(at: i), !exactValue || m.score >= 90 {
            place(column, match: m)
            return i + m.length
        }
        // A value of an enum field: "FAULT readings", "cancelled orders"; "not OK", "non-FAULT" exclude it.
        for (source, matcher) in matchers {
            if let (field, value) = matcher.enumValue(word) {
                let column = DraftColumn(field: field, qualifier: right == nil ? nil : source.name)
                let before = i > 0 ? wordAt(i - 1) ?? "" : ""
                let negated = ["not", "non"].contains(before)
                if negated { ignored.removeAll { $0 == before } }
                intent.filters.append(DraftCondition(operand: .column(column), op: negated ? "<>" : "=", value: .text(value)))
                return i + 1
            }
        }
        let singular = PromptWords.singular(word)
        if DraftVocabulary.fieldSuffixes.contains(word), i > 0, field(at: i - 1) != nil { return i + 1 }
        if DraftVocabulary.recordNouns.contains(singular) {
            // "count of readings", "latest reading": the records; "average time on page" still waits for its field.
            if !pending.isEmpty, pending.allSatisfy({ [.count, .last, .first].contains($0) }) { resolvePending(nil) }
            if mode == .order, top != nil { mode = .none }
            return i + 1
        }
        if shouted.contains(word), !DraftVocabulary.stopWords.contains(word), !["sql", "id"].contains(word) {
            let enums = matchers.flatMap { $0.0.schema.fields }.compactMap { f in
                f.constraints.enumValues.map { "\(f.name): \($0.values.joined(separator: ", "))" }
            }
            throw DraftRefusal(
                message: "'\(word.uppercased())' is not a value of any field of \(matchers.map(\.0.name).joined(separator: " or "))",
                hint: enums.isEmpty ? "quote a value and name its field: status = 'X'" : "known values: " + enums.joined(separator: "; "))
        }
        if DraftVocabulary.stopWords.contains(word) || ["and", "or"].contains(word) || word.count <= 2 { return i + 1 }
        // A word where a field belongs that names none.
        if mode != .none || !pending.filter({ $0 != .count }).isEmpty {
            throw unknownField(word)
        }
        if word.count >= 3, !ignored.contains(word) { ignored.append(word) }
        return i + 1
    }

    func unknownField(_ word: String) -> DraftRefusal {
        let names = matchers.flatMap { $0.0.schema.fields.map(\.name) }
        let near = Suggest.closest(to: word, among: names)
        return DraftRefusal(
            message: "no field of \(matchers.map(\.0.name).joined(separator: " or ")) matches '\(word)'",
            hint: (near.map { "did you mean '\($0)'? " } ?? "") + "fields: " + names.joined(separator: ", "))
    }

    /// A comparison word at `i` and how many tokens it spans.
    func comparator(at i: Int) -> (String, Int)? {
        for (words, op) in DraftVocabulary.comparators where i + words.count <= tokens.count {
            guard tokens[i..<(i + words.count)].map({ $0.word ?? "" }) == words else { continue }
            // "is above", "is not": the longer phrase after "is" decides.
            if words == ["is"], let (next, n) = comparator(at: i + 1) { return (next, n + 1) }
            if words == ["is"] || words == ["equal"] || words == ["not"] {
                guard subject != nil else { return nil }
            }
            return (op, words.count)
        }
        return nil
    }

    /// Where a matched field goes, by what came before it.
    mutating func place(_ column: DraftColumn, match: FieldMatch) {
        switch mode {
        case .group:
            if !intent.groupBy.contains(column) { intent.groupBy.append(column) }
            return
        case .order:
            let function: DraftAggregate.Function? = pending.popLast()
            if let function {
                let aggregate = DraftAggregate(function: function, field: column)
                intent.order = DraftOrder(operand: .aggregate(aggregate), descending: top?.descending ?? true, limit: top?.n ?? 10)
            } else {
                intent.order = DraftOrder(operand: .column(column), descending: top?.descending ?? true, limit: top?.n ?? 10)
            }
            mode = .none
            return
        case .none:
            break
        }
        if !pending.isEmpty {
            resolvePending(column, plural: match.plural)
            return
        }
        subject = .column(column)
        if match.plural, !column.field.type.isNumeric, !pluralKeys.contains(column) { pluralKeys.append(column) }
        subjectWasMentioned = mentioned.contains(column)
        if !mentioned.contains(column) { mentioned.append(column) }
    }

    /// Gives the waiting aggregate words their field (nil: the records themselves).
    mutating func resolvePending(_ column: DraftColumn?, plural: Bool = false) {
        var last: DraftAggregate?
        for function in pending {
            var aggregate = DraftAggregate(function: function, field: column)
            if function == .count, let column {
                // "number of devices" counts distinct devices; "count of orders" counts records.
                aggregate.distinct = distinct || (plural && !column.field.type.isNumeric)
                if !aggregate.distinct { aggregate.field = nil }
            }
            if column == nil, function != .count {
                // "latest reading per device": the last value of every other field.
                if function == .last || function == .first {
                    for (source, matcher) in matchers.prefix(1) {
                        _ = matcher
                        for field in source.schema.fields {
                            let agg = DraftAggregate(function: function, field: DraftColumn(field: field, qualifier: nil))
                            if !intent.aggregates.contains(agg) { intent.aggregates.append(agg) }
                        }
                    }
                    continue
                }
                aggregate.function = .count
            }
            if !intent.aggregates.contains(aggregate) { intent.aggregates.append(aggregate) }
            last = aggregate
        }
        pending = []
        distinct = false
        if let last { subject = .aggregate(last) }
        mode = .none
    }

    /// A comparison: reads the value after it and attaches it to the subject (a field: WHERE; an aggregate: HAVING).
    mutating func comparison(_ op: String, after j: Int) throws -> Int {
        guard j < tokens.count else { return j }
        var value: DraftLiteral
        var end = j + 1
        switch tokens[j] {
        case .number(_, let text): value = .number(text)
        case .quoted(let q): value = .text(q)
        case .word(let w) where w == "true" || w == "false": value = .boolean(w == "true")
        case .word(let w):
            if case .column(let column) = subject, let values = column.field.constraints.enumValues?.values,
                let v = values.first(where: { $0.lowercased() == w || $0.lowercased() == PromptWords.singular(w) })
            {
                value = .text(v)
            } else if case .column(let column) = subject, column.field.type == .string || column.field.type == .uuid {
                value = .text(w.uppercased() == w ? w : w)
            } else {
                return j
            }
        case .symbol: return j
        }
        var upper: DraftLiteral?
        if op == "BETWEEN", j + 2 < tokens.count, tokens[j + 1].word == "and", let u = tokens[j + 2].number {
            upper = .number(u == u.rounded() ? String(Int(u)) : String(u))
            end = j + 3
        }
        var operand = subject
        // "customers with more than 5 orders": a number compared with a text field means a count of records.
        if case .column(let column) = operand, !column.field.type.isNumeric, column.field.type != .timestamp, case .number = value, op != "=",
            op != "<>"
        {
            operand = nil
        }
        if operand == nil, end < tokens.count {
            // "more than 100 orders": the count of records.
            let noun = tokens[end].word.map(PromptWords.singular) ?? ""
            if consumed.contains(end) || DraftVocabulary.recordNouns.contains(noun) {
                operand = .aggregate(DraftAggregate(function: .count, field: nil))
                end += 1
            }
        }
        if operand == nil, case .number = value, let (column, m) = field(at: end), column.field.type.isNumeric {
            // "over 500 shares": the field follows its number.
            operand = .column(column)
            end += m.length
        }
        guard let operand else {
            // A threshold with nothing to compare ("paid orders over 100") is not dropped silently.
            guard op != "=", case .number(let text) = value else { return end }
            let numeric = matchers.flatMap { $0.0.schema.fields }.filter { $0.type.isNumeric }.map(\.name)
            throw DraftRefusal(
                message: "'\(op) \(text)' compares no field",
                hint: "name the field, e.g. '\(numeric.first ?? "amount") over \(text)'; numeric fields: " + numeric.joined(separator: ", "))
        }
        let condition = DraftCondition(operand: operand, op: op, value: value, upper: upper)
        switch operand {
        case .column(let column):
            intent.filters.append(condition)
            if !subjectWasMentioned { mentioned.removeAll { $0 == column } }
        case .aggregate(let aggregate):
            intent.having.append(condition)
            if !intent.aggregates.contains(aggregate) { intent.aggregates.append(aggregate) }
        }
        subject = nil
        return end
    }
}
