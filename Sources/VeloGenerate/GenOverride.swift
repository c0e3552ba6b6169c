import VeloBase

/// One `--with` constraint override, in the words a person would type:
///
///     temperature_c between 30 and 40      amount > 500          quantity <= 3
///     status = CANCELLED 20%               status != PENDING     status in (NEW, PAID)
///     region = 'EU West'                   note is null 50%      note is not null
///     orders.amount >= 100                 (a schema prefix picks one of several schemas)
///
/// Keywords are case-insensitive. Parsing is strict: anything left over is an error that points at it.
/// What a value means (number, time, enum value) is decided when the override meets its field.
public struct GenOverride: Sendable, Equatable {
    public struct Token: Sendable, Equatable {
        public var text: String
        /// Byte offset in the override text.
        public var offset: Int
        /// Written in quotes (so always text, never a keyword or number).
        public var quoted: Bool

        package init(text: String, offset: Int, quoted: Bool) {
            self.text = text
            self.offset = offset
            self.quoted = quoted
        }
    }

    public enum Comparison: String, Sendable, Equatable {
        case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="
    }

    public enum Condition: Sendable, Equatable {
        case between(Token, Token)
        case compare(Comparison, Token)
        /// The value, and the share of records that get it (nil = all of them).
        case equals(Token, share: Double?)
        case notEquals(Token)
        case oneOf([Token])
        case isNull(share: Double?)
        case notNull
    }

    /// The whole override as typed.
    public var text: String
    public var schema: String?
    public var field: String
    /// Byte offset of the field name (after any schema prefix).
    public var fieldOffset: Int
    public var condition: Condition

    /// Parses one override; errors carry the byte offset of the offending word.
    public static func parse(_ text: String) throws(GenOverrideError) -> GenOverride {
        var tokens = try tokenize(text)
        guard !tokens.isEmpty else {
            throw GenOverrideError(
                "empty override", text: text, offset: 0,
                hint: "write it like 'amount > 500' or 'status = CANCELLED 20%'")
        }
        let fieldToken = tokens.removeFirst()
        guard !fieldToken.quoted, isFieldName(fieldToken.text) else {
            throw GenOverrideError("expected a field name, found '\(fieldToken.text)'", text: text, offset: fieldToken.offset)
        }
        var schema: String?
        var field = fieldToken.text
        var fieldOffset = fieldToken.offset
        if let dot = field.firstIndex(of: ".") {
            schema = String(field[..<dot])
            field = String(field[field.index(after: dot)...])
            fieldOffset += schema!.utf8.count + 1
        }
        var cursor = Cursor(tokens: tokens, text: text, after: fieldToken)
        let condition = try cursor.condition(field: fieldToken.text)
        try cursor.expectEnd()
        return GenOverride(text: text, schema: schema, field: field, fieldOffset: fieldOffset, condition: condition)
    }

    package static func isFieldName(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
            return part.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
    }

