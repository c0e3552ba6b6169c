import VeloBase
import VeloJSON

/// JSON documents inside values and `$.a.b[0]` paths, for CAST(... AS JSON), JSON_EXTRACT and JSON_VALUE.
public enum JSONText {
    /// The JSON value of a document, nil when the text is not valid JSON (uses the shared `JSONParser`).
    public static func parse(_ text: String) -> JSONValue? {
        try? JSONParser.parse(text)
    }

    /// One step of a JSON path.
    public enum PathStep: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    /// Compiles `$.a.b[0]`, `$['a b'][1]`, `a.b` (leading `$` optional), `$[-1]` (from the end).
    public static func compilePath(_ path: String) -> [PathStep]? {
        var steps: [PathStep] = []
        let chars = Array(path.unicodeScalars)
        var i = 0
        if i < chars.count, chars[i] == "$" { i += 1 }
        var first = true
        while i < chars.count {
            let c = chars[i]
            if c == "." || (first && c != "[") {
                if c == "." { i += 1 }
                var key = ""
                while i < chars.count, chars[i] != ".", chars[i] != "[" { key.unicodeScalars.append(chars[i]); i += 1 }
                guard !key.isEmpty else { return nil }
                steps.append(.key(key))
            } else if c == "[" {
                i += 1
                guard i < chars.count else { return nil }
                if chars[i] == "'" || chars[i] == "\"" {
                    let quote = chars[i]
                    i += 1
                    var key = ""
                    while i < chars.count, chars[i] != quote { key.unicodeScalars.append(chars[i]); i += 1 }
                    guard i + 1 < chars.count, chars[i + 1] == "]" else { return nil }
                    i += 2
                    steps.append(.key(key))
                } else {
                    var digits = ""
                    while i < chars.count, chars[i] != "]" { digits.unicodeScalars.append(chars[i]); i += 1 }
                    guard i < chars.count, let n = Int(digits.sqlTrimmedSpaces) else { return nil }
                    i += 1
                    steps.append(.index(n))
                }
            } else {
                return nil
            }
            first = false
        }
        return steps
    }

    public static func evaluate(_ steps: [PathStep], in value: JSONValue) -> JSONValue? {
        var current = value
        for step in steps {
            switch step {
            case .key(let k):
                guard case .object(let o) = current, let v = o[k] else { return nil }
                current = v
            case .index(let n):
                guard case .array(let a) = current else { return nil }
                let idx = n < 0 ? a.count + n : n
                guard idx >= 0, idx < a.count else { return nil }
                current = a[idx]
            }
        }
        return current
    }
}
