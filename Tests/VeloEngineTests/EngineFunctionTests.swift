import Testing
import VeloEngine
import VeloSQL
import VeloTopics

func call(_ name: String, _ args: SQLValue...) throws -> SQLValue {
    guard let f = ScalarFunctions.lookup(name) else { throw RuntimeError.badArgument(name, "unknown function") }
    return try f.call(args)
}

@Suite struct EngineFunctionRegistryTests {
    @Test func lookupIsCaseInsensitiveWithAliases() {
        #expect(ScalarFunctions.lookup("upper")?.name == "UPPER")
        #expect(ScalarFunctions.lookup("CEILING")?.name == "CEIL")
        #expect(ScalarFunctions.lookup("len")?.name == "LENGTH")
        #expect(ScalarFunctions.lookup("no_such_fn") == nil)
        // every scalar the SQL front end's catalogue accepts, except those the planner resolves from the
        // record or window context (HEADER…, HOP_/SESSION_START/END)
        for name in [
            "ABS", "ROUND", "CEIL", "CEILING", "FLOOR", "SQRT", "EXP", "LN", "LOG10", "LOG", "POWER", "POW", "MOD",
            "LEAST", "GREATEST", "SIGN", "UPPER", "LOWER", "TRIM", "LTRIM", "RTRIM", "REVERSE", "SUBSTRING", "SUBSTR",
            "REPLACE", "LENGTH", "LEN", "CHAR_LENGTH", "CONCAT", "CONCAT_WS", "SPLIT", "SPLIT_PART", "JOIN", "LEFT",
            "RIGHT", "POSITION", "STRPOS", "REGEXP", "REGEXP_LIKE", "REGEXP_REPLACE", "REGEXP_EXTRACT", "LPAD", "RPAD",
            "MD5", "SHA256", "NOW", "CURRENT_TIMESTAMP", "UNIX_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "TIMESTAMP",
            "TO_TIMESTAMP", "DATE_FORMAT", "DATEDIFF", "DATE_TRUNC", "TUMBLE_START", "TUMBLE_END", "FROM_UNIXTIME",
            "COALESCE", "NULLIF", "ISNULL", "IFNULL", "NVL", "JSON_EXTRACT", "JSON_QUERY", "JSON_VALUE",
            "JSON_EXTRACT_SCALAR", "JSON_EXISTS", "ARRAY", "ARRAY_LENGTH", "CARDINALITY", "ARRAY_CONTAINS", "MAP",
            "STRUCT", "MAP_KEYS", "MAP_VALUES"
        ] {
            #expect(ScalarFunctions.lookup(name) != nil, "\(name)")
        }
        for name in [
            "ABS", "ROUND", "CEIL", "FLOOR", "SQRT", "POWER", "POW", "MOD", "LEAST", "GREATEST", "EXP", "LN",
            "LOG10", "SIGN", "UPPER", "LOWER", "SUBSTRING", "REPLACE", "TRIM", "LTRIM", "RTRIM", "LENGTH", "CONCAT",
            "SPLIT", "LEFT", "RIGHT", "POSITION", "REGEXP", "LPAD", "RPAD", "NOW", "CURRENT_TIMESTAMP", "EXTRACT",
            "DATE_FORMAT", "DATEDIFF", "FROM_UNIXTIME", "UNIX_TIMESTAMP", "TUMBLE_START", "TUMBLE_END", "COALESCE",
            "NULLIF", "ISNULL", "IFNULL", "JSON_EXTRACT", "JSON_VALUE", "TIMESTAMP"
        ] {
            #expect(ScalarFunctions.lookup(name) != nil, "\(name)")
        }
    }

    @Test func arityAndNullStrictness() throws {
        #expect(runtimeErrorKind { try call("UPPER") } == .badArgument)
        #expect(runtimeErrorKind { try call("UPPER", "a", "b") } == .badArgument)
        for name in ["UPPER", "ABS", "SQRT", "LENGTH", "EXTRACT", "REPLACE", "SUBSTRING", "DATE_FORMAT"] {
            let f = ScalarFunctions.lookup(name)!
            let args = [SQLValue](repeating: .null, count: f.arity.lowerBound)
            #expect(try f.call(args) == .null, "\(name)(NULL…) is NULL")
        }
        let upper = ScalarFunctions.lookup("UPPER")!
        #expect(try upper.call("abc") == "ABC", "unary fast form")
        #expect(try ScalarFunctions.lookup("MOD")!.call(7, 3) == .int(1), "binary fast form")
        #expect(!ScalarFunctions.lookup("NOW")!.deterministic)
    }
}

