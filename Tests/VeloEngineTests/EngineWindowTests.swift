import Testing
import VeloBase
import VeloEngine

/// Runs (time, key, value) records through a store with SUM and COUNT(*), advancing a watermark after
/// each record, and returns what fired as (start, end, key, sum, count).
struct WindowHarness {
    typealias Row = (start: Int64?, end: Int64?, key: String, sum: SQLValue, count: SQLValue)
    let store: WindowStore
    var watermark: WatermarkTracker
    var fired: [Row] = []
    var late = 0

    init(_ spec: WindowSpec?, _ strategy: WatermarkTracker.Strategy = .ascending) {
        store = WindowStore(
            window: spec,
            prototypes: [
                try! AggregateFunctions.lookup("SUM")!.make(),
                try! AggregateFunctions.lookup("COUNT", star: true)!.make()
            ])
        watermark = WatermarkTracker(strategy)
    }

    static func row(_ b: WindowBounds?, _ g: AggregateGroup) -> Row {
        (b?.start, b?.end, g.key.values[0].description, g.result(0), g.result(1))
    }

    mutating func add(_ t: Int64, _ key: String, _ v: SQLValue = 1) throws {
        let outcome = try store.add(eventTime: t, key: .one(.string(key))) { g in
            try g.add(0, v)
            try g.add(1, v)
        }
        if outcome == .late { late += 1 }
        if watermark.observe(t) {
            var out: [Row] = []
            store.advance(watermark: watermark.watermark) { out.append(WindowHarness.row($0, $1)) }
            fired += out
        }
    }

    mutating func finish() {
        var out: [Row] = []
        store.closeAll { out.append(WindowHarness.row($0, $1)) }
        fired += out
    }
}

@Suite struct EngineWindowAssignerTests {
    @Test func tumblingBoundariesAndNegativeTimes() {
        let spec = WindowSpec.tumbling(size: 1000)
        #expect(WindowAssigner.windows(for: 999, spec) == [WindowBounds(start: 0, end: 1000)])
        #expect(WindowAssigner.windows(for: 1000, spec) == [WindowBounds(start: 1000, end: 2000)], "a boundary belongs to the later window")
        #expect(WindowAssigner.windows(for: 0, spec) == [WindowBounds(start: 0, end: 1000)])
        #expect(WindowAssigner.windows(for: -1, spec) == [WindowBounds(start: -1000, end: 0)])
        #expect(WindowAssigner.windows(for: -1000, spec) == [WindowBounds(start: -1000, end: 0)])
        #expect(WindowAssigner.windows(for: -1001, spec) == [WindowBounds(start: -2000, end: -1000)])
        // aligned to the epoch: a 1-minute window starts on whole minutes
        #expect(WindowAssigner.windows(for: 1_709_647_629_250, .tumbling(size: 60_000))[0].start == 1_709_647_620_000)
    }

    @Test func slidingWindowsCoverEachRecordSizeOverAdvanceTimes() {
        let spec = WindowSpec.sliding(size: 300, advance: 100)
        #expect(WindowAssigner.windows(for: 250, spec).map(\.start) == [0, 100, 200])
        #expect(
            WindowAssigner.windows(for: 300, spec).map(\.start) == [100, 200, 300],
            "on a boundary: the window starting there, not the one ending there")
        #expect(WindowAssigner.windows(for: -50, spec).map(\.start) == [-300, -200, -100])
        var rng = SeededRandom(seed: 8)
        for _ in 0..<500 {
            let size = rng.int(1...50) * 10, advance = rng.int(1...10) * 5
            guard advance <= size else { continue }
            let t = rng.int(-10_000...10_000)
            let ws = WindowAssigner.windows(for: t, .sliding(size: size, advance: advance))
            // brute force: every aligned start s with s <= t < s + size
            var want: [Int64] = []
            var s = Timestamps.floorDiv(t - size, advance) * advance
            while s <= t { if t < s + size { want.append(s) }; s += advance }
            #expect(ws.map(\.start) == want, "t=\(t) size=\(size) advance=\(advance)")
            #expect(ws.allSatisfy { $0.end - $0.start == size })
        }
        #expect(throws: RuntimeError.self) { try WindowSpec.sliding(size: 10, advance: 20).validate() }
        #expect(throws: RuntimeError.self) { try WindowSpec.tumbling(size: 0).validate() }
    }
}

