import ArgumentParser
import VeloCLI
import VeloGenCommands
import VeloGenerate
import VeloSchema

// velo-gen's option values that have a grammar of their own (GenTool and TimeSpec parse them). Each is
// converted while the arguments are parsed; a bad value is a usage error naming the option, with examples.
// Each keeps the text it came from, so `--help` shows a default as it would be typed.

/// `0.05` or `5%`: a share between 0 and 1 (`--null-rate`, `--out-of-order`).
struct Share: CustomStringConvertible {
    let value: Double
    let description: String

    static func parse(_ text: String) throws -> Share {
        guard let value = GenTool.parseShare(text) else {
            throw ValidationError.usage("not a share from 0 to 1 (or 0% to 100%)", hint: "like 0.05 or 5%")
        }
        return Share(value: value, description: text)
    }
}

/// `500ms`, `5s`, `1m`: a duration in milliseconds (`--max-delay`).
struct Delay: CustomStringConvertible {
    let milliseconds: Int64
    let description: String

    static func parse(_ text: String) throws -> Delay {
        guard let ms = GenTool.parseDuration(text) else { throw ValidationError.usage("not a duration", hint: "like 500ms, 5s or 1m") }
        return Delay(milliseconds: ms, description: text)
    }
}

/// `-n 10000` (every schema) or `-n orders=10000` (one schema); `1e6`, `10k` and `1_000` work.
struct RecordCount {
    let schema: String?
    let count: Int

    static func parse(_ text: String) throws -> RecordCount {
        guard let eq = text.firstIndex(of: "=") else {
            guard let n = GenTool.parseCount(text) else { throw ValidationError.usage("not a count", hint: "like 10000, 1e6 or 10k") }
            return RecordCount(schema: nil, count: n)
        }
        guard let n = GenTool.parseCount(String(text[text.index(after: eq)...])) else {
            throw ValidationError.usage("not a count", hint: "like -n orders=10000")
        }
        return RecordCount(schema: String(text[..<eq]), count: n)
    }
}

/// `--now`: epoch milliseconds or RFC 3339.
func parseNow(_ text: String) throws -> Int64 {
    if let ms = Int64(text) { return ms }
    if case .absolute(let ms)? = TimeSpec.parse(text) { return ms }
    throw ValidationError.usage("not a time", hint: "give RFC 3339 (2026-01-15T09:30:00Z) or epoch milliseconds")
}

/// `--start`, `--end`: now, -30m, -2h, -1d, or RFC 3339.
func parseTimeSpec(_ text: String) throws -> TimeSpec {
    guard let spec = TimeSpec.parse(text) else {
        throw ValidationError.usage("not a time", hint: "use now, -30m, -2h, -1d, or RFC 3339 like 2026-01-15T09:30:00Z")
    }
    return spec
}

/// `--format ndjson|json|csv`, in any case.
extension GenFormatKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
