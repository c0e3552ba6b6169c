import Testing
import VeloBase
import VeloGenerate
import VeloInfer
import VeloJSON
import VeloSchema

/// velo-gen on an inferred schema must produce data that velo-infer infers to the same types and compatible
/// constraints. Each shape starts from a hand-written schema (S0): velo-gen makes data, inference gives S1,
/// velo-gen makes new data from S1, inference gives S2, and S2 must agree with S1.
@Suite struct InferRoundTripTests {
    static func generate(_ schema: Schema, count: Int, seed: UInt64) throws -> [String] {
        let settings = GenSettings(seed: seed, nowMs: 1_767_225_600_000) // 2026-01-01, pinned
        let generator = try GenCompiler(schema: schema, settings: settings) { reference, _, _ in
            throw VeloError("no references in round-trip shapes (\(reference.schema))")
        }.compile()
        try generator.prepare(count: count, settings: settings)
        var writer = GenRecordWriter(format: .ndjson, fieldNames: schema.fields.map(\.name), places: generator.places)
        var json = JSONWriter()
        for _ in 0..<count {
            generator.next()
            writer.write(generator.record, to: &json)
        }
        return json.text.split(separator: "\n").map(String.init)
    }

    static func roundTrip(_ yaml: String, count: Int = 2000) throws -> (s1: InferredSchema, s2: InferredSchema) {
        let s0 = try SchemaLoader.load(yaml: yaml).schema
        let s1 = InferTest.schema(try generate(s0, count: count, seed: 1), name: s0.name)
        let s2 = InferTest.schema(try generate(s1.schema, count: count, seed: 2), name: s0.name)
        return (s1, s2)
    }

    /// The compatibility rules the issue asks for, one expectation per field and constraint.
    static func expectCompatible(_ s1: InferredSchema, _ s2: InferredSchema) {
        #expect(s2.fields.map(\.name) == s1.fields.map(\.name))
        for (a, b) in zip(s1.fields, s2.fields) {
            #expect(b.type == a.type, "\(a.name): type \(a.type) → \(b.type)")
            #expect(b.nullable == a.nullable, "\(a.name): nullable")
            let (c1, c2) = (a.constraints, b.constraints)
            #expect(Set(c2.enumValues?.values ?? []) == Set(c1.enumValues?.values ?? []), "\(a.name): enum values")
            #expect(c2.pattern == c1.pattern, "\(a.name): pattern")
            #expect(c2.distribution?.name == c1.distribution?.name, "\(a.name): distribution")
            if let r1 = c1.range {
                let r2 = c2.range
                #expect(r2 != nil && r2!.min >= r1.min && r2!.max <= r1.max, "\(a.name): range \(r1) → \(String(describing: r2))")
            }
            if let l1 = c1.length, let l2 = c2.length {
                #expect(l2.min! >= l1.min! && l2.max! <= l1.max!, "\(a.name): length")
            }
            for (t1, t2) in [(c1.timestampRange, c2.timestampRange), (c1.timestampEpochMs, c2.timestampEpochMs)] {
                guard let t1 else { #expect(t2 == nil); continue }
                let bounds1 = (TimeSpec.parseRFC3339(t1.start)!, TimeSpec.parseRFC3339(t1.end)!)
                let bounds2 = t2.map { (TimeSpec.parseRFC3339($0.start)!, TimeSpec.parseRFC3339($0.end)!) }
                #expect(bounds2 != nil && bounds2!.0 >= bounds1.0 && bounds2!.1 <= bounds1.1, "\(a.name): time range")
            }
        }
    }

    @Test func orders() throws {
        let (s1, s2) = try Self.roundTrip(
            """
            name: orders
            key_field: order_ref
            fields:
              - name: order_ref
                type: string
                constraints: {pattern: "ORD-{seq:6}"}
              - name: status
                type: string
                constraints:
                  enum_values: {values: [new, paid, shipped], weights: [5, 3, 2]}
              - name: amount
                type: {decimal: {precision: 2}}
                constraints:
                  range: {min: 1, max: 500}
                  distribution: {normal: {mean: 200, std_dev: 40}}
              - name: qty
                type: integer
                constraints: {range: {min: 1, max: 9}}
              - name: ts
                type: integer
                constraints: {timestamp_epoch_ms: {start: "2025-06-01T00:00:00Z", end: "2025-06-01T01:00:00Z"}}
              - name: note
                type: string
                nullable: true
                constraints: {length: {min: 3, max: 12}}
            """)
        Self.expectCompatible(s1, s2)
        #expect(s1.keyField == "order_ref")
        #expect(s2.keyField == "order_ref")
        let types = s1.fields.map { "\($0.name):\($0.type)" }
        #expect(types == ["order_ref:string", "status:string", "amount:decimal(2)", "qty:integer", "ts:integer", "note:string"])
        #expect(s1.fields[0].constraints.pattern == "ORD-{seq:6}")
        #expect(s1.fields[2].constraints.distribution?.name == "normal")
        #expect(s1.fields[3].constraints.distribution == .uniform)
        #expect(s1.fields[4].constraints.timestampEpochMs != nil)
        #expect(s1.fields[5].nullable)
    }

    @Test func sensors() throws {
        let (s1, s2) = try Self.roundTrip(
            """
            name: sensors
            key_field: reading_id
            fields:
              - name: reading_id
                type: uuid
              - name: device
                type: string
                constraints: {pattern: "[A-Z]{2}-[0-9]{4}"}
              - name: latency_ms
                type: float
                constraints:
                  range: {min: 0.5, max: 5000}
                  distribution: {log_normal: {mean: 3, std_dev: 0.6}}
              - name: ok
                type: boolean
              - name: at
                type: timestamp
                constraints: {timestamp_range: {start: "2025-03-01T00:00:00Z", end: "2025-03-02T00:00:00Z"}}
              - name: day
                type: date
            """)
        Self.expectCompatible(s1, s2)
        #expect(s1.keyField == "reading_id")
        #expect(s2.keyField == "reading_id")
        let types = s1.fields.map { "\($0.name):\($0.type)" }
        // velo-gen writes floats with up to 4 places, trailing zeros dropped: no fixed scale, so a float.
        #expect(types == ["reading_id:uuid", "device:string", "latency_ms:float", "ok:boolean", "at:timestamp", "day:date"])
        #expect(s1.fields[1].constraints.pattern == "[A-Z]{2}-[0-9]{4}")
        #expect(s1.fields[2].constraints.distribution?.name == "log_normal")
    }

    @Test func mixedNullableAndWideStrings() throws {
        let (s1, s2) = try Self.roundTrip(
            """
            name: events
            fields:
              - name: kind
                type: string
                nullable: true
                constraints: {enum_values: {values: [click, view, buy, "1", "true"]}}
              - name: score
                type: integer
                nullable: true
                constraints: {range: {min: -50, max: 50}, distribution: uniform}
              - name: label
                type: string
                constraints: {length: {min: 5, max: 20}}
            """, count: 1000)
        Self.expectCompatible(s1, s2)
        #expect(s1.fields.map(\.nullable) == [true, true, false])
        #expect(s1.fields[0].type == .string)
    }
}
