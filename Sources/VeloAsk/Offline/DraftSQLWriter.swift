/// Writes a `QueryIntent` as Velostream SQL in its canonical form: `-- @name`/`-- @description` annotations,
/// CREATE STREAM (records) or CREATE TABLE (aggregates), `WINDOW TUMBLING(_event_time, INTERVAL '5' MINUTE)`
/// with `'event.time.field'`, EMIT FINAL for windows and EMIT CHANGES for running aggregates, and WITH
/// binding the source and the sink to topics.
package enum DraftSQLWriter {
    package static func sql(_ intent: QueryIntent, name: String, description: String) -> String {
        var lines = ["-- @name: \(name)", "-- @description: \(description.replacingOccurrences(of: "\n", with: " "))"]
        lines.append("CREATE \(intent.aggregating ? "TABLE" : "STREAM") \(name) AS")
        lines.append("SELECT " + selectList(intent).joined(separator: ", "))
        if let join = intent.join {
            lines.append("FROM \(intent.source)")
            lines.append("JOIN \(join.right) ON \(intent.source).\(join.leftKey.name) = \(join.right).\(join.rightKey.name)")
        } else {
            lines.append("FROM \(intent.source)")
        }
        if !intent.filters.isEmpty { lines.append("WHERE " + intent.filters.map(condition).joined(separator: " AND ")) }
        if !intent.groupBy.isEmpty { lines.append("GROUP BY " + intent.groupBy.map(\.sql).joined(separator: ", ")) }
        if let window = intent.window { lines.append("WINDOW " + windowSQL(window, time: intent.timeField?.name)) }
        if !intent.having.isEmpty { lines.append("HAVING " + intent.having.map(condition).joined(separator: " AND ")) }
        if let order = intent.order {
            lines.append("ORDER BY \(operand(order.operand)) \(order.descending ? "DESC" : "ASC")")
            lines.append("LIMIT \(order.limit)")
        }
        if intent.aggregating { lines.append(intent.window == nil ? "EMIT CHANGES" : "EMIT FINAL") }
        lines.append("WITH (" + properties(intent, name: name).map { "'\($0.0)' = '\($0.1)'" }.joined(separator: ", ") + ");")
        return lines.joined(separator: "\n") + "\n"
    }

    static func selectList(_ intent: QueryIntent) -> [String] {
        if intent.aggregating {
            return intent.groupBy.map(\.sql) + intent.aggregates.map { "\(call($0)) AS \($0.alias)" }
        }
        if let join = intent.join, intent.projection.count < 2 {
            return ["\(intent.source).*"] + join.rightFields.map { "\(join.right).\($0.name)" }
        }
        return intent.projection.isEmpty ? ["*"] : intent.projection.map(\.sql)
    }

    static func call(_ aggregate: DraftAggregate) -> String {
        guard let field = aggregate.field else { return "COUNT(*)" }
        return "\(aggregate.function.rawValue)(\(aggregate.distinct ? "DISTINCT " : "")\(field.sql))"
    }

    static func operand(_ operand: DraftOperand) -> String {
        switch operand {
        case .column(let column): column.sql
        case .aggregate(let aggregate): call(aggregate)
        }
    }

    static func condition(_ c: DraftCondition) -> String {
        if c.op == "BETWEEN", let upper = c.upper { return "\(operand(c.operand)) BETWEEN \(c.value.sql) AND \(upper.sql)" }
        return "\(operand(c.operand)) \(c.op) \(c.value.sql)"
    }

    /// The window on the event-time field by name: `_event_time` with `'event.time.field'` is Velostream's
    /// spelling too, but velo-run on main does not decode the field for it yet (every record "has no event
    /// time"), and a draft must run.
    static func windowSQL(_ w: DraftWindow, time: String?) -> String {
        let time = time.map { "\($0), " } ?? ""
        switch w.kind {
        case .tumbling, .session: return "\(w.kind.rawValue)(\(time)\(w.size.sql))"
        case .sliding: return "SLIDING(\(time)\(w.size.sql), \((w.advance ?? w.size).sql))"
        }
    }

    static func properties(_ intent: QueryIntent, name: String) -> [(String, String)] {
        var props: [(String, String)] = []
        if intent.window != nil, let time = intent.timeField { props.append(("event.time.field", time.name)) }
        props.append(("\(intent.source).type", "kafka_source"))
        props.append(("\(intent.source).topic.name", intent.sourceTopic ?? intent.source))
        if let join = intent.join {
            props.append(("\(join.right).type", "kafka_source"))
            props.append(("\(join.right).topic.name", join.rightTopic ?? join.right))
        }
        props.append(("\(name).type", "kafka_sink"))
        props.append(("\(name).topic.name", name))
        return props
    }

    /// A job name from what the query computes: avg_temperature_c_per_device_id_5m, hot_… for filters.
    package static func name(_ intent: QueryIntent, taken: Set<String>) -> String {
        var parts: [String] = []
        if let order = intent.order {
            parts.append("top_\(order.limit)")
            if let key = intent.groupBy.first { parts.append(key.field.name) }
            parts.append("by")
            switch order.operand {
            case .column(let c): parts.append(c.field.name)
            case .aggregate(let a): parts.append(a.alias)
            }
        } else if intent.aggregating {
            parts.append(intent.aggregates.prefix(2).map(\.alias).joined(separator: "_"))
            if !intent.groupBy.isEmpty { parts.append("per_" + intent.groupBy.map(\.field.name).joined(separator: "_")) }
        } else if let join = intent.join {
            parts.append("\(intent.source)_with_\(join.right)")
        } else if let first = intent.filters.first, case .column(let column) = first.operand {
            let word: String
            switch first.op {
            case ">", ">=": word = "high"
            case "<", "<=": word = "low"
            default: word = first.value.sql.filter { $0.isLetter || $0.isNumber }.lowercased()
            }
            parts.append("\(intent.source)_\(word)_\(column.field.name)")
        } else {
            parts.append("\(intent.source)_view")
        }
        if let window = intent.window { parts.append(window.size.short) }
        var name = parts.joined(separator: "_").lowercased()
        name = String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        while name.contains("__") { name = name.replacingOccurrences(of: "__", with: "_") }
        if name.count > 60 { name = String(name.prefix(60)) }
        if name.first?.isNumber == true { name = "q_" + name }
        var unique = name
        var n = 2
        while taken.contains(unique) {
            unique = "\(name)_\(n)"
            n += 1
        }
        return unique
    }
}

extension DraftSQLWriter {
    /// The name the person gave ("call it hot_devices"), made a valid SQL name.
    package static func name(named given: String, taken: Set<String>) -> String {
        var name = String(given.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        if name.first?.isNumber == true { name = "q_" + name }
        return name.isEmpty ? "draft" : name
    }
}
