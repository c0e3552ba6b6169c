#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VeloBase
import VeloGenerate
import VeloJSON
import VeloSchema
import VeloTopics

/// What `velo-gen` does once its arguments are parsed: plan, report problems, generate, summarize.
public enum GenTool {
    /// Runs a request and returns the exit code. Input problems print as diagnostics (every schema error at
    /// once) before anything is written to stdout.
    public static func run(_ request: GenRequest, console: Console, progress: Bool? = nil,
                           backend: @escaping () throws -> any TopicBackend = { LocalTopicStore() }) -> VeloExit {
        var planner = GenRunPlanner(request: request)
        do {
            let jobs: [GenJob]
            do {
                jobs = try planner.plan()
            } catch {
                for warning in planner.warnings { console.report(warning) }
                throw error
            }
            for warning in planner.warnings { console.report(warning) }
            GenInterrupt.install()
            var planned = request
            planned.settings = planner.settings
            let runner = GenRunner(request: planned, progress: progress, backend: backend)
            let summaries = try runner.run(jobs)
            if !summaries.isEmpty {
                var writer = JSONWriter(fd: 1)
                for summary in summaries { try writer.writeLine(summary.json) }
                try writer.flush()
            }
            let failed = summaries.reduce(0) { $0 + ($1.failed ?? 0) }
            if failed > 0 {
                console.error("\(failed) record\(failed == 1 ? "" : "s") not delivered")
                return .partial
            }
            if runner.interrupted {
                console.line("velo-gen: interrupted; what was generated so far was written")
                return .interrupted
            }
            return .ok
        } catch let error as SchemaError {
            for diagnostic in error.diagnostics { console.report(diagnostic) }
            return error.exitCode
        } catch is JSONWriter.Closed {
            return .ok
        } catch {
            return console.report(error: error)
        }
    }

    /// `--example NAME`: the schema text to stdout, or with a directory, `<name>.schema.yaml` files there
    /// (with the schemas it references). Returns the paths written.
    public static func writeExample(_ name: String, directory: String?) throws -> [String] {
        guard let example = GenExamples.named(name) else {
            let hint = Suggest.closest(to: name, among: GenExamples.all.flatMap { [$0.name] + $0.aliases })
                .map { "did you mean '\($0)'? " } ?? ""
            throw VeloError("no example named '\(name)'", hint: hint + "examples: " + GenExamples.names.joined(separator: ", "),
                            exit: .usage)
        }
        guard let directory else {
            try AtomicFile.write(example.yaml, to: "-")
            return []
        }
        try GenRunner.makeDirectory(directory)
        var paths: [String] = []
        for item in [example] + example.references.compactMap(GenExamples.named) {
            let schemaName = item.yaml.split(separator: "\n").first { $0.hasPrefix("name: ") }.map { String($0.dropFirst(6)) } ?? item.name
            let path = (directory.hasSuffix("/") ? directory : directory + "/") + schemaName + ".schema.yaml"
            try AtomicFile.write(item.yaml, to: path)
            paths.append(path)
        }
        return paths
    }

    /// `1e6`, `10000`, `1_000_000`, `10k`, `2M`: a record count.
    public static func parseCount(_ text: String) -> Int? {
        var body = text.replacingUnderscores().lowercased()
        var scale = 1.0
        if body.hasSuffix("k") { scale = 1e3; body.removeLast() } else if body.hasSuffix("m") { scale = 1e6; body.removeLast() }
        else if body.hasSuffix("g") || body.hasSuffix("b") { scale = 1e9; body.removeLast() }
        guard let value = Double(body), value.isFinite, value >= 0 else { return nil }
        let n = value * scale
        guard n == n.rounded(), n < 1e15 else { return nil }
        return Int(n)
    }

    /// `5s`, `500ms`, `2m`, `1h`, `1m 30s`: a duration in milliseconds, in `DurationValue`'s grammar. A unit is
    /// required (a bare number used to mean seconds here and means milliseconds there, so it is refused).
    public static func parseDuration(_ text: String) -> Int64? {
        DurationValue(parsing: text, bareNumber: .refused)?.milliseconds
    }

    /// `0.05` or `5%`: a share between 0 and 1.
    public static func parseShare(_ text: String) -> Double? {
        var body = text
        var scale = 1.0
        if body.hasSuffix("%") { body.removeLast(); scale = 0.01 }
        guard let value = Double(body), value.isFinite else { return nil }
        let share = value * scale
        return (0...1).contains(share) ? share : nil
    }

    /// The current time in epoch milliseconds.
    public static func nowMs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// A fresh seed when none is given (printed in summaries so a run can be repeated).
    public static func randomSeed() -> UInt64 {
        var seed: UInt64 = 0
        let fd = open("/dev/urandom", O_RDONLY)
        if fd >= 0 {
            _ = withUnsafeMutableBytes(of: &seed) { read(fd, $0.baseAddress, 8) }
            close(fd)
        }
        if seed == 0 { seed = UInt64(bitPattern: nowMs()) &* 0x9e37_79b9_7f4a_7c15 }
        return seed % 1_000_000_000_000 // short enough to retype
    }
}
