import VeloJSON
import VeloSession

/// `--list` output: a JSON array of `SQLJobEntry`, one job per line (the same keys `SQLJobEntry` decodes).
/// Written with VeloJSON's writer: Foundation's encoder took a sixth of `--list`'s time on a 1 MB app.
package enum SQLJobListJSON {
    package static func text(_ entries: [SQLJobEntry]) -> String {
        var writer = JSONWriter()
        writer.writeRaw("[")
        for (i, e) in entries.enumerated() {
            writer.writeRaw(i == 0 ? "\n  " : ",\n  ")
            var annotations = JSONObject()
            for key in e.annotations.keys.sorted() { annotations.append(key, .string(e.annotations[key]!)) }
            writer.write(
                .object(
                    JSONObject([
                        ("number", .int(Int64(e.number))), ("name", .string(e.name)), ("kind", .string(e.kind)),
                        ("annotations", .object(annotations)), ("first_line", .int(Int64(e.firstLine))),
                        ("last_line", .int(Int64(e.lastLine)))
                    ])))
        }
        writer.writeRaw(entries.isEmpty ? "]\n" : "\n]\n")
        return String(decoding: writer.buffer, as: UTF8.self)
    }
}