@Suite struct EngineMathFunctionTests {
    @Test func absSignRound() throws {
        #expect(try call("ABS", -5) == .int(5))
        #expect(try call("ABS", -2.5) == .double(2.5))
        #expect(try call("ABS", dec("-1.20")).description == "1.20")
        #expect(runtimeErrorKind { try call("ABS", .int(.min)) } == .overflow)
        #expect(try call("SIGN", -7) == .int(-1))
        #expect(try call("SIGN", 0.0) == .int(0))
        #expect(try call("SIGN", -0.5) == .int(-1))
        #expect(try call("ROUND", 2.5) == .double(3))
        #expect(try call("ROUND", -2.5) == .double(-3))
        #expect(try call("ROUND", 2.675, 2) == .double(2.68), "rounds the decimal text, not the binary value")
        #expect(try call("ROUND", 1234.5678, -2) == .double(1200))
        #expect(try call("ROUND", 1250, -2) == .int(1300))
        #expect(try call("ROUND", 17) == .int(17))
        #expect(try call("ROUND", dec("2.345"), 2).description == "2.35")
        #expect(try call("ROUND", dec("2.345")).description == "2")
        #expect(try call("TRUNCATE", 2.99, 1) == .double(2.9))
    }

    @Test func ceilFloor() throws {
        #expect(try call("CEIL", 1.1) == .double(2))
        #expect(try call("CEILING", -1.1) == .double(-1))
        #expect(try call("FLOOR", -1.1) == .double(-2))
        #expect(try call("FLOOR", 5) == .int(5))
        #expect(try call("FLOOR", dec("-1.50")).description == "-2")
        #expect(try call("CEIL", dec("1.01")).description == "2")
    }

    @Test func powersAndLogs() throws {
        #expect(try call("SQRT", 16) == .double(4))
        #expect(runtimeErrorKind { try call("SQRT", -1) } == .badArgument)
        #expect(try call("POWER", 2, 10) == .double(1024))
        #expect(try call("POW", 4, 0.5) == .double(2))
        #expect(runtimeErrorKind { try call("POWER", -8, 0.5) } == .badArgument)
        #expect(try call("EXP", 0) == .double(1))
        #expect(try call("LN", 1) == .double(0))
        #expect(runtimeErrorKind { try call("LN", 0) } == .badArgument)
        #expect(try call("LOG10", 1000) == .double(3))
        #expect(try call("LOG", 2, 8) == .double(3))
        #expect(try call("MOD", 10, 3) == .int(1))
        #expect(try call("MOD", 10.5, 3) == .double(1.5))
        #expect(runtimeErrorKind { try call("MOD", 1, 0) } == .divisionByZero)
        #expect(runtimeErrorKind { try call("SQRT", "abc") } == .typeMismatch)
    }

    @Test func leastGreatestSkipNulls() throws {
        #expect(try call("LEAST", 3, nil, 1.5, 2) == .double(1.5))
        #expect(try call("GREATEST", 3, nil, dec("3.5")) == dec("3.5"))
        #expect(try call("GREATEST", "apple", "pear") == "pear")
        #expect(try call("LEAST", nil, nil) == .null)
    }
}

@Suite struct EngineStringFunctionTests {
    @Test func caseAndLength() throws {
        #expect(try call("UPPER", "abc-é") == "ABC-É")
        #expect(try call("LOWER", "ABC") == "abc")
        #expect(try call("LENGTH", "héllo") == .int(5))
        #expect(try call("LEN", "") == .int(0))
        #expect(try call("UPPER", 12) == "12", "non-strings render as text")
    }

