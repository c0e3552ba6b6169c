import Foundation
import Testing
import VeloBase
import VeloJSON
import VeloSchema

/// The reference §1 example, verbatim.
let referenceExample = """
    name: sensor_readings
    description: IoT readings
    record_count: 500
    key_field: device_id
    fields:
      - name: device_id
        type: string
        constraints:
          enum_values: {values: [D1, D2, D3], weights: [5, 3, 2]}
      - name: temp_c
        type: {decimal: {precision: 2}}
        constraints:
          range: {min: -10, max: 45}
          distribution: {random_walk: {volatility: 0.01, group_by: device_id}}
      - name: heat_index          # derived fields skip the null roll; a null input makes `*` fail
        type: float
        constraints: {derived: {expression: "temp_c * 1.1 + 2", depends_on: [temp_c]}}
      - name: note
        type: string
        nullable: true
        constraints: {length: {min: 3, max: 8}}
      - name: event_time
        type: integer
        constraints: {timestamp_epoch_ms: {start: "-30m", end: "now"}}
    """

@Suite struct SchemaRoundTripTests {
    @Test func referenceExampleLoadsIntoTheExpectedModel() throws {
        let loaded = try SchemaLoader.load(yaml: referenceExample, file: "sensor.schema.yaml")
        #expect(loaded.warnings.isEmpty)
        let expected = Schema(
            name: "sensor_readings", description: "IoT readings", recordCount: 500, keyField: "device_id",
            fields: [
                SchemaField(
                    name: "device_id", type: .string,
                    constraints: FieldConstraints(enumValues: EnumValues(values: ["D1", "D2", "D3"], weights: [5, 3, 2]))),
                SchemaField(
                    name: "temp_c", type: .decimal(precision: 2),
                    constraints: FieldConstraints(
                        range: NumericRange(min: -10, max: 45),
                        distribution: .randomWalk(RandomWalk(volatility: 0.01, groupBy: "device_id")))),
                SchemaField(
                    name: "heat_index", type: .float,
                    constraints: FieldConstraints(derived: DerivedValue(expression: "temp_c * 1.1 + 2", dependsOn: ["temp_c"]))),
                SchemaField(
                    name: "note", type: .string, nullable: true,
                    constraints: FieldConstraints(length: LengthRange(min: 3, max: 8))),
                SchemaField(
                    name: "event_time", type: .integer,
                    constraints: FieldConstraints(timestampEpochMs: TimeRange(start: "-30m", end: "now")))
            ])
        #expect(loaded.schema == expected)
        #expect(loaded.schema.origin?.file == "sensor.schema.yaml")
        #expect(loaded.schema.origin?.location(of: "fields[1].type")?.line == 11)
    }

    @Test func referenceExampleSavesCanonicallyAndRoundTrips() throws {
        let schema = try SchemaLoader.load(yaml: referenceExample).schema
        let text = SchemaWriter.yaml(schema)
        print(text)
        let again = try SchemaLoader.load(yaml: text).schema
        #expect(again == schema)
        #expect(SchemaWriter.yaml(again) == text)
    }
}

