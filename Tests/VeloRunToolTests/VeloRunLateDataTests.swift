import Foundation
import Testing
import VeloTestSupport

/// `'late.data.strategy' = 'dead_letter'` end to end: the real binary writes late records, unchanged, to the
/// file beside the sink (`<name>-dlq.<ext>`), or into `late` events when the rows go to stdout.
@Suite struct VeloRunLateDataTests {
    static let input =
        [
            #"{"sym":"A","ts":1000}"#, #"{"sym":"B","ts":2500}"#, #"{"sym":"A","ts":1200}"#,
            #"{"sym":"A","ts":3100}"#, #"{"sym":"B","ts":900}"#
        ].joined(separator: "\n") + "\n"

    @Test func lateRecordsGoToTheDeadLetterFileBesideTheSink() throws {
        let dir = try VeloRun.directory(["placeholder": ""])
        let out = dir.appendingPathComponent("out.jsonl").path
        let sql = """
            CREATE STREAM per_second AS SELECT sym, COUNT(*) AS n FROM trades GROUP BY sym WINDOW TUMBLING(1s)
            WITH ('event.time.field' = 'ts', 'late.data.strategy' = 'dead_letter',
                  'per_second.type' = 'file_sink', 'per_second.path' = '\(out)');
            """
        try sql.write(to: dir.appendingPathComponent("q.sql"), atomically: true, encoding: .utf8)
        let metrics = dir.appendingPathComponent("m.json").path
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("q.sql").path, "--metrics", metrics], stdin: Self.input)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try String(contentsOfFile: out, encoding: .utf8)
        #expect(rows.split(separator: "\n").count == 3) // [1000,2000) A, [2000,3000) B, [3000,4000) A
        let dead = try String(contentsOfFile: dir.appendingPathComponent("out-dlq.jsonl").path, encoding: .utf8)
        #expect(dead == #"{"sym":"A","ts":1200}"# + "\n" + #"{"sym":"B","ts":900}"# + "\n")
        let m = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: metrics))) as! [String: Any]
        #expect(m["late_records"] as? Int == 2)
        let sinks = m["sinks"] as! [[String: Any]]
        #expect(sinks.count == 2 && sinks[1]["records"] as? Int == 2)
    }

    @Test func withAStdoutSinkTheLateEventCarriesTheRecord() throws {
        let sql =
            "SELECT sym, COUNT(*) AS n FROM trades GROUP BY sym WINDOW TUMBLING(1s) "
            + "WITH ('event.time.field' = 'ts', 'late.data.strategy' = 'dead_letter');"
        let dir = try VeloRun.directory(["q.sql": sql])
        let r = try VeloRun.run(["-q", "--events", dir.appendingPathComponent("q.sql").path], stdin: Self.input)
        #expect(r.status == 0, "\(r.stderr)")
        let late = r.stdout.split(separator: "\n").filter { $0.contains(#""type":"late""#) }
        #expect(late.count == 2)
        #expect(late.first?.contains(#""record":"{\"sym\":\"A\",\"ts\":1200}""#) == true, "\(late)")
    }

    /// An unknown watermark strategy runs with the default, as Velostream does, and says so.
    @Test func anUnknownWatermarkStrategyWarnsAndRunsWithTheDefault() throws {
        func run(_ strategy: String) throws -> ProcessResult {
            let sql =
                "SELECT sym, COUNT(*) AS n FROM trades GROUP BY sym WINDOW TUMBLING(1s) "
                + "WITH ('event.time.field' = 'ts', 'watermark.strategy' = '\(strategy)');"
            let dir = try VeloRun.directory(["q.sql": sql])
            return try VeloRun.run([dir.appendingPathComponent("q.sql").path], stdin: Self.input)
        }
        let typo = try run("ascendng"), plain = try run("ascending")
        #expect(typo.status == 0, "\(typo.stderr)")
        #expect(typo.stdout == plain.stdout && !typo.stdout.isEmpty)
        #expect(typo.stderr.contains("unknown value 'ascendng' for 'watermark.strategy'"), "\(typo.stderr)")
        #expect(typo.stderr.contains("did you mean 'ascending'?"), "\(typo.stderr)")
    }
}
