import VeloBase

/// `SELECT … [UNION [ALL] SELECT …]* [ORDER BY …] [LIMIT n]`
public struct SQLQuery: Sendable, Hashable {
    public struct UnionPart: Sendable, Hashable {
        public var all: Bool
        public var select: SQLSelect
        /// From UNION to the end of the select.
        public var span: SQLSpan = .none
    }

    public var first: SQLSelect
    public var unions: [UnionPart]
    public var orderBy: [SQLOrderItem]
    public var limit: SQLExpr?
    public var span: SQLSpan

    public init(
        first: SQLSelect, unions: [UnionPart] = [], orderBy: [SQLOrderItem] = [], limit: SQLExpr? = nil,
        span: SQLSpan = .none
    ) {
        self.first = first
        self.unions = unions
        self.orderBy = orderBy
        self.limit = limit
        self.span = span
    }

    public var selects: [SQLSelect] { [first] + unions.map(\.select) }
}

public struct SQLSelect: Sendable, Hashable {
    public var distinct: Bool
    public var items: [SQLSelectItem]
    public var from: SQLTableRef?
    public var joins: [SQLJoin]
    public var whereClause: SQLExpr?
    public var groupBy: [SQLExpr]
    public var having: SQLExpr?
    public var window: SQLWindow?
    public var span: SQLSpan

    public init(
        distinct: Bool = false, items: [SQLSelectItem], from: SQLTableRef? = nil, joins: [SQLJoin] = [],
        whereClause: SQLExpr? = nil, groupBy: [SQLExpr] = [], having: SQLExpr? = nil,
        window: SQLWindow? = nil, span: SQLSpan = .none
    ) {
        self.distinct = distinct
        self.items = items
        self.from = from
        self.joins = joins
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
        self.window = window
        self.span = span
    }

    /// Every table reference of the FROM clause, joins included.
    public var tables: [SQLTableRef] { (from.map { [$0] } ?? []) + joins.map(\.table) }
}

public enum SQLSelectItem: Sendable, Hashable {
    /// `*` or `t.*`
    case all(qualifier: SQLIdentifier?, span: SQLSpan)
    /// `expr [AS alias] [PRIMARY KEY]`
    case expr(SQLExpr, alias: SQLIdentifier?, primaryKey: Bool, span: SQLSpan)

    public var span: SQLSpan {
        switch self {
        case .all(_, let span), .expr(_, _, _, let span): return span
        }
    }
}

public struct SQLTableRef: Sendable, Hashable {
    public indirect enum Source: Sendable, Hashable {
        case named(SQLIdentifier)
        case subquery(SQLQuery)
    }
    public var source: Source
    public var alias: SQLIdentifier?
    public var span: SQLSpan

    public init(source: Source, alias: SQLIdentifier? = nil, span: SQLSpan = .none) {
        self.source = source
        self.alias = alias
        self.span = span
    }

    public var name: SQLIdentifier? {
        if case .named(let name) = source { return name }
        return nil
    }

    /// What columns of this table are qualified with: the alias, else the name.
    public var qualifier: String? { alias?.value ?? name?.value }
}

public enum SQLJoinKind: String, Sendable, Hashable, CaseIterable {
    case inner = "JOIN"
    case left = "LEFT JOIN"
    case right = "RIGHT JOIN"
    case full = "FULL OUTER JOIN"
}

public struct SQLJoin: Sendable, Hashable {
    public var kind: SQLJoinKind
    public var table: SQLTableRef
    public var on: SQLExpr?
    /// `WITHIN INTERVAL '5' MINUTES`: the stream-stream time bound.
    public var within: SQLDuration?
    public var span: SQLSpan

    public init(kind: SQLJoinKind, table: SQLTableRef, on: SQLExpr?, within: SQLDuration? = nil, span: SQLSpan = .none) {
        self.kind = kind
        self.table = table
        self.on = on
        self.within = within
        self.span = span
    }
}

public enum SQLWindowKind: String, Sendable, Hashable, CaseIterable {
    case tumbling = "TUMBLING"
    case sliding = "SLIDING"
    case session = "SESSION"
}

/// `WINDOW TUMBLING([time_col,] size)`, `SLIDING([time_col,] size, advance)`, `SESSION([time_col,] gap)`.
public struct SQLWindow: Sendable, Hashable {
    public var kind: SQLWindowKind
    public var timeColumn: SQLExpr?
    /// The size (TUMBLING, SLIDING) or the gap (SESSION).
    public var size: SQLDuration
    public var advance: SQLDuration?
    /// SESSION(time_col, gap, key)'s key, Velostream's session partition key.
    public var sessionKey: SQLExpr?
    public var span: SQLSpan

    public init(
        kind: SQLWindowKind, timeColumn: SQLExpr? = nil, size: SQLDuration, advance: SQLDuration? = nil,
        sessionKey: SQLExpr? = nil, span: SQLSpan = .none
    ) {
        self.kind = kind
        self.timeColumn = timeColumn
        self.size = size
        self.advance = advance
        self.sessionKey = sessionKey
        self.span = span
    }
}

/// The unit of a SQL duration: VeloBase's one unit table (`DurationUnit`); SQL accepts the units in
/// `SQLGrammar.durationUnits`.
public typealias SQLTimeUnit = DurationUnit

/// A duration: `INTERVAL '5' MINUTE` (also `INTERVAL 5 MINUTES`, `5 MINUTES`) or the shorthand `5m`.
public struct SQLDuration: Sendable, Hashable, CustomStringConvertible {
    public enum Style: Sendable, Hashable { case interval, shorthand }
    public var amount: Int64
    public var unit: SQLTimeUnit
    public var style: Style
    public var span: SQLSpan

    public init(amount: Int64, unit: SQLTimeUnit, style: Style, span: SQLSpan = .none) {
        self.amount = amount
        self.unit = unit
        self.style = style
        self.span = span
    }

    public var millis: Int64 { amount.multipliedReportingOverflow(by: unit.millis).partialValue }

    /// Canonical SQL text.
    public var description: String {
        switch style {
        case .shorthand: return "\(amount)\(unit.shorthand)"
        case .interval: return "INTERVAL '\(amount)' \(unit.rawValue)"
        }
    }
}

public struct SQLOrderItem: Sendable, Hashable {
    public var expr: SQLExpr
    public var descending: Bool
    public var span: SQLSpan
    public init(expr: SQLExpr, descending: Bool = false, span: SQLSpan = .none) {
        self.expr = expr
        self.descending = descending
        self.span = span
    }
}
