import VeloJSON

/// Turns SQL text into tokens and comments. Works on UTF-8 bytes; never stops at the first problem:
/// bad characters are reported and skipped so the parser still sees the rest.
public struct SQLLexer {
    public private(set) var tokens: [SQLToken] = []
    public private(set) var comments: [SQLComment] = []
    public private(set) var issues: [SQLIssue] = []

    private let bytes: [UInt8]
    private var pos = 0

    public init(_ text: String) {
        bytes = Array(text.utf8)
        tokens.reserveCapacity(bytes.count / 4)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 } // a UTF-8 byte order mark is not SQL
        run()
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func byte(_ i: Int) -> UInt8 { i < bytes.count ? bytes[i] : 0 }

    private static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F
    }
    private static func isIdentPart(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private mutating func run() {
        while true {
            skipSpaceAndComments()
            guard pos < bytes.count else { break }
            let start = pos
            let b = bytes[pos]
            if Self.isIdentStart(b) {
                while pos < bytes.count, Self.isIdentPart(bytes[pos]) { pos += 1 }
                let word = text(start, pos)
                tokens.append(SQLToken(kind: .word, text: word, upper: word.uppercased(), span: SQLSpan(start, pos)))
            } else if Self.isDigit(b) || (b == UInt8(ascii: ".") && Self.isDigit(byte(pos + 1))) {
                lexNumber()
            } else if b == UInt8(ascii: "'") {
                lexQuoted(close: b, kind: .string, what: "string")
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "`") {
                lexQuoted(close: b, kind: .quotedIdentifier, what: "quoted identifier")
            } else {
                lexSymbol()
            }
        }
        tokens.append(SQLToken(kind: .end, text: "", span: SQLSpan(bytes.count, bytes.count)))
    }

    private mutating func skipSpaceAndComments() {
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                pos += 1
            } else if b == UInt8(ascii: "-") && byte(pos + 1) == UInt8(ascii: "-") {
                let start = pos
                while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
                var end = pos
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                comments.append(SQLComment(text: text(start + 2, end), span: SQLSpan(start, end), isLine: true))
            } else if b == UInt8(ascii: "/") && byte(pos + 1) == UInt8(ascii: "*") {
                let start = pos
                pos += 2
                while pos < bytes.count, !(bytes[pos] == UInt8(ascii: "*") && byte(pos + 1) == UInt8(ascii: "/")) { pos += 1 }
                if pos >= bytes.count {
                    issues.append(
                        .error(
                            "unterminated comment", at: SQLSpan(start, start + 2),
                            hint: "close it with '*/'"))
                    comments.append(SQLComment(text: text(start + 2, bytes.count), span: SQLSpan(start, bytes.count), isLine: false))
                } else {
                    pos += 2
                    comments.append(SQLComment(text: text(start + 2, pos - 2), span: SQLSpan(start, pos), isLine: false))
                }
            } else {
                return
            }
        }
    }

    private mutating func lexNumber() {
        let start = pos
        var isDecimal = false
        while Self.isDigit(byte(pos)) { pos += 1 }
        if byte(pos) == UInt8(ascii: "."), Self.isDigit(byte(pos + 1)) || !Self.isIdentStart(byte(pos + 1)) {
            isDecimal = true
            pos += 1
            while Self.isDigit(byte(pos)) { pos += 1 }
        }
        let e = byte(pos)
        if e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            let sign = byte(pos + 1)
            let digitAt = (sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-")) ? pos + 2 : pos + 1
            if Self.isDigit(byte(digitAt)) {
                isDecimal = true
                pos = digitAt
                while Self.isDigit(byte(pos)) { pos += 1 }
            }
        }
        let numberEnd = pos
        if Self.isIdentStart(byte(pos)) {
            // A unit glued to the number: a shorthand duration, or a typo.
            while Self.isIdentPart(byte(pos)) { pos += 1 }
            let unit = text(numberEnd, pos).lowercased()
            if !isDecimal, SQLGrammar.shorthandUnits[unit] != nil {
                tokens.append(SQLToken(kind: .duration, text: text(start, pos), span: SQLSpan(start, pos)))
            } else {
                let digits = String(text(start, numberEnd).prefix { $0.isNumber })
                let guess = isDecimal ? nil : Self.shorthand(forUnit: unit)
                issues.append(
                    .error(
                        "invalid number '\(text(start, pos))'", at: SQLSpan(start, pos),
                        hint: guess.map { "did you mean \(digits)\($0)? durations are a whole number and one of ms, s, m, h, d" }
                            ?? "durations are written as whole numbers with a unit: 500ms, 30s, 5m, 1h, 1d"))
                // Parsing goes on over a stand-in duration, so the typo is the only error reported.
                tokens.append(SQLToken(kind: .duration, text: digits + (guess ?? "s"), span: SQLSpan(start, pos)))
            }
            return
        }
        tokens.append(
            SQLToken(
                kind: isDecimal ? .decimal : .integer, text: text(start, numberEnd),
                span: SQLSpan(start, numberEnd)))
    }

    /// The shorthand of a unit spelled another way (`min`, `secs`, `hours`), for "did you mean".
    static func shorthand(forUnit unit: String) -> String? {
        let u = unit.lowercased()
        if let named = SQLGrammar.intervalUnits[u.uppercased()] { return named.shorthand }
        let spellings: [String: String] = [
            "min": "m", "mins": "m", "sec": "s", "secs": "s", "hr": "h", "hrs": "h", "msec": "ms", "msecs": "ms",
            "millis": "ms", "mn": "m", "dy": "d"
        ]
        return spellings[u]
    }

    private mutating func lexQuoted(close: UInt8, kind: SQLTokenKind, what: String) {
        let start = pos
        pos += 1
        var value: [UInt8] = []
        while pos < bytes.count {
            let b = bytes[pos]
            if b == close {
                if byte(pos + 1) == close { value.append(b); pos += 2; continue } // doubled quote = the quote itself
                pos += 1
                if kind == .quotedIdentifier && value.isEmpty {
                    issues.append(.error("empty quoted identifier", at: SQLSpan(start, pos)))
                }
                tokens.append(SQLToken(kind: kind, text: String(decoding: value, as: UTF8.self), span: SQLSpan(start, pos)))
                return
            }
            value.append(b)
            pos += 1
        }
        issues.append(
            .error(
                "unterminated \(what)", at: SQLSpan(start, start + 1),
                hint: "close it with \(close == UInt8(ascii: "'") ? "'" : String(UnicodeScalar(close)))"))
        tokens.append(SQLToken(kind: kind, text: String(decoding: value, as: UTF8.self), span: SQLSpan(start, pos)))
    }

    private static let twoCharSymbols: Set<String> = ["<>", "!=", "<=", ">=", "||", "=="]
    private static let oneCharSymbols: Set<UInt8> = Set("(),.;*+-/%=<>".utf8)

    private mutating func lexSymbol() {
        let start = pos
        if pos + 1 < bytes.count {
            let pair = text(pos, pos + 2)
            if Self.twoCharSymbols.contains(pair) {
                pos += 2
                tokens.append(SQLToken(kind: .symbol, text: pair == "==" ? "=" : pair, span: SQLSpan(start, pos)))
                return
            }
        }
        let b = bytes[pos]
        if Self.oneCharSymbols.contains(b) {
            pos += 1
            tokens.append(SQLToken(kind: .symbol, text: String(UnicodeScalar(b)), span: SQLSpan(start, pos)))
            return
        }
        // Skip one whole UTF-8 character so the message shows it intact.
        var end = pos + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let ch = text(pos, end)
        var hint: String? = nil
        if ch == "\u{2018}" || ch == "\u{2019}" || ch == "\u{201C}" || ch == "\u{201D}" {
            hint = "use straight quotes: 'text' for strings, \"name\" for identifiers"
        } else if ch == "!" {
            hint = "write 'NOT' or '<>'"
        } else if ch == ":" {
            hint = "convert types with CAST(value AS type)"
        } else if ch == "[" || ch == "]" {
            hint = "read JSON with JSON_VALUE(field, '$.path')"
        }
        issues.append(.error("unexpected character '\(ch)'", at: SQLSpan(pos, end), hint: hint))
        pos = end
    }
}
