import Testing
import VeloBase
import VeloEngine
import VeloSQL

/// A generated join key as it appears in a record: text, whole number, decimal, JSON null or absent.
enum JoinTestKey {
    case text(String), int(Int), double(Double), null, missing

    var json: String? {
        switch self {
        case .text(let s): return "\"\(s)\""
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .null: return "null"
        case .missing: return nil
        }
    }

    /// The documented matching rule, written independently: NULL never matches; numbers by value; a
    /// string that reads as a number in full is that number; other strings exactly.
    var canonical: String? {
        func number(_ d: Double) -> String { d == d.rounded() ? "n\(Int(d))" : "d\(d)" }
        switch self {
        case .null, .missing: return nil
        case .int(let i): return "n\(i)"
        case .double(let d): return number(d)
        case .text(let s):
            if let i = Int(s) { return "n\(i)" }
            if let d = Double(s), s.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true { return number(d) }
            return "s" + s
        }
    }

    static func pick(_ rng: inout ExecRandom, _ pool: [JoinTestKey]) -> JoinTestKey { pool[rng.int(0...(pool.count - 1))] }
}

func joinObject(_ fields: [(String, String?)]) -> String {
    "{" + fields.compactMap { k, v in v.map { "\"\(k)\":\($0)" } }.joined(separator: ",") + "}"
}

func joinRows(_ result: ExecEngine.Result, _ keys: [String]) -> [String] { result.records.map { execRow($0, keys) } }

@Suite struct ExecJoinTests {
    struct Ref { var id: JoinTestKey; var name: String; var w: Int? }
    struct Rec { var seq: Int; var sym: JoinTestKey; var p: Int }

    static let tablePool: [JoinTestKey] = [
        .text("K0"), .text("K1"), .text("K2"), .text("K3"), .int(1), .double(2.0), .text("3"),
        .double(4.5), .null, .missing
    ]
    static let streamPool: [JoinTestKey] = [
        .text("K0"), .text("K1"), .text("K5"), .text("k1"), .double(1.0), .text("1"), .int(2),
        .text("2.0"), .int(3), .text("4.5"), .null, .missing
    ]

    static func data(seed: UInt64) -> ([Ref], [Rec]) {
        var rng = ExecRandom(seed: seed)
        let refs = (0..<40).map { i in Ref(id: JoinTestKey.pick(&rng, tablePool), name: "N\(i)", w: rng.chance(0.15) ? nil : rng.int(0...100)) }
        let recs = (0..<300).map { i in Rec(seq: i, sym: JoinTestKey.pick(&rng, streamPool), p: rng.int(0...100)) }
        return (refs, recs)
    }

    /// Nested loops over the data: the latest table row per key is the only candidate; `extra` is the
    /// residual predicate; RIGHT/FULL add the never-matched latest rows in file order at the end.
    static func oracle(_ kind: String, _ refs: [Ref], _ recs: [Rec], extra: (Ref, Rec) -> Bool) -> [String] {
        func w(_ r: Ref) -> String { r.w.map(String.init) ?? "null" }
        var latest: [Int] = []
        for (i, r) in refs.enumerated() where r.id.canonical != nil {
            if !refs[(i + 1)...].contains(where: { $0.id.canonical == r.id.canonical }) { latest.append(i) }
        }
        var out: [String] = []
        var matched = Set<Int>()
        for rec in recs {
            var hit: Int?
            for i in latest where refs[i].id.canonical == rec.sym.canonical && rec.sym.canonical != nil { hit = i }
            if let i = hit, extra(refs[i], rec) {
                matched.insert(i)
                out.append("\(rec.seq)|\(rec.p)|\(refs[i].name)|\(w(refs[i]))")
            } else if kind == "LEFT" || kind == "FULL" {
                out.append("\(rec.seq)|\(rec.p)|null|null")
            }
        }
        if kind == "RIGHT" || kind == "FULL" {
            for i in latest where !matched.contains(i) { out.append("null|null|\(refs[i].name)|\(w(refs[i]))") }
        }
        return out
    }