@Suite struct EngineWatermarkTests {
    @Test func boundedOutOfOrderness() throws {
        var w = try WatermarkTracker(strategy: nil, maxOutOfOrderness: "5s")
        #expect(w.strategy == .boundedOutOfOrderness(5000))
        let moved = w.observe(10_000)
        #expect(moved)
        #expect(w.watermark == 5000)
        let movedAgain = w.observe(7000)
        #expect(!movedAgain, "older records do not move the watermark")
        #expect(w.isBehind(4999))
        #expect(!w.isBehind(5000))
        w.observe(4000)
        #expect(w.behindCount == 1)
        w.finish()
        #expect(w.watermark == .max)
        #expect(try WatermarkTracker(strategy: "ascending", maxOutOfOrderness: nil).strategy == .ascending)
        #expect(throws: RuntimeError.self) { try WatermarkTracker(strategy: nil, maxOutOfOrderness: "soon") }
        // An unknown strategy is Velostream's default, as it logs "using default" (the analyzer warns).
        #expect(try WatermarkTracker(strategy: "sometimes", maxOutOfOrderness: nil).strategy == .ascending)
        #expect(try WatermarkTracker(strategy: "custom", maxOutOfOrderness: "2s").strategy == .boundedOutOfOrderness(2000))
        #expect(try WatermarkTracker(strategy: "none", maxOutOfOrderness: "2s").strategy == .none)
    }

    @Test func noneNeverAdvancesUntilFinish() {
        var w = WatermarkTracker(.none)
        let moved = w.observe(1_000_000)
        #expect(!moved)
        #expect(w.watermark == .min)
    }
}

@Suite struct EngineWindowStoreTests {
    @Test func tumblingFiresOnWatermarkAndReleasesState() throws {
        var h = WindowHarness(.tumbling(size: 1000))
        try h.add(100, "a", 1)
        try h.add(200, "b", 2)
        try h.add(999, "a", 3)
        #expect(h.fired.isEmpty)
        #expect(h.store.openWindows == 1 && h.store.liveGroups == 2)
        try h.add(1000, "a", 4) // watermark reaches 1000: [0,1000) closes
        #expect(h.fired.count == 2)
        #expect(h.fired[0].start == 0 && h.fired[0].end == 1000 && h.fired[0].key == "a" && h.fired[0].sum == .int(4) && h.fired[0].count == .int(2))
        #expect(h.fired[1].key == "b" && h.fired[1].sum == .int(2))
        #expect(h.store.openWindows == 1 && h.store.liveGroups == 1, "fired state is released")
        try h.add(500, "a", 100) // behind a closed window
        #expect(h.late == 1 && h.store.lateRecords == 1)
        h.finish()
        #expect(h.fired.count == 3 && h.fired[2].start == 1000 && h.fired[2].sum == .int(4))
        #expect(h.store.liveGroups == 0 && h.store.openWindows == 0)
        #expect(h.store.estimatedBytes() == 0)
        #expect(h.store.peakGroups == 3 && h.store.firedWindows == 2, "the record at 1000 opens its window before [0,1000) fires")
    }

    @Test func outOfOrderWithinBoundIsAccepted() throws {
        var h = WindowHarness(.tumbling(size: 1000), .boundedOutOfOrderness(500))
        try h.add(1200, "a")
        try h.add(900, "a") // watermark 700: window [0,1000) still open
        try h.add(1600, "a") // watermark 1100: [0,1000) fires
        #expect(h.fired.count == 1 && h.fired[0].count == .int(1))
        try h.add(950, "a")
        #expect(h.late == 1)
        h.finish()
        #expect(h.fired.map(\.count) == [.int(1), .int(2)])
    }

