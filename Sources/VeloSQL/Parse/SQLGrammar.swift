/// The dialect's vocabulary, in one place: the lexer and parser read these tables, and `summary` turns them
/// (with `SQLFunctionCatalog`) into the grammar text the AI prompt and the docs show, so they cannot drift apart.
public enum SQLGrammar {
    /// Words that cannot be used as bare names or aliases (quote them to do so). LEFT and RIGHT still work as
    /// functions, and any word works after a dot (`m.timestamp`).
    public static let reservedWords: Set<String> = [
        "ALL", "AND", "ANY", "AS", "BETWEEN", "BY", "CASE", "CAST", "CREATE", "CROSS", "DISTINCT", "ELSE", "EMIT",
        "END", "EXISTS", "FALSE", "FROM", "FULL", "GROUP", "HAVING", "IN", "INNER", "INSERT", "INTERVAL", "INTO",
        "IS", "JOIN", "LEFT", "LIKE", "LIMIT", "NOT", "NULL", "ON", "OR", "ORDER", "OUTER", "OVER", "PRIMARY",
        "RIGHT", "SELECT", "THEN", "TRUE", "UNION", "WHEN", "WHERE", "WINDOW", "WITH", "WITHIN"
    ]

    /// Keywords that start a clause; a misspelling of one gets "did you mean".
    public static let clauseKeywords = [
        "FROM", "WHERE", "GROUP", "HAVING", "WINDOW", "EMIT", "WITH", "ORDER", "LIMIT",
        "UNION", "JOIN", "LEFT", "RIGHT", "INNER", "FULL", "ON"
    ]

    /// Keywords that join or end parts of an expression; finding one where a value belongs means one is missing.
    public static let operatorKeywords: Set<String> = [
        "AND", "OR", "IN", "IS", "LIKE", "BETWEEN", "THEN", "ELSE", "END",
        "WHEN", "AS", "BY", "OVER", "WITHIN", "INTO"
    ]

    /// Keywords that start a statement.
    public static let startKeywords: Set<String> = ["CREATE", "INSERT", "SELECT"]

    /// The units SQL durations take: VeloBase's `DurationUnit` table without weeks (Velostream's SQL has
    /// none). SQL spells them only as the shorthand or the name (the text grammar of `DurationValue` also
    /// reads abbreviations such as `sec`, fractions and bare numbers; in SQL `5` is an integer).
    public static let durationUnits: [SQLTimeUnit] = [.millisecond, .second, .minute, .hour, .day]

    /// Units of the shorthand durations `500ms 30s 5m 1h 1d`.
    public static let shorthandUnits: [String: SQLTimeUnit] = Dictionary(uniqueKeysWithValues: durationUnits.map { ($0.shorthand, $0) })

    /// Units after `INTERVAL n`, singular or plural.
    public static let intervalUnits: [String: SQLTimeUnit] = {
        var units: [String: SQLTimeUnit] = [:]
        for unit in durationUnits {
            units[unit.rawValue] = unit
            units[unit.rawValue + "S"] = unit
        }
        return units
    }()

    /// Types of `CAST(x AS T)` (the names of `SQLCastType`); DECIMAL and VARCHAR take parameters.
    public static let typeNames = SQLCastType.allCases.map(\.rawValue)

    /// Parts `EXTRACT(part FROM x)` accepts.
    public static let extractFields = [
        "EPOCH", "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "DOW", "DOY", "HOUR",
        "MINUTE", "SECOND", "MILLISECOND"
    ]

    /// Functions also written without parentheses.
    public static let bareFunctions: Set<String> = ["CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"]

    /// The system columns every source has (docs/sql-reference.md, "Running SQL").
    public static let systemColumns: [(name: String, type: SQLDataType, meaning: String)] = [
        ("_key", .string, "the Kafka message key"),
        ("_timestamp", .integer, "processing time, epoch ms"),
        ("_event_time", .integer, "event time, epoch ms"),
        ("_partition", .integer, "the partition the record came from"),
        ("_offset", .integer, "the record's offset in its partition"),
        ("_window_start", .integer, "start of the record's window, epoch ms"),
        ("_window_end", .integer, "end of the record's window, epoch ms")
    ]