    static func run(_ sql: String, _ refs: [Ref], _ recs: [Rec]) throws -> ExecEngine.Result {
        let table = refs.map { joinObject([("id", $0.id.json), ("name", "\"\($0.name)\""), ("w", $0.w.map(String.init) ?? "null")]) }
        let stream = recs.map { joinObject([("seq", String($0.seq)), ("sym", $0.sym.json), ("p", String($0.p))]) }
        return try ExecEngine.run(sql, records: stream, inputs: ["ref": table])
    }

    @Test(arguments: ["INNER", "LEFT", "RIGHT", "FULL"])
    func streamTableJoinMatchesNestedLoops(kind: String) throws {
        for seed in [1, 2, 3] as [UInt64] {
            let (refs, recs) = Self.data(seed: seed)
            let sql = "SELECT t.seq, t.p, i.name, i.w FROM s t \(kind) JOIN ref i ON t.sym = i.id"
            let got = joinRows(try Self.run(sql, refs, recs), ["seq", "p", "name", "w"])
            let want = Self.oracle(kind, refs, recs) { _, _ in true }
            #expect(got == want, "seed \(seed)")
            #expect(!want.filter { !$0.contains("|null|null") }.isEmpty)
        }
    }

    @Test(arguments: ["INNER", "LEFT", "FULL"])
    func extraPredicatesRunAfterTheLookup(kind: String) throws {
        let (refs, recs) = Self.data(seed: 7)
        let sql = "SELECT t.seq, t.p, i.name, i.w FROM s t \(kind) JOIN ref i ON i.id = t.sym AND i.w > t.p AND t.p <> 13"
        let got = joinRows(try Self.run(sql, refs, recs), ["seq", "p", "name", "w"])
        let want = Self.oracle(kind, refs, recs) { r, rec in (r.w ?? Int.min) > rec.p && rec.p != 13 }
        #expect(got == want)
    }

