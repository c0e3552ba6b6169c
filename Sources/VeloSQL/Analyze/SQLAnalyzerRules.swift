import VeloBase

extension SQLAnalyzer {
    /// Functions whose argument is the window's time column, fine outside GROUP BY.
    package static let windowBoundFunctions: Set<String> = [
        "TUMBLE_START", "TUMBLE_END", "HOP_START", "HOP_END",
        "SESSION_START", "SESSION_END"
    ]

    /// With GROUP BY or aggregates, every selected or HAVING column must be grouped or inside an aggregate.
    package mutating func checkGrouping(_ select: SQLSelect, scope: SQLScope) {
        guard isAggregating(select) else {
            if let window = select.window {
                issues.append(
                    .warning(
                        "WINDOW without GROUP BY or an aggregate function has nothing to compute per window",
                        at: window.span, hint: "add an aggregate such as COUNT(*) or remove the WINDOW"))
            }
            return
        }
        var groupedNames = Set(select.groupBy.compactMap { $0.columnName?.lowercased() })
        // Grouping by an alias groups the expression behind it.
        var grouped = select.groupBy
        for item in select.items {
            if case .expr(let e, let alias?, _, _) = item, groupedNames.contains(alias.value.lowercased()) {
                grouped.append(e)
                if let name = e.columnName { groupedNames.insert(name.lowercased()) }
            }
        }
        for item in select.items {
            switch item {
            case .all(_, let span):
                issues.append(
                    .error(
                        "'*' cannot be used with GROUP BY or aggregate functions", at: span,
                        hint: "list the grouped columns and the aggregates"))
            case .expr(let e, _, _, _):
                if let bad = ungrouped(e, grouped, groupedNames) { reportUngrouped(bad, in: "the SELECT list") }
                reportGroupedWindowCalls(e, windowed: select.window != nil)
            }
        }
        if let having = select.having {
            let aliases = Set(scope.aliases.keys.map { $0.lowercased() })
            if let bad = ungrouped(having, grouped, groupedNames.union(aliases)) { reportUngrouped(bad, in: "HAVING") }
        }
    }

    private mutating func reportUngrouped(_ column: SQLExpr, in clause: String) {
        let text = SQLPrinter.expression(column)
        // Velostream takes the group's first record's value; Velo does too, and says so.
        issues.append(
            .warning(
                "column '\(text)' is neither in GROUP BY nor aggregated: each group gives its first record's value",
                at: column.span, hint: "add it to GROUP BY, or say so: FIRST_VALUE(\(text))"))
    }

    /// Velostream evaluates `f(…) OVER (…)` in a grouped query over one record, not a row buffer; Velo does
    /// too (ExecPlanGroupedWindow.swift), and says so.
    private mutating func reportGroupedWindowCalls(_ e: SQLExpr, windowed: Bool) {
        e.forEach { node in
            guard case .function(let call) = node.kind, call.over != nil else { return }
            let record = windowed ? "the group's first record in the window" : "the record that updated the group"
            issues.append(
                .warning(
                    "\(call.name) … OVER (…) in a grouped query is computed over one record (\(record)), as in Velostream",
                    at: call.nameSpan,
                    hint: "for a rolling value over a row buffer, compute it in a job without GROUP BY and aggregate that job's output"))
        }
    }

    /// The first column reference in `e` that is neither grouped nor aggregated.
    private func ungrouped(_ e: SQLExpr, _ grouped: [SQLExpr], _ names: Set<String>) -> SQLExpr? {
        if grouped.contains(e) { return nil }
        switch e.kind {
        case .column(_, let name):
            let lower = name.value.lowercased()
            if names.contains(lower) { return nil }
            if lower == "_window_start" || lower == "_window_end" { return nil }
            return e
        case .function(let call):
            if call.over != nil || Self.windowBoundFunctions.contains(call.name) { return nil }
            if SQLFunctionCatalog.lookup(call.name)?.kind == .aggregate { return nil }
        case .subquery, .exists:
            return nil
        default:
            break
        }
        for child in e.children {
            if let bad = ungrouped(child, grouped, names) { return bad }
        }
        return nil
    }

