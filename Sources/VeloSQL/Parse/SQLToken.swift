/// Where a piece of SQL sits in its source text: a half-open range of UTF-8 byte offsets.
///
/// Two spans always compare equal: where a node came from is not part of what it is, so ASTs compare by
/// structure alone (`parse(print(ast)) == ast`). Read `start`/`end` when the position itself matters.
public struct SQLSpan: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    public static let none = SQLSpan(0, 0)

    public var length: Int { end - start }

    /// The smallest span covering both.
    public func union(_ other: SQLSpan) -> SQLSpan { SQLSpan(min(start, other.start), max(end, other.end)) }

    public static func == (lhs: SQLSpan, rhs: SQLSpan) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    public var description: String { "\(start)..<\(end)" }
}

/// The lexical classes of the dialect.
public enum SQLTokenKind: Sendable, Equatable {
    /// A bare word: an identifier or a keyword (the parser decides, by context).
    case word
    /// `"name"` or `` `name` ``; `text` holds the name without quotes.
    case quotedIdentifier
    /// `'text'`; `text` holds the value with `''` unescaped.
    case string
    case integer
    case decimal
    /// A shorthand duration: `500ms`, `30s`, `5m`, `1h`, `1d`.
    case duration
    /// Punctuation and operators; `text` holds the symbol.
    case symbol
    case end
}

public struct SQLToken: Sendable, Equatable {
    public var kind: SQLTokenKind
    /// The token's value (see `SQLTokenKind`).
    public var text: String
    /// For words: the uppercased text, which keyword comparisons use.
    public var upper: String
    public var span: SQLSpan

    public init(kind: SQLTokenKind, text: String, upper: String = "", span: SQLSpan) {
        self.kind = kind
        self.text = text
        self.upper = upper
        self.span = span
    }

    /// How a message names this token: `'FROM'`, `string 'abc'`, `end of input`.
    public var described: String {
        switch kind {
        case .end: return "end of input"
        case .string: return "string '\(text)'"
        case .quotedIdentifier: return "\"\(text)\""
        default: return "'\(text)'"
        }
    }
}

/// A comment, kept so annotations (`-- @name: value`) can be attached to statements.
public struct SQLComment: Sendable, Equatable {
    public var text: String
    public var span: SQLSpan
    /// True for `-- …` line comments.
    public var isLine: Bool
}
