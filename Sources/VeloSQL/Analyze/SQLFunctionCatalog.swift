public enum SQLFunctionKind: String, Sendable, CaseIterable {
    case aggregate, window, scalar
}

/// One function of the dialect (docs/sql-reference.md, "Functions that run"): how many arguments it takes, what it accepts and returns.
public struct SQLFunction: Sendable {
    public enum Result: Sendable {
        case fixed(SQLDataType)
        /// The type of the argument at this index.
        case argument(Int)
        /// The widest numeric type of the arguments.
        case numeric
    }
    public enum Arguments: Sendable { case any, numeric, string }

    public var name: String
    public var kind: SQLFunctionKind
    public var minArguments: Int
    /// nil: any number from `minArguments` on.
    public var maxArguments: Int?
    public var result: Result
    public var arguments: Arguments
    /// COUNT(*) and friends.
    public var acceptsStar: Bool

    /// `ROUND(a[, b]) → type of a`, `COUNT(* | a) → integer`, `CONCAT(a, …) → string`.
    public var signature: String {
        let letters = ["a", "b", "c", "d"]
        var arguments = (0..<minArguments).map { letters[min($0, 3)] }.joined(separator: ", ")
        if acceptsStar { arguments = "* | " + arguments }
        if let max = maxArguments {
            for i in minArguments..<max { arguments += i == 0 ? "[\(letters[min(i, 3)])]" : "[, \(letters[min(i, 3)])]" }
        } else {
            arguments += arguments.isEmpty ? "…" : ", …"
        }
        let result: String
        switch self.result {
        case .fixed(let t): result = t.rawValue
        case .argument(let i): result = "type of \(letters[min(i, 3)])"
        case .numeric: result = "numeric"
        }
        return "\(name)(\(arguments)) → \(result)"
    }

    public var arityText: String {
        let plural = { (n: Int) in n == 1 ? "argument" : "arguments" }
        guard let max = maxArguments else { return "at least \(minArguments) \(plural(minArguments))" }
        if max == minArguments { return "\(max) \(plural(max))" }
        return "\(minArguments) to \(max) arguments"
    }
}

public enum SQLFunctionCatalog {
    private static func f(
        _ names: String, _ kind: SQLFunctionKind, _ min: Int, _ max: Int?, _ result: SQLFunction.Result,
        _ arguments: SQLFunction.Arguments = .any, star: Bool = false
    ) -> [SQLFunction] {
        names.split(separator: " ").map {
            SQLFunction(
                name: String($0), kind: kind, minArguments: min, maxArguments: max, result: result,
                arguments: arguments, acceptsStar: star)
        }
    }