/// Loads, saves, loads again: the model must survive unchanged, and saving again must give the same text.
@discardableResult
func expectRoundTrip(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (Schema, String) {
    let first = try SchemaLoader.load(yaml: yaml).schema
    let text = SchemaWriter.yaml(first)
    let second = try SchemaLoader.load(yaml: text).schema
    #expect(second == first, sourceLocation: sourceLocation)
    #expect(SchemaWriter.yaml(second) == text, sourceLocation: sourceLocation)
    return (first, text)
}

extension SchemaRoundTripTests {
    @Test func marketDataWithEveryRandomWalkParameter() throws {
        let (schema, text) = try expectRoundTrip(
            """
            # Market ticks for the trading demo
            name: in_market_data_stream
            description: "Ticks: bid/ask with # and quotes 'inside'"
            record_count: 10000
            key_field: symbol
            fields:
              - name: symbol
                type: string
                description: Ticker
                constraints:
                  enum_values:
                    values: [AAPL, GOOGL, MSFT, AMZN, "NO", "yes", "007"]
                    weights: [0.3, 0.2, 0.2, 0.1, 0.1, 0.05, 0.05]
              - name: price
                type:
                  decimal:
                    precision: 4
                constraints:
                  range:
                    min: 150.0
                    max: 500.0
                  distribution:
                    random_walk:
                      drift: 0.0001
                      volatility: 0.03
                      group_by: symbol
                      allow_below_min: true
                      allow_above_max: true
              - name: volume
                type: integer
                constraints:
                  range: {min: 100, max: 50000}
                  distribution: {log_normal: {mean: 8.0, std_dev: 1.5}}
              - name: event_time
                type: integer
                constraints:
                  timestamp_epoch_ms: {start: "2026-01-15T09:30:00Z", end: "+8h"}
            """)
        #expect(schema.fields[0].constraints.enumValues?.values == ["AAPL", "GOOGL", "MSFT", "AMZN", "NO", "yes", "007"])
        #expect(
            schema.fields[1].constraints.distribution
                == .randomWalk(
                    RandomWalk(
                        drift: 0.0001, volatility: 0.03, groupBy: "symbol", allowBelowMin: true, allowAboveMax: true)))
        // Strings that YAML would read as something else stay quoted.
        #expect(text.contains("'NO'") && text.contains("'yes'") && text.contains("'007'"))
        #expect(text.contains("distribution: {log_normal: {mean: 8, std_dev: 1.5}}"))
        #expect(text.contains("type: {decimal: {precision: 4}}"))
    }

    @Test func ordersWithReferencesDerivedAndEveryType() throws {
        let (schema, _) = try expectRoundTrip(
            """
            name: orders
            fields:
              - {name: order_id, type: uuid}
              - {name: customer_id, type: string, constraints: {references: {schema: customers, field: id, file: data/customers.csv}}}
              - {name: placed_on, type: date}
              - {name: placed_at, type: timestamp, constraints: {timestamp_range: {start: -1d, end: now}}}
              - {name: express, type: boolean, nullable: true}
              - {name: sku, type: string, constraints: {pattern: "[A-Z]{3}-[0-9]{4}", length: {min: 8}}}
              - {name: rank, type: integer, constraints: {range: {min: 1, max: 100}, distribution: {zipf: {exponent: 1.2}}}}
              - {name: qty, type: integer, constraints: {range: {min: 1, max: 10}, distribution: uniform}}
              - {name: unit, type: float, constraints: {range: {min: 1, max: 200}, distribution: {normal: {mean: 50, std_dev: 12.5}}}}
              - name: total
                type: {decimal: {precision: 2}}
                description: >
                  qty times unit,
                  rounded
                constraints:
                  derived: {expression: "round(qty * unit, 2)", depends_on: [qty, unit]}
            """)
        #expect(
            schema.fields.map(\.type) == [.uuid, .string, .date, .timestamp, .boolean, .string, .integer, .integer, .float, .decimal(precision: 2)])
        #expect(schema.fields[1].constraints.references == FieldReference(schema: "customers", field: "id", file: "data/customers.csv"))
        #expect(schema.fields[5].constraints.length == LengthRange(min: 8, max: nil))
        #expect(schema.fields[8].constraints.distribution == .normal(mean: 50, stdDev: 12.5))
        #expect(schema.fields[9].description == "qty times unit, rounded\n")
        #expect(schema.effectiveRecordCount == 1000)
    }

    @Test func unknownKeysArePreservedAtEveryLevel() throws {
        let (schema, text) = try expectRoundTrip(
            """
            name: t
            owner: {team: data, oncall: [ana, bo]}
            fields:
              - name: a
                type: integer
                x-note: keep me
                constraints:
                  range: {min: 0, max: 9}
                  sequential: true
                  step: 0.5
            version: 3
            """)
        #expect(schema.unknownKeys == JSONObject([("owner", ["team": "data", "oncall": ["ana", "bo"]]), ("version", 3)]))
        #expect(schema.fields[0].unknownKeys == JSONObject([("x-note", "keep me")]))
        #expect(schema.fields[0].constraints.unknownKeys == JSONObject([("sequential", true), ("step", 0.5)]))
        #expect(
            text == """
                name: t
                owner: {team: data, oncall: [ana, bo]}
                version: 3
                fields:
                - name: a
                  type: integer
                  x-note: keep me
                  constraints:
                    range: {min: 0, max: 9}
                    sequential: true
                    step: 0.5

                """)
    }

    @Test func enumValuesKeepTheTextOfNumbersAndBooleans() throws {
        let (schema, text) = try expectRoundTrip(
            """
            name: t
            fields:
              - name: code
                type: string
                constraints: {enum_values: {values: [1, 2.50, true, null, "x y", 1e3]}}
            """)
        #expect(schema.fields[0].constraints.enumValues?.values == ["1", "2.50", "true", "null", "x y", "1e3"])
        #expect(text.contains("values: ['1', '2.50', 'true', 'null', x y, '1e3']"))
    }

    @Test func headerCommentsAndCodeBuiltSchemas() throws {
        let schema = Schema(
            name: "clicks", recordCount: 50,
            fields: [
                SchemaField(name: "user", type: .string, constraints: FieldConstraints(length: LengthRange(min: 4, max: 4))),
                SchemaField(
                    name: "ms", type: .integer,
                    constraints: FieldConstraints(
                        distribution: .randomWalk(RandomWalk()), timestampEpochMs: TimeRange(start: "-1h", end: "now")))
            ])
        let text = SchemaWriter.yaml(schema, header: ["Inferred by velo-infer from 200 records", "# already a comment"])
        #expect(
            text == """
                # Inferred by velo-infer from 200 records
                # already a comment
                name: clicks
                record_count: 50
                fields:
                - name: user
                  type: string
                  constraints:
                    length: {min: 4, max: 4}
                - name: ms
                  type: integer
                  constraints:
                    distribution: {random_walk: {volatility: 0.02}}
                    timestamp_epoch_ms: {start: -1h, end: now}

                """)
        #expect(try SchemaLoader.load(yaml: text).schema == schema)
    }

    @Test func longValuesFallBackToBlockStyle() throws {
        let values = (1...30).map { "category_number_\($0)" }
        let schema = Schema(
            name: "wide",
            fields: [
                SchemaField(name: "c", type: .string, constraints: FieldConstraints(enumValues: EnumValues(values: values)))
            ])
        let text = SchemaWriter.yaml(schema)
        #expect(text.contains("      - category_number_30\n"))
        #expect(try SchemaLoader.load(yaml: text).schema == schema)
    }

    @Test func jsonFormUsesTheSameKeys() throws {
        let schema = try SchemaLoader.load(yaml: referenceExample).schema
        var writer = JSONWriter()
        writer.write(schema.toJSON())
        let json = String(decoding: writer.buffer, as: UTF8.self)
        #expect(
            json.hasPrefix(
                #"{"name":"sensor_readings","description":"IoT readings","record_count":500,"key_field":"device_id","fields":[{"name":"device_id","type":"string","constraints":{"enum_values":{"values":["D1","D2","D3"],"weights":[5,3,2]}}},{"name":"temp_c","type":{"decimal":{"precision":2}},"constraints":{"range":{"min":-10,"max":45},"distribution":{"random_walk":{"volatility":0.01,"group_by":"device_id"}}}}"#
            ))
        // JSON is YAML, so the JSON form loads back.
        #expect(try SchemaLoader.load(yaml: json).schema == schema)
    }

    @Test func savesAtomicallyAndLoadsFromAPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-schema-\(getpid())-save").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let schema = try SchemaLoader.load(yaml: referenceExample).schema
        let path = dir + "/sensor_readings.schema.yaml"
        try SchemaWriter.save(schema, to: path, header: ["generated"])
        try SchemaWriter.save(schema, to: path, header: ["generated again"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["sensor_readings.schema.yaml"])
        let loaded = try SchemaLoader.load(path: path)
        #expect(loaded.schema == schema)
        #expect(loaded.schema.origin?.file == path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("# generated again\nname: sensor_readings\n"))
        #expect(throws: VeloError.self) { try SchemaLoader.load(path: dir + "/missing.yaml") }
    }

    @Test func loadsADirectoryAndSkipsBrokenFilesWithAWarning() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-schema-\(getpid())-dir").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try referenceExample.write(toFile: dir + "/a.schema.yaml", atomically: true, encoding: .utf8)
        try "name: broken\nfields:\n  - {name: x, type: strng}\n".write(toFile: dir + "/b.schema.yml", atomically: true, encoding: .utf8)
        try "name: c\nfields:\n  - {name: id, type: string, constraints: {references: {schema: sensor_readings, field: device}}}\n"
            .write(toFile: dir + "/c.schema.yaml", atomically: true, encoding: .utf8)
        try "not a schema".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)

        let result = try SchemaLoader.loadDirectory(dir)
        #expect(result.schemas.map(\.name) == ["sensor_readings", "c"])
        #expect(result.skipped == [dir + "/b.schema.yml"])
        #expect(
            result.diagnostics.map(\.message) == [
                "field 'x': unknown type 'strng' (did you mean 'string'?)",
                "skipped '\(dir)/b.schema.yml': it has 1 error",
                "field 'id': references unknown field 'device' of schema 'sensor_readings' (did you mean 'device_id'?)"
            ])
        #expect(result.diagnostics[2].location?.file == dir + "/c.schema.yaml")
        #expect(result.schema(named: "c")?.fields.count == 1)
        #expect(throws: SchemaError.self) { try SchemaLoader.loadDirectory(dir, strict: true) }
    }
}

