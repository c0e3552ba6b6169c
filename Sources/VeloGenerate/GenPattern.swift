/// A compiled `pattern:` constraint: a small regular-expression subset that generates strings.
///
/// Literal text; character classes `[A-Z0-9_]`, `[^…]` (over printable ASCII), `\d \w \s`, `.`; escapes
/// `\.` `\{` …; groups `( … )` with alternation `|`; repeats `{n}` `{n,m}` `{n,}` `?` `+` `*` (open repeats add
/// at most 8); anchors `^`/`$` are accepted and ignored; `{seq:N}` writes a counter zero-padded to N digits
/// (1, 2, 3, … per field), so `SENSOR-{seq:6}` gives `SENSOR-000001`, `SENSOR-000002`, ….
public struct GenPattern: Sendable {
    package indirect enum Node: Sendable {
        case literal([UInt8])
        /// One byte out of these (ASCII).
        case set([UInt8])
        case sequence(width: Int)
        case alternatives([[Node]])
        case repeated(Node, min: Int, max: Int)
    }

    package let nodes: [Node]
    public let source: String
    /// The nodes as a flat program for the hot path: literal text, a class repeated min...max times, a
    /// sequence, or (rarely) a node for the recursive emitter. Plain values only, so running it retains nothing.
    package struct Op: Sendable {
        package enum Kind: UInt8 { case literal, set, sequence, node }
        package var kind: Kind
        /// literal/set: the bytes at table[start..<end]; node: the index in `nodes`.
        package var start: Int32
        package var end: Int32
        package var min: Int32
        package var max: Int32
    }
    package let ops: [Op]
    package let table: [UInt8]
    /// Whether every output needs no JSON escapes (no quote, backslash or control character).
    public let isPlain: Bool
    /// The longest extra repeat added by `+`, `*` and `{n,}`.
    package static let openRepeat = 8

    public init(_ source: String) throws(GenPatternError) {
        self.source = source
        var parser = Parser(bytes: Array(source.utf8))
        nodes = try parser.parseAll()
        var ops: [Op] = [], table: [UInt8] = []
        for (k, node) in nodes.enumerated() {
            func add(_ kind: Op.Kind, _ bytes: [UInt8], _ min: Int, _ max: Int) {
                ops.append(Op(kind: kind, start: Int32(table.count), end: Int32(table.count + bytes.count), min: Int32(min), max: Int32(max)))
                table += bytes
            }
            switch node {
            case .literal(let bytes): add(.literal, bytes, 1, 1)
            case .set(let choices): add(.set, choices, 1, 1)
            case .repeated(.set(let choices), let min, let max): add(.set, choices, min, max)
            case .sequence(let width): add(.sequence, [], width, width)
            default: ops.append(Op(kind: .node, start: Int32(k), end: Int32(k), min: 1, max: 1))
            }
        }
        self.ops = ops
        self.table = table
        func plain(_ node: Node) -> Bool {
            switch node {
            case .literal(let bytes), .set(let bytes): GenSlot.textKind(bytes) == .plainText
            case .sequence: true
            case .alternatives(let branches): branches.allSatisfy { $0.allSatisfy(plain) }
            case .repeated(let inner, _, _): plain(inner)
            }
        }
        isPlain = nodes.allSatisfy(plain)
    }

