import Foundation
import Testing
import VeloBase
import VeloGenerate
import VeloJSON
import VeloSchema

@Suite struct GenGeneratorTests {
    static let orders = """
        name: orders
        key_field: order_id
        fields:
          - name: order_id
            type: string
            constraints: {pattern: "ORD-[A-Z]{3}-[0-9]{6}"}
          - name: status
            type: string
            constraints:
              enum_values: {values: [PENDING, PAID, SHIPPED, CANCELLED], weights: [10, 30, 50, 10]}
          - name: amount
            type: float
            constraints:
              range: {min: 0, max: 1000}
              distribution: {normal: {mean: 120, std_dev: 40}}
          - name: quantity
            type: integer
            constraints: {range: {min: 1, max: 10}}
          - name: note
            type: string
            nullable: true
            constraints: {length: {min: 3, max: 8}}
          - name: price
            type: {decimal: {precision: 2}}
            constraints: {range: {min: 1, max: 50}}
          - name: total
            type: {decimal: {precision: 2}}
            constraints: {derived: {expression: "price * quantity", depends_on: [price, quantity]}}
          - name: event_time
            type: integer
            constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}
        """

    @Test func enumSharesWithinOnePercentOfWeights() throws {
        let values = try GenTest.values(Self.orders, field: "status", count: 100_000)
        let weights = ["PENDING": 0.1, "PAID": 0.3, "SHIPPED": 0.5, "CANCELLED": 0.1]
        var counts: [String: Int] = [:]
        for v in values { counts[v.text, default: 0] += 1 }
        #expect(Set(counts.keys) == Set(weights.keys))
        for (value, weight) in weights {
            #expect(abs(Double(counts[value] ?? 0) / 100_000 - weight) < 0.01, "\(value)")
        }
    }

    @Test func normalMeanAndStdDevWithinTwoPercent() throws {
        let xs = try GenTest.values(Self.orders, field: "amount", count: 100_000).map { $0.doubleValue! }
        #expect(abs(GenTest.mean(xs) - 120) / 120 < 0.02)
        #expect(abs(GenTest.stdDev(xs) - 40) / 40 < 0.02)
        #expect(xs.allSatisfy { $0 >= 0 && $0 <= 1000 })
    }

    @Test func logNormalIsInLogSpace() throws {
        let yaml = """
            name: t
            fields:
              - name: x
                type: float
                constraints: {distribution: {log_normal: {mean: 2.0, std_dev: 0.5}}}
            """
        let logs = try GenTest.values(yaml, field: "x", count: 50_000).map { log($0.doubleValue!) }
        #expect(abs(GenTest.mean(logs) - 2.0) < 0.02)
        #expect(abs(GenTest.stdDev(logs) - 0.5) / 0.5 < 0.03)
    }

    @Test func nullableIsAboutTenPercentAndConfigurable() throws {
        let nulls = try GenTest.values(Self.orders, field: "note", count: 50_000).filter(\.isNull).count
        #expect(abs(Double(nulls) / 50_000 - 0.1) < 0.01)
        var settings = GenTest.settings()
        settings.nullRate = 0.3
        let more = try GenTest.values(Self.orders, field: "note", count: 50_000, settings: settings).filter(\.isNull).count
        #expect(abs(Double(more) / 50_000 - 0.3) < 0.01)
        let notNullable = try GenTest.values(Self.orders, field: "status", count: 10_000, settings: settings)
        #expect(!notNullable.contains(.null))
    }

