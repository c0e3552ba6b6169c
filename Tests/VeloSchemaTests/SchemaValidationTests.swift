import Testing
import VeloBase
import VeloSchema

/// Loads `yaml` expecting failure and returns its diagnostics (recording an issue when it loads).
func schemaProblems(_ yaml: String, file: String = "s.schema.yaml") -> [Diagnostic] {
    do {
        let loaded = try SchemaLoader.load(yaml: yaml, file: file)
        Issue.record("expected the schema to fail, got \(loaded.schema.fields.count) fields")
        return []
    } catch let error as SchemaError {
        #expect(error.exitCode == .invalidInput)
        return error.diagnostics
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}

/// The one diagnostic whose message is `message`, checked for severity, file, line and column.
func expectProblem(
    _ diagnostics: [Diagnostic], _ severity: Diagnostic.Severity, _ message: String,
    line: Int, column: Int? = nil, hint: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let matches = diagnostics.filter { $0.message == message }
    guard matches.count == 1, let d = matches.first else {
        Issue.record(
            "expected one '\(message)', got:\n\(diagnostics.map(\.message).joined(separator: "\n"))",
            sourceLocation: sourceLocation)
        return
    }
    #expect(d.severity == severity, sourceLocation: sourceLocation)
    #expect(d.location?.file == "s.schema.yaml", sourceLocation: sourceLocation)
    #expect(d.location?.line == line, sourceLocation: sourceLocation)
    if let column { #expect(d.location?.column == column, sourceLocation: sourceLocation) }
    if let hint { #expect(d.hint == hint, sourceLocation: sourceLocation) }
}

@Suite struct SchemaValidationTests {
    @Test func weightsCountMustMatchValuesCount() {
        let d = schemaProblems(
            """
            name: t
            fields:
              - name: status
                type: string
                constraints:
                  enum_values: {values: [new, paid, shipped], weights: [1, 2]}
            """)
        expectProblem(
            d, .error, "field 'status': enum_values has 3 values but 2 weights", line: 6, column: 51,
            hint: "give one weight per value, or drop `weights:` to make values equally likely")
        #expect(d.count == 1)
    }

    @Test func negativeAndAllZeroWeightsAndEmptyEnum() {
        let d = schemaProblems(
            """
            name: t
            fields:
              - name: a
                type: string
                constraints:
                  enum_values:
                    values: [x, y]
                    weights: [3, -1]
              - name: b
                type: string
                constraints: {enum_values: {values: [x], weights: [0]}}
              - name: c
                type: string
                constraints: {enum_values: {values: []}}
            """)
        expectProblem(d, .error, "field 'a': weight -1 of 'y' is negative", line: 8, column: 22)
        expectProblem(d, .error, "field 'b': enum_values weights are all 0", line: 11)
        expectProblem(d, .error, "field 'c': enum_values has no values", line: 14)
    }

    @Test func minAboveMaxIsRejectedForRangeLengthAndTimeBounds() {
        let d = schemaProblems(
            """
            name: t
            fields:
              - name: amount
                type: float
                constraints:
                  range: {min: 500, max: 10.5}
              - name: code
                type: string
                constraints: {length: {min: 9, max: 3}}
              - name: at
                type: timestamp
                constraints: {timestamp_range: {start: "2026-02-01T00:00:00Z", end: "2026-01-01T00:00:00Z"}}
              - name: rel
                type: integer
                constraints: {timestamp_epoch_ms: {start: "-1h", end: "-2h"}}
            """)
        expectProblem(
            d, .error, "field 'amount': range min (500) is greater than max (10.5)", line: 6, column: 20,
            hint: "swap the bounds: `range: {min: 10.5, max: 500}`")
        expectProblem(d, .error, "field 'code': length min (9) is greater than max (3)", line: 9)
        expectProblem(d, .error, "field 'at': timestamp_range start '2026-02-01T00:00:00Z' is after end '2026-01-01T00:00:00Z'", line: 12)
        expectProblem(d, .error, "field 'rel': timestamp_epoch_ms start '-1h' is after end '-2h'", line: 15)
        #expect(d.count == 4)
    }

    @Test func unknownTypeSuggestsTheClosestType() {
        let d = schemaProblems(
            """
            name: t
            fields:
              - {name: a, type: strng}
              - {name: b, type: int}
              - {name: c, type: Boolean}
              - {name: d, type: blob}
            """)
        expectProblem(
            d, .error, "field 'a': unknown type 'strng' (did you mean 'string'?)", line: 3, column: 21,
            hint: "types: string, integer, float, boolean, timestamp, date, uuid, or {decimal: {precision: N}}")
        expectProblem(d, .error, "field 'b': unknown type 'int' (did you mean 'integer'?)", line: 4)
        expectProblem(d, .error, "field 'c': unknown type 'Boolean' (did you mean 'boolean'?)", line: 5)
        expectProblem(d, .error, "field 'd': unknown type 'blob'", line: 6)
        #expect(d.first?.location?.length == 5)
    }

    @Test func bareDecimalExplainsTheMapForm() {
        let d = schemaProblems(
            """
            name: t
            fields:
              - name: price
                type: decimal
                precision: 4
            """)
        expectProblem(
            d, .error, "field 'price': `type: decimal` needs a precision", line: 4, column: 11,
            hint:
                "write `type: {decimal: {precision: 4}}` (digits after the point); Velostream does not read a bare `decimal` or `precision`/`scale` keys"
        )
        expectProblem(d, .warning, "field 'price': unknown key 'precision' is ignored", line: 5, column: 5)
    }

    @Test func decimalPrecisionMustBeASmallWholeNumber() {
        let d = schemaProblems(
            """
            name: t
            fields:
              - {name: a, type: {decimal: {precision: 300}}}
              - {name: b, type: {decimal: {scale: 2}}}
              - {name: c, type: {decimel: {precision: 2}}}
            """)
        expectProblem(d, .error, "field 'a': decimal precision must be a whole number from 0 to 255", line: 3)
        expectProblem(d, .error, "field 'b': decimal type needs a precision", line: 4)
        expectProblem(d, .error, "field 'c': unknown type {decimel: …} (did you mean 'decimal'?)", line: 5)
    }

    @Test func unknownKeysWarnWithSuggestionsButLoad() throws {
        let loaded = try SchemaLoader.load(
            yaml: """
                name: t
                recordcount: 5
                fields:
                  - name: a
                    type: integer
                    nulable: true
                    constraints:
                      rnage: {min: 1, max: 2}
                      range: {min: 1, max: 9, step: 2}
                """, file: "s.schema.yaml")
        let d = loaded.warnings
        expectProblem(d, .warning, "unknown top-level key 'recordcount' is ignored (did you mean 'record_count'?)", line: 2, column: 1)
        expectProblem(d, .warning, "field 'a': unknown key 'nulable' is ignored (did you mean 'nullable'?)", line: 6)
        expectProblem(d, .warning, "field 'a': unknown constraint 'rnage' is ignored (did you mean 'range'?)", line: 8, column: 7)
        expectProblem(d, .warning, "field 'a': range has an unknown key 'step', ignored", line: 9)
        #expect(d.count == 4)
        #expect(loaded.schema.fields[0].constraints.range == NumericRange(min: 1, max: 9))
    }

    @Test func distributionsNeedTheirParameters() {
        let d = schemaProblems(
            """
            name: t
            fields:
              - name: a
                type: float
                constraints: {distribution: normal}
              - name: b
                type: float
                constraints: {distribution: {log_normal: {mean: 1}}}
              - name: c
                type: float
                constraints: {distribution: nromal}
              - name: d
                type: float
                constraints: {distribution: {zipf: {exponent: 0}}}
              - name: e
                type: float
                constraints: {distribution: {random_walk: {volatility: -0.1, group_by: symbl}}}
              - name: symbol
                type: string
            """)
        expectProblem(
            d, .error, "field 'a': distribution 'normal' needs parameters", line: 5,
            hint: "write `distribution: {normal: {mean: 50, std_dev: 10}}`")
        expectProblem(d, .error, "field 'b': distribution log_normal needs `std_dev`", line: 8)
        expectProblem(d, .error, "field 'c': distribution 'nromal' is unknown (did you mean 'normal'?)", line: 11)
        expectProblem(d, .error, "field 'd': distribution zipf exponent must be greater than 0 (got 0)", line: 14)
        expectProblem(d, .error, "field 'e': distribution random_walk volatility must be 0 or more (got -0.1)", line: 17)
        expectProblem(d, .error, "field 'e': distribution random_walk group_by names unknown field 'symbl' (did you mean 'symbol'?)", line: 17)
    }

    @Test func namesMustPointAtFields() {
        let d = schemaProblems(
            """
            name: orders
            key_field: order_idd
            fields:
              - name: order_id
                type: uuid
              - name: qty
                type: integer
              - name: qty
                type: float
              - name: total
                type: float
                constraints:
                  derived:
                    expression: "price * qty"
                    depends_on: [prices, qty, total]
            """)
        expectProblem(d, .error, "key_field 'order_idd' is not a field of this schema (did you mean 'order_id'?)", line: 2, column: 12)
        expectProblem(d, .error, "field 'qty' is defined twice (first on line 6)", line: 8)
        expectProblem(d, .error, "field 'total': derived depends_on names unknown field 'prices'", line: 15, column: 22)
        expectProblem(d, .error, "field 'total': derived depends on itself", line: 15)
    }

    @Test func timeStringsMustParse() {
        let d = schemaProblems(
            """
            name: t
            fields:
              - name: ts
                type: integer
                constraints:
                  timestamp_epoch_ms: {start: yesterday, end: now}
            """)
        expectProblem(
            d, .error, "field 'ts': timestamp_epoch_ms start 'yesterday' is not a time", line: 6, column: 35,
            hint: "use `now`, an offset like `-30m` or `+2h` (s, m, h, d), seconds like `-3600`, or RFC 3339 like `2026-01-15T09:30:00Z`")
    }

    @Test func structuralProblemsAndManyInOnePass() {
        let d = schemaProblems(
            """
            description: no name here
            fields:
              - type: string
              - name: a
              - name: b
                type: integer
                nullable: maybe
                constraints:
                  range: {min: low, max: 10}
            """)
        expectProblem(d, .error, "the schema has no `name:`", line: 1)
        expectProblem(d, .error, "field #1 has no `name:`", line: 3)
        expectProblem(d, .error, "field 'a' has no `type:`", line: 4)
        expectProblem(d, .error, "field 'b': nullable must be true or false", line: 7, column: 15)
        expectProblem(d, .error, "field 'b': range min must be a number", line: 9, column: 20)
        // In file order.
        let lines = d.compactMap { $0.location?.line }
        #expect(lines == lines.sorted())
    }

    @Test func yamlSyntaxErrorsPointAtTheirPlace() {
        let d = schemaProblems(
            """
            name: t
            fields:
              - name: a
                type: [string
            """)
        #expect(d.count == 1)
        #expect(d.first?.message.hasPrefix("YAML syntax: ") == true)
        #expect(d.first?.location?.file == "s.schema.yaml")
        #expect((d.first?.location?.line ?? 0) >= 4)
    }

    @Test func duplicateKeysAndEmptyText() {
        let d = schemaProblems("name: t\nname: u\nfields: []\n")
        expectProblem(d, .error, "duplicate key 'name'", line: 2, column: 1)
        let empty = schemaProblems("# only a comment\n")
        #expect(empty.map(\.message) == ["the schema is empty"])
    }

    @Test func schemasBuiltInCodeValidateWithoutLocations() {
        let schema = Schema(
            name: "p", keyField: "nope",
            fields: [
                SchemaField(
                    name: "x", type: .decimal(precision: 2),
                    constraints: FieldConstraints(range: NumericRange(min: 3, max: 1))),
                SchemaField(name: "s", type: .string, constraints: FieldConstraints(range: NumericRange(min: 0, max: 1)))
            ])
        let d = SchemaValidator.validate(schema)
        #expect(
            d.map(\.message) == [
                "key_field 'nope' is not a field of this schema",
                "field 'x': range min (3) is greater than max (1)",
                "field 's': range applies to integer, float and decimal fields, not string"
            ])
        #expect(d.map(\.severity) == [.error, .error, .warning])
        #expect(d.allSatisfy { $0.location == nil })
    }

    @Test func referencesAreCheckedAcrossASetOfSchemas() throws {
        let customers = try SchemaLoader.load(
            yaml: """
                name: customers
                fields:
                  - {name: customer_id, type: string}
                """, file: "customers.schema.yaml"
        ).schema
        let orders = try SchemaLoader.load(
            yaml: """
                name: orders
                fields:
                  - name: customer
                    type: string
                    constraints: {references: {schema: customers, field: customer_ids}}
                  - name: product
                    type: string
                    constraints: {references: {schema: prodcts, field: id}}
                """, file: "s.schema.yaml"
        ).schema
        let d = SchemaValidator.validate(set: [customers, orders])
        expectProblem(
            d, .error, "field 'customer': references unknown field 'customer_ids' of schema 'customers' (did you mean 'customer_id'?)",
            line: 5, column: 58)
        expectProblem(
            d, .warning, "field 'product': references unknown schema 'prodcts'", line: 8,
            hint: "values will be placeholders like REF_PRODCTS_1 unless that schema is loaded")
        let twice = SchemaValidator.validate(set: [customers, customers])
        #expect(twice.map(\.message) == ["schema name 'customers' is used twice (first in customers.schema.yaml)"])
    }
}

extension SchemaValidationTests {
    @Test func codeBuiltSchemasWithNonFiniteNumbersAreRejected() {
        let schema = Schema(
            name: "n",
            fields: [
                SchemaField(
                    name: "x", type: .float,
                    constraints: FieldConstraints(
                        enumValues: EnumValues(values: ["a", "b"], weights: [1, .nan]), range: NumericRange(min: 0, max: .infinity)))
            ])
        #expect(
            SchemaValidator.validate(schema).map(\.message) == [
                "field 'x': weight nan of 'b' is not a number",
                "field 'x': range bounds must be finite numbers"
            ])
    }
}

extension SchemaValidationTests {
    @Test func brokenEntriesDoNotShiftTheLinesOfLaterProblems() {
        let d = schemaProblems(
            """
            name: t
            fields:
              - just text
              - type: integer
              - name: a
                type:
              - name: b
                type: integer
                constraints: {range: {min: 2, max: 1}}
            """)
        expectProblem(d, .error, "field #1 must be a mapping with `name:` and `type:`", line: 3)
        expectProblem(d, .error, "field #2 has no `name:`", line: 4)
        expectProblem(d, .error, "field 'a' has an empty `type:`", line: 6)
        expectProblem(d, .error, "field 'b': range min (2) is greater than max (1)", line: 9)
        #expect(d.count == 4)
    }
}