    /// Window sizes must be positive, a SLIDING advance no longer than its size, the time column a time.
    package mutating func checkWindow(_ window: SQLWindow, _ ctx: SQLExprContext, groupBy: [SQLExpr] = []) {
        if let key = window.sessionKey {
            _ = type(of: key, ctx)
            // Velostream parses the key but its session strategy does not read it: sessions follow GROUP BY.
            let grouped =
                groupBy.contains(key) || groupBy.contains { $0.columnName?.lowercased() == key.columnName?.lowercased() && key.columnName != nil }
            if !grouped {
                issues.append(
                    .warning(
                        "session key '\(SQLPrinter.expression(key))' is not in GROUP BY, so it does not split sessions",
                        at: key.span,
                        hint:
                            "sessions are kept per GROUP BY group (as in Velostream, which does not read the key): GROUP BY \(SQLPrinter.expression(key))"
                    ))
            }
        }
        if window.size.millis <= 0 {
            issues.append(
                .error(
                    "\(window.kind == .session ? "session gap" : "window size") must be longer than zero",
                    at: window.size.span))
        }
        if let advance = window.advance {
            if advance.millis <= 0 {
                issues.append(.error("SLIDING advance must be longer than zero", at: advance.span))
            } else if advance.millis > window.size.millis {
                issues.append(
                    .error(
                        "SLIDING advance (\(advance)) is longer than the window size (\(window.size))",
                        at: advance.span,
                        hint: "records would fall between windows; use an advance up to the size, or TUMBLING(\(window.size))"))
            }
        }
        if let column = window.timeColumn {
            let t = type(of: column, ctx)
            if t != .unknown && t != .integer && t != .timestamp {
                issues.append(
                    .error(
                        "window time column '\(SQLPrinter.expression(column))' has type \(t.rawValue)", at: column.span,
                        hint: "use _event_time, or a timestamp or epoch-ms integer column"))
            }
        }
    }

    /// A join condition should use the joined table; two streams joined need a time bound.
    package mutating func checkJoin(_ join: SQLJoin, scope: SQLScope) {
        guard let on = join.on, let joined = scope.tables.last else { return }
        if case .literal(.boolean(true)) = on.kind { return }
        var usesJoined = false
        var usesEventTimeBound = false
        let joinedQualifier = joined.qualifier.lowercased()
        on.forEach { e in
            switch e.kind {
            case .column(let qualifier?, _) where qualifier.value.lowercased() == joinedQualifier:
                usesJoined = true
            case .column(nil, let name) where joined.field(name.value) != nil || joined.fields == nil:
                usesJoined = true
            case .between(let value, _, _, _):
                if let name = value.columnName, name.lowercased() == "_event_time" || name.lowercased().contains("time") {
                    usesEventTimeBound = true
                }
            default: break
            }
        }
        if !usesJoined {
            issues.append(
                .warning(
                    "join condition does not use '\(joined.qualifier)'", at: on.span,
                    hint: "compare a column of '\(joined.qualifier)' with the other side, e.g. ON a.id = \(joined.qualifier).id"))
        }
        let left = scope.tables.first
        if join.within == nil, !usesEventTimeBound, left?.isTable == false, joined.isTable == false {
            issues.append(
                .warning(
                    "stream-stream join without a time bound keeps every record of both streams", at: join.span,
                    hint:
                        "bound it: AND \(joined.qualifier)._event_time BETWEEN \(left!.qualifier)._event_time - INTERVAL '10' SECOND AND \(left!.qualifier)._event_time + INTERVAL '10' SECOND, or WITHIN INTERVAL '10' SECOND"
                ))
        }
    }

    /// WITH properties: endpoint types, keys for endpoints the statement does not use, known values.
    package mutating func checkProperties(_ statement: SQLStatement, sinks: [String]) {
        let sources = sourcesRead.map(\.name)
        let endpoints = sources + sinks
        var seen: [String: SQLSpan] = [:]
        for property in statement.properties {
            if seen[property.key] != nil {
                issues.append(.warning("property '\(property.key)' is set twice; the last value wins", at: property.keySpan))
            }
            seen[property.key] = property.keySpan
            if let endpoint = endpointName(property.key) ?? endpoints.first(where: { property.key.hasPrefix($0 + ".") }) {
                checkEndpointKeySpelling(property, endpoint: endpoint)
                if !endpoints.contains(endpoint) {
                    let hint =
                        SQLSuggest.closest(to: endpoint, in: endpoints).map { "did you mean '\($0)'?" }
                        ?? (endpoints.isEmpty ? nil : "this statement reads or writes: " + endpoints.joined(separator: ", "))
                    issues.append(
                        .warning(
                            "property for '\(endpoint)', which this statement does not read or write",
                            at: property.keySpan, hint: hint))
                } else if property.key == endpoint + ".type" {
                    checkEndpointType(property, isSink: sinks.contains(endpoint) && !sources.contains(endpoint))
                }
                continue
            }
            checkJobKeySpelling(property)
            if let allowed = SQLGrammar.propertyValues[property.key], !allowed.isEmpty, !allowed.contains(property.value.lowercased()),
                property.key != "event.time.format" || !property.value.contains("%")
            {
                var hint =
                    SQLSuggest.closest(to: property.value, in: allowed).map { "did you mean '\($0)'?" }
                    ?? "one of: " + allowed.joined(separator: ", ")
                if let fallback = SQLGrammar.propertyFallbacks[property.key] { hint += " Until then \(fallback), as in Velostream." }
                issues.append(.warning("unknown value '\(property.value)' for '\(property.key)'", at: property.valueSpan, hint: hint))
            }
            if property.key == "event.time.field", let first = statement.query.first.from?.name {
                let fields = outputs[first.value]?.columns ?? schemas?.fields(of: first.value)
                if let fields, !fields.contains(where: { $0.name == property.value }) {
                    let hint =
                        SQLSuggest.closest(to: property.value, in: fields.map(\.name)).map { "did you mean '\($0)'?" }
                        ?? columnsHint(fields)
                    issues.append(
                        .error(
                            "event.time.field '\(property.value)' is not a column of '\(first.value)'",
                            at: property.valueSpan, hint: hint))
                }
            }
        }
    }

