import Foundation
import Testing
import VeloBase
import VeloEngine
import VeloTopics

/// The trade-alerts example (examples/trade-alerts): three jobs feeding each other, run by the real velo-run
/// binary over generated trades, each job's output compared with an oracle computed here in plain Swift;
/// and its test spec run with `velo-run --spec`, passing and (with a wrong expectation) failing.
@Suite struct VeloRunAppTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples/trade-alerts").standardizedFileURL

    /// A private copy of the example, so outputs and the store stay out of the source tree.
    static func copy() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-app-tests-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: example, to: dir)
        try? FileManager.default.removeItem(at: dir.appendingPathComponent("output"))
        return dir
    }

    struct Trade {
        var id: String, symbol: String, price: Double, quantity: Int, time: Int64
    }

    /// Trades with non-decreasing event times over about 12 minutes; SHOP and TSLA are not instruments.
    static func trades(count: Int) -> [Trade] {
        var state: UInt64 = 2026
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let symbols = ["AAPL", "MSFT", "NVDA", "JPM", "GS", "XOM", "PFE", "TSLA", "SHOP"]
        var time: Int64 = 1_767_225_600_000 // 2026-01-01T00:00:00Z
        return (0..<count).map { i in
            time += Int64(next() % 480)
            let cents = 2000 + Int(next() % 58_001)
            return Trade(
                id: "T\(i)", symbol: symbols[Int(next() % UInt64(symbols.count))], price: Double(cents) / 100,
                quantity: 1 + Int(next() % 300), time: time)
        }
    }

    static func object(_ line: some StringProtocol) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }

    static func topic(_ name: String, store: String) throws -> [[String: Any]] {
        let consumer = try LocalTopicStore(directory: store).consumer(topic: name, start: .earliest, follow: false, group: nil)
        var records: [[String: Any]] = []
        while let message = try consumer.next() { records.append(try object(String(decoding: message.value, as: UTF8.self))) }
        return records
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }

    @Test func everyJobMatchesTheOracle() throws {
        let dir = try Self.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let trades = Self.trades(count: 4000)
        let input =
            trades.map {
                "{\"trade_id\":\"\($0.id)\",\"symbol\":\"\($0.symbol)\",\"price\":\($0.price),\"quantity\":\($0.quantity),\"event_time\":\($0.time)}"
            }.joined(separator: "\n") + "\n"
        try input.write(to: dir.appendingPathComponent("trades.jsonl"), atomically: true, encoding: .utf8)
        let store = dir.appendingPathComponent("store").path
        let metricsPath = dir.appendingPathComponent("metrics.json").path
        let r = try VeloRun.run([
            dir.appendingPathComponent("trade_alerts.sql").path, "--input",
            "trades=" + dir.appendingPathComponent("trades.jsonl").path, "--store", store,
            "--metrics", metricsPath
        ])
        #expect(r.status == 0, "\(r.stderr)")

        // Oracle 1: the LEFT JOIN with the instrument file (read here with a plain split).
        let csv = try String(contentsOf: dir.appendingPathComponent("data/instruments.csv"), encoding: .utf8)
        var instruments: [String: (sector: String, exchange: String)] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",").map(String.init)
            instruments[cells[0]] = (cells[2], cells[3])
        }
        let enriched = try Self.topic("enriched_trades", store: store)
        #expect(enriched.count == trades.count)
        for (trade, row) in zip(trades, enriched) {
            #expect(row["trade_id"] as? String == trade.id)
            #expect(Self.close(row["notional"] as! Double, trade.price * Double(trade.quantity)))
            #expect(row["sector"] as? String == instruments[trade.symbol]?.sector, "\(trade.symbol)")
            #expect(row["exchange"] as? String == instruments[trade.symbol]?.exchange)
            #expect(row["event_time"] as? Int64 == trade.time || (row["event_time"] as? Int).map(Int64.init) == trade.time)
        }
        let unmatched = trades.filter { instruments[$0.symbol] == nil }.count
        #expect(unmatched > 0 && enriched.filter { $0["sector"] is NSNull }.count == unmatched)

        // Oracle 2: one-minute tumbling windows per sector (NULL sector is a group of its own).
        struct Window: Hashable { var sector: String?; var start: Int64 }
        var windows: [Window: (count: Int, total: Double, maxPrice: Double)] = [:]
        for t in trades {
            let key = Window(sector: instruments[t.symbol]?.sector, start: t.time / 60_000 * 60_000)
            var w = windows[key] ?? (0, 0, -.infinity)
            w.count += 1
            w.total += t.price * Double(t.quantity)
            w.maxPrice = max(w.maxPrice, t.price)
            windows[key] = w
        }
        let volume = try Self.topic("sector_volume", store: store)
        #expect(volume.count == windows.count)
        var seen = Set<Window>()
        for row in volume {
            let start = (row["window_start"] as! NSNumber).int64Value
            let key = Window(sector: row["sector"] as? String, start: start)
            guard let w = windows[key] else { Issue.record("unexpected window \(key)"); continue }
            seen.insert(key)
            #expect((row["window_end"] as! NSNumber).int64Value == start + 60_000)
            #expect((row["trade_count"] as! NSNumber).intValue == w.count)
            #expect(Self.close((row["total_notional"] as! NSNumber).doubleValue, w.total), "\(key)")
            #expect(Self.close((row["max_price"] as! NSNumber).doubleValue, w.maxPrice))
        }
        #expect(seen.count == windows.count)

        // Oracle 3: the alert filter over the aggregate; it is the only job nobody reads, so it is stdout.
        let expected = windows.filter { $0.value.total > 1_500_000 }
        #expect(!expected.isEmpty && expected.count < windows.count, "the threshold should split the windows")
        let alerts = try r.stdout.split(separator: "\n").map(Self.object)
        #expect(alerts.count == expected.count)
        for row in alerts {
            let key = Window(sector: row["sector"] as? String, start: (row["window_start"] as! NSNumber).int64Value)
            let total = (row["total_notional"] as! NSNumber).doubleValue
            #expect(expected[key].map { Self.close($0.total, total) } == true, "\(key)")
            #expect(row["severity"] as? String == (total > 2_500_000 ? "CRITICAL" : "HIGH"))
        }
        #expect(try Self.topic("volume_alerts", store: store).count == alerts.count)

        // Per-job metrics and a line per job on stderr.
        let metrics = try AppRunMetrics.decode(try String(contentsOfFile: metricsPath, encoding: .utf8))
        #expect(metrics.application == "trade_alerts")
        #expect(metrics.jobs.map(\.job) == ["enrich_trades", "sector_volume", "volume_alerts"])
        #expect(metrics.jobs.map(\.recordsIn) == [Int64(trades.count), Int64(trades.count), Int64(windows.count)])
        #expect(metrics.jobs.map(\.recordsOut) == [Int64(trades.count), Int64(windows.count), Int64(expected.count)])
        for name in ["enrich_trades", "sector_volume", "volume_alerts"] { #expect(r.stderr.contains("job \(name)")) }

        // `--job volume_alerts` alone reads sector_volume back from the store: the same alerts.
        let one = try VeloRun.run([
            dir.appendingPathComponent("trade_alerts.sql").path, "--job", "volume_alerts",
            "--store", store, "-q"
        ])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == r.stdout)
        let missing = try VeloRun.run([
            dir.appendingPathComponent("trade_alerts.sql").path, "--job", "volume_alerts",
            "--store", dir.appendingPathComponent("nothing").path
        ])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("topic 'sector_volume' is not in the local store"))
        #expect(missing.stderr.contains("--job sector_volume"))
    }

    @Test func theSpecPasses() throws {
        let dir = try Self.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sql = dir.appendingPathComponent("trade_alerts.sql").path
        let text = try VeloRun.run(["--spec", sql])
        #expect(text.status == 0, "\(text.stdout)\n\(text.stderr)")
        #expect(text.stdout.contains("3 queries: 3 passed"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output/volume_alerts.csv").path))
        let json = try VeloRun.run(["--spec", dir.appendingPathComponent("trade_alerts.test.yaml").path, sql, "-o", "json", "--seed", "7"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try Self.object(json.stdout)
        let summary = report["summary"] as! [String: Any]
        #expect(summary["failed"] as? Int == 0 && summary["passed"] as? Int == 3)
        #expect((summary["total_assertions"] as! Int) >= 30)
        let queries = report["queries"] as! [[String: Any]]
        #expect(queries.map { $0["name"] as! String } == ["enriched_trades", "sector_volume", "volume_alerts"])
    }

    @Test func aWrongExpectationFailsWithExpectedAndActual() throws {
        let dir = try Self.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let specURL = dir.appendingPathComponent("trade_alerts.test.yaml")
        let spec = try String(contentsOf: specURL, encoding: .utf8)
        #expect(spec.contains("record_count, equals: 2000"))
        let wrong = dir.appendingPathComponent("wrong.test.yaml")
        try spec.replacingOccurrences(of: "record_count, equals: 2000", with: "record_count, equals: 1999")
            .write(to: wrong, atomically: true, encoding: .utf8)
        let sql = dir.appendingPathComponent("trade_alerts.sql").path

        let text = try VeloRun.run(["--spec", wrong.path, sql])
        #expect(text.status == 1)
        #expect(text.stdout.contains("FAIL enriched_trades"))
        #expect(text.stdout.contains("expected: = 1999"))
        #expect(text.stdout.contains("actual:   2000"))

        let junit = dir.appendingPathComponent("report.xml").path
        let json = try VeloRun.run(["--spec", wrong.path, sql, "-o", "json"])
        #expect(json.status == 1)
        let report = try Self.object(json.stdout)
        let failed = (report["queries"] as! [[String: Any]]).flatMap { $0["assertions"] as! [[String: Any]] }
            .filter { $0["passed"] as? Bool == false }
        #expect(failed.count == 1)
        #expect(failed.first?["expected"] as? String == "= 1999")
        #expect(failed.first?["actual"] as? String == "2000")

        let xml = try VeloRun.run(["--spec", wrong.path, sql, "-o", "junit", "--report", junit])
        #expect(xml.status == 1)
        let written = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(written.contains("<failure"))
        #expect(written.contains("expected: = 1999"))
        #expect(xml.stdout.contains("FAIL enriched_trades"), "stdout keeps the text report")
    }

    @Test func eventsCarryTheJobName() throws {
        let dir = try Self.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let trades =
            Self.trades(count: 600).map {
                "{\"trade_id\":\"\($0.id)\",\"symbol\":\"\($0.symbol)\",\"price\":\($0.price),\"quantity\":\($0.quantity),\"event_time\":\($0.time)}"
            }.joined(separator: "\n") + "\n"
        let r = try VeloRun.run(
            [
                dir.appendingPathComponent("trade_alerts.sql").path, "--events", "-q", "--input", "trades=-",
                "--store", dir.appendingPathComponent("store").path
            ], stdin: trades)
        #expect(r.status == 0, "\(r.stderr)")
        let events = try r.stdout.split(separator: "\n").map(Self.object)
        let metrics = events.filter { $0["type"] as? String == "metrics" }
        #expect(metrics.map { $0["job"] as? String } == ["enrich_trades", "sector_volume", "volume_alerts"])
        let records = events.filter { $0["type"] as? String == "record" }
        #expect(!records.isEmpty && records.allSatisfy { $0["job"] as? String == "volume_alerts" })
        #expect(events.last?["type"] as? String == "app_metrics")
    }

    @Test func specQueryRunsOneQueryAndSkipsTheRest() throws {
        let dir = try Self.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try VeloRun.run(["--spec", dir.appendingPathComponent("trade_alerts.sql").path, "--query", "enriched_trades", "-o", "json"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let queries = (try Self.object(r.stdout))["queries"] as! [[String: Any]]
        #expect(queries.map { $0["status"] as? String } == ["passed", "skipped", "skipped"])
        let unknown = try VeloRun.run(["--spec", dir.appendingPathComponent("trade_alerts.sql").path, "--query", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("enriched_trades, sector_volume, volume_alerts"))
    }

    @Test func specDiscoveryFindsTestSpecYaml() throws {
        let dir = try Self.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.moveItem(
            at: dir.appendingPathComponent("trade_alerts.test.yaml"),
            to: dir.appendingPathComponent("test_spec.yaml"))
        let r = try VeloRun.run(["--spec", dir.appendingPathComponent("trade_alerts.sql").path, "--query", "enriched_trades"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("PASS enriched_trades"))
    }

    /// Listed downstream first and without `from_previous`: the SQL's job graph still orders the queries and
    /// feeds the aggregate the enrichment's output.
    @Test func specQueriesFollowTheJobGraph() throws {
        let dir = try Self.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = dir.appendingPathComponent("reversed.test.yaml")
        try """
        application: trade_alerts
        queries:
          - name: sector_volume
            inputs: []
            assertions:
              - {type: aggregate_check, function: SUM, field: trade_count, expected: "{{outputs.enriched_trades.count}}"}
          - name: enriched_trades
            inputs:
              - {source: trades, records: 300}
              - {source: instruments, data_file: data/instruments.csv}
            assertions:
              - {type: record_count, equals: 300}
        """.write(to: spec, atomically: true, encoding: .utf8)
        let r = try VeloRun.run(["--spec", spec.path, dir.appendingPathComponent("trade_alerts.sql").path, "-o", "json"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let queries = (try Self.object(r.stdout))["queries"] as! [[String: Any]]
        #expect(queries.map { $0["name"] as? String } == ["enriched_trades", "sector_volume"])
        let counts = queries[1]["record_counts"] as! [String: Any]
        #expect(counts["inputs"] as? Int == 300)
    }

    @Test func specErrorsExitThreeWithThePlace() throws {
        let dir = try Self.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.test.yaml")
        try """
        application: trade_alerts
        queries:
          - name: enriched_trades
            inputs:
              - source: trades
            assertions:
              - {type: record_count, equals: many}
        """.write(to: bad, atomically: true, encoding: .utf8)
        let r = try VeloRun.run(["--spec", bad.path, dir.appendingPathComponent("trade_alerts.sql").path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("bad.test.yaml:7:"), "\(r.stderr)")
        let none = try VeloRun.run(["--spec", dir.appendingPathComponent("nothing.sql").path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("nothing.test.yaml"))
    }
}
