import Testing
@testable import Shared

/// Loads `yaml` expecting failure and returns the diagnostics, or records an issue when it loads.
func schemaProblems(_ yaml: String, file: String = "s.schema.yaml") -> [Diagnostic] {
    do {
        let loaded = try SchemaLoader.load(yaml: yaml, file: file)
        Issue.record("expected the schema to fail, got \(loaded.schema.fields.count) fields")
        return []
    } catch let error as SchemaError {
        return error.diagnostics
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}

@Suite struct SchemaValidationTests {
    @Test func dump() throws {
        let d = schemaProblems("""
        name: t
        key_field: id
        fields:
          - name: kind
            type: strng
          - name: price
            type: decimal
            precision: 2
          - name: w
            type: string
            constraints:
              enum_values: {values: [a, b, c], weights: [1, 2]}
              rnage: {min: 1}
          - name: r
            type: integer
            constraints: {range: {min: 10, max: 1}, distribution: normal}
        """)
        for x in d { print(x.render(tool: "velo-gen", color: false)) }
    }
}
