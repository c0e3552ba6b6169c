import VeloSchema

/// An aggregate the request asks for: `AVG(temperature_c)`, `COUNT(*)`, `COUNT(DISTINCT device_id)`.
package struct DraftAggregate: Sendable, Equatable {
    package enum Function: String, Sendable {
        case avg = "AVG", sum = "SUM", count = "COUNT", min = "MIN", max = "MAX", median = "MEDIAN", stddev = "STDDEV"
        case last = "LAST_VALUE", first = "FIRST_VALUE"

        /// The alias prefix: avg_temperature_c, max_price.
        var prefix: String {
            switch self {
            case .last: "last"
            case .first: "first"
            default: rawValue.lowercased()
            }
        }
    }

    package var function: Function
    /// The field, or nil for `COUNT(*)`.
    package var field: DraftColumn?
    package var distinct = false

    package var alias: String {
        guard let field else { return "record_count" }
        if distinct { return "distinct_\(field.field.name)" }
        return "\(function.prefix)_\(field.field.name)"
    }
}

/// A field of one of the query's sources (`qualifier` is set in a join: `orders.customer_id`).
package struct DraftColumn: Sendable, Equatable {
    package var field: SchemaField
    package var qualifier: String?
    package var sql: String { qualifier.map { "\($0).\(field.name)" } ?? field.name }
}

/// A literal the request compares with.
package enum DraftLiteral: Sendable, Equatable {
    case number(String)
    case text(String)
    case boolean(Bool)

    package var sql: String {
        switch self {
        case .number(let n): n
        case .text(let s): "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .boolean(let b): b ? "TRUE" : "FALSE"
        }
    }
}

/// What a condition compares: a field (WHERE) or an aggregate (HAVING).
package enum DraftOperand: Sendable, Equatable {
    case column(DraftColumn)
    case aggregate(DraftAggregate)
}

package struct DraftCondition: Sendable, Equatable {
    package var operand: DraftOperand
    /// `=`, `<>`, `>`, `>=`, `<`, `<=` or `BETWEEN`.
    package var op: String
    package var value: DraftLiteral
    package var upper: DraftLiteral?
}

package struct DraftWindow: Sendable, Equatable {
    package enum Kind: String, Sendable { case tumbling = "TUMBLING", sliding = "SLIDING", session = "SESSION" }
    package var kind: Kind
    package var size: DraftDuration
    package var advance: DraftDuration?
}

/// ORDER BY … LIMIT n: the top (or bottom) n rows by an aggregate or a field.
package struct DraftOrder: Sendable, Equatable {
    package var operand: DraftOperand
    package var descending: Bool
    package var limit: Int
}

package struct DraftJoin: Sendable, Equatable {
    package var right: String
    package var rightTopic: String?
    package var leftKey: SchemaField
    package var rightKey: SchemaField
    package var rightFields: [SchemaField]
}

/// What the offline drafter understood of a request; `DraftSQLWriter` turns it into SQL.
package struct QueryIntent: Sendable {
    package var source: String
    package var sourceTopic: String?
    package var join: DraftJoin?
    /// Fields to show when the query does not aggregate (empty: all).
    package var projection: [DraftColumn] = []
    package var aggregates: [DraftAggregate] = []
    package var groupBy: [DraftColumn] = []
    package var filters: [DraftCondition] = []
    package var having: [DraftCondition] = []
    package var window: DraftWindow?
    /// The event-time field a window uses (`'event.time.field'`), when the source has one.
    package var timeField: SchemaField?
    package var order: DraftOrder?
    package var name: String?
    /// Choices the drafter made that the person should know (a default advance, processing time …).
    package var notes: [String] = []

    package var aggregating: Bool { !aggregates.isEmpty }
}
