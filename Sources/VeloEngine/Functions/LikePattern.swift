/// A LIKE pattern compiled once: `%` any run, `_` one character, an optional escape character.
/// Matching works on Unicode scalars; patterns without wildcards or with a single leading/trailing `%`
/// take byte-level fast paths (equality, prefix, suffix, contains).
public struct LikePattern: Sendable {
    package enum Token: Equatable, Sendable {
        case literal([Unicode.Scalar])
        case one
        case any
    }

    package enum Fast: Sendable {
        case exact([UInt8]), prefix([UInt8]), suffix([UInt8]), contains([UInt8]), general
    }

    package let tokens: [Token]
    package let fast: Fast
    public let caseInsensitive: Bool

    /// - Parameters:
    ///   - escape: the ESCAPE character; `\` by default as in PostgreSQL. A pattern ending in a lone
    ///     escape throws `badArgument`.
    ///   - caseInsensitive: ILIKE.
    public init(_ pattern: String, escape: Character? = "\\", caseInsensitive: Bool = false) throws {
        self.caseInsensitive = caseInsensitive
        let source = caseInsensitive ? pattern.lowercased() : pattern
        var tokens: [Token] = []
        var literal: [Unicode.Scalar] = []
        let escapeScalar = escape?.unicodeScalars.first
        var it = source.unicodeScalars.makeIterator()
        func flush() { if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] } }
        while let c = it.next() {
            if let e = escapeScalar, c == e {
                guard let next = it.next() else {
                    throw RuntimeError.badArgument("LIKE", "pattern '\(pattern)' ends with the escape character")
                }
                literal.append(next)
            } else if c == "%" {
                flush()
                if tokens.last != .any { tokens.append(.any) }
            } else if c == "_" {
                flush()
                tokens.append(.one)
            } else {
                literal.append(c)
            }
        }
        flush()
        self.tokens = tokens
        func bytes(_ s: [Unicode.Scalar]) -> [UInt8] {
            var t = ""
            t.unicodeScalars.append(contentsOf: s)
            return Array(t.utf8)
        }
        switch tokens.count {
        case 0: fast = .exact([])
        case 1:
            if case .literal(let l) = tokens[0] { fast = .exact(bytes(l)) } else { fast = .general }
        case 2:
            if case .literal(let l) = tokens[0], tokens[1] == .any {
                fast = .prefix(bytes(l))
            } else if tokens[0] == .any, case .literal(let l) = tokens[1] {
                fast = .suffix(bytes(l))
            } else {
                fast = .general
            }
        case 3:
            if tokens[0] == .any, case .literal(let l) = tokens[1], tokens[2] == .any { fast = .contains(bytes(l)) } else { fast = .general }
        default: fast = .general
        }
    }

    public func matches(_ text: String) -> Bool {
        var s = caseInsensitive ? text.lowercased() : text
        switch fast {
        case .exact(let p): return s.withUTF8 { $0.elementsEqual(p) }
        case .prefix(let p): return s.withUTF8 { $0.count >= p.count && $0.prefix(p.count).elementsEqual(p) }
        case .suffix(let p): return s.withUTF8 { $0.count >= p.count && $0.suffix(p.count).elementsEqual(p) }
        case .contains(let p): return s.withUTF8 { LikePattern.find(p, in: $0) }
        case .general: return matchGeneral(Array(s.unicodeScalars))
        }
    }

    /// SQL LIKE with NULLs: NULL in → NULL out.
    public func evaluate(_ value: SQLValue) -> SQLValue {
        switch value {
        case .null: return .null
        case .string(let s): return .bool(matches(s))
        default: return .bool(matches(value.description))
        }
    }

    package static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        if needle.isEmpty { return true }
        guard hay.count >= needle.count else { return false }
        let first = needle[0]
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Greedy matching with backtracking to the last `%` (linear for typical patterns).
    package func matchGeneral(_ s: [Unicode.Scalar]) -> Bool {
        var si = 0, ti = 0
        var starToken = -1, starText = 0
        // Offset into the current literal token.
        while si < s.count || ti < tokens.count {
            if ti < tokens.count {
                switch tokens[ti] {
                case .any:
                    starToken = ti; starText = si; ti += 1
                    continue
                case .one:
                    if si < s.count { si += 1; ti += 1; continue }
                case .literal(let l):
                    if si + l.count <= s.count && s[si..<(si + l.count)].elementsEqual(l) {
                        si += l.count; ti += 1
                        continue
                    }
                }
            }
            // mismatch: retry from the last % one character further
            guard starToken >= 0, starText < s.count else { return false }
            starText += 1
            si = starText
            ti = starToken + 1
        }
        return true
    }
}