    /// A key close to a job-level key the engine reads (`'event.time.feild'`) is a typo that silently changes
    /// the query (read-time windows instead of event time): warn with "did you mean". Other keys pass, since
    /// Velostream reads many more (Kafka client settings, observability, …).
    private mutating func checkJobKeySpelling(_ property: SQLProperty) {
        let key = property.key
        guard !SQLGrammar.jobKeys.contains(key), !SQLGrammar.propertyValues.keys.contains(key),
            let guess = SQLSuggest.closest(to: key, in: SQLGrammar.jobKeys), Suggest.distance(key, guess) <= 3
        else { return }
        issues.append(
            .warning(
                "unknown property '\(key)' is ignored", at: property.keySpan,
                hint: "did you mean '\(guess)'?"))
    }

    /// `'trades.typ'` for `'trades.type'`: an endpoint key one slip away from a suffix the engine reads.
    private mutating func checkEndpointKeySpelling(_ property: SQLProperty, endpoint: String) {
        let suffix = String(property.key.dropFirst(endpoint.count + 1))
        guard !suffix.isEmpty, !SQLGrammar.endpointKeySuffixes.contains(suffix), !suffix.contains("."),
            let guess = SQLSuggest.closest(to: suffix, in: SQLGrammar.endpointKeySuffixes.filter { !$0.contains(".") }),
            Suggest.distance(suffix, guess) <= 2
        else { return }
        issues.append(
            .warning(
                "unknown property '\(property.key)' is ignored", at: property.keySpan,
                hint: "did you mean '\(endpoint).\(guess)'?"))
    }

    /// `orders.topic.name` → `orders`; nil for job-level keys such as `event.time.field`.
    private func endpointName(_ key: String) -> String? {
        for suffix in SQLGrammar.endpointKeySuffixes where key.hasSuffix("." + suffix) {
            let prefix = key.dropLast(suffix.count + 1)
            if !prefix.isEmpty, !prefix.contains(".") { return String(prefix) }
        }
        if let dot = key.firstIndex(of: "."), declaredTypes[String(key[..<dot])] != nil { return String(key[..<dot]) }
        return nil
    }

    private mutating func checkEndpointType(_ property: SQLProperty, isSink: Bool) {
        let value = property.value
        guard SQLGrammar.endpointTypes.contains(value) else {
            let hint =
                SQLSuggest.closest(to: value, in: SQLGrammar.endpointTypes).map { "did you mean '\($0)'?" }
                ?? "one of: " + SQLGrammar.endpointTypes.joined(separator: ", ")
            issues.append(.error("unknown endpoint type '\(value)'", at: property.valueSpan, hint: hint))
            return
        }
        let endpoint = String(property.key.dropLast(5))
        if isSink && value.hasSuffix("_source") {
            issues.append(
                .error(
                    "'\(endpoint)' is written by this statement, so its type must be a sink, not \(value)",
                    at: property.valueSpan, hint: "use kafka_sink or file_sink"))
        } else if !isSink && value.hasSuffix("_sink") {
            issues.append(
                .error(
                    "'\(endpoint)' is read by this statement, so its type must be a source, not \(value)",
                    at: property.valueSpan, hint: "use kafka_source or file_source"))
        }
    }
}
