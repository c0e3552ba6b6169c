import Testing
import VeloBase
import VeloEngine
import VeloJSON

/// The kernels wired as the planner will wire them, on NDJSON text: a 1-minute tumbling GROUP BY with
/// an event-time field, a 5 s out-of-orderness bound, a late record, a bad record and NDJSON output.
@Suite struct EngineWiringTests {
    @Test func windowedGroupByOverNDJSON() throws {
        let input = """
            {"ts":"2024-03-05T14:00:01Z","symbol":"abc","amount":10}
            {"ts":"2024-03-05T14:00:30Z","symbol":"xyz","amount":5}
            {"ts":"2024-03-05T14:00:59.999Z","symbol":"abc","amount":2.5}
            {"ts":"2024-03-05T14:01:00Z","symbol":"abc","amount":1}
            {"ts":"2024-03-05T14:00:58Z","symbol":"xyz","amount":1}
            {"ts":"2024-03-05T14:01:06Z","symbol":"abc","amount":100}
            {"ts":"2024-03-05T14:00:40Z","symbol":"abc","amount":1000}
            {"ts":null,"symbol":"abc","amount":1}
            {"ts":"2024-03-05T14:01:30Z","symbol":"abc","amount":"12.5"}
            """
        let window = WindowSpec.tumbling(size: DurationValue(parsing: "1m")!.milliseconds)
        try window.validate()
        let store = WindowStore(
            window: window,
            prototypes: [
                try AggregateFunctions.lookup("SUM")!.make(), try AggregateFunctions.lookup("COUNT", star: true)!.make()
            ])
        var watermark = try WatermarkTracker(strategy: nil, maxOutOfOrderness: "5s")
        let eventTime = EventTimeFormat(property: "iso8601")
        let upper = try ScalarFunctions.lookup("UPPER")!.specialized(constants: [nil])
        var failures = FailureTracker()
        var out = JSONWriter()
        func write(_ b: WindowBounds?, _ g: AggregateGroup) {
            out.writeRaw("{\"_window_start\":")
            SQLValue.int(b!.start).write(to: &out)
            out.writeRaw(",\"symbol\":")
            g.key.values[0].write(to: &out)
            out.writeRaw(",\"total\":")
            g.result(0).write(to: &out)
            out.writeRaw(",\"n\":")
            g.result(1).write(to: &out)
            out.writeRaw("}\n")
        }
        var late = 0
        for (offset, line) in input.split(separator: "\n").enumerated() {
            let record = try JSONParser.parse(String(line))
            do {
                let t = try eventTime.epochMillis(of: SQLValue(record["ts"] ?? .null))
                let key = GroupKey.one(try upper.call(SQLValue(record["symbol"] ?? .null)))
                let amount = SQLValue(record["amount"] ?? .null)
                if try store.add(
                    eventTime: t, key: key,
                    { g in
                        try g.add(0, amount)
                        try g.add(1, .null)
                    }) == .late
                {
                    late += 1
                }
                if watermark.observe(t) { store.advance(watermark: watermark.watermark, emit: write) }
            } catch let e as RuntimeError {
                failures.record(e, source: "orders", offset: Int64(offset))
            }
        }
        store.closeAll(emit: write)
        let w0: Int64 = 1_709_647_200_000, w1 = w0 + 60_000
        #expect(
            out.text == """
                {"_window_start":\(w0),"symbol":"ABC","total":12.5,"n":2}
                {"_window_start":\(w0),"symbol":"XYZ","total":6,"n":2}
                {"_window_start":\(w1),"symbol":"ABC","total":113.5,"n":3}

                """)
        #expect(late == 1 && store.lateRecords == 1, "14:00:40 arrives after the watermark passed 14:01:00")
        #expect(failures.total == 1)
        #expect(failures.report.first?.kind == "missing_event_time" && failures.report.first?.firstOffset == 7)
        #expect(store.liveGroups == 0)
    }
}
