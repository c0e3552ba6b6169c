import VeloSchema

extension IntentParser {
    /// Settles what the pass left open: aggregates still waiting, the window from the durations, top-N,
    /// the join keys, the projection; refuses what cannot be honest SQL.
    mutating func finish() throws -> QueryIntent {
        if !pending.isEmpty {
            let needsField = pending.filter { $0 != .count && $0 != .last && $0 != .first }
            if let function = needsField.first {
                let numeric = left.schema.fields.filter { $0.type.isNumeric }.map(\.name)
                throw DraftRefusal(
                    message: "\(function.rawValue) of which field? The request names none",
                    hint:
                        "say the field, e.g. '\(function.prefix) \(numeric.first ?? "FIELD") per …'; numeric fields: \(numeric.joined(separator: ", "))"
                )
            }
            resolvePending(nil)
        }
        // "devices whose average temperature is above 30": the plural entity is the group.
        if intent.aggregating, intent.groupBy.isEmpty, top == nil {
            intent.groupBy = pluralKeys.filter { key in !intent.filters.contains { $0.operand == .column(key) } }
        }
        try settleTop()
        try settleWindow()
        if let right { try settleJoin(right) }
        for aggregate in intent.aggregates {
            guard let column = aggregate.field, [.avg, .sum, .median, .stddev].contains(aggregate.function) else { continue }
            guard column.field.type.isNumeric else {
                throw DraftRefusal(
                    message: "\(aggregate.function.rawValue)(\(column.field.name)) needs numbers, and \(column.field.name) is \(column.field.type)",
                    hint: "count it instead, or name a numeric field")
            }
        }
        if intent.aggregating {
            // Group keys first in the output; aggregates of a group key are just the key.
            intent.aggregates.removeAll { agg in agg.field.map { intent.groupBy.contains($0) } ?? false && agg.function == .last }
        } else {
            intent.projection = mentioned.filter { column in !intent.filters.contains { $0.operand == .column(column) } || mentioned.count > 1 }
        }
        if intent.window == nil, !intent.aggregating, intent.filters.isEmpty, intent.projection.isEmpty, intent.order == nil, right == nil {
            throw DraftRefusal(
                message: "the request names no filter, aggregate, window or field the offline drafter can use",
                hint:
                    "say what to compute, e.g. 'average \(left.schema.fields.first { $0.type.isNumeric }?.name ?? "FIELD") per \(left.schema.keyField ?? left.schema.fields.first?.name ?? "KEY") every 5 minutes', or set ANTHROPIC_API_KEY for a model"
            )
        }
        if !ignored.isEmpty { intent.notes.append("words not used: " + ignored.joined(separator: ", ")) }
        return intent
    }

    mutating func settleTop() throws {
        guard let top else { return }
        if let entity = top.entity, !intent.groupBy.contains(entity) { intent.groupBy.insert(entity, at: 0) }
        if intent.order == nil {
            // "top 5 devices" with an aggregate named elsewhere: order by it.
            if let aggregate = intent.aggregates.first(where: { $0.field.map { !intent.groupBy.contains($0) } ?? true }) {
                intent.order = DraftOrder(operand: .aggregate(aggregate), descending: top.descending, limit: top.n)
            } else {
                throw DraftRefusal(message: "top \(top.n) by what?", hint: "say 'top \(top.n) … by FIELD' or 'by average FIELD'")
            }
        }
        guard var order = intent.order else { return }
        order.limit = top.n
        order.descending = top.descending
        // "top 5 devices by temperature": per device, so the field needs an aggregate (MAX for top, MIN for bottom,
        // SUM for amounts that add up).
        if !intent.groupBy.isEmpty, case .column(let column) = order.operand {
            let additive = ["amount", "total", "quantity", "qty", "volume", "revenue", "sales", "spend", "size", "count"]
            let parts = FieldMatcher.parts(of: column.field.name)
            let function: DraftAggregate.Function =
                parts.contains(where: additive.contains) ? .sum : (top.descending ? .max : .min)
            let aggregate = DraftAggregate(function: function, field: column)
            order.operand = .aggregate(aggregate)
        }
        if case .aggregate(let aggregate) = order.operand, !intent.aggregates.contains(aggregate) {
            intent.aggregates.append(aggregate)
        }
        intent.order = order
    }

    mutating func settleWindow() throws {
        intent.timeField = matchers[0].1.timeField
        guard !durations.isEmpty || windowHint != nil else { return }
        let kind: DraftWindow.Kind
        let everyPrefixes: Set<String> = ["every", "each", "advancing", "advance", "updated", "hop", "slide", "slides", "hops"]
        if windowHint == .session {
            kind = .session
        } else if windowHint == .sliding || (durations.count >= 2 && durations.dropFirst().contains { everyPrefixes.contains($0.prefix ?? "") }) {
            kind = .sliding
        } else {
            kind = .tumbling
        }
        switch kind {
        case .session:
            let gap = durations.first?.duration ?? DraftDuration(count: 30, unit: .minute)
            if durations.isEmpty { intent.notes.append("no gap was given: sessions close after 30 minutes without records") }
            intent.window = DraftWindow(kind: .session, size: gap)
        case .sliding:
            let size =
                durations.first { !everyPrefixes.contains($0.prefix ?? "") }?.duration ?? durations.first?.duration
                ?? DraftDuration(count: 5, unit: .minute)
            var advance = durations.first { everyPrefixes.contains($0.prefix ?? "") && $0.duration != size }?.duration
            if advance == nil || advance!.milliseconds >= size.milliseconds {
                advance =
                    size.milliseconds >= 120_000
                    ? DraftDuration(count: 1, unit: .minute) : DraftDuration(count: max(1, Int(size.milliseconds / 2000)), unit: .second)
                intent.notes.append("no advance was given: the window moves every \(advance!.short)")
            }
            intent.window = DraftWindow(kind: .sliding, size: size, advance: advance)
        case .tumbling:
            let size = durations.first?.duration ?? DraftDuration(count: 1, unit: .minute)
            if durations.isEmpty { intent.notes.append("no size was given: 1-minute windows") }
            intent.window = DraftWindow(kind: .tumbling, size: size)
        }
        if !intent.aggregating {
            intent.aggregates.append(DraftAggregate(function: .count, field: nil))
            intent.notes.append("a window needs an aggregate: counting the records of each")
        }
        if intent.timeField == nil {
            intent.notes.append("\(left.name) has no event-time field, so windows follow processing time")
        }
    }

    mutating func settleJoin(_ right: AskCatalog.Source) throws {
        let leftNames = Set(left.schema.fields.map(\.name))
        // The key: a field both sources have, preferring the right side's key field and *_id names.
        let shared = right.schema.fields.filter { leftNames.contains($0.name) }
        let ranked = shared.sorted { a, b in
            func rank(_ f: SchemaField) -> Int { f.name == right.schema.keyField ? 0 : f.name.hasSuffix("id") ? 1 : 2 }
            return rank(a) < rank(b)
        }
        guard let key = ranked.first, let leftKey = left.schema.field(named: key.name) else {
            throw DraftRefusal(
                message: "\(left.name) and \(right.name) share no field to join on",
                hint: "name the key: 'join \(left.name) with \(right.name) on FIELD'")
        }
        intent.join = DraftJoin(
            right: right.name, rightTopic: right.topic, leftKey: leftKey, rightKey: key,
            rightFields: right.schema.fields.filter { !leftNames.contains($0.name) })
    }
}
