import VeloInfer

/// Shared helpers for the Infer* test suites.
enum InferTest {
    static func schema(_ lines: [String], name: String = "t", options: InferOptions = InferOptions()) -> InferredSchema {
        let collector = InferenceCollector(options: options)
        for (i, line) in lines.enumerated() { collector.addJSONLine(line, lineNumber: i + 1) }
        return SchemaInference.infer(collector, name: name)
    }

    static func field(_ name: String, _ lines: [String], options: InferOptions = InferOptions()) -> InferredField? {
        schema(lines, options: options).fields.first { $0.name == name }
    }

    /// `{"v": <json>}` lines for one-field tests.
    static func values(_ jsons: [String]) -> [String] { jsons.map { "{\"v\": \($0)}" } }
}