extension SchemaRoundTripTests {
    @Test func awkwardStringsSurviveFlowStyle() throws {
        let awkward = [
            "a,b", "{x}", "- y", "#z", "k: v", "", " lead", "it's", "say \"hi\"", "ümlaut", "[1]", "*star", "&amp", "!bang", "%p", "@at", "`tick"
        ]
        let schema = Schema(
            name: "odd: name", description: "line one\nline two",
            fields: [
                SchemaField(
                    name: "v", type: .string,
                    constraints: FieldConstraints(
                        enumValues: EnumValues(values: awkward), pattern: "^[A-Z]{3}: #\\d+$"))
            ])
        let text = SchemaWriter.yaml(schema)
        #expect(try SchemaLoader.load(yaml: text).schema == schema)
    }

    @Test func yamlOneOneBooleansWarn() throws {
        let loaded = try SchemaLoader.load(yaml: "name: t\nfields:\n  - {name: a, type: string, nullable: yes}\n", file: "s.schema.yaml")
        #expect(loaded.schema.fields[0].nullable)
        expectProblem(loaded.warnings, .warning, "field 'a': nullable: write `true` instead of 'yes'", line: 3, column: 39)
    }
}

extension SchemaRoundTripTests {
    @Test func loadsTheJSONFormFromAValue() throws {
        let schema = try SchemaLoader.load(yaml: referenceExample).schema
        let loaded = try SchemaLoader.load(json: schema.toJSON(), file: "session.json")
        #expect(loaded.schema == schema)
        let broken: JSONValue = ["name": "x", "key_field": "nope", "fields": [["name": "a", "type": "integer"]]]
        #expect(throws: SchemaError.self) { try SchemaLoader.load(json: broken) }
    }