    /// Words, quoted strings, operators (`>= <= == != <> > < =`), `(`, `)`, `,` and `%`.
    package static func tokenize(_ text: String) throws(GenOverrideError) -> [Token] {
        let b = Array(text.utf8)
        var tokens: [Token] = []
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 { i += 1; continue }
            let start = i
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                i += 1
                while i < b.count, b[i] != c { i += 1 }
                guard i < b.count else { throw GenOverrideError("unclosed quote", text: text, offset: start) }
                tokens.append(Token(text: String(decoding: b[(start + 1)..<i], as: UTF8.self), offset: start, quoted: true))
                i += 1
                continue
            }
            if let op = [">=", "<=", "==", "!=", "<>", ">", "<", "="].first(where: { b[i...].starts(with: Array($0.utf8)) }) {
                i += op.utf8.count
                tokens.append(Token(text: op == "<>" ? "!=" : op, offset: start, quoted: false))
                continue
            }
            if c == UInt8(ascii: "(") || c == UInt8(ascii: ")") || c == UInt8(ascii: ",") || c == UInt8(ascii: "%") {
                i += 1
                tokens.append(Token(text: String(UnicodeScalar(c)), offset: start, quoted: false))
                continue
            }
            while i < b.count, !" \t'\"()<>=!,%".utf8.contains(b[i]) { i += 1 }
            if i == start { i += 1 } // a lone '!'
            tokens.append(Token(text: String(decoding: b[start..<i], as: UTF8.self), offset: start, quoted: false))
        }
        return tokens
    }

    private struct Cursor {
        var tokens: [Token]
        let text: String
        var position = 0
        let endOffset: Int

        init(tokens: [Token], text: String, after: Token) {
            self.tokens = tokens
            self.text = text
            endOffset = text.utf8.count
        }

        var peek: Token? { position < tokens.count ? tokens[position] : nil }

        mutating func next() -> Token? {
            defer { position += 1 }
            return peek
        }

        func isKeyword(_ token: Token?, _ word: String) -> Bool {
            guard let token, !token.quoted else { return false }
            return token.text.lowercased() == word
        }

        mutating func value(after what: String) throws(GenOverrideError) -> Token {
            guard let token = peek else {
                throw GenOverrideError("expected a value after '\(what)'", text: text, offset: endOffset)
            }
            guard token.quoted || !["(", ")", ",", "%", ">", ">=", "<", "<=", "=", "==", "!="].contains(token.text) else {
                throw GenOverrideError("expected a value after '\(what)', found '\(token.text)'", text: text, offset: token.offset)
            }
            position += 1
            return token
        }

        /// An optional trailing share: `20%` or `20 %`.
        mutating func share() throws(GenOverrideError) -> Double? {
            guard let token = peek, !token.quoted else { return nil }
            var number = token.text
            var hasPercent = false
            if number.hasSuffix("%") { number.removeLast(); hasPercent = true }
            guard let value = Double(number) else { return nil }
            position += 1
            if !hasPercent {
                guard peek?.text == "%", peek?.quoted == false else {
                    throw GenOverrideError(
                        "'\(token.text)' needs a '%' to be a share of records", text: text,
                        offset: token.offset, hint: "write '\(token.text)%'")
                }
                position += 1
            }
            guard value > 0, value <= 100 else {
                throw GenOverrideError("a share must be above 0% and at most 100%, not \(token.text)%", text: text, offset: token.offset)
            }
            return value / 100
        }

        mutating func condition(field: String) throws(GenOverrideError) -> Condition {
            guard let op = next() else {
                throw GenOverrideError(
                    "expected a condition after '\(field)'", text: text, offset: endOffset,
                    hint: "use between … and …, =, !=, >, >=, <, <=, in (…), is null, is not null")
            }
            if op.quoted { throw unexpected(op, "an operator") }
            switch op.text.lowercased() {
            case "between":
                let low = try value(after: "between")
                guard isKeyword(peek, "and") else {
                    throw GenOverrideError("expected 'and' in 'between … and …'", text: text, offset: peek?.offset ?? endOffset)
                }
                position += 1
                return .between(low, try value(after: "and"))
            case ">", ">=", "<", "<=":
                return .compare(Comparison(rawValue: op.text)!, try value(after: op.text))
            case "=", "==":
                let v = try value(after: op.text)
                if isKeyword(v, "null") {
                    return .isNull(share: try share())
                }
                return .equals(v, share: try share())
            case "!=":
                let v = try value(after: op.text)
                if isKeyword(v, "null") { return .notNull }
                return .notEquals(v)
            case "in":
                guard peek?.text == "(", peek?.quoted == false else {
                    throw GenOverrideError(
                        "expected '(' after 'in'", text: text, offset: peek?.offset ?? endOffset,
                        hint: "write 'status in (NEW, PAID)'")
                }
                position += 1
                var values: [Token] = []
                while true {
                    values.append(try value(after: values.isEmpty ? "(" : ","))
                    guard let sep = next(), !sep.quoted, sep.text == "," || sep.text == ")" else {
                        throw GenOverrideError(
                            "expected ',' or ')' in the list", text: text,
                            offset: tokens.indices.contains(position - 1) ? tokens[position - 1].offset : endOffset)
                    }
                    if sep.text == ")" { break }
                }
                return .oneOf(values)
            case "is":
                if isKeyword(peek, "not") {
                    position += 1
                    guard isKeyword(peek, "null") else { throw unexpected(peek, "'null'") }
                    position += 1
                    return .notNull
                }
                guard isKeyword(peek, "null") else { throw unexpected(peek, "'null' or 'not null'") }
                position += 1
                return .isNull(share: try share())
            default:
                let suggestion = Suggest.closest(to: op.text, among: ["between", "in", "is"]).map { " (did you mean '\($0)'?)" } ?? ""
                throw GenOverrideError(
                    "expected a condition after '\(field)', found '\(op.text)'\(suggestion)", text: text,
                    offset: op.offset,
                    hint: "use between … and …, =, !=, >, >=, <, <=, in (…), is null, is not null")
            }
        }

        func unexpected(_ token: Token?, _ expected: String) -> GenOverrideError {
            guard let token else { return GenOverrideError("expected \(expected)", text: text, offset: endOffset) }
            return GenOverrideError("expected \(expected), found '\(token.text)'", text: text, offset: token.offset)
        }

        func expectEnd() throws(GenOverrideError) {
            guard let extra = peek else { return }
            throw GenOverrideError(
                "unexpected '\(extra.text)' after the condition", text: text, offset: extra.offset,
                hint: "give one condition per --with; repeat --with for more")
        }
    }
}

/// An override that cannot be parsed or applied; renders with the override text and a caret.
public struct GenOverrideError: VeloReportable, Equatable, CustomStringConvertible {
    public var message: String
    public var text: String
    public var offset: Int
    public var hint: String?

    public init(_ message: String, text: String, offset: Int, hint: String? = nil) {
        self.message = message
        self.text = text
        self.offset = offset
        self.hint = hint
    }

    public var exitCode: VeloExit { .invalidInput }

    public var diagnostic: Diagnostic {
        Diagnostic(
            .error, message, location: SourceLocation(file: "--with", line: 1, column: offset + 1, sourceLine: text),
            hint: hint)
    }

    public var description: String { diagnostic.description }
}