    public static let all: [SQLFunction] = [
        // Aggregates
        f("COUNT", .aggregate, 1, 1, .fixed(.integer), star: true),
        f("SUM", .aggregate, 1, 1, .numeric, .numeric),
        f("AVG MEDIAN STDDEV STDDEV_SAMP STDDEV_POP VARIANCE VAR_SAMP VAR_POP", .aggregate, 1, 1, .fixed(.float), .numeric),
        f("MIN MAX FIRST FIRST_VALUE LAST LAST_VALUE", .aggregate, 1, 1, .argument(0)),
        f("DELTA", .aggregate, 1, 1, .argument(0)),
        f("COUNT_DISTINCT APPROX_COUNT_DISTINCT", .aggregate, 1, 1, .fixed(.integer)),
        // Velostream: COLLECT is LISTAGG's alias; its aggregation reads the value and a delimiter, no more.
        f("STRING_AGG GROUP_CONCAT LISTAGG COLLECT", .aggregate, 1, 3, .fixed(.string)),
        f("ARRAY_AGG", .aggregate, 1, 1, .fixed(.json)),
        f("PERCENTILE_CONT PERCENTILE_DISC", .aggregate, 1, 2, .fixed(.float), .numeric),
        f("CORR COVAR_POP COVAR_SAMP REGR_SLOPE REGR_INTERCEPT REGR_R2 REGR_COUNT REGR_AVGX REGR_AVGY", .aggregate, 2, 2, .fixed(.float), .numeric),
        // Window functions (OVER …)
        f("LAG LEAD", .window, 1, 3, .argument(0)),
        f("ROW_NUMBER RANK DENSE_RANK", .window, 0, 0, .fixed(.integer)),
        f("NTILE", .window, 1, 1, .fixed(.integer), .numeric),
        f("PERCENT_RANK CUME_DIST", .window, 0, 0, .fixed(.float)),
        f("NTH_VALUE", .window, 2, 2, .argument(0)),
        // Math
        f("ABS", .scalar, 1, 1, .argument(0), .numeric),
        f("ROUND", .scalar, 1, 2, .argument(0), .numeric),
        f("CEIL CEILING FLOOR", .scalar, 1, 1, .argument(0), .numeric),
        f("SQRT EXP LN LOG10", .scalar, 1, 1, .fixed(.float), .numeric),
        f("LOG", .scalar, 1, 2, .fixed(.float), .numeric),
        f("POWER POW", .scalar, 2, 2, .fixed(.float), .numeric),
        f("MOD", .scalar, 2, 2, .numeric, .numeric),
        f("LEAST GREATEST", .scalar, 1, nil, .argument(0)),
        f("SIGN", .scalar, 1, 1, .fixed(.integer), .numeric),
        // Strings
        f("UPPER LOWER TRIM LTRIM RTRIM REVERSE", .scalar, 1, 1, .fixed(.string), .string),
        f("SUBSTRING SUBSTR", .scalar, 2, 3, .fixed(.string)),
        f("REPLACE", .scalar, 3, 3, .fixed(.string)),
        f("LENGTH LEN CHAR_LENGTH", .scalar, 1, 1, .fixed(.integer)),
        f("CONCAT", .scalar, 1, nil, .fixed(.string)),
        f("CONCAT_WS", .scalar, 2, nil, .fixed(.string)),
        f("SPLIT", .scalar, 2, 2, .fixed(.json)),
        f("SPLIT_PART", .scalar, 3, 3, .fixed(.string)),
        f("JOIN", .scalar, 2, 2, .fixed(.string)),
        f("LEFT RIGHT", .scalar, 2, 2, .fixed(.string)),
        f("POSITION STRPOS", .scalar, 2, 3, .fixed(.integer)),
        f("REGEXP REGEXP_LIKE", .scalar, 2, 2, .fixed(.boolean)),
        f("REGEXP_REPLACE", .scalar, 3, 4, .fixed(.string)),
        f("REGEXP_EXTRACT", .scalar, 2, 3, .fixed(.string)),
        f("LPAD RPAD", .scalar, 2, 3, .fixed(.string)),
        f("MD5 SHA256", .scalar, 1, 1, .fixed(.string)),
        // Date and time
        f("NOW CURRENT_TIMESTAMP UNIX_TIMESTAMP", .scalar, 0, 1, .fixed(.integer)),
        f("CURRENT_DATE", .scalar, 0, 0, .fixed(.date)),
        f("CURRENT_TIME", .scalar, 0, 0, .fixed(.time)),
        f("TIMESTAMP TO_TIMESTAMP", .scalar, 0, 2, .fixed(.timestamp)),
        f("DATE_FORMAT", .scalar, 2, 2, .fixed(.string)),
        f("DATEDIFF", .scalar, 3, 3, .fixed(.integer)),
        f("DATE_TRUNC", .scalar, 2, 2, .fixed(.timestamp)),
        f("TUMBLE_START TUMBLE_END", .scalar, 0, 2, .fixed(.integer)),
        f("HOP_START HOP_END", .scalar, 0, 3, .fixed(.integer)),
        f("SESSION_START SESSION_END", .scalar, 0, 2, .fixed(.integer)),
        f("FROM_UNIXTIME", .scalar, 1, 2, .fixed(.timestamp)),
        // Conditional
        f("COALESCE", .scalar, 1, nil, .argument(0)),
        f("NULLIF", .scalar, 2, 2, .argument(0)),
        f("ISNULL", .scalar, 1, 2, .argument(0)),
        f("IFNULL NVL", .scalar, 2, 2, .argument(0)),
        // JSON
        f("JSON_EXTRACT JSON_QUERY", .scalar, 2, 2, .fixed(.json)),
        f("JSON_VALUE JSON_EXTRACT_SCALAR", .scalar, 2, 2, .fixed(.string)),
        f("JSON_EXISTS", .scalar, 2, 2, .fixed(.boolean)),
        // Collections
        f("ARRAY", .scalar, 0, nil, .fixed(.json)),
        f("ARRAY_LENGTH CARDINALITY", .scalar, 1, 1, .fixed(.integer)),
        f("ARRAY_CONTAINS", .scalar, 2, 2, .fixed(.boolean)),
        f("MAP STRUCT", .scalar, 0, nil, .fixed(.json)),
        f("MAP_KEYS MAP_VALUES", .scalar, 1, 1, .fixed(.json)),
        // Kafka headers
        f("HEADER", .scalar, 1, 1, .fixed(.string)),
        f("HAS_HEADER", .scalar, 1, 1, .fixed(.boolean)),
        f("HEADER_KEYS", .scalar, 0, 0, .fixed(.string)),
        f("SET_HEADER", .scalar, 2, 2, .fixed(.string)),
        f("REMOVE_HEADER", .scalar, 1, 1, .fixed(.string))
    ].flatMap { $0 }

    private static let byName: [String: SQLFunction] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    public static func lookup(_ name: String) -> SQLFunction? { byName[name.uppercased()] }

    public static var names: [String] { all.map(\.name) }

    /// Names from other SQL dialects and spreadsheets, mapped to what this dialect calls them.
    public static let otherDialectNames: [String: String] = [
        "AVERAGE": "AVG", "STDEV": "STDDEV", "CONCATENATE": "CONCAT", "GETDATE": "NOW", "SYSDATE": "NOW",
        "CHARINDEX": "POSITION", "INSTR": "POSITION", "IIF": "CASE WHEN … THEN … ELSE … END", "IFF": "CASE WHEN … THEN … ELSE … END",
        "TO_CHAR": "CAST(… AS STRING)", "DATEADD": "+ INTERVAL '…' …", "COUNTDISTINCT": "COUNT(DISTINCT …)"
    ]
}
