import Foundation
import Testing
import VeloTestSupport

/// A stream written by a CREATE STREAM and INSERT INTOs: every writer's records reach the place the CREATE
/// declared (a file sink or the local store), and `--job` refuses to replace the other writers' part.
@Suite struct VeloRunInsertIntoTests {
    static func app(sink: String) -> String {
        """
        -- @name: first
        CREATE STREAM s AS SELECT id, v FROM a
        WITH ('a.type' = 'file_source', 'a.path' = 'a.ndjson', 'a.format' = 'json'\(sink));
        -- @name: second
        INSERT INTO s SELECT id, v FROM b WITH ('b.type' = 'file_source', 'b.path' = 'b.ndjson', 'b.format' = 'json');
        -- @name: total
        CREATE STREAM t AS SELECT COUNT(*) AS n, SUM(v) AS total FROM s EMIT FINAL;
        """
    }

    static let inputs = ["a.ndjson": "{\"id\":1,\"v\":10}\n{\"id\":2,\"v\":20}\n", "b.ndjson": "{\"id\":3,\"v\":30}\n"]

    static func text(_ dir: URL, _ name: String) -> String {
        (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? "<missing>"
    }

    @Test(arguments: ["json", "csv"])
    func anInsertIntoAppendsToTheFileItsCreateDeclared(format: String) throws {
        let file = "out/s.\(format)"
        let sink = ", 's.type' = 'file_sink', 's.path' = '\(file)', 's.format' = '\(format)'"
        let dir = try VeloRun.directory(Self.inputs.merging(["app.sql": Self.app(sink: sink)]) { $1 })
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("store").path
        let r = try VeloRun.run(["-q", "app.sql", "--store", store], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // The downstream job counts all three records, and the file holds them once each.
        #expect(r.stdout == "{\"n\":3,\"total\":60}\n")
        let expected =
            format == "csv"
            ? "id,v\n1,10\n2,20\n3,30\n" : "{\"id\":1,\"v\":10}\n{\"id\":2,\"v\":20}\n{\"id\":3,\"v\":30}\n"
        #expect(Self.text(dir, file) == expected)
        // A second run replaces the file rather than appending to the last run's output.
        let again = try VeloRun.run(["-q", "app.sql", "--store", store], in: dir)
        #expect(again.status == 0 && again.stdout == r.stdout, "\(again.stderr)")
        #expect(Self.text(dir, file) == expected)
        // `--job total` reads the whole file; `--job second` alone would replace it with one record.
        let total = try VeloRun.run(["-q", "app.sql", "--store", store, "--job", "total"], in: dir)
        #expect(total.status == 0 && total.stdout == "{\"n\":3,\"total\":60}\n", "\(total.stderr)")
        let second = try VeloRun.run(["app.sql", "--store", store, "--job", "second"], in: dir)
        #expect(second.status == 2)
        #expect(second.stderr.contains("job 'second' writes 's', as 'first' (line 2) does: run alone, it would replace the file"))
        #expect(Self.text(dir, file) == expected)
    }

    @Test func aStoreStreamWithSeveralWritersKeepsEveryPartAndJobRefusesToReplaceIt() throws {
        let dir = try VeloRun.directory(Self.inputs.merging(["app.sql": Self.app(sink: "")]) { $1 })
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("store").path
        let r = try VeloRun.run(["-q", "app.sql", "--store", store], in: dir)
        #expect(r.status == 0 && r.stdout == "{\"n\":3,\"total\":60}\n", "\(r.stderr)")
        #expect(try VeloRunAppTests.topic("s", store: store).count == 3)
        let first = try VeloRun.run(["app.sql", "--store", store, "--job", "first"], in: dir)
        #expect(first.status == 2)
        #expect(first.stderr.contains("job 'first' writes 's', as 'second' (line 5) does"))
        #expect(first.stderr.contains("the local store topic 's' that later jobs read"))
        #expect(try VeloRunAppTests.topic("s", store: store).count == 3)
    }
}
