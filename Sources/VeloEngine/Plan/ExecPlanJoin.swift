import VeloSQL

/// One joined source of a query (`JOIN instruments i ON …`). Its records are decoded with a layout of
/// its own (`local`: only the fields the query reads from it); each local slot has a slot of the combined
/// row (`absolute`), where expressions read it.
package final class JoinSide {
    /// 1 for the first JOIN (0 is the FROM stream).
    package let number: Int
    package let name: String
    /// The alias, else the name (lowercased for matching).
    package let qualifier: String
    package let kind: SQLJoinKind
    package let span: SQLSpan
    package let local = InputLayout()
    package private(set) var absolute: [Int] = []
    /// Equality keys: `probeKeys[i]` over the earlier sides equals `ownKeys[i]` over this side.
    package var probeKeys: [ExecExpr] = []
    package var ownKeys: [ExecExpr] = []
    /// The rest of ON, evaluated on the combined row after a key match.
    package var residual: ExecExpr?
    /// Stream-stream: this side's event time minus the earlier side's lies in `interval` (inclusive).
    package var interval: ClosedRange<Int64>?
    /// Event time of this side's records (stream-stream), over the local row.
    package var eventTime: EventTimeSource = .arrival
    /// Whether `*` or `<qualifier>.*` writes this side's columns.
    package var star = false

    package init(number: Int, name: String, qualifier: String, kind: SQLJoinKind, span: SQLSpan) {
        self.number = number
        self.name = name
        self.qualifier = qualifier
        self.kind = kind
        self.span = span
    }

    /// Outer on this side: its rows are kept without a match (RIGHT, FULL).
    package var keepsOwnRows: Bool { kind == .right || kind == .full }
    /// Outer on the earlier side: its rows are kept without a match (LEFT, FULL).
    package var keepsProbeRows: Bool { kind == .left || kind == .full }

    package func slot(field: String, in row: InputLayout) -> Int { absoluteSlot(local.slot(field: field), row) }
    package func slot(system: SystemColumn, in row: InputLayout) -> Int { absoluteSlot(local.slot(system: system), row) }

    private func absoluteSlot(_ localSlot: Int, _ row: InputLayout) -> Int {
        while absolute.count <= localSlot { absolute.append(row.reserveSlot()) }
        return absolute[localSlot]
    }
}

/// The joins of a query: its sides and how columns resolve over them.
package final class JoinPlan {
    package let mainQualifier: String
    package let mainName: String
    package var sides: [JoinSide] = []
    /// Whether `*` or `<from>.*` writes the FROM record.
    package var mainStar = false
    package weak var layout: InputLayout?

    package init(mainName: String, mainQualifier: String) {
        self.mainName = mainName
        self.mainQualifier = mainQualifier
    }

    /// The stream-stream join, when the query has one (then it is the only join).
    package var intervalSide: JoinSide? { sides.count == 1 && sides[0].interval != nil ? sides[0] : nil }

    /// The side a qualifier names (0 = FROM), nil when unknown.
    package func sideNumber(_ qualifier: String) -> Int? {
        let q = qualifier.lowercased()
        if q == mainQualifier || q == mainName.lowercased() { return 0 }
        return sides.first { $0.qualifier == q || $0.name.lowercased() == q }?.number
    }

    /// `q.col` reads side q; an unqualified system column reads the FROM stream; any other unqualified
    /// column reads the first side (FROM first, then the joins in order) whose value is not NULL.
    package func resolve(_ qualifier: SQLIdentifier?, _ name: SQLIdentifier, _ span: SQLSpan) throws -> ExecExpr {
        guard let layout else { return ConstExpr(.null) }
        let system = SystemColumn(rawValue: name.value.lowercased())
        if let qualifier {
            guard let n = sideNumber(qualifier.value) else {
                let known = [mainQualifier] + sides.map(\.qualifier)
                throw SQLIssue.error(
                    "unknown table or alias '\(qualifier.value)'", at: qualifier.span,
                    hint: "tables here: " + known.joined(separator: ", "))
            }
            if n == 0 { return try layout.resolveSingle(qualifier, name, span) }
            let side = sides[n - 1]
            return SlotExpr(system.map { side.slot(system: $0, in: layout) } ?? side.slot(field: name.value, in: layout))
        }
        if let system { return SlotExpr(layout.slot(system: system)) }
        let slots = [layout.slot(field: name.value)] + sides.map { $0.slot(field: name.value, in: layout) }
        return FirstNonNullExpr(slots)
    }

    /// Which sides an expression reads (unqualified fields could be any side).
    package func sidesRead(_ e: SQLExpr) -> Set<Int> {
        var found = Set<Int>()
        e.forEach { node in
            guard case .column(let qualifier, let name) = node.kind else { return }
            if let qualifier, let n = sideNumber(qualifier.value) {
                found.insert(n)
            } else if qualifier == nil, SystemColumn(rawValue: name.value.lowercased()) != nil {
                found.insert(0)
            } else {
                found.formUnion(0...sides.count)
            }
        }
        return found
    }
}

