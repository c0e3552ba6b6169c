import Foundation
import Testing
import VeloTestSupport

/// The whole FR-088 flow against the real velo-ask (offline drafter) and velo-save.
@Suite(.serialized) struct ReplFlowTests {
    @Test func demoVeloWalksLoadGenerateAskRunMetricsSave() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let demo = try String(contentsOf: root.appendingPathComponent("demo.velo"), encoding: .utf8)
        let r = try f.script(demo, ["--provider", "offline"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("✓ published 20,000 records to 'sensor_readings'"))
        #expect(r.stdout.contains("🤖 "))
        #expect(r.stdout.contains("[r] run  [e] edit  [n] try again"))
        #expect(r.stdout.contains("Output ("), "\(r.stdout)")
        #expect(r.stdout.contains("20,000 in →"))
        #expect(r.stdout.contains("Profile:"))
        #expect(r.stdout.contains("✓ saved iot_monitoring to iot_monitoring/\n"))
        #expect(r.stdout.contains("Loaded iot_monitoring/sql/iot_monitoring.sql:"))
        let sql = f.dir.appendingPathComponent("iot_monitoring/sql/iot_monitoring.sql")
        #expect(FileManager.default.fileExists(atPath: sql.path))
        #expect(r.stdout.contains("iot_monitoring/sql/iot_monitoring.sql"), "the saved file is loaded back")
        // The saved project passes its own check.
        let check = try ProcessRunner.run(BuiltProducts.url("velo-run"), ["--check", sql.path], environment: f.environment)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(FileManager.default.fileExists(atPath: f.dir.appendingPathComponent("replay.sh").path))
    }

    @Test func jobsOfSeveralFilesAreEditedByVeloSaveAndWrittenBackAtSave() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(500)
        let two = """
            -- SQL Application: two
            -- a comment that must survive

            -- @name: hot
            CREATE STREAM hot AS SELECT device_id, temperature_c FROM sensor_readings WHERE temperature_c > 40;

            -- @name: cold
            CREATE STREAM cold AS SELECT device_id FROM sensor_readings WHERE temperature_c < 0;

            """
        let one = "-- @name: faults\nCREATE STREAM faults AS SELECT device_id, status FROM sensor_readings WHERE status = 'FAULT';\n"
        try two.write(to: f.dir.appendingPathComponent("two.sql"), atomically: true, encoding: .utf8)
        try one.write(to: f.dir.appendingPathComponent("one.sql"), atomically: true, encoding: .utf8)
        let r = try f.script(
            """
            load schemas from schemas
            load two.sql
            load one.sql
            run 3
            CREATE STREAM warm AS SELECT device_id FROM sensor_readings WHERE temperature_c > 20;
            replace 2
            delete 1
            append
            show jobs
            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  [3] faults (CREATE STREAM)"))
        #expect(r.stdout.contains("| 1 | warm   | CREATE STREAM | two.sql * |"), "\(r.stdout)")
        #expect(r.stdout.contains("| 3 | warm   | CREATE STREAM | one.sql * |"))
        // Nothing is written before save: the script ended without it.
        #expect(try String(contentsOf: f.dir.appendingPathComponent("two.sql"), encoding: .utf8) == two)
        let saved = try f.script(
            """
            load schemas from schemas
            load two.sql
            CREATE STREAM warm AS SELECT device_id FROM sensor_readings WHERE temperature_c > 20;
            replace 2
            delete 1
            save
            """)
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdout.contains("✓ wrote two.sql (1 job)"))
        let text = try String(contentsOf: f.dir.appendingPathComponent("two.sql"), encoding: .utf8)
        #expect(text.hasPrefix("-- SQL Application: two\n-- a comment that must survive\n"), "\(text)")
        #expect(text.contains("CREATE STREAM warm AS SELECT device_id FROM sensor_readings WHERE temperature_c > 20;"))
        #expect(!text.contains("hot") && !text.contains("cold"))
    }
}
