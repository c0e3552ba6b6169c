/// One piece of a request's text: a lowercase word, a number, a quoted value or a comparison symbol.
package enum PromptToken: Sendable, Equatable {
    case word(String)
    case number(Double, String)
    case quoted(String)
    case symbol(String)

    package var word: String? { if case .word(let w) = self { return w } else { return nil } }
    package var number: Double? { if case .number(let n, _) = self { return n } else { return nil } }
}

/// Splits a request into tokens: "avg temp >= 30.5 per device, every 5-minutes 'EU'" reads as
/// avg · temp · >= · 30.5 · per · device · every · 5 · minutes · 'EU'. A number glued to a unit (`5m`, `30s`)
/// becomes the number and the unit; hyphens and punctuation separate words; `device_id` stays one word.
package enum PromptWords {
    package static func tokens(_ text: String) -> [PromptToken] {
        var tokens: [PromptToken] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'", i > 0, chars[i - 1].isLetter, i + 1 < chars.count, chars[i + 1].isLetter {
                i += 1 // an apostrophe: "what's", "device's"
                while i < chars.count, chars[i].isLetter { i += 1 }
            } else if c == "'" || c == "\"" || c == "`" {
                var j = i + 1
                while j < chars.count, chars[j] != c { j += 1 }
                tokens.append(.quoted(String(chars[(i + 1)..<min(j, chars.count)])))
                i = j + 1
            } else if "<>=!".contains(c) {
                var j = i + 1
                while j < chars.count, "<>=".contains(chars[j]) { j += 1 }
                tokens.append(.symbol(String(chars[i..<j])))
                i = j
            } else if c.isNumber || (c == "-" && i + 1 < chars.count && chars[i + 1].isNumber && (i == 0 || chars[i - 1] == " ")) {
                var j = i + 1
                while j < chars.count, chars[j].isNumber || (chars[j] == "." && j + 1 < chars.count && chars[j + 1].isNumber) { j += 1 }
                let text = String(chars[i..<j]).replacingOccurrences(of: ",", with: "")
                tokens.append(.number(Double(text) ?? 0, text))
                i = j
                // `5m`, `30s`, `10min`: the unit that follows is a word of its own.
                var k = i
                while k < chars.count, chars[k].isLetter { k += 1 }
                if k > i {
                    tokens.append(.word(String(chars[i..<k]).lowercased()))
                    i = k
                }
            } else if c.isLetter || c == "_" {
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                // An identifier-like value ("SENSOR-001", "ORD-ABC-123"): letters and digits joined by hyphens.
                var k = j
                while k + 1 < chars.count, chars[k] == "-", chars[k + 1].isLetter || chars[k + 1].isNumber {
                    k += 1
                    while k < chars.count, chars[k].isLetter || chars[k].isNumber { k += 1 }
                }
                let whole = String(chars[i..<k])
                if k > j, whole.contains(where: \.isNumber) {
                    tokens.append(.quoted(whole))
                    i = k
                    continue
                }
                tokens.append(.word(String(chars[i..<j]).lowercased()))
                i = j
            } else if c == "%" {
                tokens.append(.word("percent"))
                i += 1
            } else {
                i += 1
            }
        }
        return tokens
    }

    /// The singular of a plural word (readings → reading, categories → category, statuses → status); other
    /// words as they are.
    package static func singular(_ word: String) -> String {
        if word.count > 4, word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.count > 4,
            word.hasSuffix("sses") || word.hasSuffix("uses") || word.hasSuffix("xes") || word.hasSuffix("ches")
                || word.hasSuffix("shes")
        {
            return String(word.dropLast(2))
        }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            return String(word.dropLast())
        }
        return word
    }
}
