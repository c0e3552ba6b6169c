import VeloJSON
import VeloSession

/// `--list` output: a JSON array of `SQLJobEntry`, one job per line (the same keys `SQLJobEntry` decodes).
/// Written piece by piece with VeloJSON's writer: Foundation's encoder took a sixth of `--list`'s time on a
/// 1 MB app, and building a `JSONValue` per job still took 8%.
package enum SQLJobListJSON {
    package static func text(_ entries: [SQLJobEntry]) -> String {
        var writer = JSONWriter()
        writer.writeRaw("[")
        for (i, e) in entries.enumerated() {
            writer.writeRaw(i == 0 ? "\n  " : ",\n  ")
            writer.writeRaw("{\"number\":")
            writer.writeInt(Int64(e.number))
            writer.writeRaw(",\"name\":")
            writer.writeString(e.name)
            writer.writeRaw(",\"kind\":")
            writer.writeString(e.kind)
            writer.writeRaw(",\"annotations\":{")
            for (k, key) in e.annotations.keys.sorted().enumerated() {
                if k > 0 { writer.writeRaw(",") }
                writer.writeString(key)
                writer.writeRaw(":")
                writer.writeString(e.annotations[key]!)
            }
            writer.writeRaw("},\"first_line\":")
            writer.writeInt(Int64(e.firstLine))
            writer.writeRaw(",\"last_line\":")
            writer.writeInt(Int64(e.lastLine))
            writer.writeRaw("}")
        }
        writer.writeRaw(entries.isEmpty ? "]\n" : "\n]\n")
        return String(decoding: writer.buffer, as: UTF8.self)
    }
}
