import Testing
import VeloJSON
import VeloSQL

@testable import VeloEngine

/// `_event_time` is the job's event time wherever it appears (docs/sql-reference.md, "Running SQL"):
/// `'event.time.field'` when set, else the message time, else the time the record was read.
@Suite struct EngineEventTimeTests {
    /// 1,000 trades a second apart from 2023-11-14T22:13:20Z, three symbols in turn.
    static let trades = (0..<1000).map { #"{"symbol":"\#(["A", "B", "C"][$0 % 3])","ts":\#(1_700_000_000_000 + Int64($0) * 1000)}"# }

    @Test func windowOverEventTimeReadsTheEventTimeField() throws {
        let result = try ExecEngine.run(
            """
            SELECT symbol, COUNT(*) AS n, TUMBLE_START(_event_time, INTERVAL '1' MINUTE) AS ws FROM trades
            WINDOW TUMBLING(_event_time, INTERVAL '1' MINUTE) GROUP BY symbol EMIT FINAL
            WITH ('event.time.field' = 'ts')
            """, records: Self.trades)
        #expect(result.metrics.failedRecords == 0)
        #expect(result.records.reduce(0) { $0 + ($1["n"]?.intValue ?? 0) } == 1000)
        // 1,000 s from 22:13:20 touch 17 minutes (22:13 … 22:29), each with all three symbols.
        #expect(result.records.count == 17 * 3)
        let starts = Set(result.records.compactMap { $0["ws"]?.intValue })
        #expect(starts.count == 17 && starts.allSatisfy { $0 % 60_000 == 0 })
        #expect(starts.min() == 1_699_999_980_000)
    }

    @Test func eventTimeInProjectionAndPredicateIsTheField() throws {
        let result = try ExecEngine.run(
            "SELECT symbol, _event_time AS t FROM trades WHERE _event_time >= 1700000998000 WITH ('event.time.field' = 'ts')",
            records: Self.trades)
        #expect(result.records.map { $0["t"]?.intValue } == [1_700_000_998_000, 1_700_000_999_000])
    }

    @Test func eventTimeFieldInISOFormatIsEpochMillis() throws {
        let result = try ExecEngine.run(
            "SELECT _event_time AS t FROM s WITH ('event.time.field' = 'at', 'event.time.format' = 'iso8601')",
            records: [#"{"at":"2024-03-05T14:07:09.250Z"}"#])
        #expect(result.records.first?["t"]?.intValue == 1_709_647_629_250)
    }

    @Test func withoutAnEventTimeFieldEventTimeIsTheReadTime() throws {
        let before = ExecRuntime.nowMillis()
        let result = try ExecEngine.run("SELECT _event_time AS t FROM s", records: [#"{"x":1}"#])
        let after = ExecRuntime.nowMillis()
        let t = try #require(result.records.first?["t"]?.intValue)
        #expect(t >= before && t <= after)
    }

    @Test func eventTimeIsTheMessageTimestampWhenTheSourceHasOne() throws {
        let checked = SQLFrontEnd.check("SELECT x, MIN(_event_time) AS t FROM s WINDOW TUMBLING(_event_time, 1s) GROUP BY x")
        let plan = try ExecPlan.make(checked.script.statements[0], job: checked.jobs[0], script: checked.script)
        let sink = CollectingSink(encoder: ObjectEncoder(names: plan.outputNames, primaryKey: []))
        let source = MemorySource(name: "s", lines: [#"{"x":1}"#, #"{"x":1}"#, #"{"x":1}"#], timestamps: [500, 900, 1500])
        let runtime = try ExecRuntime(plan: plan, source: source, sink: sink, events: nil, profiler: StageProfiler(enabled: false))
        _ = try runtime.run()
        #expect(sink.collected.map(\.description) == [#"{"x":1,"t":500}"#, #"{"x":1,"t":1500}"#])
        #expect(sink.timestamps == [999, 1999], "a window's rows carry its end as their event time")
    }
}

/// Reference-table cells from CSV, typed as Velostream's table loader types them.
@Suite struct CSVCellTypingTests {
    @Test func nullWordsAreNullAndDatesAreTimes() throws {
        #expect(CSV.value("NULL") == .null && CSV.value("null") == .null && CSV.value("") == .null)
        #expect(CSV.value("Null") == .string("Null"), "other spellings stay text")
        #expect(CSV.value("2025-01-01") == .string("2025-01-01"), "kept as written (a CSV sink writes it back unchanged)")
        #expect(CSV.value("42") == .int(42) && CSV.value("BLOCKED") == .string("BLOCKED"))
        // An ISO date or timestamp text compares with an epoch-ms event time, either way round.
        #expect(try SQLValue.compare(CSV.value("2025-01-01"), .int(1_735_689_600_001)) == -1)
        #expect(try SQLValue.compare(.int(1_735_723_800_000), .string("2025-01-01T09:30:00Z")) == 0)
        #expect(throws: RuntimeError.self) { try SQLValue.compare(.string("2025-13-01"), .int(1)) }
    }
}