    @Test func tumblingMatchesBruteForceOracle() throws {
        var rng = SeededRandom(seed: 77)
        var h = WindowHarness(.tumbling(size: 250), .boundedOutOfOrderness(100))
        var accepted: [(Int64, String, Int64)] = []
        var maxSeen = Int64.min
        for i in 0..<3000 {
            let t = Int64(i) * 3 + rng.int(-150...0) - 500 // crosses zero, slightly out of order
            let key = "k\(rng.int(0...4))"
            let v = rng.int(1...9)
            let closedThrough = maxSeen == .min ? Int64.min : maxSeen - 100
            let start = Timestamps.floorDiv(t, 250) * 250
            let before = h.late
            try h.add(t, key, .int(v))
            let isLate = start + 250 <= closedThrough
            #expect((h.late > before) == isLate, "t=\(t)")
            if !isLate { accepted.append((t, key, v)) }
            maxSeen = max(maxSeen, t)
        }
        h.finish()
        var oracle: [String: Int64] = [:]
        for (t, k, v) in accepted { oracle["\(Timestamps.floorDiv(t, 250) * 250)/\(k)", default: 0] += v }
        var got: [String: Int64] = [:]
        for r in h.fired { got["\(r.start!)/\(r.key)"] = r.sum.intValue! }
        #expect(got == oracle)
        #expect(h.fired.map { $0.end! } == h.fired.map { $0.end! }.sorted(), "windows fire in end order")
        #expect(h.late > 0, "the data does include late records")
    }

    @Test func slidingCountsEachRecordInEveryWindow() throws {
        var h = WindowHarness(.sliding(size: 300, advance: 100))
        for t: Int64 in [0, 50, 150, 250, 320] { try h.add(t, "k") }
        h.finish()
        let counts = Dictionary(uniqueKeysWithValues: h.fired.map { ($0.start!, $0.count.intValue!) })
        #expect(counts == [-200: 2, -100: 3, 0: 4, 100: 3, 200: 2, 300: 1])
        #expect(h.store.peakOpenWindows >= 3)
    }

    @Test func sessionsMergeAndFire() throws {
        var h = WindowHarness(.session(gap: 100))
        try h.add(0, "a", 1)
        try h.add(50, "a", 2) // extends [0,150)
        try h.add(400, "b", 5) // watermark 400: session a [0,150) fires
        #expect(h.fired.count == 1)
        #expect(h.fired[0].start == 0 && h.fired[0].end == 150 && h.fired[0].sum == .int(3))
        try h.add(600, "b", 1) // b: 400 and 600 are 200 apart: two sessions; [400,500) fires
        #expect(h.fired.count == 2 && h.fired[1].key == "b" && h.fired[1].end == 500)
        h.finish()
        #expect(h.fired.count == 3 && h.fired[2].start == 600 && h.fired[2].end == 700)
        #expect(h.store.liveGroups == 0)
    }

    @Test func outOfOrderRecordBridgesTwoSessions() throws {
        var h = WindowHarness(.session(gap: 100), .boundedOutOfOrderness(1000))
        try h.add(0, "a", 1) // [0,100)
        try h.add(250, "a", 2) // [250,350)
        #expect(h.store.openWindows == 2)
        try h.add(120, "a", 4) // [120,220) touches neither…
        #expect(h.store.openWindows == 3)
        try h.add(180, "a", 8) // [180,280) bridges [120,220) and [250,350)
        #expect(h.store.openWindows == 2)
        try h.add(100, "a", 16) // [100,200) touches [0,100) (they meet) and [120,350): all one session
        #expect(h.store.openWindows == 1)
        #expect(h.store.liveGroups == 1)
        h.finish()
        #expect(h.fired.count == 1)
        #expect(h.fired[0].start == 0 && h.fired[0].end == 350 && h.fired[0].sum == .int(31) && h.fired[0].count == .int(5))
    }

