import Foundation
import Testing
import VeloTestSupport

/// `edit`, `edit N` and `edit schema NAME` in a real terminal, with a small script as `$EDITOR`: it raises
/// a threshold in SQL and adds a field (extra_N at the Nth edit) to a schema (or, when `break-next` exists, breaks the schema once).
@Suite(.serialized) struct ReplEditorTests {
    static let editor = """
        #!/bin/sh
        echo "$1" >> edited.log
        n=$(wc -l < edited.log)
        case "$1" in
        *.sql) sed -i 's/> 30/> 35/' "$1" ;;
        *.yaml)
          if [ -e break-next ]; then rm break-next; sed -i 's/^fields:/fieldz:/' "$1"
          else sed -i 's/^fieldz:/fields:/' "$1"; printf '  - name: extra_%s\\n    type: float\\n' "$n" >> "$1"; fi ;;
        esac
        """

    func terminal(_ f: ReplFixture, _ arguments: [String] = []) throws -> TmuxTerminal {
        let script = f.dir.appendingPathComponent("edit.sh")
        try Self.editor.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return try f.terminal(
            ["--schemas", "schemas", "--history", f.dir.appendingPathComponent("h").path] + arguments,
            environment: ["EDITOR": script.path, "VISUAL": "", "ANTHROPIC_API_KEY": ""])
    }

    @Test func editOpensTheDraftAndTheEditedSQLRuns() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        try f.publish(400)
        let t = try terminal(f)
        try t.waitFor("velo> ")
        try t.typeLine("SELECT device_id, temperature_c FROM sensor_readings WHERE temperature_c > 30;")
        try t.waitFor("Output (")
        try t.typeLine("e")
        try t.waitFor("[r] run  append keeps it")
        #expect(try t.screen().contains("WHERE temperature_c > 35;"))
        try t.typeLine("r")
        try t.waitFor("Output (", count: 2)
        try t.typeLine("e")
        try t.waitFor("unchanged") // the editor found nothing to change the second time
        let log = try String(contentsOf: f.dir.appendingPathComponent("edited.log"), encoding: .utf8)
        #expect(log.split(separator: "\n").count == 2)
        #expect(!log.contains(f.dir.path), "the editor gets the REPL's working copy, not a user file")
    }

    @Test func editNOfALoadedFileThenReplaceWritesTheFileAtSave() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let app = "-- my app\n\n-- @name: hot\nCREATE STREAM hot AS SELECT device_id FROM sensor_readings WHERE temperature_c > 30;\n"
        try app.write(to: f.dir.appendingPathComponent("app.sql"), atomically: true, encoding: .utf8)
        let t = try terminal(f, ["--load", "app.sql"])
        try t.waitFor("velo> ")
        try t.typeLine("edit 1")
        try t.waitFor("replace 1 keeps it as job 1")
        try t.typeLine("replace 1")
        try t.waitFor("✓ replaced job 1")
        try t.typeLine("show jobs")
        try t.waitFor("app.sql *")
        try t.typeLine("save")
        try t.waitFor("✓ wrote app.sql (1 job)")
        let text = try String(contentsOf: f.dir.appendingPathComponent("app.sql"), encoding: .utf8)
        #expect(text.hasPrefix("-- my app\n\n"), "\(text)")
        #expect(text.contains("WHERE temperature_c > 35;"))
        #expect(!text.contains("> 30"))
    }

    @Test func editSchemaChecksTheResultAndOffersAnotherTry() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let t = try terminal(f)
        try t.waitFor("velo> ")
        try t.typeLine("edit schema sensor_readings")
        try t.waitFor("✓ schema sensor_readings (8 fields) is in the session")
        try t.typeLine("show schema sensor_readings")
        try t.waitFor("- name: extra_1")
        try "".write(to: f.dir.appendingPathComponent("break-next"), atomically: true, encoding: .utf8)
        try t.typeLine("edit schema sensor_readings")
        try t.waitFor("Edit again? [y/n]: ")
        try t.typeLine("y")
        try t.waitFor("✓ schema sensor_readings (9 fields) is in the session")
        try "".write(to: f.dir.appendingPathComponent("break-next"), atomically: true, encoding: .utf8)
        try t.typeLine("edit schema sensor_readings")
        try t.waitFor("Edit again? [y/n]: ", count: 2)
        try t.typeLine("n")
        try t.waitFor("schema sensor_readings unchanged")
        try t.typeLine("show schemas")
        try t.waitFor("sensor_readings (9 fields")
        // The schema file the session read is not touched: an edited schema is the session's until saved.
        let file = try String(contentsOf: f.dir.appendingPathComponent("schemas/sensor_readings.schema.yaml"), encoding: .utf8)
        #expect(!file.contains("extra_"))
        try t.typeLine("quit")
        try t.waitFor("Unsaved work (")
    }
}