    /// Appends one generated string (raw UTF-8, no quotes) to `out`; `sequence` is what `{seq:N}` prints.
    public func generate(into out: inout [UInt8], _ rng: inout GenRandom, sequence: Int64) {
        ops.withUnsafeBufferPointer { ops in
            table.withUnsafeBufferPointer { table in
                for op in ops {
                    switch op.kind {
                    case .literal:
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: table[Int(op.start)..<Int(op.end)]))
                    case .set:
                        let n = UInt64(op.end - op.start)
                        let times = op.min == op.max ? Int(op.min) : Int(rng.next(in: Int64(op.min), Int64(op.max)))
                        for _ in 0..<times { out.append(table[Int(op.start) + Int(rng.next(below: n))]) }
                    case .sequence:
                        GenFormat.appendPadded(sequence, width: Int(op.min), to: &out)
                    case .node:
                        emit(nodes[Int(op.start)], into: &out, &rng, sequence)
                    }
                }
            }
        }
    }

    public func generate(_ rng: inout GenRandom, sequence: Int64 = 1) -> String {
        var out: [UInt8] = []
        generate(into: &out, &rng, sequence: sequence)
        return String(decoding: out, as: UTF8.self)
    }

    private func emit(_ node: Node, into out: inout [UInt8], _ rng: inout GenRandom, _ sequence: Int64) {
        switch node {
        case .literal(let bytes):
            out.append(contentsOf: bytes)
        case .set(let choices):
            out.append(choices[Int(rng.next(below: UInt64(choices.count)))])
        case .sequence(let width):
            GenFormat.appendPadded(sequence, width: width, to: &out)
        case .alternatives(let branches):
            for item in branches[Int(rng.next(below: UInt64(branches.count)))] { emit(item, into: &out, &rng, sequence) }
        case .repeated(let inner, let min, let max):
            let times = min == max ? min : Int(rng.next(in: Int64(min), Int64(max)))
            if case .set(let choices) = inner {
                let n = UInt64(choices.count)
                for _ in 0..<times { out.append(choices[Int(rng.next(below: n))]) }
            } else {
                for _ in 0..<times { emit(inner, into: &out, &rng, sequence) }
            }
        }
    }

    /// The same language as a regular expression (`{seq:N}` becomes `[0-9]{N,}`), for checking output.
    public var regex: String { "^" + GenPattern.regex(nodes) + "$" }

    private static func regex(_ nodes: [Node]) -> String { nodes.map(regex).joined() }

    private static func regex(_ node: Node) -> String {
        switch node {
        case .literal(let bytes):
            return String(decoding: bytes, as: UTF8.self).unicodeScalars.map { scalar in
                "\\^$.|?*+()[]{}".unicodeScalars.contains(scalar) ? "\\" + String(scalar) : String(scalar)
            }.joined()
        case .set(let choices):
            return "["
                + choices.map { byte in
                    let c = String(UnicodeScalar(byte))
                    return "\\^-[]".contains(c) ? "\\" + c : c
                }.joined() + "]"
        case .sequence(let width):
            return "[0-9]{\(width),}"
        case .alternatives(let branches):
            return "(?:" + branches.map { regex($0) }.joined(separator: "|") + ")"
        case .repeated(let inner, let min, let max):
            return "(?:" + regex(inner) + "){\(min),\(max)}"
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        static let digits = Array(UInt8(ascii: "0")...UInt8(ascii: "9"))
        static let upper = Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
        static let lower = Array(UInt8(ascii: "a")...UInt8(ascii: "z"))
        static let word = upper + lower + digits + [UInt8(ascii: "_")]
        static let alnum = upper + lower + digits
        static let printable = Array(UInt8(0x20)...UInt8(0x7E))

        mutating func parseAll() throws(GenPatternError) -> [Node] {
            if peek == UInt8(ascii: "^") { i += 1 }
            let result = try parseAlternatives()
            if i < bytes.count {
                throw GenPatternError("unmatched ')'", offset: i)
            }
            return result
        }

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func parseAlternatives() throws(GenPatternError) -> [Node] {
            var branches: [[Node]] = [try parseSequence()]
            while peek == UInt8(ascii: "|") {
                i += 1
                branches.append(try parseSequence())
            }
            return branches.count == 1 ? branches[0] : [.alternatives(branches)]
        }

        mutating func parseSequence() throws(GenPatternError) -> [Node] {
            var nodes: [Node] = []
            while let c = peek, c != UInt8(ascii: "|"), c != UInt8(ascii: ")") {
                if c == UInt8(ascii: "$") && i == bytes.count - 1 { i += 1; break }
                var atom = try parseAtom()
                atom = try parseQuantifiers(atom)
                // Merge neighbouring literals so output is one append.
                if case .literal(let b) = atom, case .literal(let a)? = nodes.last {
                    nodes[nodes.count - 1] = .literal(a + b)
                } else {
                    nodes.append(atom)
                }
            }
            return nodes
        }

        mutating func parseAtom() throws(GenPatternError) -> Node {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "["):
                return try parseClass()
            case UInt8(ascii: "("):
                let open = i
                i += 1
                if bytes[i...].starts(with: Array("?:".utf8)) { i += 2 }
                let inner = try parseAlternatives()
                guard peek == UInt8(ascii: ")") else { throw GenPatternError("unclosed '('", offset: open) }
                i += 1
                if inner.count == 1 { return inner[0] }
                return .alternatives([inner])
            case UInt8(ascii: "\\"):
                i += 1
                guard let e = peek else { throw GenPatternError("a pattern cannot end with '\\'", offset: i - 1) }
                i += 1
                switch e {
                case UInt8(ascii: "d"): return .set(Parser.digits)
                case UInt8(ascii: "w"): return .set(Parser.word)
                case UInt8(ascii: "s"): return .literal([UInt8(ascii: " ")])
                case UInt8(ascii: "n"): return .literal([0x0A])
                case UInt8(ascii: "t"): return .literal([0x09])
                default: return .literal([e])
                }
            case UInt8(ascii: "."):
                i += 1
                return .set(Parser.alnum)
            case UInt8(ascii: "{"):
                if let width = try parseSeq() { return .sequence(width: width) }
                throw GenPatternError("'{' repeats nothing (write '\\{' for a literal brace)", offset: i)
            case UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"):
                throw GenPatternError("'\(String(UnicodeScalar(c)))' repeats nothing (escape it with '\\')", offset: i)
            default:
                // One UTF-8 character, whole.
                var end = i + 1
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                defer { i = end }
                return .literal(Array(bytes[i..<end]))
            }
        }

        /// `{seq:N}` at `i`, or nil when the brace is something else.
        mutating func parseSeq() throws(GenPatternError) -> Int? {
            let prefix = Array("{seq:".utf8)
            guard bytes[i...].starts(with: prefix) else { return nil }
            let start = i
            var j = i + prefix.count
            var width = 0
            let digitsStart = j
            while j < bytes.count, bytes[j] >= 48, bytes[j] <= 57 { width = width * 10 + Int(bytes[j] - 48); j += 1 }
            guard j > digitsStart, j < bytes.count, bytes[j] == UInt8(ascii: "}"), width >= 1, width <= 19 else {
                throw GenPatternError("'{seq:N}' needs a width N from 1 to 19", offset: start)
            }
            i = j + 1
            return width
        }

        mutating func parseClass() throws(GenPatternError) -> Node {
            let open = i
            i += 1
            var negate = false
            if peek == UInt8(ascii: "^") { negate = true; i += 1 }
            var members = [Bool](repeating: false, count: 128)
            var first = true
            while true {
                guard var c = peek else { throw GenPatternError("unclosed '['", offset: open) }
                if c == UInt8(ascii: "]") && !first { i += 1; break }
                first = false
                i += 1
                if c == UInt8(ascii: "\\") {
                    guard let e = peek else { throw GenPatternError("unclosed '['", offset: open) }
                    i += 1
                    let named: [UInt8]? =
                        switch e {
                        case UInt8(ascii: "d"): Parser.digits
                        case UInt8(ascii: "w"): Parser.word
                        case UInt8(ascii: "s"): [UInt8(ascii: " ")]
                        default: nil
                        }
                    if let named { for b in named { members[Int(b)] = true }; continue }
                    c = e
                }
                guard c < 0x80 else { throw GenPatternError("character classes take ASCII characters only", offset: i - 1) }
                if peek == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] != UInt8(ascii: "]") {
                    var hi = bytes[i + 1]
                    i += 2
                    if hi == UInt8(ascii: "\\"), let e = peek { hi = e; i += 1 }
                    guard hi < 0x80 else { throw GenPatternError("character classes take ASCII characters only", offset: i - 1) }
                    guard c <= hi else {
                        throw GenPatternError("range '\(String(UnicodeScalar(c)))-\(String(UnicodeScalar(hi)))' is backwards", offset: i - 3)
                    }
                    for b in c...hi { members[Int(b)] = true }
                } else {
                    members[Int(c)] = true
                }
            }
            var choices: [UInt8] = []
            for b in (negate ? Parser.printable : Array(0..<128)) where members[Int(b)] != negate { choices.append(b) }
            guard !choices.isEmpty else { throw GenPatternError("the character class matches nothing", offset: open) }
            return .set(choices)
        }

        mutating func parseQuantifiers(_ atom: Node) throws(GenPatternError) -> Node {
            var node = atom
            while let c = peek {
                var range: (Int, Int)
                switch c {
                case UInt8(ascii: "?"): range = (0, 1); i += 1
                case UInt8(ascii: "*"): range = (0, GenPattern.openRepeat); i += 1
                case UInt8(ascii: "+"): range = (1, 1 + GenPattern.openRepeat); i += 1
                case UInt8(ascii: "{"):
                    if bytes[i...].starts(with: Array("{seq:".utf8)) { return node }
                    range = try parseBraces()
                default: return node
                }
                node = .repeated(node, min: range.0, max: range.1)
            }
            return node
        }

        mutating func parseBraces() throws(GenPatternError) -> (Int, Int) {
            let open = i
            i += 1
            func number(_ parser: inout Parser) -> Int? {
                var value = 0, any = false
                while let c = parser.peek, c >= 48, c <= 57 {
                    value = value * 10 + Int(c - 48); any = true; parser.i += 1
                    if value > 10_000 { return value }
                }
                return any ? value : nil
            }
            guard let lo = number(&self) else {
                throw GenPatternError("expected a count like {3} or {2,5}", offset: open)
            }
            var hi = lo
            if peek == UInt8(ascii: ",") {
                i += 1
                hi = number(&self) ?? lo + GenPattern.openRepeat
            }
            guard peek == UInt8(ascii: "}") else { throw GenPatternError("unclosed '{'", offset: open) }
            i += 1
            guard lo <= hi else { throw GenPatternError("repeat {\(lo),\(hi)} has min > max", offset: open) }
            guard hi <= 10_000 else { throw GenPatternError("repeat count above 10000", offset: open) }
            return (lo, hi)
        }
    }
}

/// A pattern that cannot be compiled; `offset` is the byte offset in the pattern text.
public struct GenPatternError: Error, Sendable, Equatable {
    public var message: String
    public var offset: Int
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
}