    @Test func lateRecordJoinsAnOpenSession() throws {
        var h = WindowHarness(.session(gap: 100), .ascending)
        try h.add(0, "a", 1) // [0,100)
        try h.add(150, "a", 2) // watermark 150: [0,100) fires; [150,250) open
        #expect(h.fired.count == 1)
        try h.add(60, "a", 4) // [60,160) is behind the watermark but touches [150,250): merged, not late
        #expect(h.late == 0)
        try h.add(-100, "a", 8) // [-100,0) touches nothing open: late
        #expect(h.late == 1)
        h.finish()
        #expect(h.fired.count == 2 && h.fired[1].start == 60 && h.fired[1].end == 250 && h.fired[1].sum == .int(6))
    }

    @Test func sessionOracleOnRandomData() throws {
        var rng = SeededRandom(seed: 21)
        var h = WindowHarness(.session(gap: 30), .none)
        var byKey: [String: [Int64]] = [:]
        for _ in 0..<400 {
            let t = rng.int(0...3000), k = "k\(rng.int(0...3))"
            try h.add(t, k)
            byKey[k, default: []].append(t)
        }
        h.finish()
        // oracle: sort each key's times, split where the gap exceeds 30
        var want: [String] = []
        for (k, ts) in byKey {
            let s = ts.sorted()
            var start = s[0], last = s[0], n = 1
            for t in s.dropFirst() {
                if t - last > 30 { want.append("\(k) \(start) \(last + 30) \(n)"); start = t; n = 0 }
                last = t; n += 1
            }
            want.append("\(k) \(start) \(last + 30) \(n)")
        }
        let got = h.fired.map { "\($0.key) \($0.start!) \($0.end!) \($0.count.intValue!)" }
        #expect(got.sorted() == want.sorted())
    }

    @Test func noWindowEmitsChangesAndFinal() throws {
        let store = WindowStore(window: nil, prototypes: [try! AggregateFunctions.lookup("SUM")!.make()])
        var changes: [String] = []
        for (k, v) in [("a", 1), ("b", 2), ("a", 3)] as [(String, Int64)] {
            try store.add(
                eventTime: 0, key: .one(.string(k)), { try $0.add(0, .int(v)) },
                onChange: { b, g in changes.append("\(b == nil) \(g.key.values[0]) \(g.result(0))") })
        }
        #expect(changes == ["true a 1", "true b 2", "true a 4"], "EMIT CHANGES: one updated row per input")
        var final: [String] = []
        store.closeAll { _, g in final.append("\(g.key.values[0])=\(g.results()[0])") }
        #expect(final == ["a=4", "b=2"], "first-seen group order")
        #expect(store.liveGroups == 0)
    }

    @Test func emitChangesInsideWindows() throws {
        let store = WindowStore(window: .sliding(size: 20, advance: 10), prototypes: [try! AggregateFunctions.lookup("COUNT", star: true)!.make()])
        var updates: [WindowBounds] = []
        try store.add(eventTime: 15, key: .none, { try $0.add(0, .null) }, onChange: { b, _ in updates.append(b!) })
        #expect(updates == [WindowBounds(start: 0, end: 20), WindowBounds(start: 10, end: 30)])
    }

    @Test func groupKeysUseGroupingEquality() throws {
        let store = WindowStore(window: .tumbling(size: 10), prototypes: [try! AggregateFunctions.lookup("COUNT", star: true)!.make()])
        for key in [GroupKey.one(1), .one(1.0), .one(dec("1.00")), .many([nil, "x"]), .many([nil, "x"])] {
            try store.add(eventTime: 1, key: key) { try $0.add(0, .null) }
        }
        #expect(store.liveGroups == 2)
        #expect(GroupKey([]) == .none && GroupKey([1]) == .one(1) && GroupKey([1, 2]) == .many([1, 2]))
    }

    @Test func stateStaysBoundedAcrossManyWindows() throws {
        var h = WindowHarness(.tumbling(size: 100))
        for i in 0..<20_000 { try h.add(Int64(i), "k\(i % 50)") }
        #expect(h.store.openWindows == 1)
        #expect(h.store.peakOpenWindows == 2, "the next window opens just before the previous fires")
        #expect(h.store.liveGroups <= 50)
        #expect(h.store.estimatedBytes() < 50 * 1024)
        #expect(h.fired.count == 199 * 50)
    }

