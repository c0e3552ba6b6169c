import Foundation
import Testing
import VeloTestSupport

/// velo-repl in a real terminal (tmux): line editing, completion, history, Ctrl+C, the unsaved prompt, colors.
@Suite(.serialized) struct ReplTerminalTests {
    @Test func completionMultiLineInputAndHistoryAcrossSessions() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(300)
        let history = f.dir.appendingPathComponent("hist").path
        do {
            let t = try f.terminal(["--history", history, "--schemas", "schemas"])
            try t.waitFor("velo> ")
            try t.type("gen")
            try t.press("Tab")
            try t.waitFor("velo> generate ")
            try t.press("C-c")
            try t.waitFor("velo> ", count: 2)
            try t.typeLine("SELECT device_id")
            try t.waitFor("  ...> ")
            try t.type("FROM sensor_re")
            try t.press("Tab")
            try t.press("Enter")
            try t.waitFor("  ...> ", count: 2)
            try t.typeLine("WHERE temperature_c > -100;")
            try t.waitFor("Output (300 records)")
            try t.typeLine("show sch")
            try t.press("C-a")
            try t.typeLine("")
            try t.typeLine("quit")
            try t.waitFor("EXIT=0")
        }
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        #expect(saved.contains("SELECT device_id\\nFROM sensor_readings \\nWHERE temperature_c > -100;\n"), "\(saved)")
        let t = try f.terminal(["--history", history])
        try t.waitFor("velo> ")
        try t.press("Up")
        try t.waitFor("velo> quit")
        try t.press("Up")
        try t.press("Up")
        let screen = try t.waitFor("FROM sensor_readings")
        #expect(screen.contains("SELECT device_id"))
    }

    @Test func tabCompletesSchemaTopicAndJobNumbers() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(50)
        let t = try f.terminal(["--schemas", "schemas", "--history", f.dir.appendingPathComponent("h").path])
        try t.waitFor("velo> ")
        try t.typeLine("topics")
        try t.waitFor("| 1 | sensor_readings |")
        try t.type("messages sens")
        try t.press("Tab")
        try t.waitFor("velo> messages sensor_readings ")
        try t.type("--last 1")
        try t.press("Enter")
        try t.waitFor("last 1 of 'sensor_readings'")
        try t.type("show schema s")
        try t.press("Tab")
        try t.waitFor("velo> show schema sensor_readings ")
    }

    @Test func ctrlCStopsALongRunAndTheShellStaysUp() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(200_000) // enough for a run that lasts several progress events in a debug build
        let t = try f.terminal(["--schemas", "schemas", "--history", f.dir.appendingPathComponent("h").path])
        try t.waitFor("velo> ")
        try t.typeLine("generate 50000000 sensor_readings")
        try t.waitFor("sensor_readings [") // velo-gen's progress bar: it is running
        try t.press("C-c")
        let screen = try t.waitFor("velo-gen interrupted")
        #expect(screen.contains("the shell is still here"))
        try t.waitFor("velo> ", count: 2)
        try t.typeLine("topics")
        try t.waitFor("| 1 | sensor_readings |")
        // A long velo-run: Ctrl+C while its progress shows.
        try t.typeLine("SELECT device_id, AVG(temperature_c) AS t FROM sensor_readings GROUP BY device_id;")
        try t.waitFor("running…", timeout: 90)
        try t.press("C-c")
        let stopped = try t.waitFor("velo-run interrupted")
        // What ran before Ctrl+C is shown: velo-run reported its records and metrics as it stopped.
        #expect(stopped.contains("Output until Ctrl+C ("), "\(stopped)")
        #expect(stopped.contains("Metrics ("))
        #expect(!stopped.contains("running…"), "the progress line is erased")
        try t.typeLine("status")
        try t.waitFor("drafting")
    }

    @Test func quittingWithUnsavedWorkAsksFirst() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(100)
        let t = try f.terminal(["--schemas", "schemas", "--history", f.dir.appendingPathComponent("h").path])
        try t.waitFor("velo> ")
        try t.typeLine("CREATE STREAM warm AS SELECT device_id FROM sensor_readings WHERE temperature_c > 0;")
        try t.waitFor("job 1: warm")
        try t.press("C-d")
        try t.waitFor("Unsaved work (1 new job). Save before quitting? [y]es [n]o [c]ancel: ")
        try t.typeLine("c")
        try t.waitFor("velo> ", count: 3)
        try t.typeLine("save session keep.json")
        try t.waitFor("session saved to keep.json")
        try t.typeLine("quit")
        try t.waitFor("EXIT=0")
        #expect(FileManager.default.fileExists(atPath: f.dir.appendingPathComponent("keep.json").path))
    }

    @Test func colorsOnATerminalAndNoneWithNoColor() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let colored = try f.terminal(["--history", f.dir.appendingPathComponent("h").path])
        try colored.waitFor("velo> ")
        try colored.typeLine("help data")
        try colored.waitFor("topics, numbered")
        #expect(try colored.screen(escapes: true).contains("\u{1B}["))
        for (arguments, environment) in [([String](), ["NO_COLOR": "1"]), (["--no-color"], [:])] {
            let plain = try f.terminal(arguments + ["--history", f.dir.appendingPathComponent("h").path], environment: environment)
            try plain.waitFor("velo> ")
            try plain.typeLine("help data")
            try plain.waitFor("topics, numbered")
            #expect(!(try plain.screen(escapes: true).contains("\u{1B}[")), "\(arguments) \(environment)")
        }
    }
}
