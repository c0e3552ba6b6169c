import Foundation
import Testing
import VeloTestSupport

/// Records that arrive slowly (stdin fed by hand here; a followed topic works the same): latency counts only
/// the time a record spends in Velo, and `--events` reports progress although far fewer than 8,192 records come.
@Suite struct VeloRunLiveInputTests {
    /// Three records a second and a half apart: the waits are idle time, not latency, and progress events come.
    @Test func slowInputHasSmallLatencyAndProgressEvents() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT id FROM s;\n"])
        let metrics = dir.appendingPathComponent("m.json").path
        let child = try VeloRun.start(["-q", "--events", "--metrics", metrics, dir.appendingPathComponent("q.sql").path], stdin: .open)
        for id in 1...3 {
            child.write("{\"id\":\(id)}\n")
            Thread.sleep(forTimeInterval: 1.5)
        }
        child.closeStdin()
        let r = try child.wait(timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        let events = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let progress = events.filter { $0["type"] as? String == "progress" }
        #expect(progress.count >= 1, "no progress event in \(r.stdout)")
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: metrics))) as? [String: Any]
        let latency = doc?["latency_ms"] as? [String: Any]
        let p50 = latency?["p50"] as? Double ?? .infinity
        let maxLatency = latency?["max"] as? Double ?? .infinity
        // Before the fix every latency included the 1.5 s wait for the record.
        #expect(p50 < 500 && maxLatency < 1000, "latency \(String(describing: latency))")
    }

    /// A row is written out while the input waits, not held in a buffer until more comes or the input ends.
    @Test func outputIsWrittenWhileLiveInputWaits() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT id FROM s WHERE id > 0;\n"])
        let child = try VeloRun.start(["-q", dir.appendingPathComponent("q.sql").path], stdin: .open)
        child.write("{\"id\":1}\n{\"id\":0}\n")
        let early = child.waitForStdout(timeout: 20) { String(decoding: $0, as: UTF8.self) == "{\"id\":1}\n" }
        child.write("{\"id\":2}\n")
        child.closeStdin()
        let r = try child.wait(timeout: 60)
        #expect(early, "the first row came out only when stdin closed")
        #expect(r.status == 0 && r.stdout == "{\"id\":1}\n{\"id\":2}\n", "\(r.stdout) \(r.stderr)")
    }

    /// A subquery's table is a source of the job, so the metrics list it with its record count.
    @Test func subqueryTablesAreAmongTheMetricsSources() throws {
        let dir = try VeloRun.directory([
            "q.sql": "SELECT id FROM t WHERE sym IN (SELECT sym FROM watch);\n",
            "t.ndjson": "{\"id\":1,\"sym\":\"A\"}\n{\"id\":2,\"sym\":\"B\"}\n",
            "watch.ndjson": "{\"sym\":\"A\"}\n{\"sym\":\"C\"}\n{\"sym\":\"D\"}\n"
        ])
        let metrics = dir.appendingPathComponent("m.json").path
        let r = try VeloRun.run(
            [
                "-q", "--input", "t=" + dir.appendingPathComponent("t.ndjson").path,
                "--input", "watch=" + dir.appendingPathComponent("watch.ndjson").path,
                "--metrics", metrics, dir.appendingPathComponent("q.sql").path
            ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{\"id\":1}\n")
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: metrics))) as? [String: Any]
        let sources = (doc?["sources"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? "?")=\($0["records"] ?? "?")" }
        #expect(sources == ["t=2", "watch=3"])
    }
}