    @Test func nullableKeyFieldWarns() throws {
        let loaded = try SchemaLoader.load(
            yaml: "name: t\nkey_field: id\nfields:\n  - {name: id, type: string, nullable: true}\n",
            file: "s.schema.yaml")
        expectProblem(loaded.warnings, .warning, "key_field 'id' is nullable: about 10% of messages will have no key", line: 2)
    }
}

extension SchemaRoundTripTests {
    @Test func codableThroughFoundationJSON() throws {
        let schema = try SchemaLoader.load(yaml: referenceExample).schema
        let data = try JSONEncoder().encode(schema)
        let decoded = try JSONDecoder().decode(Schema.self, from: data)
        #expect(decoded == schema)
        #expect(decoded.origin == nil)
        let bad = Data(#"{"name": "t", "fields": [{"name": "a", "type": "strng"}]}"#.utf8)
        do {
            _ = try JSONDecoder().decode(Schema.self, from: bad)
            Issue.record("expected a decoding error")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription == "field 'a': unknown type 'strng' (did you mean 'string'?)")
        }
    }
}

extension SchemaRoundTripTests {
    @Test func aSchemaNameUsedTwiceInADirectoryIsAWarningAndTheLaterFileWins() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-schema-\(getpid())-twice").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "name: trades\nfields:\n  - {name: old, type: string}\n".write(toFile: dir + "/a.schema.yaml", atomically: true, encoding: .utf8)
        try "name: trades\nfields:\n  - {name: new, type: integer}\n".write(toFile: dir + "/b.schema.yaml", atomically: true, encoding: .utf8)
        let result = try SchemaLoader.loadDirectory(dir, strict: true)
        #expect(result.schemas.map(\.name) == ["trades"])
        #expect(result.schema(named: "trades")?.fields.map(\.name) == ["new"])
        #expect(
            result.diagnostics.map(\.message) == [
                "schema name 'trades' is used twice (also in \(dir)/a.schema.yaml); this later file wins"
            ])
        #expect(result.diagnostics.first?.severity == .warning)
        #expect(result.diagnostics.first?.location?.file == dir + "/b.schema.yaml")
    }
}