/// An unqualified column over a join: the first non-NULL of the sides that could hold it.
package final class FirstNonNullExpr: ExecExpr {
    package let slots: [Int]
    package init(_ slots: [Int]) { self.slots = slots }
    package override func eval(_ row: ExecRow) throws -> SQLValue {
        for s in slots where !row.slots[s].isNull { return row.slots[s] }
        return .null
    }
}

extension ExecPlan {
    /// Plans the JOINs of a query before its other clauses compile (they resolve columns through it).
    package func planJoins(_ select: SQLSelect) throws {
        guard !select.joins.isEmpty, let from = select.from, let fromName = from.name else { return }
        let join = JoinPlan(mainName: fromName.value, mainQualifier: (from.qualifier ?? fromName.value).lowercased())
        join.layout = input
        input.join = join
        for (i, j) in select.joins.enumerated() {
            guard let name = j.table.name else {
                throw SQLIssue.error("a subquery in JOIN is not supported yet", at: j.table.span, hint: "join a named table or stream")
            }
            let side = JoinSide(
                number: i + 1, name: name.value, qualifier: (j.table.qualifier ?? name.value).lowercased(), kind: j.kind, span: j.span)
            if join.sideNumber(side.qualifier) != nil {
                throw SQLIssue.error("'\(side.qualifier)' is joined twice", at: j.table.span, hint: "give each side its own alias")
            }
            join.sides.append(side)
        }
        for (i, j) in select.joins.enumerated() {
            try planCondition(j, side: join.sides[i], join: join)
        }
        if join.sides.contains(where: { $0.interval != nil }) && join.intervalSide == nil {
            throw SQLIssue.error(
                "a stream-stream join must be the only join of its query", at: select.joins[0].span,
                hint: "join the two streams in one job (CREATE STREAM … AS SELECT), then enrich its output in another")
        }
        if let side = join.intervalSide {
            let field = statement.property("\(side.name).event.time.field")?.value ?? statement.property("event.time.field")?.value
            let format = statement.property("\(side.name).event.time.format")?.value ?? statement.property("event.time.format")?.value
            if let field {
                _ = side.slot(field: field, in: input)
                side.eventTime = .expr(SlotExpr(side.local.slot(field: field)), EventTimeFormat(property: format))
            }
            _ = side.slot(system: .eventTime, in: input)
            _ = input.slot(system: .eventTime)
        }
    }

