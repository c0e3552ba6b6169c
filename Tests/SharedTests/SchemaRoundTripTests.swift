import Testing
@testable import Shared

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
                SchemaField(name: "device_id", type: .string,
                            constraints: FieldConstraints(enumValues: EnumValues(values: ["D1", "D2", "D3"], weights: [5, 3, 2]))),
                SchemaField(name: "temp_c", type: .decimal(precision: 2),
                            constraints: FieldConstraints(range: NumericRange(min: -10, max: 45),
                                                          distribution: .randomWalk(RandomWalk(volatility: 0.01, groupBy: "device_id")))),
                SchemaField(name: "heat_index", type: .float,
                            constraints: FieldConstraints(derived: DerivedValue(expression: "temp_c * 1.1 + 2", dependsOn: ["temp_c"]))),
                SchemaField(name: "note", type: .string, nullable: true,
                            constraints: FieldConstraints(length: LengthRange(min: 3, max: 8))),
                SchemaField(name: "event_time", type: .integer,
                            constraints: FieldConstraints(timestampEpochMs: TimeRange(start: "-30m", end: "now"))),
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