    @Test func reusedGroupsStartEmptyForEveryAggregate() throws {
        // Window 1 fills groups with one data set; window 2 reuses the objects and must equal a fresh pass.
        let names: [(String, [SQLValue])] = [
            ("COUNT", []), ("COUNT_DISTINCT", []), ("APPROX_COUNT_DISTINCT", []), ("SUM", []), ("AVG", []), ("MIN", []),
            ("MAX", []), ("FIRST_VALUE", []), ("LAST_VALUE", []), ("STDDEV", []), ("VAR_POP", []), ("MEDIAN", []),
            ("PERCENTILE_DISC", [0.9]), ("STRING_AGG", ["/"])
        ]
        let functions = names.map { AggregateFunctions.lookup($0.0)! }
        let prototypes =
            try zip(functions, names).map { try $0.make(parameters: $1.1) }
            + [try AggregateFunctions.lookup("COUNT")!.make(distinct: true), try AggregateFunctions.lookup("CORR")!.make()]
        let store = WindowStore(window: .tumbling(size: 100), prototypes: prototypes)
        var fired: [[SQLValue]] = []
        func feed(_ t: Int64, _ v: SQLValue) throws {
            try store.add(eventTime: t, key: .one("k")) { g in
                for i in g.slots.indices {
                    if i == g.slots.count - 1 { try g.add(i, v, v) } else { try g.add(i, v) }
                }
            }
        }
        for v in [100, 7, 300, 7] as [SQLValue] { try feed(10, v) }
        store.advance(watermark: 100) { _, g in fired.append(g.results()) }
        for v in [1, 2, 2, 5] as [SQLValue] { try feed(150, v) }
        store.closeAll { _, g in fired.append(g.results()) }
        #expect(fired.count == 2)
        let fresh = prototypes.map { $0.makeEmpty() }
        for v in [1, 2, 2, 5] as [SQLValue] {
            for (i, a) in fresh.enumerated() { if i == fresh.count - 1 { try a.add(v, v) } else { try a.add(v) } }
        }
        #expect(fired[1] == fresh.map { $0.result() })
        #expect(fired[0] != fired[1])
    }
}

@Suite struct EngineJobPolicyTests {
    @Test func defaultsAndParsing() throws {
        #expect(EmitMode.defaultMode(hasWindow: true) == .final)
        #expect(EmitMode.defaultMode(hasWindow: false) == .changes)
        #expect(LateDataStrategy(property: nil) == .drop)
        #expect(LateDataStrategy(property: "Dead_Letter") == .deadLetter)
        #expect(LateDataStrategy(property: "update_previous_window") == .updatePrevious)
        #expect(LateDataStrategy(property: "include_in_next_window") == .includeInNext)
        #expect(LateDataStrategy(property: "ignore") == .drop, "unknown values fall back to Velostream's default")
        #expect(FailureStrategy(property: nil) == .logAndContinue)
        #expect(FailureStrategy(property: "FailBatch") == .failBatch)
        #expect(FailureStrategy(property: "retry_with_backoff") == .retryWithBackoff)
        #expect(FailureStrategy(property: "explode") == .logAndContinue)
        #expect(!FailureStrategy.isKnown("explode") && FailureStrategy.isKnown("log-and-continue"))
    }
}

@Suite struct EngineWindowEdgeTests {
    @Test func slidingWithManyOverlapsIsComputedDirectly() throws {
        let ws = WindowAssigner.windows(for: 1_000_000_123, .sliding(size: 86_400_000, advance: 60_000))
        #expect(ws.count == 1440)
        #expect(ws.first!.start <= 1_000_000_123 - 86_400_000 + 60_000 && ws.first!.end > 1_000_000_123)
        #expect(ws.last!.start == 999_960_000)
        #expect(throws: RuntimeError.self) { try WindowSpec.sliding(size: 86_400_000, advance: 1).validate() }
        // a day count too large for milliseconds is an error, not a crash
        #expect(throws: RuntimeError.self) { try SQLValue.compare(.int(.max), .date(0)) }
    }
}
