import Foundation
import Testing
import VeloTestSupport

/// velo-run's command line as the parser sees it: a spec and its SQL in either order, modes that exclude
/// each other, spec-only options refused without --spec whatever their value, and the -o choices named.
@Suite struct VeloRunOptionsTests {
    static let sql = "CREATE STREAM big AS SELECT id, v FROM events WHERE v > 1;\n"
    static let spec = """
        application: big
        queries:
          - name: big
            inputs:
              - source: events
                data_file: events.jsonl
            assertions:
              - {type: record_count, equals: 2}
        """
    static let events = "{\"id\":1,\"v\":1}\n{\"id\":2,\"v\":2}\n{\"id\":3,\"v\":3}\n"

    /// A folder with the SQL (as `big.sql` and as `big`, without extension), the spec and its data file.
    static func project() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-run-options-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in [("big.sql", sql), ("big", sql), ("check.yaml", spec), ("events.jsonl", events)] {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test(arguments: [
        ["--spec", "check.yaml", "big.sql"], // Velo's man page
        ["big.sql", "--spec", "check.yaml"], // Velostream's velo-test
        ["--spec", "big.sql", "check.yaml"],
        ["check.yaml", "--spec", "big"] // a SQL file without .sql beside a .yaml spec
    ])
    func specAndSQLInEitherOrder(_ arguments: [String]) throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ToolRun("velo-run", arguments, in: dir)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("1 query: 1 passed"), "\(r.stdout)")
    }

    @Test func bothOrNeitherLookingLikeSQLIsAUsageError() throws {
        let both = try ToolRun("velo-run", ["--spec", "a.sql", "b.sql"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("velo-run: error: both a.sql and b.sql look like SQL"), "\(both.stderr)")
        #expect(both.stderr.contains("hint: a spec is a .yaml file"), "\(both.stderr)")
        let neither = try ToolRun("velo-run", ["a.yaml", "--spec", "b.yml"])
        #expect(neither.status == 2)
        #expect(neither.stderr.contains("velo-run: error: neither a.yaml nor b.yml looks like SQL"), "\(neither.stderr)")
        #expect(neither.stderr.contains("hint: "), "\(neither.stderr)")
        let specOnly = try ToolRun("velo-run", ["--spec", "check.yaml"])
        #expect(specOnly.status == 2)
        #expect(specOnly.stderr.contains("check.yaml is a spec; --spec also needs the .sql file"), "\(specOnly.stderr)")
    }

    @Test(arguments: [
        ("--check", "--format"), ("--check", "--spec"), ("--format", "--spec"), ("--spec", "--grammar"),
        ("--grammar", "--check")
    ])
    func modesExcludeEachOther(_ first: String, _ second: String) throws {
        let r = try ToolRun("velo-run", [first, second, "app.sql"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("velo-run: error: "), "\(r.stderr)")
        #expect(r.stderr.contains(first) && r.stderr.contains(second), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// 42 is --spec's default seed; giving it without --spec is as wrong as giving any other seed.
    @Test(arguments: ["42", "7"])
    func seedWithoutSpecIsRefused(_ seed: String) throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ToolRun("velo-run", ["big.sql", "--input", "events.jsonl", "--seed", seed], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("velo-run: error: --seed goes with --spec"), "\(r.stderr)")
        #expect(r.stdout.isEmpty) // nothing ran
    }

    @Test func specOnlyOptionsAreRefusedWithoutSpec() throws {
        for (arguments, flag) in [
            (["-o", "text"], "-o/--output"), (["--report", "r.xml"], "--report"), (["--query", "big"], "--query"),
            (["other.sql"], "a second file")
        ] {
            let r = try ToolRun("velo-run", ["big.sql"] + arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr.contains("\(flag) goes with --spec"), "\(r.stderr)")
        }
    }

    @Test func runOptionsAreRefusedWithSpec() throws {
        for flag in [["--events"], ["--follow"], ["--topic", "t"], ["--input", "e.jsonl"], ["--job", "big"], ["--json"]] {
            let r = try ToolRun("velo-run", ["--spec", "big.sql"] + flag)
            #expect(r.status == 2, "\(flag)")
            #expect(r.stderr.contains("\(flag[0]) does not go with --spec"), "\(r.stderr)")
        }
    }

    @Test func anInvalidReportFormatNamesTheChoices() throws {
        let r = try ToolRun("velo-run", ["--spec", "big.sql", "-o", "xml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("'xml'") && r.stderr.contains("'text', 'json' or 'junit'"), "\(r.stderr)")
    }

    @Test func reportFormatsIgnoreCase() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ToolRun("velo-run", ["big.sql", "--spec", "check.yaml", "--output", "JSON", "--seed", "42"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((report?["summary"] as? [String: Any])?["passed"] as? Int == 1)
    }
}
