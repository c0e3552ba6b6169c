import VeloBase
import VeloSchema

/// The small expression language of `record_count.expression` and `template.expression`: numbers, quoted
/// text, `true`/`false`/`null`, names (`count`, and template paths like `outputs.q.count` with or without
/// `{{ }}`), `+ - * / %`, `== != < <= > >=`, `&&`/`and`, `||`/`or`, `!`/`not`, and parentheses.
public struct SpecExpression {
    public enum Value: Sendable, Equatable { case number(Double), text(String), flag(Bool), null }

    public struct Failure: Error, Sendable, CustomStringConvertible { public var description: String }

    private enum Token: Equatable { case number(Double), text(String), name(String), op(String), open, close }

    private var tokens: [Token] = []
    private var at = 0
    private let source: String
    private let lookup: (String) throws(Failure) -> Value

    /// Evaluates `text`; `variables` come first, then template paths through `context`.
    public static func evaluate(_ text: String, variables: [String: Value] = [:], context: SpecContext) throws(Failure) -> Value {
        var e = SpecExpression(source: text) { (name: String) throws(Failure) -> Value in
            if let v = variables[name] { return v }
            switch name {
            case "true": return .flag(true)
            case "false": return .flag(false)
            case "null": return .null
            default: break
            }
            do {
                switch try SpecTemplate.value(of: name, context: context) {
                case .int(let i): return .number(Double(i))
                case .double(let d): return .number(d)
                case .string(let s): return Double(s).map(Value.number) ?? .text(s)
                case .bool(let b): return .flag(b)
                default: return .null
                }
            } catch {
                if !name.contains(".") {
                    let s = Suggest.closest(to: name, among: Array(variables.keys))
                    throw Failure(description: "unknown name '\(name)'\(s.map { " (did you mean '\($0)'?)" } ?? "")")
                }
                throw Failure(description: "\(error)")
            }
        }
        try e.tokenize()
        let value = try e.or()
        guard e.at == e.tokens.count else { throw Failure(description: "unexpected text after the end in '\(text)'") }
        return value
    }

    private init(source: String, lookup: @escaping (String) throws(Failure) -> Value) {
        self.source = source
        self.lookup = lookup
    }

    private mutating func tokenize() throws(Failure) {
        let c = Array(source)
        var i = 0
        while i < c.count {
            let ch = c[i]
            if ch.isWhitespace { i += 1; continue }
            if ch == "{", i + 1 < c.count, c[i + 1] == "{" {
                var j = i + 2
                while j + 1 < c.count, !(c[j] == "}" && c[j + 1] == "}") { j += 1 }
                guard j + 1 < c.count else { throw Failure(description: "unclosed '{{' in '\(source)'") }
                tokens.append(.name(String(c[(i + 2)..<j]).trimmingSpaces()))
                i = j + 2
            } else if ch.isNumber || (ch == "." && i + 1 < c.count && c[i + 1].isNumber) {
                var j = i
                while j < c.count, c[j].isNumber || c[j] == "." || c[j] == "e" || c[j] == "E" { j += 1 }
                guard let d = Double(String(c[i..<j])) else { throw Failure(description: "bad number '\(String(c[i..<j]))'") }
                tokens.append(.number(d))
                i = j
            } else if ch == "'" || ch == "\"" {
                var j = i + 1
                while j < c.count, c[j] != ch { j += 1 }
                guard j < c.count else { throw Failure(description: "unclosed quote in '\(source)'") }
                tokens.append(.text(String(c[(i + 1)..<j])))
                i = j + 1
            } else if ch.isLetter || ch == "_" {
                var j = i
                while j < c.count, c[j].isLetter || c[j].isNumber || c[j] == "_" || c[j] == "." { j += 1 }
                let word = String(c[i..<j])
                switch word.lowercased() {
                case "and": tokens.append(.op("&&"))
                case "or": tokens.append(.op("||"))
                case "not": tokens.append(.op("!"))
                default: tokens.append(.name(word))
                }
                i = j
            } else if ch == "(" {
                tokens.append(.open); i += 1
            } else if ch == ")" {
                tokens.append(.close); i += 1
            } else {
                let two = i + 1 < c.count ? String(c[i...(i + 1)]) : ""
                if ["==", "!=", "<=", ">=", "&&", "||", "<>"].contains(two) {
                    tokens.append(.op(two == "<>" ? "!=" : two))
                    i += 2
                } else if "+-*/%<>!=".contains(ch) {
                    tokens.append(.op(ch == "=" ? "==" : String(ch)))
                    i += 1
                } else {
                    throw Failure(description: "unexpected '\(ch)' in '\(source)'")
                }
            }
        }
    }

