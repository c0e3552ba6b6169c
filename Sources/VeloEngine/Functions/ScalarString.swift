import VeloBase

/// String functions. Positions and lengths count Unicode code points (as PostgreSQL does), and are
/// 1-based. CONCAT skips NULL arguments (PostgreSQL, DuckDB, Snowflake's CONCAT_WS behaviour) while the
/// `||` operator returns NULL on a NULL side.
extension ScalarFunctions {
    package static let stringFunctions: [([String], ScalarFunction)] =
        [
            (["UPPER", "UCASE"], ScalarFunction("UPPER", arity: 1...1, .unary { v in .string(asciiFast(string(v), upper: true)) })),
            (["LOWER", "LCASE"], ScalarFunction("LOWER", arity: 1...1, .unary { v in .string(asciiFast(string(v), upper: false)) })),
            (
                ["LENGTH", "LEN", "CHAR_LENGTH", "CHARACTER_LENGTH"],
                ScalarFunction(
                    "LENGTH", arity: 1...1,
                    .unary { v in
                        let s = string(v)
                        return .int(Int64(s.utf8.allSatisfy { $0 < 0x80 } ? s.utf8.count : s.unicodeScalars.count))
                    })
            ),
            (
                ["SUBSTRING", "SUBSTR"],
                ScalarFunction(
                    "SUBSTRING", arity: 2...3,
                    .variadic { args in
                        let s = Array(string(args[0]).unicodeScalars)
                        let start = try int(args[1], "SUBSTRING")
                        var end = Int64(s.count) + 1 // exclusive, 1-based
                        if args.count == 3 {
                            let len = try int(args[2], "SUBSTRING")
                            if len < 0 { throw RuntimeError.badArgument("SUBSTRING", "negative length \(len)") }
                            end = min(end, Timestamps.saturatingAdd(start, len))
                        }
                        let from = max(start, 1)
                        guard from < end else { return .string("") }
                        return .string(scalars(s[Int(from - 1)..<Int(end - 1)]))
                    })
            ),
            (
                ["REPLACE"],
                ScalarFunction(
                    "REPLACE", arity: 3...3,
                    .variadic { args in
                        .string(replace(string(args[0]), string(args[1]), string(args[2])))
                    })
            ),
            (
                ["TRIM", "BTRIM"],
                ScalarFunction(
                    "TRIM", arity: 1...2,
                    .variadic { args in
                        .string(trim(string(args[0]), args.count > 1 ? string(args[1]) : nil, leading: true, trailing: true))
                    })
            ),
            (
                ["LTRIM"],
                ScalarFunction(
                    "LTRIM", arity: 1...2,
                    .variadic { args in
                        .string(trim(string(args[0]), args.count > 1 ? string(args[1]) : nil, leading: true, trailing: false))
                    })
            ),
            (
                ["RTRIM"],
                ScalarFunction(
                    "RTRIM", arity: 1...2,
                    .variadic { args in
                        .string(trim(string(args[0]), args.count > 1 ? string(args[1]) : nil, leading: false, trailing: true))
                    })
            ),
            (
                ["CONCAT"],
                ScalarFunction(
                    "CONCAT", arity: 1...Int.max, nullStrict: false,
                    .variadic { args in
                        var out = ""
                        for a in args where !a.isNull { out += string(a) }
                        return .string(out)
                    })
            ),
            (
                ["CONCAT_WS"],
                ScalarFunction(
                    "CONCAT_WS", arity: 2...Int.max, nullStrict: false,
                    .variadic { args in
                        guard !args[0].isNull else { return .null }
                        let sep = string(args[0])
                        return .string(args.dropFirst().filter { !$0.isNull }.map(string).joined(separator: sep))
                    })
            ),
            // SPLIT returns a JSON array of strings; SPLIT_PART the n-th piece (1-based, '' when missing).
            (
                ["SPLIT", "STRING_SPLIT"],
                ScalarFunction(
                    "SPLIT", arity: 2...2,
                    .binary { s, d in
                        .json(.array(split(string(s), string(d)).map { .string($0) }))
                    })
            ),
            (
                ["SPLIT_PART"],
                ScalarFunction(
                    "SPLIT_PART", arity: 3...3,
                    .variadic { args in
                        let parts = split(string(args[0]), string(args[1]))
                        let n = try int(args[2], "SPLIT_PART")
                        if n == 0 { throw RuntimeError.badArgument("SPLIT_PART", "field position must not be zero") }
                        guard n.magnitude <= UInt64(parts.count) else { return .string("") }
                        let idx = n > 0 ? Int(n - 1) : parts.count + Int(n)
                        return .string(parts[idx])
                    })
            ),
            (
                ["LEFT"],
                ScalarFunction(
                    "LEFT", arity: 2...2,
                    .binary { s, n in
                        let u = Array(string(s).unicodeScalars)
                        let k = try int(n, "LEFT")
                        let count = k >= 0 ? min(Int(k), u.count) : max(0, u.count + Int(k))
                        return .string(scalars(u[0..<count]))
                    })
            ),
            (
                ["RIGHT"],
                ScalarFunction(
                    "RIGHT", arity: 2...2,
                    .binary { s, n in
                        let u = Array(string(s).unicodeScalars)
                        let k = try int(n, "RIGHT")
                        let count = k >= 0 ? min(Int(k), u.count) : max(0, u.count + Int(k))
                        return .string(scalars(u[(u.count - count)...]))
                    })
            ),
            // POSITION(sub IN s) arrives as POSITION(sub, s); STRPOS/INSTR take (s, sub). 0 when absent.
            // An optional third argument is the 1-based position to start searching from.
            (
                ["POSITION"],
                ScalarFunction(
                    "POSITION", arity: 2...3,
                    .variadic { args in
                        .int(try position(string(args[0]), in: string(args[1]), from: args.count > 2 ? Optional(args[2]) : nil))
                    })
            ),
            (
                ["STRPOS", "INSTR"],
                ScalarFunction(
                    "STRPOS", arity: 2...3,
                    .variadic { args in
                        .int(try position(string(args[1]), in: string(args[0]), from: args.count > 2 ? Optional(args[2]) : nil))
                    })
            ),
            (
                ["LPAD"],
                ScalarFunction(
                    "LPAD", arity: 2...3,
                    .variadic { args in
                        try .string(pad(args, left: true))
                    })
            ),
            (
                ["RPAD"],
                ScalarFunction(
                    "RPAD", arity: 2...3,
                    .variadic { args in
                        try .string(pad(args, left: false))
                    })
            ),
            (["STARTS_WITH"], ScalarFunction("STARTS_WITH", arity: 2...2, .binary { s, p in .bool(string(s).utf8.starts(with: string(p).utf8)) })),
            (
                ["ENDS_WITH"],
                ScalarFunction(
                    "ENDS_WITH", arity: 2...2,
                    .binary { s, p in
                        .bool(string(s).utf8.reversed().starts(with: string(p).utf8.reversed()))
                    })
            ),
            (["CONTAINS"], ScalarFunction("CONTAINS", arity: 2...2, .binary { s, p in .bool(position(string(p), in: string(s)) > 0) })),
            (["REVERSE"], ScalarFunction("REVERSE", arity: 1...1, .unary { v in .string(String(string(v).reversed())) })),
            (
                ["INITCAP"],
                ScalarFunction(
                    "INITCAP", arity: 1...1,
                    .unary { v in
                        var out = ""
                        var startOfWord = true
                        for c in string(v) {
                            out += startOfWord ? c.uppercased() : c.lowercased()
                            startOfWord = !(c.isLetter || c.isNumber)
                        }
                        return .string(out)
                    })
            ),
            (
                ["REPEAT"],
                ScalarFunction(
                    "REPEAT", arity: 2...2,
                    .binary { s, n in
                        let k = try int(n, "REPEAT")
                        if k > 10_000_000 { throw RuntimeError.badArgument("REPEAT", "count \(k) is too large") }
                        return .string(String(repeating: string(s), count: max(0, Int(k))))
                    })
            )
        ] + regexFunctions

