import VeloBase

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Human text about an inference: the comment header of the saved schema and the `--explain` report.
public enum InferReport {
    /// Comment lines for the top of the `.schema.yaml`: what was sampled, from where, when.
    public static func header(_ inferred: InferredSchema, source: String, at millis: Int64 = nowMillis()) -> [String] {
        var lines = [
            "Inferred by velo-infer from \(inferred.records) record\(inferred.records == 1 ? "" : "s") of \(source) "
                + "on \(TextShapes.formatTimestamp(millis: millis / 1000 * 1000))"
        ]
        if inferred.badLines > 0 { lines.append("\(inferred.badLines) malformed record\(inferred.badLines == 1 ? "" : "s") skipped") }
        lines.append("Constraints describe the sample; review them before generating data (velo-infer --explain says why)")
        return lines
    }

    public static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Per field: the type and constraints chosen and why; widened conflicts are marked with `!`.
    public static func explain(_ inferred: InferredSchema, style: TextStyle = TextStyle(enabled: false)) -> String {
        var out = [
            style.bold("\(inferred.name): \(inferred.records) records, \(inferred.fields.count) fields")
                + (inferred.badLines > 0 ? " (\(inferred.badLines) malformed records skipped)" : "")
        ]
        for note in inferred.notes { out.append("  " + note) }
        if inferred.keyField == nil { out.append("  no key_field: no field is present, unique and id-like in every record") }
        for field in inferred.fields {
            var title = "\(field.name): \(field.type)"
            if field.nullable { title += ", nullable" }
            if inferred.keyField == field.name { title += ", key_field" }
            out.append("")
            out.append(style.bold(title))
            for reason in field.reasons {
                let conflict = reason.hasPrefix("mixed ")
                out.append(conflict ? "  " + style.yellow("! " + reason) : "  - " + reason)
            }
            if let description = field.description { out.append("  - description: \(description)") }
        }
        return out.joined(separator: "\n")
    }

    /// `file:line:column: message` for a skipped record.
    public static func location(_ bad: InferenceCollector.BadLine) -> String {
        "\(bad.source ?? "<stdin>"):\(bad.line):\(bad.column)"
    }
}
