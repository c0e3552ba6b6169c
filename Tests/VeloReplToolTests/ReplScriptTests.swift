import Foundation
import Testing
import VeloTestSupport

/// velo-repl with commands on stdin (`velo-repl < script.velo`), as Makefiles and CI use it.
@Suite(.serialized) struct ReplScriptTests {
    @Test func aScriptLoadsGeneratesQueriesAndShowsRowsAndMetrics() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let r = try f.script(
            """
            # comments are skipped
            load schemas from schemas
            generate 3000 sensor_readings with status = FAULT 50%
            topics
            messages 1 --last 2
            -- @name: faults
            CREATE STREAM faults AS
            SELECT device_id, status FROM sensor_readings
            WHERE status = 'FAULT';
            show jobs
            show 1
            quit
            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("• sensor_readings (7 fields)"))
        #expect(r.stdout.contains("✓ published 3,000 records to 'sensor_readings'"))
        #expect(r.stdout.contains("| 1 | sensor_readings |    3,000 |"))
        #expect(r.stdout.contains("last 2 of 'sensor_readings'"))
        #expect(r.stdout.contains("velo> -- @name: faults\n  ...> CREATE STREAM faults AS\n"))
        // About half of 3,000 are FAULT: the row count comes from velo-run's records.
        let count = try #require(r.stdout.firstMatch(of: /Output \(([0-9,]+) records\)/)).1.replacingOccurrences(of: ",", with: "")
        #expect((1200...1800).contains(Int(count) ?? 0), "\(r.stdout)")
        #expect(r.stdout.contains("3,000 in → \(Int(count)!.formatted(.number.grouping(.automatic)).replacingOccurrences(of: " ", with: ",")) out"))
        #expect(r.stdout.contains("| 1 | faults | CREATE STREAM | (new)"))
        #expect(r.stdout.contains("WHERE status = 'FAULT';"))
        #expect(r.stdout.contains("(unsaved work left unsaved: the script ended)"))
    }

    @Test func invalidSQLShowsTheCaretAndTheShellGoesOn() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(100)
        let r = try f.script(
            """
            load schemas from schemas
            SELECT devce_id FROM sensor_readings;
            delete 7
            SELECT device_id FROM nowhere;
            status
            """)
        #expect(r.status == 1)
        #expect(r.stderr.contains("velo-repl: error: 1:8: unknown column 'devce_id'"))
        #expect(r.stderr.contains("SELECT devce_id FROM sensor_readings;\n       ^~~~~~~~"))
        #expect(r.stderr.contains("hint: did you mean 'device_id'?"))
        #expect(r.stderr.contains("hint: e edits it in $EDITOR, or type it again"), "typed SQL has no question to ask again")
        #expect(r.stderr.contains("there are no jobs yet"))
        #expect(r.stdout.contains("schemas    sensor_readings"), "status still ran: \(r.stdout)")
    }

    @Test func verboseShowsEachChildAndExportReplaysThem() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let r = try f.script(
            """
            load schemas from schemas
            generate 500 sensor_readings
            SELECT device_id FROM sensor_readings WHERE temperature_c > 20;
            export replay.sh
            export replay.mk
            """, ["-v"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("$ velo-gen /"), "\(r.stderr)")
        #expect(r.stderr.contains("--topic sensor_readings"))
        #expect(r.stderr.contains("$ velo-run /"))
        let script = try String(contentsOf: f.dir.appendingPathComponent("replay.sh"), encoding: .utf8)
        #expect(script.contains("velo-gen schemas/sensor_readings.schema.yaml -n 500 --topic sensor_readings"))
        #expect(script.contains(/velo-run query-[0-9]+\.sql --events -q --schemas schemas --topic sensor_readings/), "\(script)")
        // Replayed in a fresh folder with a fresh store, the script publishes the same 500 records.
        let replay = f.dir.appendingPathComponent("replay")
        try FileManager.default.createDirectory(at: replay, withIntermediateDirectories: true)
        let tools = try BuiltProducts.url("velo-gen").deletingLastPathComponent().path
        for runner in [["/bin/sh", "../replay.sh"], ["/usr/bin/make", "-s", "-f", "../replay.mk"]] {
            let store = replay.appendingPathComponent(".velo-\(runner[0].hasSuffix("sh") ? "sh" : "mk")").path
            let p = try ProcessRunner.run(
                URL(fileURLWithPath: runner[0]), Array(runner.dropFirst()),
                environment: ["PATH": tools + ":/usr/bin:/bin", "VELO_HOME": store, "VELO_KAFKA": ""], directory: replay)
            #expect(p.status == 0, "\(runner): \(p.stderr)")
            #expect(p.stdout.components(separatedBy: "\"type\":\"record\"").count > 1, "\(runner)")
            let topics = try ProcessRunner.run(
                BuiltProducts.url("velo-infer"), ["--topic", "sensor_readings", "--json"], environment: ["VELO_HOME": store, "VELO_KAFKA": ""])
            #expect(topics.status == 0, "\(runner): \(topics.stderr)")
        }
    }

    @Test func aSavedSessionResumesWithItsSchemasJobsAndDraft() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(200)
        let first = try f.script(
            """
            load schemas from schemas
            count FAULT readings per device
            CREATE STREAM warm AS SELECT device_id FROM sensor_readings WHERE temperature_c > 10;
            set timeout 30s
            save session work.json
            """, environment: ["ANTHROPIC_API_KEY": ""])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("session saved to work.json"))
        #expect(!first.stdout.contains("unsaved work left unsaved"))
        let second = try f.script("status\nshow jobs\nr\nn\n", ["--resume", "work.json"], environment: ["ANTHROPIC_API_KEY": ""])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("velo> n\n🤖 Computes COUNT(*)"), "n asks the saved session's last question again:\n\(second.stdout)")
        #expect(second.stdout.contains("resumed work.json: 1 schemas, 1 jobs"))
        #expect(second.stdout.contains("| 1 | warm | CREATE STREAM | (new)"))
        #expect(second.stdout.contains("Output ("))
        let broken = try f.script("status\n", ["--resume", "schemas/sensor_readings.schema.yaml"])
        #expect(broken.status == 3)
        #expect(broken.stderr.contains("schemas/sensor_readings.schema.yaml: not a Velo session"), "\(broken.stderr)")
    }

    @Test func aCommandWithAMistakeSaysHowToWriteIt() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let r = try f.script("generate lots orders\nmessages\nset colour on\nshow schema nope\ntopics\n")
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: generate needs a count and a schema\nhint: generate 5000 orders"))
        #expect(r.stderr.contains("hint: messages orders --last 5"))
        #expect(r.stderr.contains("no setting 'colour'"))
        #expect(r.stderr.contains("no schema 'nope': the session has no schemas yet\nhint: load schemas from DIR"))
        #expect(r.stdout.contains("no topics yet in the local store"))
    }
}
