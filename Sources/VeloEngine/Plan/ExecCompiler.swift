import VeloSQL

/// Turns analyzed SQL expressions into `ExecExpr` trees. Column references are resolved by the caller
/// (`column`), and `intercept` may replace whole sub-expressions first — the aggregate planner uses it to
/// map GROUP BY expressions and aggregate calls to slots of the group row.
/// Problems are thrown as `SQLIssue`s pointing at the expression, so they print like the front end's.
package struct ExecCompiler {
    package var column: (_ qualifier: SQLIdentifier?, _ name: SQLIdentifier, _ span: SQLSpan) throws -> ExecExpr
    package var intercept: ((SQLExpr) throws -> ExecExpr?)? = nil
    /// Where aggregates are not allowed, the clause name for the message.
    package var clause = "this clause"
    /// Where subqueries are registered to be loaded before the run (nil: subqueries are not allowed here).
    package var subqueries: ExecSubqueries? = nil

    package func compile(_ e: SQLExpr) throws -> ExecExpr {
        if let intercept, let replaced = try intercept(e) { return replaced }
        let node = try build(e)
        return fold(node, e)
    }

    /// Evaluates constant sub-trees once. A constant that fails (1/0) is left to fail per record.
    private func fold(_ node: ExecExpr, _ e: SQLExpr) -> ExecExpr {
        if node is ConstExpr || node is SlotExpr { return node }
        guard isConstant(node), let v = try? node.eval(ExecRow(count: 0)) else { return node }
        return ConstExpr(v)
    }

    /// Whether a node's operands are constants. Operands were folded first (compile works bottom-up), so
    /// looking one level down is enough: walking the whole subtree at every level made a flat chain of
    /// 20,000 terms quadratic.
    private func isConstant(_ node: ExecExpr) -> Bool {
        switch node {
        case is ConstExpr: return true
        case let n as ArithmeticExpr: return n.lhs is ConstExpr && n.rhs is ConstExpr
        case let n as CompareExpr: return n.lhs is ConstExpr && n.rhs is ConstExpr
        case let n as LogicExpr: return n.lhs is ConstExpr && n.rhs is ConstExpr
        case let n as NotExpr: return n.inner is ConstExpr
        case let n as NegateExpr: return n.inner is ConstExpr
        case let n as CastExpr: return n.inner is ConstExpr
        case let n as FunctionExpr: return n.function.deterministic && n.args.allSatisfy { $0 is ConstExpr }
        default: return false
        }
    }

    private func build(_ e: SQLExpr) throws -> ExecExpr {
        switch e.kind {
        case .column(let qualifier, let name):
            return try column(qualifier, name, e.span)
        case .star:
            throw SQLIssue.error("'*' is only allowed in COUNT(*)", at: e.span)
        case .literal(let literal):
            return ConstExpr(try Self.value(of: literal, span: e.span))
        case .duration(let d):
            return ConstExpr(.int(d.millis))
        case .unary(let op, let inner):
            let x = try compile(inner)
            switch op {
            case .not: return NotExpr(x)
            case .minus: return NegateExpr(x)
            case .plus: return x
            }
        case .binary(let op, let l, let r):
            let a = try compile(l), b = try compile(r)
            switch op {
            case .and: return LogicExpr(and: true, a, b)
            case .or: return LogicExpr(and: false, a, b)
            case .equal: return CompareExpr(.equal, a, b)
            case .notEqual: return CompareExpr(.notEqual, a, b)
            case .less: return CompareExpr(.less, a, b)
            case .lessOrEqual: return CompareExpr(.lessOrEqual, a, b)
            case .greater: return CompareExpr(.greater, a, b)
            case .greaterOrEqual: return CompareExpr(.greaterOrEqual, a, b)
            case .concat: return ArithmeticExpr(.concat, a, b)
            case .add: return ArithmeticExpr(.add, a, b)
            case .subtract: return ArithmeticExpr(.subtract, a, b)
            case .multiply: return ArithmeticExpr(.multiply, a, b)
            case .divide: return ArithmeticExpr(.divide, a, b)
            case .modulo: return ArithmeticExpr(.modulo, a, b)
            }
        case .between(let x, let lo, let hi, let negated):
            return BetweenExpr(try compile(x), try compile(lo), try compile(hi), negated: negated)
        case .inList(let x, let list, let negated):
            let items = try list.map(compile)
            let constants = items.compactMap(\.constant)
            if constants.count == items.count { return InConstantsExpr(try compile(x), constants, negated: negated) }
            return InListExpr(try compile(x), items, negated: negated)
        case .like(let x, let pattern, let negated):
            do {
                return try LikeExpr(try compile(x), try compile(pattern), negated: negated)
            } catch let error as RuntimeError {
                throw SQLIssue.error("bad LIKE pattern: \(error.reason)", at: pattern.span)
            }
        case .isNull(let x, let negated):
            return IsNullExpr(try compile(x), negated: negated)
        case .caseWhen(let operand, let whens, let otherwise):
            return CaseExpr(
                operand: try operand.map(compile),
                whens: try whens.map { (try compile($0.condition), try compile($0.result)) },
                otherwise: try otherwise.map(compile))
        case .cast(let x, let typeName):
            guard let name = SQLCastType(rawValue: typeName.name) else {
                throw SQLIssue.error(
                    "unknown type '\(typeName)' in CAST", at: typeName.span,
                    hint: "types: \(SQLGrammar.typeNames.joined(separator: ", "))")
            }
            guard let type = SQLType(name, parameters: typeName.parameters) else {
                throw SQLIssue.error(
                    "unsupported type '\(typeName)' in CAST", at: typeName.span,
                    hint: "DECIMAL(p, s) takes a precision p from 1 to 18 and a scale s from 0 to p")
            }
            return CastExpr(try compile(x), type)
        case .extract(let field, let from):
            return try call("EXTRACT", [ConstExpr(.string(field.value.uppercased())), try compile(from)], span: e.span)
        case .function(let call):
            if call.over != nil {
                throw SQLIssue.error(
                    "\(call.name) … OVER (…) is not supported in \(clause)", at: call.nameSpan,
                    hint:
                        "row windows run in the SELECT list (and in the HAVING of a grouped query); to use one in WHERE or GROUP BY, compute it in one job and read that job's output in another"
                )
            }
            if let header = HeaderFunctions.lookup(call.name) {
                // The record's headers go first (a slot filled only for queries that call these functions).
                let headers = try column(nil, SQLIdentifier(SystemColumn.headers.rawValue), call.nameSpan)
                let args = [headers] + (try call.arguments.map(compile))
                guard header.arity.contains(args.count) else {
                    let arity = (header.arity.lowerBound - 1)...(header.arity.upperBound - 1)
                    throw SQLIssue.error(
                        "\(call.name) expects \(ScalarFunction.describe(arity)) arguments, got \(call.arguments.count)", at: call.nameSpan)
                }
                return FunctionExpr(header, args)
            }
            if AggregateFunctions.lookup(call.name) != nil && ScalarFunctions.lookup(call.name) == nil {
                throw SQLIssue.error(
                    "aggregate \(call.name) is not allowed in \(clause)", at: call.nameSpan,
                    hint: "aggregates belong in the SELECT list or HAVING of a grouped query")
            }
            return try self.call(call.name, try call.arguments.map(compile), span: call.nameSpan)
        case .inSubquery, .exists, .subquery, .quantified:
            guard let subqueries else { throw SQLIssue.error("a subquery is not allowed in \(clause)", at: e.span) }
            return try SubqueryPlanner(outer: self, registry: subqueries).compile(e)
        }
    }

    private func call(_ name: String, _ args: [ExecExpr], span: SQLSpan) throws -> ExecExpr {
        guard let base = ScalarFunctions.lookup(name) else {
            let close = SQLSuggest.closest(to: name, in: ScalarFunctions.names)
            throw SQLIssue.error(
                "function \(name) is not supported by the engine yet", at: span,
                hint: close.map { "did you mean \($0)?" } ?? "see docs/sql-reference.md for the functions that run")
        }
        guard base.arity.contains(args.count) else {
            throw SQLIssue.error("\(name) expects \(ScalarFunction.describe(base.arity)) arguments, got \(args.count)", at: span)
        }
        do {
            let f = try base.specialized(constants: args.map(\.constant))
            return FunctionExpr(f, args)
        } catch let error as RuntimeError {
            throw SQLIssue.error(error.reason, at: span)
        }
    }

    package static func value(of literal: SQLLiteral, span: SQLSpan) throws -> SQLValue {
        switch literal {
        case .integer(let text):
            if let i = Int64(text) { return .int(i) }
            if let d = Double(text) { return .double(d) }
            throw SQLIssue.error("number \(text) is out of range", at: span)
        case .decimal(let text):
            // As Velostream: a literal with a point and no exponent is an exact decimal (its ScaledInteger),
            // so `price * 1.10` stays exact; `1e-3` and digits beyond 18 are DOUBLE.
            if !text.contains(where: { $0 == "e" || $0 == "E" }), let d = SQLDecimal(parsing: Substring(text)) { return .decimal(d) }
            if let d = SQLValue.numberFromString(text) { return d }
            throw SQLIssue.error("bad number \(text)", at: span)
        case .string(let s): return .string(s)
        case .boolean(let b): return .bool(b)
        case .null: return .null
        }
    }
}
