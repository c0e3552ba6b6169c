import Foundation
import Testing
import VeloBase
import VeloGenerate
import VeloInfer
import VeloJSON
import VeloSchema

/// Every field of every `velo-gen --example` schema, written by velo-gen and read back by velo-infer, keeps
/// its type: floats stay floats (velo-gen writes them with up to 4 trimmed places), decimals keep their
/// scale (written fixed, `12.50`), and the rest keep theirs (docs/velo-infer.md, "Decimal or float").
@Suite struct InferExampleRoundTripTests {
    static func lines(_ schema: Schema, format: GenFormatKind, count: Int) throws -> [String] {
        let settings = GenSettings(seed: 7, nowMs: 1_767_225_600_000)
        let generator = try GenCompiler(schema: schema, settings: settings) { _, _, _ in
            let pool = GenPool(name: "customers.customer_id")
            for i in 1...50 { pool.add(.string("CUS-\(1000 + i)")) }
            return pool
        }.compile()
        try generator.prepare(count: count, settings: settings)
        var writer = GenRecordWriter(format: format, fieldNames: schema.fields.map(\.name), places: generator.places)
        var json = JSONWriter()
        writer.begin(&json) // the CSV header
        for _ in 0..<count {
            generator.next()
            writer.write(generator.record, to: &json)
        }
        return json.text.split(separator: "\n").map(String.init)
    }

    @Test(arguments: GenExamples.all.map(\.name), [GenFormatKind.ndjson, .csv])
    func everyFieldKeepsItsType(example: String, format: GenFormatKind) throws {
        let schema = try SchemaLoader.load(yaml: GenExamples.named(example)!.yaml).schema
        let lines = try Self.lines(schema, format: format, count: 1500)
        let inferred: InferredSchema
        if format == .csv {
            let path = try InferInputTests.temp("\(example)-\(UUID().uuidString).csv", lines.joined(separator: "\n") + "\n")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let runner = InferRunner(options: InferOptions(), format: .csv)
            try runner.addFile(path)
            inferred = SchemaInference.infer(runner.collector, name: schema.name)
        } else {
            inferred = InferTest.schema(lines, name: schema.name)
        }
        for field in schema.fields {
            let got = inferred.fields.first { $0.name == field.name }
            #expect(got.map { "\($0.type)" } == "\(field.type)", "\(example).\(field.name) (\(field.type)) as \(format)")
        }
    }

    /// The rule itself: a fixed scale is a decimal at any scale; trimmed places are a decimal only up to
    /// two (money from a float writer), else a float.
    @Test func decimalOrFloat() {
        let fixed = InferTest.field("v", InferTest.values(["12.5000", "3.1000", "7.2500", "0.0125"]))
        #expect(fixed?.type == .decimal(precision: 4))
        let trimmed4 = InferTest.field("v", InferTest.values(["12.5", "3.1416", "7.2513", "0.0125", "2.7183"]))
        #expect(trimmed4?.type == .float)
        let cents = InferTest.field("v", InferTest.values(["12.5", "19.99", "7.25", "3.75"]))
        #expect(cents?.type == .decimal(precision: 2))
        let mixedScale = InferTest.field("v", InferTest.values(["12.50", "19.9", "7.255"]))
        #expect(mixedScale?.type == .float)
    }
}
