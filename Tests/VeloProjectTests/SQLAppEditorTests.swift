import Foundation
import Testing
import VeloBase
import VeloJSON
import VeloSQL
import VeloSession

@testable import VeloProject

@Suite struct SQLAppEditorTests {
    let editor = SQLAppEditor(text: Fixtures.demoApp, file: "market_watch.sql")

    @Test func listNumbersJobsWithTheirLinesAndAnnotations() {
        let jobs = editor.list()
        #expect(jobs.map(\.name) == ["ticks_ts", "candles", "alerts"])
        #expect(jobs.map(\.kind) == ["create_stream", "create_stream", "create_stream"])
        #expect(jobs[0].annotations["metric"] == "ticks_total")
        #expect(jobs[0].annotations["app"] == nil) // app annotations are not the first job's
        let lines = Fixtures.demoApp.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[jobs[0].firstLine - 1] == "-- @name: ticks_ts")
        #expect(lines[jobs[0].lastLine - 1] == ");")
        #expect(lines[jobs[2].firstLine - 1] == "-- @name: alerts")
    }

    @Test func listJSONDecodesBackToTheEntries() throws {
        let text = SQLJobListJSON.text(editor.list())
        let decoded = try JSONDecoder().decode([SQLJobEntry].self, from: Data(text.utf8))
        #expect(decoded == editor.list())
        #expect(SQLJobListJSON.text([]) == "[]\n")
    }

    @Test func listJSONIsWhatTheGeneralWriterWrites() {
        // The list is written piece by piece for speed; it must be byte for byte what writing each entry as a
        // JSON object gives, escapes included.
        let entries =
            editor.list() + [
                SQLJobEntry(
                    number: 4, name: "q\"uo\\te", kind: "select", annotations: ["z": "line\nbreak", "a": "tab\there", "é": "ünï"],
                    firstLine: 40, lastLine: 41)
            ]
        var expected = "["
        for (i, e) in entries.enumerated() {
            var annotations = JSONObject()
            for key in e.annotations.keys.sorted() { annotations.append(key, .string(e.annotations[key]!)) }
            var writer = JSONWriter()
            writer.write(
                .object(
                    JSONObject([
                        ("number", .int(Int64(e.number))), ("name", .string(e.name)), ("kind", .string(e.kind)),
                        ("annotations", .object(annotations)), ("first_line", .int(Int64(e.firstLine))),
                        ("last_line", .int(Int64(e.lastLine)))
                    ])))
            expected += (i == 0 ? "\n  " : ",\n  ") + String(decoding: writer.buffer, as: UTF8.self)
        }
        expected += "\n]\n"
        #expect(SQLJobListJSON.text(entries) == expected)
    }

    @Test func showGivesTheJobsExactText() throws {
        let text = try editor.show(3)
        #expect(text.hasPrefix("-- @name: alerts\nCREATE STREAM alerts"))
        #expect(Fixtures.demoApp.contains(text))
    }

    /// The bytes before and after job N's extent are the same in `old` and `new`.
    func keepsOtherBytes(_ old: String, _ new: String, job n: Int, replacement: String?) throws {
        let extent = editor.script.statements[n - 1].extent
        let oldBytes = Array(old.utf8)
        let newBytes = Array(new.utf8)
        #expect(Array(newBytes.prefix(extent.start)) == Array(oldBytes.prefix(extent.start)))
        if let replacement {
            let tail = Array(oldBytes[extent.end...])
            #expect(Array(newBytes.suffix(tail.count)) == tail)
            #expect(String(decoding: newBytes[extent.start..<(newBytes.count - tail.count)], as: UTF8.self) == replacement)
        }
    }

    @Test func replaceKeepsEveryOtherByte() throws {
        let job = "-- @name: candles\nCREATE STREAM candles AS SELECT symbol, MAX(price) AS high FROM ticks_ts GROUP BY symbol EMIT CHANGES;"
        let result = try editor.apply(.replace(2, job))
        try keepsOtherBytes(Fixtures.demoApp, result, job: 2, replacement: job)
        #expect(SQLAppEditor(text: result, file: "x").list().map(\.name) == ["ticks_ts", "candles", "alerts"])
    }

    @Test func deleteRemovesOnlyTheJob() throws {
        let result = try editor.apply(.delete(2))
        try keepsOtherBytes(Fixtures.demoApp, result, job: 2, replacement: nil)
        let extent = editor.script.statements[1].extent
        let old = Array(Fixtures.demoApp.utf8)
        // What followed the job (after its line end) follows the text before it.
        #expect(Array(result.utf8) == Array(old[..<extent.start]) + Array(old[(extent.end + 1)...]))
        #expect(SQLAppEditor(text: result, file: "x").list().map(\.name) == ["ticks_ts", "alerts"])
    }

    @Test func appendAddsAtTheEnd() throws {
        let result = try editor.apply(.append("-- @name: quiet\nCREATE STREAM quiet AS SELECT symbol FROM ticks_ts WHERE volume < 10\n\n"))
        #expect(result.hasPrefix(Fixtures.demoApp))
        #expect(result.hasSuffix("\n-- @name: quiet\nCREATE STREAM quiet AS SELECT symbol FROM ticks_ts WHERE volume < 10;\n"))
        #expect(SQLAppEditor(text: result, file: "x").list().count == 4)
    }

    @Test func badEditsAreRefused() {
        #expect(throws: SQLProblems.self) { try editor.apply(.replace(1, "CREATE STREAM x AS SELEC y FROM ticks;")) }
        #expect(throws: (any Error).self) { try editor.apply(.replace(1, "SELECT 1 FROM ticks; SELECT 2 FROM ticks;")) }
        #expect(throws: VeloError.self) { try editor.apply(.delete(9)) }
        #expect(throws: VeloError.self) { try editor.show(0) }
    }
}