    @Test func substringFollowsPostgres() throws {
        #expect(try call("SUBSTRING", "hello", 2) == "ello")
        #expect(try call("SUBSTRING", "hello", 2, 3) == "ell")
        #expect(try call("SUBSTRING", "hello", 0, 3) == "he", "positions before 1 eat into the length")
        #expect(try call("SUBSTRING", "hello", -5, 3) == "")
        #expect(try call("SUBSTRING", "hello", 10) == "")
        #expect(try call("SUBSTR", "héllo", 2, 2) == "él")
        #expect(runtimeErrorKind { try call("SUBSTRING", "hello", 1, -1) } == .badArgument)
    }

    @Test func replaceTrimConcat() throws {
        #expect(try call("REPLACE", "a-b-c", "-", "+") == "a+b+c")
        #expect(try call("REPLACE", "aaa", "aa", "b") == "ba")
        #expect(try call("REPLACE", "abc", "", "x") == "abc")
        #expect(try call("TRIM", "  a b \t") == "a b")
        #expect(try call("LTRIM", "  a ") == "a ")
        #expect(try call("RTRIM", "  a ") == "  a")
        #expect(try call("TRIM", "xxaxx", "x") == "a")
        #expect(try call("CONCAT", "a", nil, 1, 2.5) == "a12.5", "CONCAT skips NULLs")
        #expect(try call("CONCAT", nil) == "")
        #expect(try call("CONCAT_WS", "-", "a", nil, "b") == "a-b")
    }

    @Test func splitLeftRightPosition() throws {
        #expect(try call("SPLIT", "a,b,,c", ",") == .json(["a", "b", "", "c"]))
        #expect(try call("SPLIT", "abc", "") == .json(["a", "b", "c"]))
        #expect(try call("SPLIT_PART", "a,b,c", ",", 2) == "b")
        #expect(try call("SPLIT_PART", "a,b,c", ",", -1) == "c")
        #expect(try call("SPLIT_PART", "a,b,c", ",", 9) == "")
        #expect(try call("LEFT", "hello", 2) == "he")
        #expect(try call("LEFT", "hello", -2) == "hel")
        #expect(try call("RIGHT", "hello", 2) == "lo")
        #expect(try call("RIGHT", "hello", -2) == "llo")
        #expect(try call("RIGHT", "hi", 5) == "hi")
        #expect(try call("POSITION", "lo", "hello") == .int(4))
        #expect(try call("POSITION", "z", "hello") == .int(0))
        #expect(try call("STRPOS", "héllo", "llo") == .int(3))
        #expect(try call("STARTS_WITH", "hello", "he") == .bool(true))
        #expect(try call("ENDS_WITH", "hello", "he") == .bool(false))
    }

    @Test func positionFromAStart() throws {
        #expect(try call("POSITION", "a", "banana", 3) == .int(4))
        #expect(try call("STRPOS", "banana", "a", 5) == .int(6))
        #expect(try call("POSITION", "a", "banana", 7) == .int(0))
        #expect(runtimeErrorKind { try call("POSITION", "a", "banana", 0) } == .badArgument)
    }

    @Test func padding() throws {
        #expect(try call("LPAD", "7", 3, "0") == "007")
        #expect(try call("RPAD", "ab", 5, "xy") == "abxyx")
        #expect(try call("LPAD", "hello", 2) == "he", "longer strings are cut")
        #expect(try call("LPAD", "a", 3) == "  a")
    }