    @Test func rangesLengthsAndPatternsHold() throws {
        let generator = try GenTest.generator(Self.orders, count: 5000)
        let regex = try NSRegularExpression(pattern: "^ORD-[A-Z]{3}-[0-9]{6}$")
        for _ in 0..<5000 {
            generator.next()
            let r = generator.record
            let id = r.text(0)
            #expect(regex.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) != nil)
            guard case .int(let q) = r.value(3) else { Issue.record("quantity not int"); return }
            #expect((1...10).contains(q))
            if case .string(let note) = r.value(4) { #expect((3...8).contains(note.count)) }
            let price = r.value(5).doubleValue!
            #expect(price >= 1 && price <= 50)
            #expect(abs(price * 100 - (price * 100).rounded()) < 1e-6) // two places
            let total = r.value(6).doubleValue!
            #expect(abs(total - price * Double(q)) < 1e-6)
        }
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = GenTest.ndjson(try GenTest.generator(Self.orders, settings: GenTest.settings(seed: 1), count: 500), count: 500)
        let b = GenTest.ndjson(try GenTest.generator(Self.orders, settings: GenTest.settings(seed: 1), count: 500), count: 500)
        let c = GenTest.ndjson(try GenTest.generator(Self.orders, settings: GenTest.settings(seed: 2), count: 500), count: 500)
        #expect(a == b)
        #expect(a != c)
        #expect(a.split(separator: "\n").count == 500)
    }

    @Test func fieldsHaveIndependentStreams() throws {
        // Forcing nulls in one field leaves every other field's values unchanged.
        var settings = GenTest.settings()
        let plain = try GenTest.values(Self.orders, field: "amount", count: 200, settings: settings)
        settings.nullRate = 0.9
        let withNulls = try GenTest.values(Self.orders, field: "amount", count: 200, settings: settings)
        #expect(plain == withNulls)
    }

    @Test func outputIsValidJSONWithTypedValues() throws {
        let text = GenTest.ndjson(try GenTest.generator(Self.orders, count: 200), count: 200)
        for line in text.split(separator: "\n") {
            let value = try JSONParser.parse(String(line))
            guard let object = value.objectValue else { Issue.record("not an object"); return }
            #expect(object.keys == ["order_id", "status", "amount", "quantity", "note", "price", "total", "event_time"])
            #expect(object["quantity"]?.intValue != nil)
            #expect(object["amount"]?.doubleValue != nil)
            #expect(object["event_time"]?.intValue != nil)
        }
    }

    @Test func csvAndJSONArrayFormats() throws {
        let csv = GenTest.ndjson(try GenTest.generator(Self.orders, count: 3), count: 3, format: .csv)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0] == "order_id,status,amount,quantity,note,price,total,event_time")
        #expect(lines[1].split(separator: ",", omittingEmptySubsequences: false).count == 8)
        let json = GenTest.ndjson(try GenTest.generator(Self.orders, count: 3), count: 3, format: .json)
        #expect(try JSONParser.parse(json).arrayValue?.count == 3)
        #expect(GenTest.ndjson(try GenTest.generator(Self.orders, count: 0), count: 0, format: .json) == "[\n]\n")
    }

    @Test func eventTimeMovesLikeAStreamInsideTheRange() throws {
        let generator = try GenTest.generator(Self.orders, count: 10_000)
        var previous = Int64.min
        for _ in 0..<10_000 {
            generator.next()
            guard case .int(let t) = generator.record.value(7) else { Issue.record("no time"); return }
            #expect(t >= previous)
            #expect(t >= GenTest.now - 3_600_000 && t <= GenTest.now)
            #expect(t == generator.eventMs)
            previous = t
        }
    }

    @Test func rateStartAndOutOfOrder() throws {
        var settings = GenTest.settings()
        settings.time.start = TimeSpec.parse("2026-01-15T00:00:00Z")
        settings.time.rate = 100
        settings.time.outOfOrder = 0.1
        settings.time.maxDelayMs = 2000
        let generator = try GenTest.generator(Self.orders, settings: settings, count: 10_000)
        var times: [Int64] = []
        for _ in 0..<10_000 {
            generator.next()
            times.append(generator.eventMs)
        }
        let start = TimeSpec.parse("2026-01-15T00:00:00Z")!.resolve(nowMs: 0)
        #expect(times.first! >= start && times.first! < start + 10)
        #expect(abs(Double(times.last! - start) - 100_000) < 2500) // 10 000 events at 100/s
        var late = 0, maxLag: Int64 = 0, high = Int64.min
        for t in times {
            if t < high { late += 1; maxLag = max(maxLag, high - t) }
            high = max(high, t)
        }
        #expect(abs(Double(late) / 10_000 - 0.1) < 0.02)
        #expect(maxLag <= 2000 + 10)
    }

    @Test func rateAndEndDecideTheCount() throws {
        var settings = GenTest.settings()
        settings.time.start = TimeSpec.parse("-10m")
        settings.time.end = TimeSpec.parse("now")
        settings.time.rate = 50
        let generator = try GenTest.generator(Self.orders, settings: settings)
        #expect(try generator.prepare(count: nil, settings: settings) == 30_000)
    }

    @Test func absoluteTimeBoundsWork() throws {
        let yaml = """
            name: t
            fields:
              - name: at
                type: timestamp
                constraints: {timestamp_range: {start: "2025-03-01T00:00:00Z", end: "2025-03-02T00:00:00+00:00"}}
              - name: day
                type: date
            """
        var settings = GenTest.settings()
        settings.time.random = true
        let generator = try GenTest.generator(yaml, settings: settings, count: 100)
        let text = GenTest.ndjson(generator, count: 100)
        for line in text.split(separator: "\n") {
            let object = try JSONParser.parse(String(line)).objectValue!
            let at = object["at"]!.stringValue!
            #expect(at.hasPrefix("2025-03-01T"))
            #expect(at.hasSuffix("Z") && at.count == 24)
            let day = object["day"]!.stringValue!
            #expect(day >= "2025-12-16" && day <= "2026-01-15")
        }
    }

    @Test func randomWalkKeepsAPathPerGroup() throws {
        let yaml = """
            name: trades
            fields:
              - name: symbol
                type: string
                constraints: {enum_values: {values: [A, B]}}
              - name: price
                type: float
                constraints:
                  range: {min: 10, max: 1000}
                  distribution: {random_walk: {volatility: 0.001, group_by: symbol}}
            """
        let generator = try GenTest.generator(yaml, count: 4000)
        var last: [String: Double] = [:]
        var biggestStep = 0.0
        for _ in 0..<4000 {
            generator.next()
            let symbol = generator.record.text(0)
            let price = generator.record.value(1).doubleValue!
            #expect(price >= 10 && price <= 1000)
            if let previous = last[symbol] { biggestStep = max(biggestStep, abs(price - previous) / previous) }
            last[symbol] = price
        }
        #expect(biggestStep < 0.02) // volatility 0.1% per step: no jumps between the two paths
        #expect(last.count == 2)
    }

    @Test func referencesResolveToGeneratedValues() throws {
        let customers = """
            name: customers
            fields:
              - name: customer_id
                type: string
                constraints: {pattern: "CUST-{seq:4}"}
            """
        let orders = """
            name: orders
            fields:
              - name: customer_id
                type: string
                constraints: {references: {schema: customers, field: customer_id}}
            """
        let pool = GenPool(name: "customers.customer_id")
        let parent = try GenTest.generator(customers, count: 300)
        parent.tap(field: "customer_id", into: pool)
        var generated = Set<String>()
        for _ in 0..<300 {
            parent.next()
            generated.insert(parent.record.text(0))
        }
        #expect(pool.count == 300)
        let child = try GenTest.generator(orders, count: 5000, pools: ["customers.customer_id": pool])
        var used = Set<String>()
        for _ in 0..<5000 {
            child.next()
            let id = child.record.text(0)
            #expect(generated.contains(id), "\(id) was never generated")
            used.insert(id)
        }
        #expect(used.count > 250)
    }

    @Test func poolReservoirKeepsOnlyGeneratedValues() {
        let pool = GenPool(name: "p", capacity: 100)
        for i in 0..<10_000 { pool.add(.string("v\(i)")) }
        #expect(pool.count == 100)
        var indices = Set<Int>()
        for k in 0..<100 {
            guard case .string(let s) = pool.value(at: k), let i = Int(s.dropFirst()) else { Issue.record("bad value"); return }
            #expect((0..<10_000).contains(i))
            indices.insert(i)
        }
        #expect(indices.count == 100)
        #expect(indices.contains { $0 >= 5000 }) // later values got in too
    }

    @Test func enumValuesOfNumericFieldsStayNumbers() throws {
        let yaml = """
            name: t
            fields:
              - name: level
                type: integer
                constraints: {enum_values: {values: [1, 2, 3]}}
              - name: on
                type: boolean
                constraints: {enum_values: {values: ["true", "false"]}}
            """
        let text = GenTest.ndjson(try GenTest.generator(yaml, count: 20), count: 20)
        let object = try JSONParser.parse(String(text.split(separator: "\n")[0])).objectValue!
        #expect(object["level"]?.intValue != nil)
        #expect(object["on"]?.boolValue != nil)
    }

    @Test(arguments: [
        (
            "  - name: x\n    type: float\n    constraints: {derived: {expression: \"y * 2\"}}",
            "schema 't': field 'x': derived expression: unknown field 'y' (did you mean 'x'?)"
        ),
        (
            "  - name: x\n    type: string\n    constraints: {pattern: \"[A-Z\"}",
            "schema 't': field 'x': pattern: unclosed '['"
        ),
        (
            "  - name: x\n    type: float\n    constraints: {derived: {expression: \"z + 1\"}}\n  - name: z\n    type: float\n    constraints: {derived: {expression: \"x + 1\"}}",
            "schema 't': field 'x' depends on 'z', which depends on it in turn (a cycle)"
        )
    ])
    func compileErrorsNameFieldAndLine(_ fields: String, _ message: String) throws {
        let yaml = "name: t\nfields:\n" + fields + "\n"
        do {
            _ = try GenTest.generator(yaml)
            Issue.record("compiled")
        } catch let error as VeloError {
            #expect(error.exitCode == .invalidInput)
            #expect(error.diagnostic.message == message)
            #expect(error.diagnostic.location?.file == "test.schema.yaml")
            #expect((error.diagnostic.location?.line ?? 0) >= 3)
        }
    }

    @Test func unknownGroupByIsAnErrorForSchemasBuiltInCode() throws {
        let schema = Schema(
            name: "t",
            fields: [
                SchemaField(name: "x", type: .float, constraints: FieldConstraints(distribution: .randomWalk(RandomWalk(groupBy: "sym")))),
                SchemaField(name: "symbol", type: .string)
            ])
        #expect(throws: VeloError.self) {
            try GenCompiler(schema: schema, settings: GenTest.settings()) { _, _, _ in GenPool(name: "p") }.compile()
        }
        do {
            _ = try GenCompiler(schema: schema, settings: GenTest.settings()) { _, _, _ in GenPool(name: "p") }.compile()
        } catch let error as VeloError {
            #expect(error.diagnostic.message == "schema 't': field 'x': group_by 'sym' is not a field (did you mean 'symbol'?)")
        }
    }

    @Test func patternErrorPointsIntoThePattern() throws {
        let yaml = "name: t\nfields:\n  - name: x\n    type: string\n    constraints: {pattern: \"AB[Z-A]\"}\n"
        do {
            _ = try GenTest.generator(yaml)
        } catch let error as VeloError {
            let location = try #require(error.diagnostic.location)
            #expect(location.line == 5)
            #expect(location.column == 32) // the 'Z' of the backwards range, inside the quotes
        }
    }
}

