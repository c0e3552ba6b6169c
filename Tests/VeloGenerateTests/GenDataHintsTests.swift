import Testing
import VeloBase
import VeloGenerate
import VeloSchema

@Suite struct GenDataHintsTests {
    static let sql = """
        -- @data.source: market
        -- @data.record_count: 500
        -- @data.seed: 42
        -- @data.time_start: "-2h"
        -- @data.symbol.type: string
        -- @data.symbol: enum ["AAPL", "MSFT"], weights: [0.6, 0.4]
        -- @data.ts.type: integer
        -- @data.ts: timestamp, sequential: true
        -- @data.price.type: decimal(4)
        -- @data.price: range [150, 400], distribution: random_walk, volatility: 0.02, group_by: symbol
        -- @data.qty.type: integer
        -- @data.qty: range [1, 100], distribution: normal
        -- @data.id.type: string
        -- @data.id.pattern: "T-{seq:5}"
        -- @data.note.type: string
        -- @data.note.nullable: true
        CREATE STREAM s AS SELECT * FROM market;
        """

    @Test func hintsBecomeASchema() throws {
        let (schemas, seed) = try GenDataHints.schemas(fromSQL: Self.sql, file: "app.sql")
        #expect(seed == 42)
        let schema = try #require(schemas.first)
        #expect(schemas.count == 1)
        #expect(schema.name == "market")
        #expect(schema.recordCount == 500)
        #expect(schema.fields.map(\.name) == ["symbol", "ts", "price", "qty", "id", "note"])
        #expect(schema.fields[0].constraints.enumValues == EnumValues(values: ["AAPL", "MSFT"], weights: [0.6, 0.4]))
        #expect(schema.fields[1].constraints.timestampEpochMs == TimeRange(start: "-2h", end: "now"))
        #expect(schema.fields[2].type == .decimal(precision: 4))
        #expect(schema.fields[2].constraints.distribution == .randomWalk(RandomWalk(volatility: 0.02, groupBy: "symbol")))
        #expect(schema.fields[3].constraints.distribution == .normal(mean: 50.5, stdDev: 16.5))
        #expect(schema.fields[4].constraints.pattern == "T-{seq:5}")
        #expect(schema.fields[5].nullable)
        let generator = try GenCompiler(schema: schema, settings: GenTest.settings()) { _, _, _ in GenPool(name: "p") }.compile()
        #expect(GenTest.ndjson(generator, count: 10).split(separator: "\n").count == 10)
    }

    @Test func noHintsNoSchemas() throws {
        #expect(try GenDataHints.schemas(fromSQL: "SELECT 1;\n-- plain comment", file: nil).schemas.isEmpty)
    }

    @Test func fileNameNamesASchemaWithoutSource() throws {
        let (schemas, _) = try GenDataHints.schemas(fromSQL: "-- @data.id.type: uuid\n", file: "apps/orders_app.sql")
        #expect(schemas.first?.name == "orders_app")
    }

    @Test(arguments: [
        ("-- @data.x.type: strng", "@data.x.type: unknown type 'strng'", 1),
        ("-- @data.x: range [1]", "@data.x: a range needs two numbers, [low, high]", 1),
        ("-- @data.x.type: integer\n-- @data.x.colour: red", "@data.x: unknown property 'colour'", 2),
        ("-- @data.x: enum [A, B]", "@data.x: no type", 1),
        ("-- @data.x.type: integer\n-- @data.x: range [1, 5], distribution: gaussian", "@data.x: unknown distribution 'gaussian'", 2)
    ])
    func badHintsSayWhere(_ sql: String, _ message: String, _ line: Int) {
        do {
            _ = try GenDataHints.schemas(fromSQL: sql, file: "app.sql")
            Issue.record("accepted")
        } catch let error as VeloError {
            #expect(error.diagnostic.message == message)
            #expect(error.diagnostic.location?.line == line)
            #expect(error.exitCode == .invalidInput)
        } catch {
            Issue.record("\(error)")
        }
    }
}