    @Test func regularExpressions() throws {
        #expect(try call("REGEXP_LIKE", "order-123", "^order-[0-9]+$") == .bool(true))
        #expect(try call("REGEXP", "order-x", "^order-[0-9]+$") == .bool(false))
        // As Velostream: the first match only, unless the flags say 'g'; 'i' ignores case.
        #expect(try call("REGEXP_REPLACE", "a1b22c", "[0-9]+", "#") == "a#b22c")
        #expect(try call("REGEXP_REPLACE", "a1b22c", "[0-9]+", "#", "g") == "a#b#c")
        #expect(try call("REGEXP_REPLACE", "Ab ab AB", "ab", "x", "gi") == "x x x")
        #expect(try call("REGEXP_REPLACE", "Ab ab AB", "ab", "x", "i") == "x ab AB")
        #expect(try call("REGEXP_EXTRACT", "id=42;", "id=([0-9]+)", 1) == "42")
        #expect(try call("REGEXP_EXTRACT", "nothing", "id=([0-9]+)") == .null)
        #expect(runtimeErrorKind { try call("REGEXP_LIKE", "x", "([") } == .badArgument)
        // compiled once when the pattern is a literal; a bad literal fails at planning time
        let f = try ScalarFunctions.lookup("REGEXP_LIKE")!.specialized(constants: [nil, "^[A-Z]{3}$"])
        #expect(try f.call("ABC", "ignored") == .bool(true))
        #expect(try f.call("ABCD", "ignored") == .bool(false))
        #expect(runtimeErrorKind { try ScalarFunctions.lookup("REGEXP_LIKE")!.specialized(constants: [nil, "(["]) } == .badArgument)
    }
}

@Suite struct EngineDateTimeFunctionTests {
    let t: SQLValue = .int(1_709_647_629_250) // 2024-03-05T14:07:09.250Z, Tuesday, ISO week 10

    @Test func nowIsEpochMillis() throws {
        guard case .int(let now) = try call("NOW") else { Issue.record("NOW is not BIGINT"); return }
        #expect(now > 1_700_000_000_000 && now < 4_000_000_000_000)
        guard case .int(let secs) = try call("UNIX_TIMESTAMP") else { Issue.record("UNIX_TIMESTAMP"); return }
        #expect(abs(secs - now / 1000) <= 2)
    }

    @Test func extractParts() throws {
        let want: [(String, Int64)] = [
            ("EPOCH", 1_709_647_629), ("YEAR", 2024), ("MONTH", 3), ("DAY", 5), ("HOUR", 14),
            ("MINUTE", 7), ("SECOND", 9), ("MILLISECOND", 250), ("DOW", 2), ("WEEK", 10),
            ("DOY", 65), ("QUARTER", 1), ("ISODOW", 2)
        ]
        for (part, value) in want { #expect(try call("EXTRACT", .string(part), t) == .int(value), "\(part)") }
        #expect(try call("EXTRACT", "year", "2021-01-03T00:00:00Z") == .int(2021))
        #expect(try call("EXTRACT", "WEEK", "2021-01-03T00:00:00Z") == .int(53), "ISO week of a Sunday in early January")
        #expect(try call("EXTRACT", "WEEK", "2024-12-30") == .int(1))
        #expect(try call("EXTRACT", "EPOCH", .int(-1)) == .int(-1), "epoch seconds floor")
        #expect(runtimeErrorKind { try call("EXTRACT", "FORTNIGHT", t) } == .badArgument)
        #expect(runtimeErrorKind { try ScalarFunctions.lookup("EXTRACT")!.specialized(constants: ["FORTNIGHT", nil]) } == .badArgument)
        #expect(runtimeErrorKind { try call("EXTRACT", "YEAR", "soon") } == .badCast)
    }

    @Test func formatAndDiff() throws {
        #expect(try call("DATE_FORMAT", t, "%Y-%m-%d %H:%M") == "2024-03-05 14:07")
        #expect(try call("DATE_FORMAT", .timestamp(0), "%F %T") == "1970-01-01 00:00:00")
        #expect(try call("DATEDIFF", "SECOND", 0, 90_999) == .int(90))
        #expect(try call("DATEDIFF", "minute", 90_000, 0) == .int(-1))
        #expect(try call("DATEDIFF", "DAY", "2024-03-01", "2024-03-05T23:00:00Z") == .int(4))
        #expect(try call("DATEDIFF", "MONTH", "2024-01-31", "2024-02-29") == .int(0), "not a whole month yet")
        #expect(try call("DATEDIFF", "MONTH", "2024-01-31", "2024-03-31") == .int(2))
        #expect(try call("DATEDIFF", "YEAR", "2020-02-29", "2024-02-28") == .int(3))
        #expect(try call("DATEDIFF", "YEAR", "2024-02-28", "2020-02-29") == .int(-3))
        #expect(runtimeErrorKind { try call("DATEDIFF", "EON", 0, 1) } == .badArgument)
    }

    @Test func conversions() throws {
        #expect(try call("FROM_UNIXTIME", 1_709_647_629) == .timestamp(1_709_647_629_000))
        #expect(try call("FROM_UNIXTIME", 1.5) == .timestamp(1500))
        #expect(try call("UNIX_TIMESTAMP", "2024-03-05T14:07:09.250Z") == .int(1_709_647_629))
        #expect(try call("TIMESTAMP", "2024-03-05T14:07:09.250Z") == .timestamp(1_709_647_629_250))
        #expect(try call("TO_TIMESTAMP", "05.03.2024", "%d.%m.%Y") == .timestamp(1_709_596_800_000))
        #expect(runtimeErrorKind { try call("TO_TIMESTAMP", "x", "%d.%m.%Y") } == .badCast)
    }

    @Test func tumbleBounds() throws {
        #expect(try call("TUMBLE_START", 125_000, 60_000) == .int(120_000))
        #expect(try call("TUMBLE_END", 125_000, "1m") == .int(180_000))
        #expect(try call("TUMBLE_START", 120_000, "1m") == .int(120_000), "a boundary starts the later window")
        #expect(try call("TUMBLE_START", -1, "1m") == .int(-60_000))
        #expect(try call("TUMBLE_START", "2024-03-05T14:07:09Z", "1h") == .int(1_709_647_200_000))
        #expect(runtimeErrorKind { try call("TUMBLE_START", 1, 0) } == .badArgument)
        #expect(runtimeErrorKind { try call("TUMBLE_START", 1, "1 fortnight") } == .badArgument)
    }
}

@Suite struct EngineConditionalJSONFunctionTests {
    @Test func conditionals() throws {
        #expect(try call("COALESCE", nil, nil, 3, 4) == .int(3))
        #expect(try call("COALESCE", nil) == .null)
        #expect(try call("NULLIF", 5, 5) == .null)
        #expect(try call("NULLIF", 5, 6) == .int(5))
        #expect(try call("NULLIF", nil, 6) == .null)
        #expect(try call("NULLIF", 5, nil) == .int(5))
        #expect(try call("IFNULL", nil, "x") == "x")
        #expect(try call("ISNULL", nil, "x") == "x")
        #expect(try call("ISNULL", 1, "x") == .int(1))
        #expect(try call("ISNULL", nil) == .bool(true))
    }