    @Test func onTrueCrossesWithEveryRowAndFiltersAfter() throws {
        let limits = [#"{"tier":"a","cap":10}"#, #"{"tier":"b","cap":50}"#, #"{"tier":"c","cap":null}"#]
        let recs = (0..<30).map { #"{"n":\#($0 * 3)}"# }
        let sql = "SELECT s.n, l.tier FROM s LEFT JOIN limits l ON true WHERE l.cap IS NULL OR s.n < l.cap"
        let got = joinRows(try ExecEngine.run(sql, records: recs, inputs: ["limits": limits]), ["n", "tier"])
        var want: [String] = []
        for n in stride(from: 0, to: 90, by: 3) {
            for (tier, cap) in [("a", 10), ("b", 50), ("c", nil)] as [(String, Int?)] where cap == nil || n < cap! { want.append("\(n)|\(tier)") }
        }
        #expect(got == want)
        let inner = try ExecEngine.run("SELECT s.n, l.tier FROM s JOIN limits l ON s.n < l.cap", records: recs, inputs: ["limits": limits])
        #expect(inner.records.count == 4 + 17)
    }

    @Test func severalJoinsAndCompoundKeys() throws {
        let desks = [
            #"{"desk":"D1","region":"EU","name":"rates"}"#, #"{"desk":"D1","region":"US","name":"credit"}"#,
            #"{"desk":"D2","region":"EU","name":"fx"}"#
        ]
        let traders = [#"{"id":1,"role":"junior"}"#, #"{"id":"2","role":"senior"}"#]
        var recs: [String] = []
        var want: [String] = []
        var rng = ExecRandom(seed: 11)
        for i in 0..<200 {
            let desk = ["D1", "D2", "D3"][rng.int(0...2)], region = ["EU", "US"][rng.int(0...1)], trader = rng.int(1...3)
            recs.append(#"{"i":\#(i),"desk":"\#(desk)","region":"\#(region)","trader":\#(trader)}"#)
            let name = ["D1 EU": "rates", "D1 US": "credit", "D2 EU": "fx"]["\(desk) \(region)"]
            let role = [1: "junior", 2: "senior"][trader]
            if let name { want.append("\(i)|\(name)|\(role ?? "null")") }
        }
        let sql = """
            SELECT p.i, d.name, tl.role FROM pos p
            JOIN desks d ON p.desk = d.desk AND d.region = p.region
            LEFT JOIN traders tl ON p.trader = tl.id
            """
        let got = joinRows(try ExecEngine.run(sql, records: recs, inputs: ["desks": desks, "traders": traders]), ["i", "name", "role"])
        #expect(got == want)
    }

    @Test func columnsResolveByQualifierUnqualifiedAndStar() throws {
        let ref = [#"{"symbol":"A","name":"Alpha","price":1}"#]
        let recs = [#"{"symbol":"A","price":10}"#, #"{"symbol":"B","price":20}"#]
        let r = try ExecEngine.run(
            "SELECT symbol, name, price, i.price AS ref_price FROM t LEFT JOIN ref i ON t.symbol = i.symbol",
            records: recs, inputs: ["ref": ref])
        #expect(joinRows(r, ["symbol", "name", "price", "ref_price"]) == ["A|Alpha|10|1", "B|null|20|null"])
        let star = try ExecEngine.run("SELECT * FROM t LEFT JOIN ref i ON t.symbol = i.symbol", records: recs, inputs: ["ref": ref])
        #expect(star.records.map { $0.objectValue?.keys ?? [] } == [["symbol", "price", "name"], ["symbol", "price", "name"]])
        #expect(joinRows(star, ["symbol", "price", "name"]) == ["A|10|Alpha", "B|20|null"])
        let sideStar = try ExecEngine.run("SELECT t.price AS p, i.* FROM t JOIN ref i ON t.symbol = i.symbol", records: recs, inputs: ["ref": ref])
        #expect(joinRows(sideStar, ["symbol", "name", "price", "p"]) == ["A|Alpha|1|10"])
        #expect(throws: SQLIssue.self) {
            try ExecEngine.run("SELECT x.price FROM t JOIN ref i ON t.symbol = i.symbol", records: recs, inputs: ["ref": ref])
        }
    }

    @Test func groupedAndWindowedQueriesRunOverTheJoinedRow() throws {
        var rng = ExecRandom(seed: 5)
        let sectors = ["S0": "tech", "S1": "tech", "S2": "energy"]
        let ref = sectors.map { #"{"sym":"\#($0.key)","sector":"\#($0.value)"}"# }
        var recs: [String] = []
        var sums: [String: Int] = [:]
        var t = 1_700_000_000_000
        for _ in 0..<500 {
            t += rng.int(0...50)
            let sym = "S\(rng.int(0...3))", qty = rng.int(1...9)
            recs.append(#"{"sym":"\#(sym)","qty":\#(qty),"ts":\#(t)}"#)
            let key = "\(t / 1000 * 1000)|\(sectors[sym] ?? "null")"
            sums[key, default: 0] += qty
        }
        let sql = """
            SELECT i.sector, SUM(t.qty) AS total, _window_start AS ws FROM trades t LEFT JOIN ref i ON t.sym = i.sym
            GROUP BY i.sector WINDOW TUMBLING(1s) WITH ('event.time.field' = 'ts')
            """
        let got = try ExecEngine.run(sql, records: recs, inputs: ["ref": ref])
        var gotSums: [String: Int] = [:]
        for r in got.records { gotSums[execRow(r, ["ws", "sector"])] = Int(r["total"]?.intValue ?? -1) }
        #expect(gotSums == sums)
    }

    @Test func duplicateKeysKeepTheLatestRowAndNullKeysNeverMatch() throws {
        let ref = [#"{"k":1,"v":"old"}"#, #"{"k":null,"v":"null-key"}"#, #"{"k":"1","v":"new"}"#]
        let recs = [#"{"k":1}"#, #"{"k":null}"#, #"{"x":0}"#, #"{"k":1.0}"#]
        let r = try ExecEngine.run("SELECT s.k, r.v FROM s LEFT JOIN ref r ON s.k = r.k", records: recs, inputs: ["ref": ref])
        #expect(joinRows(r, ["v"]) == ["new", "null", "null", "new"])
    }

    @Test func aMissingJoinedSourceIsAClearError() throws {
        #expect(throws: VeloError.self) {
            try ExecEngine.run("SELECT * FROM s JOIN ref r ON s.k = r.k", records: [#"{"k":1}"#])
        }
    }
}

@Suite struct ExecIntervalJoinTests {
    struct Event { var id: String; var key: JoinTestKey; var ts: Int }

    /// Two streams with keys of mixed types and NULLs, times on a 500 ms grid (so interval boundaries are
    /// hit exactly) and each stream out of order by at most `disorder` ms.
    static func streams(seed: UInt64, n: Int, disorder: Int) -> ([Event], [Event]) {
        var rng = ExecRandom(seed: seed)
        let pool: [JoinTestKey] = [.text("x"), .text("y"), .int(7), .text("7"), .double(7.0), .text("z"), .null, .missing]
        func stream(_ prefix: String) -> [Event] {
            var t = 1_700_000_000_000
            var out: [Event] = []
            for i in 0..<n {
                t += 500 * rng.int(0...4)
                out.append(Event(id: "\(prefix)\(i)", key: JoinTestKey.pick(&rng, pool), ts: t - 500 * rng.int(0...(disorder / 500))))
            }
            return out
        }
        return (stream("a"), stream("b"))
    }

    static func json(_ e: Event) -> String { joinObject([("id", "\"\(e.id)\""), ("k", e.key.json), ("ts", String(e.ts))]) }

    /// Every pair with equal non-NULL keys and b.ts − a.ts in `range`; unmatched rows by join kind.
    static func oracle(_ kind: String, _ a: [Event], _ b: [Event], _ range: ClosedRange<Int>) -> [String] {
        var out: [String] = []
        var bMatched = Set<String>()
        for x in a {
            var hit = false
            for y in b where x.key.canonical != nil && x.key.canonical == y.key.canonical && range.contains(y.ts - x.ts) {
                out.append("\(x.id)|\(y.id)")
                bMatched.insert(y.id)
                hit = true
            }
            if !hit && (kind == "LEFT" || kind == "FULL") { out.append("\(x.id)|null") }
        }
        if kind == "RIGHT" || kind == "FULL" { for y in b where !bMatched.contains(y.id) { out.append("null|\(y.id)") } }
        return out.sorted()
    }

    @Test(arguments: ["INNER", "LEFT", "RIGHT", "FULL"])
    func betweenBoundMatchesNestedLoops(kind: String) throws {
        let (a, b) = Self.streams(seed: 3, n: 400, disorder: 2000)
        let sql = """
            SELECT a.id AS aid, b.id AS bid FROM sa a \(kind) JOIN sb b ON a.k = b.k
              AND b._event_time BETWEEN a._event_time - INTERVAL '3' SECOND AND a._event_time + INTERVAL '5' SECOND
            WITH ('event.time.field' = 'ts', 'watermark.strategy' = 'bounded_out_of_orderness', 'watermark.max_out_of_orderness' = '2s')
            """
        let got = try ExecEngine.run(sql, records: a.map(Self.json), inputs: ["sb": b.map(Self.json)])
        let want = Self.oracle(kind, a, b, -3000...5000)
        #expect(joinRows(got, ["aid", "bid"]).sorted() == want)
        // The data hits both ends of the interval, which are inclusive.
        let ends = a.flatMap { x in b.filter { y in x.key.canonical != nil && x.key.canonical == y.key.canonical }.map { $0.ts - x.ts } }
        #expect(ends.contains(5000) && ends.contains(-3000))
    }

    @Test func aRecordBehindTheWatermarkThatJoinsNothingIsCountedLate() throws {
        // a@1,200 comes after both streams reached 5,000: b's 5,000 is out of its reach and b's earlier
        // records are gone, so it is dropped, and counted. a@1,000 simply found no partner (not late).
        let a = [#"{"k":"x","ts":1000}"#, #"{"k":"x","ts":5000}"#, #"{"k":"x","ts":1200}"#]
        let b = [#"{"k":"x","ts":5000}"#]
        let sql =
            "SELECT a.ts AS ats, b.ts AS bts FROM sa a JOIN sb b ON b.k = a.k WITHIN INTERVAL '1' SECOND "
            + "WITH ('event.time.field' = 'ts')"
        let got = try ExecEngine.run(sql, records: a, inputs: ["sb": b])
        #expect(joinRows(got, ["ats", "bts"]) == ["5000|5000"])
        #expect(got.metrics.lateRecords == 1)
        // Within the out-of-orderness bound it is not late.
        let bounded = try ExecEngine.run(
            sql.replacingOccurrences(of: "'ts')", with: "'ts', 'watermark.max_out_of_orderness' = '5s')"),
            records: a, inputs: ["sb": b])
        #expect(bounded.metrics.lateRecords == 0)
    }

    @Test func metricsCountEachStreamOfAnIntervalJoin() throws {
        let (a, b) = Self.streams(seed: 5, n: 40, disorder: 0)
        let sql = """
            SELECT a.id AS aid, b.id AS bid FROM sa a JOIN sb b ON b.k = a.k WITHIN INTERVAL '2' SECONDS
            WITH ('event.time.field' = 'ts')
            """
        let bOnly = Array(b.prefix(25))
        let got = try ExecEngine.run(sql, records: a.map(Self.json), inputs: ["sb": bOnly.map(Self.json)])
        #expect(got.metrics.sources.map(\.name) == ["sa", "sb"])
        #expect(got.metrics.sources.map(\.records) == [Int64(a.count), 25])
        #expect(got.metrics.recordsIn == Int64(a.count + 25))
    }

    @Test(arguments: ["INNER", "FULL"])
    func withinBoundAndSwappedBetweenMatchNestedLoops(kind: String) throws {
        let (a, b) = Self.streams(seed: 9, n: 300, disorder: 1000)
        let within = """
            SELECT a.id AS aid, b.id AS bid FROM sa a \(kind) JOIN sb b ON b.k = a.k WITHIN INTERVAL '2' SECONDS
            WITH ('event.time.field' = 'ts', 'watermark.max_out_of_orderness' = '1s')
            """
        let got = try ExecEngine.run(within, records: a.map(Self.json), inputs: ["sb": b.map(Self.json)])
        #expect(joinRows(got, ["aid", "bid"]).sorted() == Self.oracle(kind, a, b, -2000...2000))
        // a's time within [b − 1 s, b + 4 s] is b − a within [−4 s, 1 s].
        let swapped = """
            SELECT a.id AS aid, b.id AS bid FROM sa a \(kind) JOIN sb b ON a.k = b.k
              AND a._event_time BETWEEN b._event_time - INTERVAL '1' SECOND AND b._event_time + INTERVAL '4' SECOND
            WITH ('event.time.field' = 'ts', 'watermark.max_out_of_orderness' = '1s')
            """
        let got2 = try ExecEngine.run(swapped, records: a.map(Self.json), inputs: ["sb": b.map(Self.json)])
        #expect(joinRows(got2, ["aid", "bid"]).sorted() == Self.oracle(kind, a, b, -4000...1000))
    }

    @Test func lateRecordsProbeWhatIsStillKept() throws {
        let a = [#"{"id":"a1","k":"x","ts":10000}"#, #"{"id":"a2","k":"x","ts":30000}"#, #"{"id":"a3","k":"x","ts":16000}"#]
        let b = [#"{"id":"b1","k":"x","ts":20000}"#, #"{"id":"b2","k":"x","ts":21000}"#]
        func run(_ outOfOrder: String) throws -> [String] {
            let sql = """
                SELECT a.id AS aid, b.id AS bid FROM sa a LEFT JOIN sb b ON a.k = b.k
                  AND b._event_time BETWEEN a._event_time - INTERVAL '3' SECOND AND a._event_time + INTERVAL '5' SECOND
                WITH ('event.time.field' = 'ts', 'watermark.strategy' = 'bounded_out_of_orderness', 'watermark.max_out_of_orderness' = '\(outOfOrder)')
                """
            return joinRows(try ExecEngine.run(sql, records: a, inputs: ["sb": b]), ["aid", "bid"])
        }
        // No slack: b1 and b2 expired when a2 moved the watermark to 30 s, so the late a3 finds nothing.
        #expect(try run("0s") == ["a1|null", "a3|null", "a2|null"])
        // 15 s of slack keeps them: a3 matches both (b2 − a3 = 5 s, the inclusive upper end).
        #expect(try run("15s").sorted() == ["a1|null", "a2|null", "a3|b1", "a3|b2"])
    }

    @Test func keptStateStaysBoundedByTheInterval() throws {
        var a: [String] = [], b: [String] = []
        for i in 0..<5000 {
            a.append(#"{"k":\#(i % 10),"ts":\#(i * 1000)}"#)
            b.append(#"{"k":\#(i % 10),"ts":\#(i * 1000 + 500)}"#)
        }
        let sql = """
            SELECT COUNT(*) AS n FROM sa a JOIN sb b ON a.k = b.k WITHIN INTERVAL '20' SECONDS
            WITH ('event.time.field' = 'ts', 'watermark.max_out_of_orderness' = '5s')
            """
        let checked = SQLFrontEnd.check(sql)
        let statement = checked.script.statements[0]
        let plan = try ExecPlan.make(statement, job: checked.jobs[0], script: checked.script)
        let sink = CollectingSink(encoder: ObjectEncoder(names: plan.outputNames))
        let runtime = try ExecRuntime(
            plan: plan, source: MemorySource(name: "sa", lines: a), sink: sink, events: nil,
            profiler: StageProfiler(enabled: false), sources: MemorySources(["sb": b]))
        _ = try runtime.run()
        var want = 0
        for i in 0..<5000 {
            for j in max(0, i - 25)..<min(5000, i + 25) where i % 10 == j % 10 && abs((j * 1000 + 500) - i * 1000) <= 20000 { want += 1 }
        }
        #expect(sink.collected.last?["n"]?.intValue == Int64(want))
        let peak = try #require(runtime.joins?.interval?.peakKept)
        #expect(peak > 20 && peak < 120, "kept \(peak) records at most")
    }

    @Test func starWritesBothStreamsFields() throws {
        let a = [#"{"id":"a1","k":"x","ts":1000}"#, #"{"id":"a2","k":"y","ts":2000}"#]
        let b = [#"{"k":"x","w":5,"ts":1500}"#]
        let sql = "SELECT * FROM sa a LEFT JOIN sb b ON a.k = b.k WITHIN INTERVAL '1' SECOND WITH ('event.time.field' = 'ts')"
        let r = try ExecEngine.run(sql, records: a, inputs: ["sb": b])
        #expect(r.records.map { $0.objectValue?.keys ?? [] } == [["id", "k", "ts", "w"], ["id", "k", "ts", "w"]])
        #expect(joinRows(r, ["id", "w"]) == ["a1|5", "a2|null"])
    }

    @Test func aSecondJoinBesideAStreamStreamJoinIsRejected() throws {
        let sql = """
            SELECT a.k FROM sa a JOIN sb b ON a.k = b.k WITHIN INTERVAL '1' SECOND JOIN ref r ON a.k = r.k
            """
        #expect(throws: SQLIssue.self) { try ExecEngine.run(sql, records: []) }
    }
}
