import Foundation
import Testing
import VeloTestSupport

/// Mistakes and failures a new user meets: each says what went wrong and the way out, and the shell stays up.
@Suite(.serialized) struct ReplErrorTests {
    @Test func withNoSchemasTheShellSaysHowToGetOne() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let r = try f.script(
            "generate 1000 sensor_readings\naverage temperature per device every 5 minutes\nstatus\n", environment: ["ANTHROPIC_API_KEY": ""])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: no schema 'sensor_readings': the session has no schemas yet\nhint: load schemas from DIR"), "\(r.stderr)")
        // velo-ask's offline drafter has nothing to go on: its reason, and the shell's commands as the way out.
        #expect(r.stderr.contains("error: No SQL: the session has no schemas"), "\(r.stderr)")
        #expect(r.stderr.contains("hint: load schemas from DIR, create schema for DOMAIN or infer schema from TOPIC first"))
        #expect(!r.stderr.contains("--kind schema"), "velo-ask's own options mean nothing at the prompt")
        #expect(r.stdout.contains("schemas    none"), "the shell stayed up:\n\(r.stdout)")
    }

    @Test func aTopicWithNoRecordsIsSaidInTheShellsWordsBeforeAnyToolRuns() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let r = try f.script(
            """
            load schemas from schemas
            optimize it
            count faults per device
            r
            generate 3000 sensor_readings
            infer schema from sensor_reading
            r
            """, environment: ["ANTHROPIC_API_KEY": ""])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: nothing to optimize yet: no query has run in this session\nhint: r runs the draft"), "\(r.stderr)")
        // The offline draft binds its source topic in WITH: the shell checks that topic before velo-run.
        #expect(r.stderr.contains("error: topic 'sensor_readings' is missing\nhint: generate 1000 sensor_readings publishes records to it"))
        #expect(r.stderr.contains("error: topic 'sensor_reading' is missing\nhint: did you mean 'sensor_readings'?"))
        #expect(!r.stderr.contains("velo-run: error") && !r.stderr.contains("velo-infer: error"), "\(r.stderr)")
        // (3,000 readings hold about 30 FAULTs: the second r has rows.)
        #expect(r.stdout.components(separatedBy: "Output: no records").count == 1, "a run that never started shows no output")
        #expect(r.stdout.contains("Output (") && r.stdout.contains("  groups     "), "the second r ran:\n\(r.stdout)")
        try "".write(to: f.dir.appendingPathComponent("trades.sql"), atomically: true, encoding: .utf8)
        let load = try f.script("load trade.sql\nload nothing/here.sql\n")
        #expect(load.stderr.contains("error: no such file 'trade.sql'\nhint: did you mean 'trades.sql'?"), "\(load.stderr)")
        #expect(load.stderr.contains("error: no such file 'nothing/here.sql'\nhint: Tab after load completes file names"))
    }

    @Test func aChildThatCrashesIsReportedAndTheShellGoesOn() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        // velo-repl finds its tools next to itself: a copy of it beside the real tools and a velo-infer that crashes.
        let bin = f.dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try BuiltProducts.url("velo-repl"), to: bin.appendingPathComponent("velo-repl"))
        for tool in ["velo-run", "velo-gen", "velo-ask", "velo-save"] {
            try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent(tool), withDestinationURL: try BuiltProducts.url(tool))
        }
        let crasher = bin.appendingPathComponent("velo-infer")
        try "#!/bin/sh\nkill -SEGV $$\n".write(to: crasher, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: crasher.path)
        try f.publish(50)
        let r = try ProcessRunner.run(
            bin.appendingPathComponent("velo-repl"), [], stdin: .text("infer schema from sensor_readings\ntopics\n"),
            environment: f.environment.merging(["NO_COLOR": "1"]) { $1 }, directory: f.dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: velo-infer crashed (signal 11)"), "\(r.stderr)")
        #expect(r.stdout.contains("| 1 | sensor_readings |       50 |"), "the shell went on:\n\(r.stdout)")
    }

    @Test func withoutAKeyTheBannerSaysOfflineDraftingAndHowToSetOne() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let t = try f.terminal(["--history", f.dir.appendingPathComponent("h").path], environment: ["ANTHROPIC_API_KEY": ""])
        let screen = try t.waitFor("velo> ")
        #expect(screen.contains("drafting: offline (no API key; export ANTHROPIC_API_KEY=… for Claude"), "\(screen)")
        #expect(screen.contains("topics:   the local store"))
        // In 80 columns nothing wraps mid-word: long lines are broken at spaces, under their label.
        let narrow = try f.terminal(["--history", f.dir.appendingPathComponent("h").path], environment: ["ANTHROPIC_API_KEY": ""], width: 80)
        let small = try narrow.waitFor("velo> ")
        let lines = small.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count < 80 }, "\(small)")
        #expect(small.contains("\n            --provider openai for a local model)"), "\(small)")
    }
}