    /// Values of `'<name>.type'` in WITH (docs/sql-reference.md, "Sources, sinks, event time, failures").
    public static let endpointTypes = [
        "kafka_source", "kafka_sink", "file_source", "file_sink", "file_source_mmap",
        "database_source", "http_sink"
    ]

    /// Job-level WITH keys whose values the analyzer checks.
    /// `event.time.format` also takes any strftime pattern (a value with `%`).
    public static let propertyValues: [String: [String]] = [
        "event.time.format": ["epoch_millis", "epoch_ms", "millis", "epoch_seconds", "epoch", "seconds", "iso8601", "iso_8601", "rfc3339", "auto"],
        "watermark.strategy": ["bounded_out_of_orderness", "ascending", "ascending_timestamps", "punctuated", "none"],
        "late.data.strategy": [
            "dead_letter", "drop", "update_previous", "update_previous_window", "include_in_next", "include_in_next_window"
        ]
    ]

    /// What an unknown value of these keys means, in Velostream and in Velo (a warning, not an error).
    public static let propertyFallbacks: [String: String] = [
        "watermark.strategy": "the default strategy is used (bounded by 'watermark.max_out_of_orderness' when set, else ascending)",
        "late.data.strategy": "late records are dropped"
    ]

    /// Job-level WITH keys the engine reads; a key one slip away from one of these gets "did you mean".
    public static let jobKeys = [
        "event.time.field", "event.time.format", "watermark.strategy", "watermark.max_out_of_orderness",
        "late.data.strategy", "failure_strategy", "failure.strategy"
    ]

    /// Per-source keys that name the endpoint (a key `'<name>.<suffix>'`).
    public static let endpointKeySuffixes = [
        "type", "topic.name", "config_file", "path", "format", "delimiter",
        "auto.offset.reset", "topic"
    ]

    public static func windowUsage(_ kind: SQLWindowKind) -> String {
        switch kind {
        case .tumbling: return "write TUMBLING(5m) or TUMBLING(_event_time, INTERVAL '5' MINUTE)"
        case .sliding: return "write SLIDING(5m, 1m) or SLIDING(_event_time, 5m, 1m)"
        case .session: return "write SESSION(30s), SESSION(_event_time, 30s) or SESSION(_event_time, 30s, user_id)"
        }
    }

