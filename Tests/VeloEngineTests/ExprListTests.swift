import Testing
import VeloJSON

@testable import VeloEngine

/// `ExprList` is non-copyable and frees its own references: the nodes live exactly as long as the list
/// (or its owner), and a list can be made, used and dropped any number of times.
@Suite struct ExprListTests {
    final class Probe: ExecExpr {
        let value: SQLValue
        init(_ value: SQLValue) { self.value = value }
        override func eval(_ row: ExecRow) throws -> SQLValue { value }
    }

    @Test func evaluatesInOrderAndKeepsItsNodesAlive() throws {
        weak var first: Probe?
        do {
            let list: ExprList = {
                let p = Probe(.int(7))
                first = p
                return ExprList([p, SlotExpr(0), ArithmeticExpr(.add, SlotExpr(0), ConstExpr(.int(1)))])
            }()
            let row = ExecRow(count: 1)
            row[0] = .int(41)
            #expect(list.count == 3)
            #expect(first != nil, "the list owns its nodes")
            #expect(try list.eval(0, row) == .int(7))
            #expect(try list.eval(1, row) == .int(41))
            #expect(try list.eval(2, row) == .int(42))
        }
        #expect(first == nil, "dropping the list releases its nodes")
    }

    @Test func anEmptyListAndManyLifetimes() throws {
        let empty = ExprList([])
        #expect(empty.count == 0)
        let row = ExecRow(count: 1)
        for i in 0..<1000 {
            let list = ExprList((0..<(i % 7)).map { ConstExpr(.int(Int64($0))) })
            for k in 0..<list.count { #expect(try list.eval(k, row) == .int(Int64(k))) }
        }
    }

    /// Every owner (aggregation, both kinds of join, row windows) drops its lists with itself: run each kind
    /// of job many times and check the results stay the same (a double free or a dangling reference would not).
    @Test func ownersRunAndGoAway() throws {
        let trades = (0..<40).map { #"{"id":\#($0),"sym":"S\#($0 % 3)","price":\#($0 * 2),"ts":\#($0 * 500)}"# }
        let quotes = (0..<40).map { #"{"qid":\#($0),"sym":"S\#($0 % 3)","ts":\#($0 * 500 + 250)}"# }
        let refs = (0..<3).map { #"{"sym":"S\#($0)","name":"n\#($0)"}"# }
        let queries = [
            "SELECT sym, COUNT(*) AS n, SUM(price) AS total FROM trades GROUP BY sym EMIT FINAL",
            "SELECT id, AVG(price) OVER (ROWS WINDOW BUFFER 3 ROWS PARTITION BY sym ORDER BY id) AS ma FROM trades",
            "SELECT t.id, r.name FROM trades t LEFT JOIN refs r ON t.sym = r.sym",
            """
            SELECT t.id, q.qid FROM trades t JOIN quotes q ON t.sym = q.sym
              AND q._event_time BETWEEN t._event_time - INTERVAL '1' SECOND AND t._event_time + INTERVAL '1' SECOND
            WITH ('event.time.field' = 'ts')
            """
        ]
        for query in queries {
            var previous: [JSONValue]?
            for _ in 0..<20 {
                let records = try ExecEngine.run(query, records: trades, inputs: ["refs": refs, "quotes": quotes]).records
                #expect(!records.isEmpty, "\(query)")
                if let previous { #expect(records == previous, "\(query)") }
                previous = records
            }
        }
    }
}