    /// Splits ON into equality keys (earlier sides = this side), a time bound (stream-stream) and the rest.
    private func planCondition(_ j: SQLJoin, side: JoinSide, join: JoinPlan) throws {
        let scan = ExecCompiler(column: input.resolve, clause: "a JOIN condition")
        let earlier = Set(0..<side.number)
        var rest: [SQLExpr] = []
        var conjuncts: [SQLExpr] = []
        func split(_ e: SQLExpr) {
            if case .binary(.and, let l, let r) = e.kind { split(l); split(r) } else { conjuncts.append(e) }
        }
        if let on = j.on {
            split(on)
        } else if j.within == nil {
            throw SQLIssue.error("JOIN needs an ON condition", at: j.span, hint: "write ON a.id = b.id, or ON true for every pair")
        }
        for c in conjuncts {
            if case .literal(.boolean(true)) = c.kind { continue }
            if case .binary(.equal, let l, let r) = c.kind {
                let sl = join.sidesRead(l), sr = join.sidesRead(r)
                if sr == [side.number], !sl.isEmpty, sl.isSubset(of: earlier) {
                    side.probeKeys.append(try scan.compile(l)); side.ownKeys.append(try scan.compile(r)); continue
                }
                if sl == [side.number], !sr.isEmpty, sr.isSubset(of: earlier) {
                    side.probeKeys.append(try scan.compile(r)); side.ownKeys.append(try scan.compile(l)); continue
                }
            }
            if side.interval == nil, let range = try timeBound(c, side: side, join: join, scan: scan) {
                side.interval = range
            }
            rest.append(c)
        }
        if let within = j.within {
            let d = within.millis
            side.interval = side.interval.map { max($0.lowerBound, -d)...min($0.upperBound, d) } ?? (-d)...d
            if side.interval!.isEmpty {
                throw SQLIssue.error("the time bounds of this join leave no interval", at: j.span)
            }
        }
        if !rest.isEmpty {
            let combined = rest.dropFirst().reduce(rest[0]) { SQLExpr(.binary(.and, $0, $1), span: $1.span) }
            side.residual = try scan.compile(combined)
        }
    }

    /// `b._event_time BETWEEN a._event_time - X AND a._event_time + Y` (either way round): the range of
    /// (joined side's time − earlier side's time), or nil when `e` is not such a bound.
    private func timeBound(_ e: SQLExpr, side: JoinSide, join: JoinPlan, scan: ExecCompiler) throws -> ClosedRange<Int64>? {
        guard case .between(let x, let lo, let hi, false) = e.kind, let (xs, x0) = try timeOffset(x, join, scan),
            x0 == 0, let (ls, l) = try timeOffset(lo, join, scan), let (hs, h) = try timeOffset(hi, join, scan), ls == hs,
            ls != xs, Set([ls, xs]).contains(side.number)
        else { return nil }
        // x ∈ [other + l, other + h]
        let range = xs == side.number ? l...h : (-h)...(-l)
        guard l <= h else { throw SQLIssue.error("the lower bound of this time interval is above its upper bound", at: e.span) }
        return range
    }

    /// `q._event_time [± constant]` → (side, offset in ms).
    private func timeOffset(_ e: SQLExpr, _ join: JoinPlan, _ scan: ExecCompiler) throws -> (Int, Int64)? {
        switch e.kind {
        case .column(let q?, let name) where name.value.lowercased() == SystemColumn.eventTime.rawValue:
            return join.sideNumber(q.value).map { ($0, 0) }
        case .binary(let op, let l, let r) where op == .add || op == .subtract:
            guard let (s, o) = try timeOffset(l, join, scan), join.sidesRead(r).isEmpty,
                let c = try scan.compile(r).constant?.intValue
            else { return nil }
            return (s, op == .add ? o + c : o - c)
        default:
            return nil
        }
    }

    /// `*` or `q.*` over a join.
    package func planJoinStar(_ qualifier: SQLIdentifier?, span: SQLSpan, join: JoinPlan) throws {
        guard let qualifier else {
            if join.mainStar || join.sides.contains(where: \.star) { throw SQLIssue.error("'*' is listed twice", at: span) }
            join.mainStar = true
            join.sides.forEach { $0.star = true }
            return
        }
        guard let n = join.sideNumber(qualifier.value) else { throw SQLIssue.error("unknown table '\(qualifier.value)'", at: span) }
        if n == 0 {
            if join.mainStar { throw SQLIssue.error("'*' is listed twice", at: span) }
            join.mainStar = true
        } else {
            if join.sides[n - 1].star { throw SQLIssue.error("'*' is listed twice", at: span) }
            join.sides[n - 1].star = true
        }
    }
}
