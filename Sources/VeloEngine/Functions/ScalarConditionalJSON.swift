import VeloJSON

/// Conditional and JSON functions.
/// - COALESCE: the first non-NULL argument. NULLIF(a, b): NULL when a = b, else a.
/// - IFNULL/NVL/ISNULL(a, b): b when a is NULL. ISNULL(x) with one argument: whether x is NULL.
/// - JSON_EXTRACT(doc, path): the value at `$.a.b[0]` — scalars as SQL values, objects/arrays as JSON;
///   JSON_VALUE: scalars only, as text (the SQL standard's default; objects give NULL); JSON_QUERY: objects/arrays
///   only; JSON_EXISTS: whether the path exists. `doc` is JSON text or a JSON value. Invalid JSON text
///   gives NULL (a malformed document in one record should not fail the pipeline), a malformed path is
///   an error found when the query is planned.
extension ScalarFunctions {
    package static let conditionalFunctions: [([String], ScalarFunction)] = [
        (
            ["COALESCE"],
            ScalarFunction(
                "COALESCE", arity: 1...Int.max, nullStrict: false,
                .variadic { args in
                    args.first { !$0.isNull } ?? .null
                })
        ),
        (
            ["NULLIF"],
            ScalarFunction(
                "NULLIF", arity: 2...2, nullStrict: false,
                .binary { a, b in
                    if a.isNull { return .null }
                    return try SQLValue.compare(a, b) == 0 ? .null : a
                })
        ),
        (["IFNULL", "NVL"], ScalarFunction("IFNULL", arity: 2...2, nullStrict: false, .binary { a, b in a.isNull ? b : a })),
        (
            ["ISNULL"],
            ScalarFunction(
                "ISNULL", arity: 1...2, nullStrict: false,
                .variadic { args in
                    args.count == 1 ? .bool(args[0].isNull) : (args[0].isNull ? args[1] : args[0])
                })
        )
    ]

    package enum JSONMode: Sendable { case extract, value, query, exists }

    package static func jsonDocument(_ v: SQLValue) -> JSONValue? {
        switch v {
        case .string(let s): return JSONText.parse(s)
        case .json(let j): return j
        default: return v.jsonValue
        }
    }

    package static func jsonApply(_ doc: SQLValue, _ steps: [JSONText.PathStep], _ mode: JSONMode) -> SQLValue {
        guard let root = jsonDocument(doc) else { return mode == .exists ? .bool(false) : .null }
        let found = JSONText.evaluate(steps, in: root)
        switch mode {
        case .exists: return .bool(found != nil)
        case .extract: return found.map(SQLValue.init) ?? .null
        case .value:
            guard let found else { return .null }
            switch found {
            case .array, .object, .null: return .null
            case .string(let text): return .string(text)
            default: return .string(SQLValue(found).description) // scalars as text, as the standard says
            }
        case .query:
            guard let found else { return .null }
            switch found {
            case .array, .object: return .json(found)
            default: return .null
            }
        }
    }

    package static func compiledPath(_ v: SQLValue, _ fn: String) throws -> [JSONText.PathStep] {
        let p = string(v)
        guard let steps = JSONText.compilePath(p) else {
            throw RuntimeError.badArgument(fn, "invalid JSON path '\(p)' (expected like $.a.b[0])")
        }
        return steps
    }

    package static func jsonFunction(_ name: String, _ mode: JSONMode) -> ScalarFunction {
        ScalarFunction(
            name, arity: 2...2,
            .binary { doc, path in
                jsonApply(doc, try compiledPath(path, name), mode)
            },
            specializer: { constants in
                guard constants.count == 2, let p = constants[1], !p.isNull else { return nil }
                let steps = try compiledPath(p, name)
                return ScalarFunction(name, arity: 2...2, .binary { doc, _ in jsonApply(doc, steps, mode) })
            })
    }

    package static let jsonFunctions: [([String], ScalarFunction)] = [
        (["JSON_EXTRACT", "JSON_EXTRACT_PATH"], jsonFunction("JSON_EXTRACT", .extract)),
        (["JSON_VALUE", "JSON_EXTRACT_SCALAR"], jsonFunction("JSON_VALUE", .value)),
        (["JSON_QUERY"], jsonFunction("JSON_QUERY", .query)),
        (["JSON_EXISTS"], jsonFunction("JSON_EXISTS", .exists))
    ]
}
