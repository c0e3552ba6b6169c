import Foundation
import Testing
import VeloTestSupport

/// velo-gen's option values as the parser converts them: the format's choices named, values with a grammar
/// of their own (counts, shares, durations, times) refused with the option and an example, the checks that
/// combine options, and every spelling of a value giving the same records.
@Suite struct VeloGenOptionsTests {
    static let schema = """
        name: t
        fields:
          - name: id
            type: integer
            constraints: {range: {min: 1, max: 100}}
          - name: note
            type: string
            nullable: true
          - name: ts
            type: timestamp
        """

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-gen-options-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try schema.write(to: dir.appendingPathComponent("t.schema.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    /// Options that make the output repeatable; the tests add the ones they compare.
    static let fixed = ["t.schema.yaml", "-n", "20", "--seed", "5", "--now", "2026-01-01T00:00:00Z", "--start=-1h", "--end", "now"]

    @Test func anInvalidFormatNamesTheChoices() throws {
        let r = try ToolRun("velo-gen", ["t.schema.yaml", "--format", "xml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("velo-gen: error: ") && r.stderr.contains("'ndjson', 'json' or 'csv'"), "\(r.stderr)")
    }

    @Test(arguments: [
        (["-n", "lots"], "-n", "like 10000, 1e6 or 10k"),
        (["-n", "t=many"], "-n", "like -n orders=10000"),
        (["--null-rate", "2"], "--null-rate", "like 0.05 or 5%"),
        (["--out-of-order", "half"], "--out-of-order", "like 0.05 or 5%"),
        (["--max-delay", "soon"], "--max-delay", "like 500ms, 5s or 1m"),
        (["--now", "yesterday"], "--now", "give RFC 3339"),
        (["--start", "later"], "--start", "use now, -30m, -2h")
    ])
    func badValuesNameTheOptionAndAnExample(_ arguments: [String], _ option: String, _ hint: String) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ToolRun("velo-gen", ["t.schema.yaml"] + arguments, in: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("velo-gen: error: The value '\(arguments[1])' is invalid for '\(option) "), "\(r.stderr)")
        #expect(r.stderr.contains("hint: " + hint), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test(arguments: [
        (["--random-time", "--out-of-order", "5%"], "--random-time does not go with"),
        (["--jitter", "2"], "--jitter must be between 0 and 1"),
        (["--float-digits", "16"], "--float-digits must be 0 to 15"),
        (["--rate", "0"], "--rate must be above 0"),
        (["--wall-rate=-1"], "--wall-rate must be above 0"),
        (["--partitions", "0"], "--partitions must be at least 1"),
        (["-o", "a.ndjson", "--topic", "t"], "choose one of --output, --output-dir and --topic"),
        (["-b", "127.0.0.1:9"], "--kafka, -X and --kafka-config need --topic")
    ])
    func optionsThatDoNotGoTogetherAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ToolRun("velo-gen", ["t.schema.yaml"] + arguments, in: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("velo-gen: error: " + message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// The defaults, and every spelling of a value, give the same records.
    @Test(arguments: [
        ([], ["--null-rate", "0.1", "--max-delay", "5s", "--format", "ndjson"]),
        (["--null-rate", "0.5"], ["--null-rate", "50%"]),
        (["--out-of-order", "0.1", "--max-delay", "500ms"], ["--out-of-order", "10%", "--max-delay", "0.5s"]),
        (["--format", "csv"], ["--format", "CSV"]),
        (["-n", "20"], ["-n", "t=20"])
    ])
    func spellingsOfAValueGiveTheSameRecords(_ one: [String], _ other: [String]) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try ToolRun("velo-gen", Self.fixed + one, in: dir)
        let b = try ToolRun("velo-gen", Self.fixed + other, in: dir)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\n\(b.stderr)")
        #expect(a.stdout.split(separator: "\n").count >= 20)
        #expect(a.stdout == b.stdout)
    }

    @Test func aCountTakesExponentsAndSuffixes() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (count, lines) in [("1e1", 10), ("1_2", 12), ("t=3", 3)] {
            let r = try ToolRun("velo-gen", ["t.schema.yaml", "-n", count, "--seed", "1"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.split(separator: "\n").count == lines, "-n \(count)")
        }
    }
}