@Suite struct GenEscapingTests {
    @Test func quotesAndBackslashesAreEscapedOthersCopied() throws {
        let yaml = #"""
            name: t
            fields:
              - name: a
                type: string
                constraints: {enum_values: {values: ["q\"uote", plain]}}
              - name: b
                type: string
                constraints: {pattern: "x\\\\y\"z[a-c]{2}"}
              - name: c
                type: string
                constraints: {derived: {expression: "concat(a, '\\t')"}}
            """#
        let text = GenTest.ndjson(try GenTest.generator(yaml, count: 50), count: 50)
        var sawQuote = false
        for line in text.split(separator: "\n") {
            let object = try JSONParser.parse(String(line)).objectValue!
            let a = object["a"]!.stringValue!
            #expect(a == "q\"uote" || a == "plain")
            sawQuote = sawQuote || a == "q\"uote"
            #expect(object["b"]!.stringValue!.hasPrefix("x\\y\"z"))
            #expect(object["c"]!.stringValue == a + "\t")
        }
        #expect(sawQuote)
    }
}

@Suite struct GenExampleTests {
    @Test(arguments: GenExamples.all.map(\.name))
    func exampleLoadsSavesAndCompiles(_ name: String) throws {
        let example = try #require(GenExamples.named(name))
        let loaded = try SchemaLoader.load(yaml: example.yaml, file: "\(name).schema.yaml")
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        // The schema writer's canonical form reads back to the same schema.
        let again = try SchemaLoader.load(yaml: SchemaWriter.yaml(loaded.schema)).schema
        #expect(again == loaded.schema)
        let pool = GenPool(name: "ref")
        pool.add(.string("CUST-000001"))
        let generator = try GenCompiler(schema: loaded.schema, settings: GenTest.settings()) { _, _, _ in pool }.compile()
        try generator.prepare(count: 100, settings: GenTest.settings())
        let text = GenTest.ndjson(generator, count: 100)
        #expect(text.split(separator: "\n").count == 100)
    }

    @Test func aliasesFindExamples() {
        #expect(GenExamples.named("sensors")?.name == "iot")
        #expect(GenExamples.named("IoT")?.name == "iot")
        #expect(GenExamples.named("nope") == nil)
    }
}
