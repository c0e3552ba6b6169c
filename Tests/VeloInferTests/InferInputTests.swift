import Foundation
import Testing
import VeloBase
import VeloInfer
import VeloInferCommands
import VeloJSON
import VeloSchema
import VeloTopics

/// Inputs: files, CSV, bad lines, sampling, topics; and the command's output and exit codes.
@Suite struct InferInputTests {
    static func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-infer-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let quiet = Console(tool: "velo-infer", color: false)

    func run(_ runner: InferRunner, name: String = "t") -> InferredSchema { SchemaInference.infer(runner.collector, name: name) }

    @Test func csvWithHeaderQuotesAndTypes() throws {
        let csv = #"""
            id,name,price,active,joined,note
            1,"Smith, Jo",12.50,true,2024-01-02,
            2,Lee,3.99,false,2024-02-03,"said ""hi"""
            3,"multi
            line",7.25,TRUE,2024-03-04,x

            """#
        let path = try Self.temp("people.csv", csv)
        let runner = InferRunner(options: InferOptions(), format: .csv)
        try runner.addFile(path)
        let schema = run(runner)
        #expect(runner.collector.records == 3)
        #expect(runner.collector.badLines == 0)
        let types = schema.fields.map { "\($0.name):\($0.type)\($0.nullable ? "?" : "")" }
        #expect(types == ["id:integer", "name:string", "price:decimal(2)", "active:boolean", "joined:date", "note:string?"])
        #expect(schema.keyField == "id")
    }

    /// A blank line inside a quoted cell belongs to the cell: the string keeps both line breaks.
    @Test func csvKeepsABlankLineInsideAQuotedCell() throws {
        let path = try Self.temp("notes.csv", "id,note\n1,\"ab\n\ncd\"\n2,\"abcdef\"\n")
        let runner = InferRunner(options: InferOptions(), format: .csv)
        try runner.addFile(path)
        let schema = run(runner)
        #expect(runner.collector.records == 2 && runner.collector.badLines == 0)
        let length = schema.fields.first { $0.name == "note" }?.constraints.length
        #expect(length?.min == 6 && length?.max == 6, "ab, two line breaks, cd: \(String(describing: length))")
    }

    @Test func csvRowsWithTheWrongCellCountAreSkipped() throws {
        let path = try Self.temp("bad.csv", "a,b\n1,2\n3\n4,5,6\n7,8\n")
        let runner = InferRunner(options: InferOptions(), format: .csv)
        try runner.addFile(path)
        #expect(runner.collector.records == 2)
        #expect(runner.collector.badLines == 2)
        #expect(runner.collector.badLineReports.map(\.line) == [3, 4])
        #expect(runner.collector.badLineReports[0].message == "1 cells where the header has 2")
    }

    @Test func csvKeepsLeadingZeroCodesAsStrings() throws {
        let path = try Self.temp("zip.csv", "zip;n\n01234;1\n98765;2\n00501;3\n")
        let runner = InferRunner(options: InferOptions(), format: .csv, separator: UInt8(ascii: ";"))
        try runner.addFile(path)
        let schema = run(runner)
        #expect(schema.fields[0].type == .string)
        // 98765 alone reads as a number; the column widens to string and says so.
        #expect(schema.fields[0].conflicts == ["integer ×1", "string ×2"])
    }

    @Test func malformedLinesAreCountedAndTheFirstFewReported() throws {
        var lines = (0..<20).map { "{\"a\":\($0)}" }
        for bad in [2, 5, 7, 9, 11, 13, 15] { lines[bad] = "{\"a\": \(bad)" }
        lines.insert("", at: 4) // blank lines are not errors but count for line numbers
        let path = try Self.temp("bad.ndjson", lines.joined(separator: "\n"))
        let runner = InferRunner(options: InferOptions())
        try runner.addFile(path)
        let c = runner.collector
        #expect(c.records == 13)
        #expect(c.badLines == 7)
        #expect(c.badLineReports.count == 5)
        #expect(c.badLineReports.map(\.line) == [3, 7, 9, 11, 13])
        #expect(c.badLineReports[0].source == path)
        #expect(c.badLineReports[0].message.hasPrefix("expected"))
        // A half-read bad record leaves nothing behind.
        #expect(run(runner).fields[0].constraints.range == NumericRange(min: 0, max: 19))
    }

    @Test func scannerRejectsWhatJSONRejects() {
        let c = InferenceCollector()
        for (i, bad) in [
            "[1,2]", "{\"a\":tru}", "{\"a\":01}", "{\"a\":\"x\\q\"}", "{\"a\":1}}", "{\"a\" 1}", "{\"a\":\"\u{01}\"}",
            "{\"a\":[1,}", "{\"a\":-}", "{\"a\":1.}"
        ].enumerated() {
            c.addJSONLine(bad, lineNumber: i + 1)
        }
        #expect(c.records == 0)
        #expect(c.badLines == 10)
    }

    @Test func sampleEarliestLatestRandom() throws {
        let path = try Self.temp("seq.ndjson", (0..<1000).map { "{\"n\":\($0)}" }.joined(separator: "\n") + "\n")
        func range(_ from: SampleFrom) throws -> NumericRange? {
            let runner = InferRunner(options: InferOptions(), sample: 100, from: from)
            try runner.addFile(path)
            #expect(runner.collector.records == 100)
            return run(runner).fields[0].constraints.range
        }
        #expect(try range(.earliest) == NumericRange(min: 0, max: 99))
        #expect(try range(.latest) == NumericRange(min: 900, max: 999))
        let random = try #require(try range(.random))
        #expect(random.min < 100 && random.max > 900)
    }

    @Test func topicSampling() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-infer-store-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            .path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = LocalTopicStore(directory: dir)
        let producer = try store.producer(topic: "orders", partitions: 1)
        for i in 0..<500 {
            let status = ["new", "paid"][i % 2]
            try producer.send(key: nil, value: Array("{\"id\":\(i),\"status\":\"\(status)\"}".utf8), timestamp: nil)
        }
        try producer.send(key: nil, value: Array("not json".utf8), timestamp: nil)
        _ = try producer.finish()

        for (from, expected) in [(SampleFrom.earliest, NumericRange(min: 0, max: 49)), (.latest, NumericRange(min: 451, max: 499))] {
            let runner = InferRunner(options: InferOptions(), sample: 50, from: from)
            try runner.addTopic("orders", backend: store)
            let schema = run(runner, name: "orders")
            #expect(schema.fields.first { $0.name == "id" }?.constraints.range == expected, "\(from)")
            #expect(schema.fields.first { $0.name == "status" }?.constraints.enumValues?.values.sorted() == ["new", "paid"])
        }
        let all = InferRunner(options: InferOptions())
        try all.addTopic("orders", backend: store)
        #expect(all.collector.records == 500)
        #expect(all.collector.badLines == 1)
        #expect(all.collector.badLineReports.first.map(InferReport.location) == "orders[0]:500:2")
    }

    @Test func commandWritesYAMLWithHeaderThatLoadsBack() throws {
        let input = try Self.temp(
            "orders.ndjson",
            (0..<30).map {
                "{\"order_id\":\"ORD-\(String(format: "%06d", $0 + 1))\",\"amount\":\($0).50,\"status\":\"\(["a", "b"][$0 % 2])\"}"
            }.joined(separator: "\n"))
        var options = InferCommand.Options()
        options.inputs = [input]
        options.output = input + ".schema.yaml"
        #expect(InferCommand.run(options, console: Self.quiet) == .ok)
        let text = try String(contentsOfFile: options.output!, encoding: .utf8)
        #expect(text.hasPrefix("# Inferred by velo-infer from 30 records of \(input) on 20"))
        let loaded = try SchemaLoader.load(yaml: text).schema
        #expect(loaded.name == "orders")
        #expect(loaded.keyField == "order_id")
        #expect(loaded.field(named: "order_id")?.constraints.pattern == "ORD-{seq:6}")
        #expect(loaded.field(named: "amount")?.type == .decimal(precision: 2))
        #expect(SchemaValidator.validate(loaded).filter { $0.severity == .error }.isEmpty)

        options.json = true
        options.name = "renamed"
        #expect(InferCommand.run(options, console: Self.quiet) == .ok)
        let json = try JSONParser.parse(try String(contentsOfFile: options.output!, encoding: .utf8))
        #expect(json["name"] == "renamed")
        #expect(json["key_field"] == "order_id")
    }

    @Test func noValidRecordsIsExitThree() throws {
        var options = InferCommand.Options()
        options.inputs = [try Self.temp("junk.ndjson", "not json\n{\n")]
        options.output = options.inputs[0] + ".out"
        #expect(InferCommand.run(options, console: Self.quiet) == .invalidInput)
        #expect(!FileManager.default.fileExists(atPath: options.output!))
        options.inputs = [try Self.temp("empty.ndjson", "")]
        #expect(InferCommand.run(options, console: Self.quiet) == .invalidInput)
    }

    @Test func missingFileIsInvalidInput() {
        var options = InferCommand.Options()
        options.inputs = ["/nonexistent/velo-infer-input.ndjson"]
        #expect(InferCommand.run(options, console: Self.quiet) == .invalidInput)
    }

    @Test func explainSaysWhy() throws {
        let lines = (0..<40).map { i in
            "{\"id\":\(i),\"kind\":\(i % 10 == 0 ? "\"x\"" : String(i)),\"status\":\"\(["on", "off"][i % 2])\",\"maybe\":\(i % 4 == 0 ? "null" : "1.5")}"
        }
        let text = InferReport.explain(InferTest.schema(lines, name: "demo"))
        #expect(text.hasPrefix("demo: 40 records, 4 fields"))
        #expect(text.contains("id: integer, key_field"))
        #expect(text.contains("! mixed integer ×36, string ×4: widened to string (anything with strings is a string)"))
        #expect(text.contains("enum_values: 2 distinct values in 40 strings (threshold: at most 20 distinct"))
        #expect(text.contains("maybe: decimal(1), nullable"))
        #expect(text.contains("seen in 40 of 40 records; null in 10: nullable"))
        #expect(text.contains("sequence: each value is the previous plus one"))
    }
}