    @Test func jsonPaths() throws {
        let doc: SQLValue = #"{"a":{"b":[10,{"c":"x"}],"n":null},"s":"t","f":1.5,"key with space":true}"#
        #expect(try call("JSON_EXTRACT", doc, "$.a.b[0]") == .int(10))
        #expect(try call("JSON_EXTRACT", doc, "$.a.b[1].c") == "x")
        #expect(try call("JSON_EXTRACT", doc, "$.a.b[-1]") == .json(["c": "x"]))
        #expect(try call("JSON_EXTRACT", doc, "$.a.b") == .json([10, ["c": "x"]]))
        #expect(try call("JSON_EXTRACT", doc, "$.f") == .double(1.5))
        #expect(try call("JSON_EXTRACT", doc, "$['key with space']") == .bool(true))
        #expect(try call("JSON_EXTRACT", doc, "$.missing") == .null)
        #expect(try call("JSON_EXTRACT", doc, "$.a.n") == .null)
        #expect(try call("JSON_VALUE", doc, "$.s") == "t")
        #expect(try call("JSON_VALUE", doc, "$.a") == .null, "objects are not scalar values")
        #expect(try call("JSON_QUERY", doc, "$.a.b[1]") == .json(["c": "x"]))
        #expect(try call("JSON_EXISTS", doc, "$.a.n") == .bool(true))
        #expect(try call("JSON_EXISTS", doc, "$.a.zz") == .bool(false))
        #expect(try call("JSON_EXTRACT", "{not json", "$.a") == .null)
        #expect(try call("JSON_EXTRACT", .json(["k": [1, 2]]), "$.k[1]") == .int(2))
        #expect(try call("JSON_EXTRACT", #"{"u":"\u00e9\n"}"#, "$.u") == "é\n")
        #expect(runtimeErrorKind { try call("JSON_EXTRACT", doc, "$.a[") } == .badArgument)
        let f = try ScalarFunctions.lookup("JSON_VALUE")!.specialized(constants: [nil, "$.a.b[0]"])
        #expect(try f.call(doc, "ignored") == "10", "JSON_VALUE gives text")
        #expect(try call("JSON_VALUE", doc, "$.f") == "1.5")
        #expect(try call("JSON_EXTRACT_SCALAR", doc, "$['key with space']") == "true")
    }
}

@Suite struct EngineCollectionFunctionTests {
    @Test func arraysAndMaps() throws {
        #expect(try call("ARRAY", 1, "a", nil) == .json([1, "a", nil]))
        #expect(try call("ARRAY_LENGTH", .json([1, 2, 3])) == .int(3))
        #expect(try call("CARDINALITY", "[1,2]") == .int(2), "JSON text works too")
        #expect(try call("ARRAY_CONTAINS", .json([1, 2]), 2.0) == .bool(true))
        #expect(try call("ARRAY_CONTAINS", .json(["x"]), "y") == .bool(false))
        #expect(try call("MAP", "a", 1, "b", "x") == .json(["a": 1, "b": "x"]))
        #expect(try call("MAP_KEYS", .json(["a": 1, "b": 2])) == .json(["a", "b"]))
        #expect(try call("MAP_VALUES", #"{"a":1,"b":2}"#) == .json([1, 2]))
        #expect(try call("STRUCT", "id", 7) == .json(["id": 7]))
        #expect(try call("JOIN", try call("SPLIT", "a,b,c", ","), "|") == "a|b|c")
        #expect(try call("JOIN", .json([1, nil, 2.5]), "-") == "1-2.5")
        #expect(runtimeErrorKind { try call("MAP", "a") } == .badArgument)
        #expect(runtimeErrorKind { try call("ARRAY_LENGTH", 5) } == .typeMismatch)
    }

