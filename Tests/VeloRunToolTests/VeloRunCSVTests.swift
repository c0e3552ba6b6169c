import Foundation
import Testing
import VeloTestSupport

/// CSV input as RFC 4180 has it (issue 18): quoted line breaks, wrong cell counts as failed records with
/// their line numbers, identifiers that look like numbers kept as text.
@Suite struct VeloRunCSVTests {
    static let csv = """
        id,zip,phone,hex,big,note,amt
        1,02134,+4412345,0x1F,12345678901234567890,"line one
        line two",12.50
        2,10001,5551234,31,7,"a ""quoted"", word",-3
        3,1,2
        4,1,2,3,4,5,6,7
        5,0,0.5,1e5,-0,"",

        """

    @Test func quotedLineBreaksRaggedRowsAndTyping() throws {
        let dir = try VeloRun.directory(["t.csv": Self.csv, "q.sql": "SELECT * FROM t;"])
        let metrics = dir.appendingPathComponent("m.json").path
        let r = try VeloRun.run([
            "-q", dir.appendingPathComponent("q.sql").path, "--input", "t=" + dir.appendingPathComponent("t.csv").path,
            "--metrics", metrics
        ])
        #expect(r.status == 5, "\(r.stderr)")
        #expect(
            VeloRunExecTests.lines(r.stdout) == [
                #"{"id":1,"zip":"02134","phone":"+4412345","hex":"0x1F","big":"12345678901234567890","note":"line one\nline two","amt":12.5}"#,
                #"{"id":2,"zip":10001,"phone":5551234,"hex":31,"big":7,"note":"a \"quoted\", word","amt":-3}"#,
                #"{"id":5,"zip":0,"phone":0.5,"hex":"1e5","big":0,"note":"","amt":null}"#
            ])
        let m = try VeloRunExecTests.json(String(contentsOfFile: metrics, encoding: .utf8))
        #expect(m["records_in"] as? Int == 5)
        #expect(m["failed_records"] as? Int == 2)
        let failures = (m["failures"] as? [[String: Any]] ?? []).map { "\($0["reason"]!)@\($0["first_offset"]!)" }
        #expect(failures.sorted() == ["3 cells where the header has 7@5", "8 cells where the header has 7@6"])
    }

    /// A blank line inside a quoted cell is part of the cell (the line reader skips blank lines only
    /// between records).
    @Test func aBlankLineInsideAQuotedCellIsKept() throws {
        let dir = try VeloRun.directory(["t.csv": "id,note\n1,\"para one\n\npara two\"\n\n2,x\n", "q.sql": "SELECT * FROM t;"])
        let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "--input", "t=" + dir.appendingPathComponent("t.csv").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == #"{"id":1,"note":"para one\n\npara two"}"# + "\n" + #"{"id":2,"note":"x"}"# + "\n")
    }

    @Test func anUnterminatedQuoteIsAFailedRecord() throws {
        let dir = try VeloRun.directory(["t.csv": "a,b\n1,2\n3,\"open\n", "q.sql": "SELECT a FROM t;"])
        let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "--input", "t=" + dir.appendingPathComponent("t.csv").path])
        #expect(r.status == 5)
        #expect(r.stdout == "{\"a\":1}\n")
        #expect(r.stderr.contains("invalid CSV: unterminated quoted cell ×1 (first t@3)"), "\(r.stderr)")
    }
}
