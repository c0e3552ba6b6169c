import Foundation
import Testing
import VeloTestSupport

/// Several SQL files open at once: jobs numbered across them, each edit made by velo-save in the file's
/// working copy, and `save` writing each file back with every other byte kept.
@Suite(.serialized) struct ReplFilesTests {
    static let a = """
        -- SQL Application: a
        -- keep this comment

        -- @name: hot
        CREATE STREAM hot AS SELECT device_id FROM sensor_readings WHERE temperature_c > 30;

        -- @name: cold
        CREATE STREAM cold AS SELECT device_id FROM sensor_readings WHERE temperature_c < 0;

        """
    static let b = "-- @name: faults\nCREATE STREAM faults AS SELECT device_id, status FROM sensor_readings WHERE status = 'FAULT';\n"

    func write(_ f: ReplFixture) throws {
        try Self.a.write(to: f.dir.appendingPathComponent("a.sql"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: f.dir.appendingPathComponent("more"), withIntermediateDirectories: true)
        try Self.b.write(to: f.dir.appendingPathComponent("more/b.sql"), atomically: true, encoding: .utf8)
    }

    @Test func jobsAreNumberedAcrossFilesAndSaveWritesEachFileBack() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(400)
        try write(f)
        let r = try f.script(
            """
            load schemas from schemas
            load a.sql
            load more/b.sql
            show jobs
            run 3
            show 3
            CREATE STREAM warm AS SELECT device_id FROM sensor_readings WHERE temperature_c > 20;
            append
            CREATE STREAM chilly AS SELECT device_id FROM sensor_readings WHERE temperature_c < 5;
            replace 2
            show jobs
            save
            show jobs
            """)
        #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
        #expect(r.stdout.contains("Loaded more/b.sql:\n  [3] faults (CREATE STREAM)"), "\(r.stdout)")
        #expect(r.stdout.contains("| 2 | cold   | CREATE STREAM | a.sql      |"))
        #expect(r.stdout.contains("| 3 | faults | CREATE STREAM | more/b.sql |"))
        #expect(r.stdout.contains("-- [3] faults in more/b.sql"))
        #expect(r.stdout.contains("append adds it to more/b.sql"))
        #expect(r.stdout.contains("✓ appended as job 4 to more/b.sql"))
        #expect(r.stdout.contains("| 2 | chilly | CREATE STREAM | a.sql *      |"), "\(r.stdout)")
        #expect(r.stdout.contains("| 4 | warm   | CREATE STREAM | more/b.sql * |"))
        #expect(r.stdout.contains("✓ wrote a.sql (2 jobs)"))
        #expect(r.stdout.contains("✓ wrote more/b.sql (2 jobs)"))
        #expect(r.stdout.contains("| 4 | warm   | CREATE STREAM | more/b.sql | ok, "), "saved: no * any more\n\(r.stdout)")
        #expect(!r.stderr.contains("appended job"), "velo-save's own notes stay quiet: \(r.stderr)")
        let a = try String(contentsOf: f.dir.appendingPathComponent("a.sql"), encoding: .utf8)
        // The job's text with its annotations is replaced (the old @name went with it); the rest is as it was.
        let replaced = Self.a.replacingOccurrences(
            of: "-- @name: cold\nCREATE STREAM cold AS SELECT device_id FROM sensor_readings WHERE temperature_c < 0;",
            with: "CREATE STREAM chilly AS SELECT device_id FROM sensor_readings WHERE temperature_c < 5;")
        #expect(a == replaced, "\(a)")
        let b = try String(contentsOf: f.dir.appendingPathComponent("more/b.sql"), encoding: .utf8)
        #expect(b == Self.b + "\nCREATE STREAM warm AS SELECT device_id FROM sensor_readings WHERE temperature_c > 20;\n", "\(b)")
        // Nothing else was written: no project folder, no stray files.
        let names = try FileManager.default.contentsOfDirectory(atPath: f.dir.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names == ["a.sql", "more", "schemas"], "\(names)")
    }

    @Test func aSchemaMadeInTheSessionIsNotForgottenBySavingTheFiles() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(300)
        try write(f)
        let r = try f.script(
            """
            load a.sql
            infer schema from sensor_readings
            delete 1
            save
            status
            save session s.json
            status
            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("✓ wrote a.sql (1 job)"))
        #expect(r.stdout.contains("schema sensor_readings is in no SQL file: save session FILE keeps it (still unsaved)"), "\(r.stdout)")
        #expect(r.stdout.contains("unsaved    schema sensor_readings"))
        #expect(r.stdout.contains("unsaved    nothing"), "the session file keeps it")
    }

    @Test func velo_saveRefusingAnEditNamesThePersonsFileNotTheWorkingCopy() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try write(f)
        let r = try f.script(
            """
            load schemas from schemas
            load a.sql
            load more/b.sql
            CREATE STREAM bad AS SELECT FROM sensor_readings;
            replace 3
            show jobs
            """)
        #expect(r.status == 1)
        #expect(r.stderr.contains("velo-save: error: more/b.sql:1:29: expected a column or expression after SELECT"), "\(r.stderr)")
        #expect(!r.stderr.contains("velo-repl."), "the REPL's working folder is private: \(r.stderr)")
        #expect(r.stdout.contains("| 3 | faults | CREATE STREAM | more/b.sql |"), "the job is unchanged:\n\(r.stdout)")
        #expect(try String(contentsOf: f.dir.appendingPathComponent("more/b.sql"), encoding: .utf8) == Self.b)
    }

    @Test func aFileChangedOnDiskSinceLoadIsOverwrittenOnlyAfterAsking() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try write(f)
        let t = try f.terminal([
            "--schemas", "schemas", "--load", "a.sql", "--load", "more/b.sql", "--history", f.dir.appendingPathComponent("h").path
        ])
        try t.waitFor("velo> ")
        try t.typeLine("delete 1")
        try t.waitFor("✓ deleted job 1 (hot); save writes a.sql")
        try t.typeLine("delete 2")
        try t.waitFor("✓ deleted job 2 (faults); save writes more/b.sql")
        let changed = Self.a + "-- changed elsewhere\n"
        try changed.write(to: f.dir.appendingPathComponent("a.sql"), atomically: true, encoding: .utf8)
        try t.typeLine("save")
        try t.waitFor("a.sql changed on disk since it was loaded. Overwrite it? [y/n]: ")
        try t.typeLine("n")
        let screen = try t.waitFor("✓ wrote more/b.sql (0 jobs)")
        #expect(screen.contains("a.sql not written"))
        #expect(try String(contentsOf: f.dir.appendingPathComponent("a.sql"), encoding: .utf8) == changed)
        #expect(try String(contentsOf: f.dir.appendingPathComponent("more/b.sql"), encoding: .utf8) == "")
        // a.sql is still unsaved: quitting asks.
        try t.press("C-d")
        try t.waitFor("Unsaved work (edited a.sql). Save before quitting?")
    }
}
