import Testing
import VeloSchema

@Suite struct InferTypeTests {
    /// The widening matrix: each row is the JSON values one field takes and the type a data engineer expects.
    @Test(
        arguments: [
            (["true", "false"], "boolean"),
            (["1", "2", "-7"], "integer"),
            (["true", "3"], "integer"),
            (["1", "2.5"], "decimal(1)"),
            (["1.25", "2.50", "3.75"], "decimal(2)"),
            (["0.1234567891", "2.5"], "float"),
            (["1e3", "2.5"], "float"),
            (["1", "\"a\""], "string"),
            (["true", "\"a\""], "string"),
            (["\"a\"", "\"b\""], "string"),
            (["\"2024-01-02\"", "\"2024-03-04\""], "date"),
            (["\"2024-01-02T10:00:00Z\"", "\"2024-01-02T11:00:00.5+02:00\""], "timestamp"),
            (["\"2024-01-02\"", "\"2024-01-02T11:00:00Z\""], "timestamp"),
            (["\"123e4567-e89b-12d3-a456-426614174000\"", "\"00000000-0000-4000-8000-000000000000\""], "uuid"),
            (["\"123e4567-e89b-12d3-a456-426614174000\"", "\"x\""], "string"),
            (["\"12.50\"", "\"3.99\""], "decimal(2)"),
            (["null", "null"], "string"),
            (["[1,2]", "[3]"], "string"),
            (["[1,2]", "5"], "string"),
            (["{\"a\":1}", "5"], "string")
        ] as [([String], String)])
    func widening(values: [String], expected: String) throws {
        let field = try #require(InferTest.field("v", InferTest.values(values)))
        #expect(field.type.description == expected)
    }

    @Test func mixedTypesAreReportedAsConflicts() throws {
        let field = try #require(InferTest.field("v", InferTest.values(["1", "2", "\"x\""])))
        #expect(field.type == .string)
        #expect(field.conflicts == ["integer ×2", "string ×1"])
        #expect(field.reasons.contains { $0.contains("widened to string") })
        // The numbers count for the length as written.
        let wide = try #require(InferTest.field("v", InferTest.values(["12345", "7", "\"ab\""])))
        #expect(wide.constraints.length == LengthRange(min: 1, max: 5))
    }

    @Test func booleansWidenedToNumbersWidenTheRange() throws {
        let field = try #require(InferTest.field("v", InferTest.values(["false", "5", "9"])))
        #expect(field.type == .integer)
        #expect(field.constraints.range == NumericRange(min: 0, max: 9))
        #expect(field.conflicts == ["boolean ×1", "integer ×2"])
    }

    @Test func nullAndMissingMakeNullable() throws {
        let schema = InferTest.schema(["{\"a\":1,\"b\":1,\"c\":1}", "{\"a\":null,\"b\":2,\"c\":3}", "{\"b\":3,\"c\":2}"])
        let byName = Dictionary(uniqueKeysWithValues: schema.fields.map { ($0.name, $0) })
        #expect(byName["a"]?.nullable == true)
        #expect(byName["a"]?.type == .integer)
        #expect(byName["b"]?.nullable == false)
        #expect(byName["a"]?.reasons.first == "seen in 2 of 3 records; null in 1, missing from 1: nullable")
    }

    @Test func nestedObjectsAreFlattenedWithDottedNames() {
        let schema = InferTest.schema([
            "{\"id\":1,\"customer\":{\"name\":\"a\",\"tier\":{\"level\":2}}}",
            "{\"id\":2,\"customer\":{\"name\":\"b\"}}"
        ])
        #expect(schema.fields.map(\.name) == ["id", "customer.name", "customer.tier.level"])
        #expect(schema.fields[2].nullable)
        #expect(schema.fields[1].nullable == false)
    }

    @Test func arraysBecomeDescribedStrings() throws {
        let field = try #require(InferTest.field("v", InferTest.values(["[1,2,3]", "[]", "[4]"])))
        #expect(field.type == .string)
        #expect(field.description == "JSON array of number, length 0..3")
    }

    @Test func epochMillisecondsAndSeconds() throws {
        let ms = try #require(InferTest.field("v", InferTest.values(["1700000000000", "1700000360000"])))
        #expect(ms.type == .integer)
        #expect(ms.constraints.timestampEpochMs?.start == "2023-11-14T22:13:20Z")
        #expect(ms.constraints.timestampEpochMs?.end == "2023-11-14T22:19:20Z")
        let seconds = try #require(InferTest.field("created_at", ["{\"created_at\":1700000000}", "{\"created_at\":1700000360}"]))
        #expect(seconds.type == .integer)
        #expect(seconds.description?.hasPrefix("epoch seconds") == true)
        #expect(seconds.constraints.timestampEpochMs == nil)
        // Same magnitude without a time-like name is just a number.
        let plain = try #require(InferTest.field("count", ["{\"count\":1700000000}", "{\"count\":1700000360}"]))
        #expect(plain.description == nil)
        // Ids in the millisecond range are not timestamps.
        let id = try #require(InferTest.field("order_id", ["{\"order_id\":1700000000000}", "{\"order_id\":1700000000007}"]))
        #expect(id.constraints.timestampEpochMs == nil)
    }

    @Test func escapedStringsAreDecoded() throws {
        let field = try #require(InferTest.field("v", InferTest.values(["\"a\\u00e9\"", "\"a\\u00e9\"", "\"a\\u00e9\"", "\"b\""])))
        #expect(field.constraints.enumValues?.values == ["aé", "b"])
    }
}
