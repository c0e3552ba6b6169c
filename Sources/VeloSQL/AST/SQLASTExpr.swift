/// An expression with the span of text it came from.
public struct SQLExpr: Sendable, Hashable {
    public var kind: Kind
    public var span: SQLSpan

    public init(_ kind: Kind, span: SQLSpan = .none) {
        self.kind = kind
        self.span = span
    }

    public indirect enum Kind: Sendable, Hashable {
        /// `name` or `qualifier.name`
        case column(qualifier: SQLIdentifier?, name: SQLIdentifier)
        /// `*` as a function argument (`COUNT(*)`).
        case star
        case literal(SQLLiteral)
        case duration(SQLDuration)
        case unary(SQLUnaryOperator, SQLExpr)
        case binary(SQLBinaryOperator, SQLExpr, SQLExpr)
        case between(SQLExpr, low: SQLExpr, high: SQLExpr, negated: Bool)
        case inList(SQLExpr, [SQLExpr], negated: Bool)
        case inSubquery(SQLExpr, SQLQuery, negated: Bool)
        case like(SQLExpr, pattern: SQLExpr, negated: Bool)
        case isNull(SQLExpr, negated: Bool)
        case exists(SQLQuery, negated: Bool)
        /// `(SELECT …)` used as a value.
        case subquery(SQLQuery)
        /// `x > ANY (SELECT …)`, `x = ALL (SELECT …)`
        case quantified(SQLExpr, SQLBinaryOperator, SQLQuantifier, SQLQuery)
        case caseWhen(operand: SQLExpr?, whens: [SQLWhen], otherwise: SQLExpr?)
        case cast(SQLExpr, SQLTypeName)
        /// `EXTRACT(field FROM expr)`
        case extract(field: SQLIdentifier, from: SQLExpr)
        case function(SQLFunctionCall)
    }
}

public enum SQLLiteral: Sendable, Hashable {
    /// Numbers keep their text, so printing gives back what was written.
    case integer(String)
    case decimal(String)
    case string(String)
    case boolean(Bool)
    case null
}

public enum SQLUnaryOperator: String, Sendable, Hashable {
    case not = "NOT"
    case minus = "-"
    case plus = "+"
}

public enum SQLBinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or = "OR"
    case and = "AND"
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case concat = "||"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"

    /// Binding strength, higher binds tighter. NOT sits at 3, the predicates (IS, IN, LIKE, BETWEEN) at 4.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
        case .concat: return 5
        case .add, .subtract: return 6
        case .multiply, .divide, .modulo: return 7
        }
    }

    public var isComparison: Bool { precedence == 4 }
}

public enum SQLQuantifier: String, Sendable, Hashable { case any = "ANY", all = "ALL" }

public struct SQLWhen: Sendable, Hashable {
    public var condition: SQLExpr
    public var result: SQLExpr
    /// From WHEN to the end of the result.
    public var span: SQLSpan = .none
}

/// A type in `CAST(x AS T)`: `DECIMAL(10, 2)`, `VARCHAR(20)`, `STRING`.
public struct SQLTypeName: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var parameters: [Int]
    public var span: SQLSpan
    /// `NOT NULL` after a column type of CREATE STREAM's list (never set for CAST).
    public var notNull = false
    public var description: String {
        (parameters.isEmpty ? name : "\(name)(\(parameters.map(String.init).joined(separator: ", ")))")
            + (notNull ? " NOT NULL" : "")
    }
}

public struct SQLFunctionCall: Sendable, Hashable {
    /// Uppercased: function names are case-insensitive.
    public var name: String
    public var nameSpan: SQLSpan
    public var distinct: Bool
    public var arguments: [SQLExpr]
    /// `CURRENT_TIMESTAMP` written without parentheses.
    public var bare: Bool
    public var over: SQLOver?

    public init(
        name: String, nameSpan: SQLSpan = .none, distinct: Bool = false, arguments: [SQLExpr] = [],
        bare: Bool = false, over: SQLOver? = nil
    ) {
        self.name = name.uppercased()
        self.nameSpan = nameSpan
        self.distinct = distinct
        self.arguments = arguments
        self.bare = bare
        self.over = over
    }
}

/// `OVER ([ROWS WINDOW BUFFER n ROWS] [PARTITION BY …] [ORDER BY …] [ROWS|RANGE BETWEEN …] [EMIT CHANGES])`
public struct SQLOver: Sendable, Hashable {
    public var bufferRows: Int64?
    public var partitionBy: [SQLExpr]
    public var orderBy: [SQLOrderItem]
    public var frame: SQLFrame?
    public var emitChanges: Bool
    public var span: SQLSpan

    public init(
        bufferRows: Int64? = nil, partitionBy: [SQLExpr] = [], orderBy: [SQLOrderItem] = [],
        frame: SQLFrame? = nil, emitChanges: Bool = false, span: SQLSpan = .none
    ) {
        self.bufferRows = bufferRows
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
        self.emitChanges = emitChanges
        self.span = span
    }
}

public struct SQLFrame: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable { case rows = "ROWS", range = "RANGE" }
    public enum Bound: Sendable, Hashable {
        case unboundedPreceding, preceding(Int64), currentRow, following(Int64), unboundedFollowing
        /// `INTERVAL '1' HOUR PRECEDING|FOLLOWING`: a RANGE bound over a time ORDER BY key.
        case intervalPreceding(SQLDuration), intervalFollowing(SQLDuration)

        public var isInterval: Bool {
            switch self {
            case .intervalPreceding, .intervalFollowing: return true
            default: return false
            }
        }
    }
    public var unit: Unit
    public var start: Bound
    public var end: Bound
    public var span: SQLSpan = .none

    package init(unit: Unit, start: Bound, end: Bound, span: SQLSpan = .none) {
        self.unit = unit
        self.start = start
        self.end = end
        self.span = span
    }
}

extension SQLExpr {
    /// Calls `visit` on this expression and every expression inside it, not entering subqueries.
    public func forEach(_ visit: (SQLExpr) -> Void) {
        visit(self)
        for child in children { child.forEach(visit) }
    }
}

extension SQLExpr {
    /// The expressions directly inside this one (subqueries are not entered).
    public var children: [SQLExpr] {
        switch kind {
        case .column, .star, .literal, .duration, .exists, .subquery: return []
        case .unary(_, let e), .isNull(let e, _), .cast(let e, _), .extract(_, let e), .inSubquery(let e, _, _),
            .quantified(let e, _, _, _):
            return [e]
        case .binary(_, let l, let r), .like(let l, let r, _): return [l, r]
        case .between(let e, let lo, let hi, _): return [e, lo, hi]
        case .inList(let e, let list, _): return [e] + list
        case .caseWhen(let operand, let whens, let otherwise):
            var all: [SQLExpr] = operand.map { [$0] } ?? []
            for w in whens { all.append(w.condition); all.append(w.result) }
            if let otherwise { all.append(otherwise) }
            return all
        case .function(let call):
            return call.arguments + (call.over?.partitionBy ?? []) + (call.over?.orderBy.map(\.expr) ?? [])
        }
    }

    /// The column name when this is a plain column reference.
    public var columnName: String? {
        if case .column(_, let name) = kind { return name.value }
        return nil
    }
}
