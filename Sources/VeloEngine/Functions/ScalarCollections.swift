import VeloJSON

/// Arrays, maps and digests. Arrays and maps are JSON values (`.json`); functions that take one also
/// accept JSON text. MAP/STRUCT take alternating names and values: `MAP('a', 1, 'b', 2)`.
extension ScalarFunctions {
    /// The array inside a value: a JSON array, or JSON text holding one.
    package static func array(_ v: SQLValue, _ fn: String) throws -> [JSONValue] {
        switch v {
        case .json(.array(let a)): return a
        case .string(let s):
            if case .array(let a)? = JSONText.parse(s) { return a }
        default: break
        }
        throw RuntimeError(.typeMismatch, "\(fn): expected an array, got \(v.typeName) \(v.quoted)")
    }

    package static func object(_ v: SQLValue, _ fn: String) throws -> JSONObject {
        switch v {
        case .json(.object(let o)): return o
        case .string(let s):
            if case .object(let o)? = JSONText.parse(s) { return o }
        default: break
        }
        throw RuntimeError(.typeMismatch, "\(fn): expected a map, got \(v.typeName) \(v.quoted)")
    }

    package static func pairs(_ args: [SQLValue], _ fn: String) throws -> SQLValue {
        guard args.count % 2 == 0 else { throw RuntimeError.badArgument(fn, "expects name, value pairs") }
        var o = JSONObject()
        for i in stride(from: 0, to: args.count, by: 2) {
            guard !args[i].isNull else { throw RuntimeError.badArgument(fn, "a key is NULL") }
            o[string(args[i])] = args[i + 1].jsonValue
        }
        return .json(.object(o))
    }

    package static let collectionFunctions: [([String], ScalarFunction)] = [
        (
            ["ARRAY"],
            ScalarFunction(
                "ARRAY", arity: 0...Int.max, nullStrict: false,
                .variadic { args in
                    .json(.array(args.map(\.jsonValue)))
                })
        ),
        (
            ["ARRAY_LENGTH", "CARDINALITY"],
            ScalarFunction(
                "ARRAY_LENGTH", arity: 1...1,
                .unary { v in
                    .int(Int64(try array(v, "ARRAY_LENGTH").count))
                })
        ),
        (
            ["ARRAY_CONTAINS"],
            ScalarFunction(
                "ARRAY_CONTAINS", arity: 2...2,
                .binary { a, v in
                    let needle = v
                    for item in try array(a, "ARRAY_CONTAINS") where SQLValue.isNotDistinct(SQLValue(item), needle) { return .bool(true) }
                    return .bool(false)
                })
        ),
        (["MAP"], ScalarFunction("MAP", arity: 0...Int.max, nullStrict: false, .variadic { try pairs($0, "MAP") })),
        (["STRUCT", "NAMED_STRUCT"], ScalarFunction("STRUCT", arity: 0...Int.max, nullStrict: false, .variadic { try pairs($0, "STRUCT") })),
        (
            ["MAP_KEYS"],
            ScalarFunction(
                "MAP_KEYS", arity: 1...1,
                .unary { m in
                    .json(.array(try object(m, "MAP_KEYS").keys.map { .string($0) }))
                })
        ),
        (
            ["MAP_VALUES"],
            ScalarFunction(
                "MAP_VALUES", arity: 1...1,
                .unary { m in
                    .json(.array(try object(m, "MAP_VALUES").values))
                })
        ),
        // JOIN(array, separator): the elements as text; NULL elements are skipped.
        (
            ["JOIN", "ARRAY_JOIN", "ARRAY_TO_STRING"],
            ScalarFunction(
                "JOIN", arity: 2...2,
                .binary { a, sep in
                    .string(try array(a, "JOIN").filter { !$0.isNull }.map { string(SQLValue($0)) }.joined(separator: string(sep)))
                })
        ),
        (["MD5"], ScalarFunction("MD5", arity: 1...1, .unary { v in .string(Digests.md5(string(v))) })),
        (["SHA256", "SHA2"], ScalarFunction("SHA256", arity: 1...1, .unary { v in .string(Digests.sha256(string(v))) }))
    ]
}
