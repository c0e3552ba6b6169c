import Testing
import VeloInfer
import VeloSchema

#if canImport(Glibc)
import Glibc
#endif

@Suite struct InferConstraintTests {
    @Test func lowCardinalityStringsBecomeWeightedEnums() throws {
        let lines = (0..<100).map { i in "{\"s\":\"\(i % 10 < 6 ? "new" : i % 10 < 9 ? "paid" : "void")\"}" }
        let field = try #require(InferTest.field("s", lines))
        #expect(field.constraints.enumValues == EnumValues(values: ["new", "paid", "void"], weights: [60, 30, 10]))
        #expect(field.constraints.length == nil)
    }

    @Test func enumThresholdsAreRespected() throws {
        // 21 distinct values is over the default threshold of 20.
        let many = (0..<210).map { "{\"s\":\"v\($0 % 21)\"}" }
        #expect(try #require(InferTest.field("s", many)).constraints.enumValues == nil)
        var options = InferOptions()
        options.enumMaxValues = 25
        #expect(try #require(InferTest.field("s", many, options: options)).constraints.enumValues?.values.count == 21)
        // All distinct in a small sample: more than half the values are distinct, so no enum.
        let unique = (0..<6).map { "{\"s\":\"name\($0)x\"}" }
        #expect(try #require(InferTest.field("s", unique)).constraints.enumValues == nil)
    }

    @Test func freeStringsGetLengthRanges() throws {
        let words = ["alpha", "be", "gamma ray", "delta", "epsilon", "z", "eta theta", "iota", "kappa", "lambda x"]
        let lines = (0..<40).map { "{\"s\":\"\(words[$0 % 10])\($0)\"}" }
        let field = try #require(InferTest.field("s", lines))
        #expect(field.type == .string)
        #expect(field.constraints.length == LengthRange(min: 2, max: 11))
        #expect(field.constraints.pattern == nil)
    }

    @Test func numericRanges() throws {
        let field = try #require(InferTest.field("v", InferTest.values(["5", "-3", "12", "7"])))
        #expect(field.constraints.range == NumericRange(min: -3, max: 12))
        let decimal = try #require(InferTest.field("v", InferTest.values(["1.25", "9.50", "3.75"])))
        #expect(decimal.constraints.range == NumericRange(min: 1.25, max: 9.5))
    }

    @Test func timestampStringRangesAreAbsolute() throws {
        let field = try #require(InferTest.field("t", ["{\"t\":\"2024-05-01T10:00:00Z\"}", "{\"t\":\"2024-05-01T12:30:00.250+02:00\"}"]))
        #expect(field.type == .timestamp)
        #expect(field.constraints.timestampRange == TimeRange(start: "2024-05-01T10:00:00Z", end: "2024-05-01T10:30:00.250Z"))
    }

    @Test func keyFieldIsUniqueAndIdLike() {
        let lines = (0..<50).map { "{\"order_id\":\"ORD-\(1000 + $0 * 7)\",\"amount\":\($0),\"customer\":\"c\($0 % 5)\"}" }
        let schema = InferTest.schema(lines)
        #expect(schema.keyField == "order_id")
        // amount is unique too, but not id-like; a repeated id is not a key.
        var repeated = lines
        repeated.append("{\"order_id\":\"ORD-1000\",\"amount\":99,\"customer\":\"c1\"}")
        #expect(InferTest.schema(repeated).keyField == nil)
        // A nullable id is not a key.
        var withNull = lines
        withNull.append("{\"order_id\":null,\"amount\":98,\"customer\":\"c1\"}")
        #expect(InferTest.schema(withNull).keyField == nil)
    }

    @Test func keyFieldPrefersIdOverOtherIds() {
        let lines = (0..<20).map { "{\"customer_id\":\($0 + 100),\"id\":\($0)}" }
        #expect(InferTest.schema(lines).keyField == "id")
    }

    @Test func uuidKeyField() {
        let lines = (0..<20).map { i in "{\"ref\":\"\(String(format8(i)))-0000-4000-8000-000000000000\"}" }
        let schema = InferTest.schema(lines)
        #expect(schema.fields.first?.type == .uuid)
        #expect(schema.keyField == "ref")
    }

    func format8(_ i: Int) -> String {
        let hex = String(i, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    @Test func keyFieldIsUniqueBeyondExactTracking() {
        // 3,000 distinct string ids overflow the 1,000-value exact tracker; HyperLogLog still sees them as unique.
        let lines = (0..<3000).map { "{\"user_id\":\"U\(($0 * 7919) % 100_003)\"}" }
        #expect(InferTest.schema(lines).keyField == "user_id")
        let repeated = (0..<3000).map { "{\"user_id\":\"U\($0 % 1500)\"}" }
        #expect(InferTest.schema(repeated).keyField == nil)
    }
}