    @Test func digestsMatchStandardVectors() throws {
        #expect(try call("MD5", "") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(try call("MD5", "The quick brown fox jumps over the lazy dog") == "9e107d9d372bb6826bd81d3542a419d6")
        #expect(try call("SHA256", "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try call("SHA256", "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // two blocks
        #expect(Digests.sha256(String(repeating: "a", count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
        #expect(Digests.md5(String(repeating: "a", count: 64)) == "014842d480b571495a4a0363793f7367")
    }

    @Test func truncationAndFormattedEpochs() throws {
        let t: SQLValue = .int(1_709_647_629_250) // Tuesday 2024-03-05T14:07:09.250Z
        #expect(try call("DATE_TRUNC", "hour", t) == .timestamp(1_709_647_200_000))
        #expect(try call("DATE_TRUNC", "DAY", t) == .timestamp(1_709_596_800_000))
        #expect(try call("DATE_TRUNC", "WEEK", t) == .timestamp(1_709_510_400_000), "back to Monday 2024-03-04")
        #expect(try call("DATE_TRUNC", "MONTH", t) == .timestamp(1_709_251_200_000))
        #expect(try call("DATE_TRUNC", "QUARTER", t) == .timestamp(1_704_067_200_000))
        #expect(try call("DATE_TRUNC", "YEAR", t) == .timestamp(1_704_067_200_000))
        #expect(try call("DATE_TRUNC", "SECOND", .int(-1)) == .timestamp(-1000))
        #expect(runtimeErrorKind { try call("DATE_TRUNC", "EON", t) } == .badArgument)
        #expect(try call("FROM_UNIXTIME", 1_709_647_629, "%Y-%m-%d") == "2024-03-05")
        guard case .string(let now) = try call("CURRENT_TIME") else { Issue.record("CURRENT_TIME"); return }
        #expect(now.count >= 8 && now.dropFirst(2).hasPrefix(":"))
        guard case .timestamp = try call("TIMESTAMP") else { Issue.record("TIMESTAMP()"); return }
    }
}

/// The SQL front end's catalogue (what the analyzer accepts) against the runtime's registries.
@Suite struct EngineCatalogueAlignmentTests {
    /// Resolved by the planner from the record or the window, not by their arguments.
    static let contextual: Set<String> = [
        "HEADER", "HAS_HEADER", "HEADER_KEYS", "SET_HEADER", "REMOVE_HEADER",
        "HOP_START", "HOP_END", "SESSION_START", "SESSION_END"
    ]

