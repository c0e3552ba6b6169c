import Testing
import VeloBase
import VeloGenerate
import VeloJSON
import VeloSchema

/// Helpers shared by the velo-gen tests: compile YAML text and collect generated values.
enum GenTest {
    static let now: Int64 = 1_768_469_400_000 // 2026-01-15T09:30:00Z

    static func settings(seed: UInt64 = 7) -> GenSettings { GenSettings(seed: seed, nowMs: now) }

    static func schema(_ yaml: String) throws -> Schema { try SchemaLoader.load(yaml: yaml, file: "test.schema.yaml").schema }

    static func generator(
        _ yaml: String, settings: GenSettings = settings(), count: Int = 1000,
        pools: [String: GenPool] = [:]
    ) throws -> GenSchemaGenerator {
        let compiler = GenCompiler(schema: try schema(yaml), settings: settings) { reference, _, _ in
            guard let pool = pools[reference.schema + "." + reference.field] else {
                throw VeloError("no pool", exit: .invalidInput)
            }
            return pool
        }
        let generator = try compiler.compile()
        try generator.prepare(count: count, settings: settings)
        return generator
    }

    /// The values of field `name` over `count` records.
    static func values(_ yaml: String, field name: String, count: Int, settings: GenSettings = settings()) throws -> [GenValue] {
        let generator = try generator(yaml, settings: settings, count: count)
        let index = generator.schema.fields.firstIndex { $0.name == name }!
        var result: [GenValue] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            generator.next()
            result.append(generator.record.value(index))
        }
        return result
    }

    /// `count` records as NDJSON text.
    static func ndjson(_ generator: GenSchemaGenerator, count: Int, format: GenFormatKind = .ndjson) -> String {
        var writer = JSONWriter()
        var records = GenRecordWriter(format: format, fieldNames: generator.schema.fields.map(\.name), places: generator.places)
        records.begin(&writer)
        for _ in 0..<count {
            generator.next()
            records.write(generator.record, to: &writer)
        }
        records.end(&writer)
        return writer.text
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    static func stdDev(_ xs: [Double]) -> Double {
        let m = mean(xs)
        return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
    }
}