    /// The grammar as the parser accepts it, one production per line.
    public static let productions: [(String, String)] = [
        ("file", "statement { ';' statement } [';']  -- comments anywhere: -- line, /* block */"),
        (
            "statement",
            "CREATE STREAM name ['(' column type {',' column type} ')'] AS query [emit] [with] | CREATE TABLE name ['(' column type {',' column type} ')'] AS query [emit] [with] | INSERT INTO name ['(' column {',' column} ')'] query [emit] [with] | query [emit] [with] | query [emit] [with] INTO name [with]"
        ),
        ("query", "select { UNION [ALL] select } [ORDER BY order_item {',' order_item}] [LIMIT integer]"),
        (
            "select",
            "SELECT [DISTINCT] item {',' item} [FROM table_ref {join}] [WHERE expr] [GROUP BY expr {',' expr}] [window] [HAVING expr]  -- GROUP BY, WINDOW, HAVING in any order"
        ),
        ("item", "'*' | name '.' '*' | expr [[AS] alias] [PRIMARY KEY]"),
        ("table_ref", "name [[AS] alias] | '(' query ')' [[AS] alias]"),
        ("join", "[INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER]] JOIN table_ref ON expr [WITHIN duration]"),
        (
            "window",
            "WINDOW "
                + SQLWindowKind.allCases.map { kind in
                    switch kind {
                    case .tumbling: return "TUMBLING '(' [time_column ','] size ')'"
                    case .sliding: return "SLIDING '(' [time_column ','] size ',' advance ')'"
                    case .session: return "SESSION '(' [time_column ','] gap ')' | SESSION '(' time_column ',' gap ',' key_column ')'"
                    }
                }.joined(separator: " | ")
        ),
        (
            "duration",
            "INTERVAL 'n' unit | INTERVAL n unit | n unit | n(" + durationUnits.map(\.shorthand).joined(separator: "|") + ")  -- unit: "
                + durationUnits.map(\.rawValue).joined(separator: " | ") + " (plural allowed)"
        ),
        ("emit", "EMIT CHANGES | EMIT FINAL  -- default: CHANGES without WINDOW, FINAL with WINDOW"),
        (
            "with",
            "WITH '(' 'key' '=' 'value' {',' 'key' '=' 'value'} ')'  -- '<source>.type' = " + endpointTypes.joined(separator: "|")
                + "; '<source>.topic.name', '<source>.config_file', 'event.time.field', 'watermark.strategy', 'late.data.strategy', …"
        ),
        (
            "expr",
            "literal | column | name '.' column | function | expr op expr | NOT expr | '-' expr | '(' expr ')' | '(' query ')' | CASE [expr] WHEN expr THEN expr {WHEN expr THEN expr} [ELSE expr] END | CAST '(' expr AS type ')' | EXTRACT '(' part FROM expr ')' | EXTRACT '(' 'part' ',' expr ')' | expr [NOT] BETWEEN expr AND expr | expr [NOT] IN '(' expr {',' expr} ')' | expr [NOT] IN '(' query ')' | [NOT] EXISTS '(' query ')' | expr [NOT] LIKE expr | expr IS [NOT] NULL | expr op (ANY|ALL) '(' query ')' | duration"
        ),
        ("op", "by precedence, loosest first: OR; AND; NOT; = <> != < <= > >= IS IN LIKE BETWEEN; ||; + -; * / %"),
        (
            "function",
            "name '(' [DISTINCT] [expr {',' expr} | '*'] ')' [OVER '(' [ROWS WINDOW BUFFER n ROWS] [PARTITION BY expr {',' expr}] [ORDER BY order_item {',' order_item}] [(ROWS|RANGE) BETWEEN bound AND bound] [EMIT CHANGES | EMIT EVERY RECORD] ')']"
        ),
        (
            "bound",
            "UNBOUNDED PRECEDING | n PRECEDING | CURRENT ROW | n FOLLOWING | UNBOUNDED FOLLOWING | duration PRECEDING | duration FOLLOWING  -- duration bounds: RANGE only"
        ),
        ("type", typeNames.joined(separator: " | ") + "  -- DECIMAL(p, s), VARCHAR(n)"),
        ("part", extractFields.joined(separator: " | ")),
        ("literal", "integer | decimal | 'string' (quote doubled inside) | TRUE | FALSE | NULL"),
        (
            "name",
            "letter_or_underscore {letter | digit | _} | \"quoted name\" | `quoted name`  -- reserved: "
                + reservedWords.sorted().joined(separator: " ")
        )
    ]

    /// The grammar summary for prompts and docs: productions, system columns, annotations and the function catalogue.
    public static var summary: String {
        var lines = ["Velostream SQL as Velo parses it (generated from the parser's own tables).", "", "Grammar:"]
        for (name, rule) in productions { lines.append("  \(name) := \(rule)") }
        lines.append("")
        lines.append("System columns: " + systemColumns.map { "\($0.name) (\($0.meaning))" }.joined(separator: ", "))
        lines.append(
            "Annotations: '-- @key: value' comments; app-level at the top of the file (@app, @version, @description, …), job-level right before a statement (@name, @description, @metric, …)."
        )
        lines.append("")
        lines.append("Functions (arguments → result):")
        for kind in SQLFunctionKind.allCases {
            let entries = SQLFunctionCatalog.all.filter { $0.kind == kind }
            lines.append("  \(kind.rawValue): " + entries.map(\.signature).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
