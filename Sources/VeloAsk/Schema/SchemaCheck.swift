import VeloBase
import VeloSchema

/// Checks a drafted `.schema.yaml` with Velo's schema model (the loader and validator velo-gen uses).
package enum SchemaCheck {
    /// Errors as `draft.schema.yaml:line:column: message` lines; empty when the schema loads.
    package static func problems(_ yaml: String) -> [String] {
        do {
            _ = try SchemaLoader.load(yaml: yaml, file: "draft.schema.yaml")
            return []
        } catch let error as SchemaError {
            return error.diagnostics.filter { $0.severity == .error }.map { d in
                let at = d.location.map { "\($0.file ?? "draft.schema.yaml"):\($0.line):\($0.column): " } ?? "draft.schema.yaml: "
                return at + d.message + (d.hint.map { " (hint: \($0))" } ?? "")
            }
        } catch {
            return ["draft.schema.yaml: \(error)"]
        }
    }
}