    private mutating func take(_ ops: [String]) -> String? {
        if at < tokens.count, case .op(let o) = tokens[at], ops.contains(o) { at += 1; return o }
        return nil
    }

    private mutating func or() throws(Failure) -> Value {
        var left = try and()
        while take(["||"]) != nil { let right = try and(); left = .flag(truth(left) || truth(right)) }
        return left
    }

    private mutating func and() throws(Failure) -> Value {
        var left = try comparison()
        while take(["&&"]) != nil { let right = try comparison(); left = .flag(truth(left) && truth(right)) }
        return left
    }

    private mutating func comparison() throws(Failure) -> Value {
        let left = try sum()
        guard let op = take(["==", "!=", "<", "<=", ">", ">="]) else { return left }
        let right = try sum()
        let order: Int
        switch (left, right) {
        case (.number(let a), .number(let b)): order = a < b ? -1 : a > b ? 1 : 0
        default:
            let a = Self.show(left), b = Self.show(right)
            order = a < b ? -1 : a > b ? 1 : 0
        }
        switch op {
        case "==": return .flag(order == 0)
        case "!=": return .flag(order != 0)
        case "<": return .flag(order < 0)
        case "<=": return .flag(order <= 0)
        case ">": return .flag(order > 0)
        default: return .flag(order >= 0)
        }
    }

    private mutating func sum() throws(Failure) -> Value {
        var left = try product()
        while let op = take(["+", "-"]) {
            let right = try product()
            left = .number(op == "+" ? try num(left) + num(right) : try num(left) - num(right))
        }
        return left
    }

    private mutating func product() throws(Failure) -> Value {
        var left = try unary()
        while let op = take(["*", "/", "%"]) {
            let a = try num(left), b = try num(try unary())
            switch op {
            case "*": left = .number(a * b)
            case "/": left = b == 0 ? .null : .number(a / b)
            default: left = b == 0 ? .null : .number(a.truncatingRemainder(dividingBy: b))
            }
        }
        return left
    }

    private mutating func unary() throws(Failure) -> Value {
        if take(["!"]) != nil { return .flag(!truth(try unary())) }
        if take(["-"]) != nil { return .number(-(try num(try unary()))) }
        guard at < tokens.count else { throw Failure(description: "'\(source)' ends too early") }
        let token = tokens[at]
        at += 1
        switch token {
        case .number(let d): return .number(d)
        case .text(let s): return .text(s)
        case .name(let n): return try lookup(n)
        case .open:
            let v = try or()
            guard at < tokens.count, tokens[at] == .close else { throw Failure(description: "missing ')' in '\(source)'") }
            at += 1
            return v
        default: throw Failure(description: "unexpected \(Self.describe(token)) in '\(source)'")
        }
    }

    private func num(_ v: Value) throws(Failure) -> Double {
        switch v {
        case .number(let d): return d
        case .text(let s): if let d = Double(s) { return d }
        default: break
        }
        throw Failure(description: "\(Self.show(v)) is not a number in '\(source)'")
    }

    package func truth(_ v: Value) -> Bool {
        switch v {
        case .flag(let b): b
        case .number(let d): d != 0
        case .text(let s): !s.isEmpty
        case .null: false
        }
    }

    package static func show(_ v: Value) -> String {
        switch v {
        case .number(let d): SchemaNumber.text(d)
        case .text(let s): s
        case .flag(let b): b ? "true" : "false"
        case .null: "null"
        }
    }

    private static func describe(_ t: Token) -> String {
        switch t {
        case .op(let o): "'\(o)'"
        case .close: "')'"
        default: "token"
        }
    }
}