    @Test func everyScalarTheAnalyzerAcceptsRuns() {
        #expect(SQLFunctionCatalog.all.filter { $0.kind == .scalar }.count > 80, "the catalogue is there")
        for f in SQLFunctionCatalog.all where f.kind == .scalar && !Self.contextual.contains(f.name) {
            guard let impl = ScalarFunctions.lookup(f.name) else { Issue.record("no runtime function \(f.name)"); continue }
            // every argument count the analyzer lets through must be callable
            let upper = f.maxArguments ?? f.minArguments + 3
            for n in f.minArguments...upper {
                // TUMBLE_START() and TUMBLE_START(ts) are the current window's bounds (planner, windowed queries).
                if f.name.hasPrefix("TUMBLE_") && n < 2 { continue }
                #expect(impl.arity.contains(n), "\(f.name) with \(n) arguments")
            }
        }
    }

    /// Header functions run with the record's headers as a hidden first argument: one more than in SQL.
    @Test func headerFunctionsTakeTheHeadersFirst() throws {
        for f in SQLFunctionCatalog.all where f.name.contains("HEADER") {
            let impl = try #require(HeaderFunctions.lookup(f.name), "\(f.name)")
            #expect(impl.arity == (f.minArguments + 1)...((f.maxArguments ?? f.minArguments) + 1), "\(f.name)")
        }
        let headers = HeaderFunctions.value(of: [
            TopicHeader(name: "a", value: Array("1".utf8)), TopicHeader(name: "b", value: nil),
            TopicHeader(name: "a", value: Array("2".utf8)), TopicHeader(name: "c", value: [0xFF])
        ])
        #expect(try HeaderFunctions.lookup("HEADER")!.call([headers, "a"]) == "2", "a repeated name keeps its last value")
        #expect(try HeaderFunctions.lookup("HAS_HEADER")!.call([headers, "b"]) == .bool(false), "no value: left out")
        #expect(try HeaderFunctions.lookup("HEADER")!.call([headers, "c"]) == "\u{FFFD}", "lossy UTF-8")
        #expect(try HeaderFunctions.lookup("HEADER_KEYS")!.call([headers]) == "a,c")
        #expect(try HeaderFunctions.lookup("SET_HEADER")!.call([headers, "k", .int(5)]) == "5")
        #expect(try HeaderFunctions.lookup("SET_HEADER")!.call([headers, "k", .null]) == "null")
        #expect(try HeaderFunctions.lookup("REMOVE_HEADER")!.call([headers, "zz"]) == .null)
        #expect(runtimeErrorKind { try HeaderFunctions.lookup("HEADER")!.call([headers, .int(1)]) } == .typeMismatch)
    }

    @Test func everyAggregateTheAnalyzerAcceptsRuns() {
        for f in SQLFunctionCatalog.all where f.kind == .aggregate {
            guard let impl = AggregateFunctions.lookup(f.name) else { Issue.record("no runtime aggregate \(f.name)"); continue }
            let upper = f.maxArguments ?? f.minArguments
            for n in f.minArguments...upper {
                let constants = n - impl.valueArity
                #expect(constants >= 0 && impl.parameters.contains(constants), "\(f.name) with \(n) arguments")
            }
        }
    }

    @Test func everyTypeNameTheAnalyzerKnowsCasts() {
        // One table (SQLCastType): every name the parser accepts is typed by the analyzer and cast at run time.
        #expect(SQLGrammar.typeNames == SQLCastType.allCases.map(\.rawValue))
        for name in SQLCastType.allCases {
            #expect(name.dataType != .unknown, "analyzer knows \(name)")
            #expect(SQLType(name)?.castType == name, "runtime casts to \(name)")
        }
    }
}
