import Foundation
import Testing
import VeloTestSupport

/// SQL shapes that crashed velo-run (issue 18): an aggregate without FROM, and long flat operator chains as
/// generated SQL writes them.
@Suite struct VeloRunRobustnessTests {
    @Test func anAggregateWithoutFromIsOneRow() throws {
        let dir = try VeloRun.directory([
            "c.sql": "SELECT COUNT(*) AS n;",
            "s.sql": "SELECT SUM(2) AS s, MAX(7) AS m, AVG(3) AS a, MIN(1) AS lo;",
            "f.sql": "CREATE STREAM f AS SELECT COUNT(*) AS n EMIT FINAL;"
        ])
        let count = try VeloRun.run(["-q", dir.appendingPathComponent("c.sql").path])
        #expect(count.status == 0 && !count.signalled, "\(count.stderr)")
        #expect(count.stdout == "{\"n\":1}\n")
        let others = try VeloRun.run(["-q", dir.appendingPathComponent("s.sql").path])
        #expect(others.status == 0 && !others.signalled, "\(others.stderr)")
        #expect(others.stdout == "{\"s\":2,\"m\":7,\"a\":3.0,\"lo\":1}\n")
        let final = try VeloRun.run(["-q", dir.appendingPathComponent("f.sql").path])
        #expect(final.status == 0, "\(final.stderr)")
        #expect(final.stdout == "{\"n\":1}\n")
    }

    /// 20,000 ORed terms and 10,000 `+` terms: `--check`, `--format` and a run all finish (the parser reads
    /// the chain in a loop; the tools run on a stack sized for `SQLParser.maxHeight` levels).
    @Test func longFlatChainsCheckFormatAndRun() throws {
        let or = "SELECT x FROM t WHERE " + (0..<20_000).map { "x = \($0 * 3)" }.joined(separator: " OR ") + ";"
        let plus = "SELECT " + Array(repeating: "x", count: 10_000).joined(separator: " + ") + " AS s FROM t;"
        let dir = try VeloRun.directory(["or.sql": or, "plus.sql": plus])
        for name in ["or.sql", "plus.sql"] {
            let path = dir.appendingPathComponent(name).path
            let check = try VeloRun.run(["--check", path])
            #expect(check.status == 0 && !check.signalled, "\(name): \(check.stderr.prefix(300))")
            let format = try VeloRun.run(["--format", path])
            #expect(format.status == 0 && !format.signalled, "\(name): \(format.stderr.prefix(300))")
            #expect(format.stdout.contains(name == "or.sql" ? "x = 59997" : "x + x + x"))
        }
        let input = "{\"x\":3}\n{\"x\":4}\n{\"x\":59997}\n"
        let filtered = try VeloRun.run(["-q", dir.appendingPathComponent("or.sql").path, "--input", "t=-"], stdin: input)
        #expect(filtered.status == 0 && !filtered.signalled, "\(filtered.stderr.prefix(300))")
        #expect(filtered.stdout == "{\"x\":3}\n{\"x\":59997}\n")
        let summed = try VeloRun.run(["-q", dir.appendingPathComponent("plus.sql").path, "--input", "t=-"], stdin: "{\"x\":2}\n")
        #expect(summed.status == 0 && !summed.signalled, "\(summed.stderr.prefix(300))")
        #expect(summed.stdout == "{\"s\":20000}\n")
    }

    @Test func aChainPastTheLimitIsInvalidInputWithAShortExcerpt() throws {
        let sql = "SELECT x FROM t WHERE " + (0..<50_001).map { "x = \($0)" }.joined(separator: " OR ") + ";"
        let dir = try VeloRun.directory(["long.sql": sql])
        let r = try VeloRun.run(["--check", dir.appendingPathComponent("long.sql").path])
        #expect(r.status == 3 && !r.signalled)
        #expect(r.stderr.contains("expression too long (more than 50000 levels of operators)"))
        #expect(r.stderr.contains("hint: match many values with IN"))
        // The source line is shown as an excerpt around the error, not the whole megabyte.
        #expect(r.stderr.count < 2_000)
    }
}
