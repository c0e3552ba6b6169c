import VeloJSON
import VeloSQL
import VeloTopics

/// Velostream's message-header functions (docs/velostream-compatibility.md). The planner passes each one the
/// record's headers — the hidden `_headers` system column, a JSON object of header name → value text,
/// filled only for queries that call these functions — as an extra first argument, so a call's arity here is
/// one more than in SQL. A source without headers (a file, stdin, the local store) has none: HEADER gives
/// NULL, HAS_HEADER false and HEADER_KEYS '', as in Velostream.
package enum HeaderFunctions {
    /// The function named `name` (any case) with its headers argument first, or nil.
    package static func lookup(_ name: String) -> ScalarFunction? { table[name.uppercased()] }

    package static var names: [String] { table.keys.sorted() }

    /// SET_HEADER and REMOVE_HEADER: they also change the output message's headers (`HeaderEdit`).
    package static func isEdit(_ name: String) -> Bool {
        let upper = name.uppercased()
        return upper == "SET_HEADER" || upper == "REMOVE_HEADER"
    }

    private static let table: [String: ScalarFunction] = [
        "HEADER": ScalarFunction(
            "HEADER", arity: 2...2, nullStrict: false,
            .binary { headers, key in
                value(headers, try name(key, "HEADER")).map(SQLValue.string) ?? .null
            }),
        "HAS_HEADER": ScalarFunction(
            "HAS_HEADER", arity: 2...2, nullStrict: false,
            .binary { headers, key in
                .bool(value(headers, try name(key, "HAS_HEADER")) != nil)
            }),
        "HEADER_KEYS": ScalarFunction(
            "HEADER_KEYS", arity: 1...1, nullStrict: false,
            .unary { headers in
                .string(headers.headerObject.keys.joined(separator: ","))
            }),
        // Velostream's SET_HEADER gives the value it sets, as text; the header itself changes on the output.
        "SET_HEADER": ScalarFunction(
            "SET_HEADER", arity: 3...3, nullStrict: false,
            .variadic { args in
                .string(text(args[2]))
            }),
        // REMOVE_HEADER gives the value it removes (NULL when the record has no such header).
        "REMOVE_HEADER": ScalarFunction(
            "REMOVE_HEADER", arity: 2...2, nullStrict: false,
            .binary { headers, key in
                value(headers, try name(key, "REMOVE_HEADER")).map(SQLValue.string) ?? .null
            })
    ]

    /// A header name argument: a string, as Velostream requires.
    private static func name(_ v: SQLValue, _ function: String) throws -> String {
        if case .string(let s) = v { return s }
        throw RuntimeError(.typeMismatch, "\(function): the header name must be a string, got \(v.typeName) \(v.quoted)")
    }

    private static func value(_ headers: SQLValue, _ name: String) -> String? {
        headers.headerObject[name]?.stringValue
    }

    /// A value as SET_HEADER writes it: text as is, NULL as `null`, anything else as it prints.
    package static func text(_ v: SQLValue) -> String {
        switch v {
        case .null: return "null"
        case .string(let s): return s
        default: return v.description
        }
    }

    /// The `_headers` value for a record's headers, as Velostream reads them: each name once (a repeated
    /// name keeps its last value), in the order names first appear, values decoded as UTF-8 (invalid bytes
    /// become U+FFFD), headers without a value left out.
    package static func value(of headers: [TopicHeader]) -> SQLValue {
        var object = JSONObject()
        for header in headers {
            guard let bytes = header.value else { continue }
            let text = JSONValue.string(String(decoding: bytes, as: UTF8.self))
            if let i = object.keys.firstIndex(of: header.name) {
                object.values[i] = text
            } else {
                object.keys.append(header.name)
                object.values.append(text)
            }
        }
        return .json(.object(object))
    }
}

extension SQLValue {
    /// The headers object of a `_headers` value (empty for anything else).
    fileprivate var headerObject: JSONObject {
        if case .json(.object(let o)) = self { return o }
        return JSONObject()
    }
}

/// A SET_HEADER (`value` set) or REMOVE_HEADER call of the SELECT list. As in Velostream, an output row's
/// message headers are its input record's, changed by these calls in the order they are written.
package struct HeaderEdit {
    package var name: ExecExpr
    package var value: ExecExpr?

    /// The calls in `select`'s list, their arguments compiled with `compiler` (the SELECT list's).
    package static func collect(_ select: SQLSelect, _ compiler: ExecCompiler) throws -> [HeaderEdit] {
        var calls: [SQLFunctionCall] = []
        for item in select.items {
            guard case .expr(let e, _, _, _) = item else { continue }
            e.forEach { node in
                if case .function(let call) = node.kind, HeaderFunctions.isEdit(call.name) { calls.append(call) }
            }
        }
        return try calls.map { call in
            HeaderEdit(name: try compiler.compile(call.arguments[0]), value: try call.arguments.dropFirst().first.map(compiler.compile))
        }
    }

    /// The headers of an output row: `input` (a `_headers` value) with `edits` applied.
    package static func apply(_ edits: [HeaderEdit], to input: SQLValue, row: ExecRow) throws -> [TopicHeader] {
        var headers: [TopicHeader] = []
        if case .json(.object(let o)) = input {
            for (name, value) in zip(o.keys, o.values) {
                headers.append(TopicHeader(name: name, value: value.stringValue.map { Array($0.utf8) }))
            }
        }
        for edit in edits {
            let name = HeaderFunctions.text(try edit.name.eval(row))
            if let value = edit.value {
                let bytes = Array(HeaderFunctions.text(try value.eval(row)).utf8)
                if let i = headers.firstIndex(where: { $0.name == name }) {
                    headers[i].value = bytes
                } else {
                    headers.append(TopicHeader(name: name, value: bytes))
                }
            } else {
                headers.removeAll { $0.name == name }
            }
        }
        return headers
    }
}