    package static func scalars(_ s: ArraySlice<Unicode.Scalar>) -> String {
        var out = ""
        out.unicodeScalars.append(contentsOf: s)
        return out
    }

    /// ASCII case mapping without allocation-heavy Unicode tables; falls back for non-ASCII text.
    package static func asciiFast(_ s: String, upper: Bool) -> String {
        guard s.utf8.allSatisfy({ $0 < 0x80 }) else { return upper ? s.uppercased() : s.lowercased() }
        let lo: UInt8 = upper ? 0x61 : 0x41
        let hi: UInt8 = upper ? 0x7A : 0x5A
        var changed = false
        let bytes = s.utf8.map { b -> UInt8 in
            if b >= lo && b <= hi { changed = true; return b ^ 0x20 }
            return b
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : s
    }

    package static func replace(_ s: String, _ from: String, _ to: String) -> String {
        let hay = Array(s.utf8), needle = Array(from.utf8)
        guard !needle.isEmpty, hay.count >= needle.count else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(hay.count)
        var i = 0
        var changed = false
        while i < hay.count {
            if i + needle.count <= hay.count, hay[i] == needle[0], hay[i..<(i + needle.count)].elementsEqual(needle) {
                out.append(contentsOf: to.utf8)
                i += needle.count
                changed = true
            } else {
                out.append(hay[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : s
    }

    package static func trim(_ s: String, _ chars: String?, leading: Bool, trailing: Bool) -> String {
        let set: Set<Unicode.Scalar> = chars.map { Set($0.unicodeScalars) } ?? [" ", "\t", "\n", "\r"]
        let u = Array(s.unicodeScalars)
        var a = 0, b = u.count
        if leading { while a < b, set.contains(u[a]) { a += 1 } }
        if trailing { while b > a, set.contains(u[b - 1]) { b -= 1 } }
        return a == 0 && b == u.count ? s : scalars(u[a..<b])
    }

    package static func split(_ s: String, _ d: String) -> [String] {
        if d.isEmpty { return s.unicodeScalars.map { String($0) } }
        let hay = Array(s.utf8), needle = Array(d.utf8)
        var parts: [String] = []
        var start = 0, i = 0
        while i + needle.count <= hay.count {
            if hay[i..<(i + needle.count)].elementsEqual(needle) {
                parts.append(String(decoding: hay[start..<i], as: UTF8.self))
                i += needle.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(String(decoding: hay[start...], as: UTF8.self))
        return parts
    }

    /// 1-based code-point position of `sub` in `s`, 0 if absent; an empty `sub` is at 1.
    package static func position(_ sub: String, in s: String) -> Int64 {
        let hay = Array(s.unicodeScalars), needle = Array(sub.unicodeScalars)
        if needle.isEmpty { return 1 }
        guard hay.count >= needle.count else { return 0 }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) {
            return Int64(i + 1)
        }
        return 0
    }

    package static func position(_ sub: String, in s: String, from start: SQLValue?) throws -> Int64 {
        guard let start else { return position(sub, in: s) }
        let k = try int(start, "POSITION")
        if k < 1 { throw RuntimeError.badArgument("POSITION", "start position must be at least 1, got \(k)") }
        let scalars = Array(s.unicodeScalars)
        guard k <= scalars.count + 1 else { return 0 }
        let found = position(sub, in: ScalarFunctions.scalars(scalars[Int(k - 1)...]))
        return found == 0 ? 0 : found + k - 1
    }

    /// LPAD/RPAD: pads with `fill` (default space) to `length` code points; longer strings are cut.
    package static func pad(_ args: [SQLValue], left: Bool) throws -> String {
        let name = left ? "LPAD" : "RPAD"
        let s = Array(string(args[0]).unicodeScalars)
        let n = try int(args[1], name)
        if n > 10_000_000 { throw RuntimeError.badArgument(name, "length \(n) is too large") }
        let length = max(0, Int(n))
        let fill = Array((args.count > 2 ? string(args[2]) : " ").unicodeScalars)
        if s.count >= length { return scalars(s[0..<length]) }
        guard !fill.isEmpty else { return scalars(s[...]) }
        var padding: [Unicode.Scalar] = []
        while padding.count < length - s.count { padding.append(fill[padding.count % fill.count]) }
        return left ? scalars((padding + s)[...]) : scalars((s + padding)[...])
    }
}
