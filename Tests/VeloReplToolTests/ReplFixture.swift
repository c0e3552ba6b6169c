import Foundation
import VeloTestSupport

/// A scratch folder with its own local topic store and history file, and a sensor schema in `schemas/`.
struct ReplFixture {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-repl-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("schemas"), withIntermediateDirectories: true)
        let schema = try ToolRun("velo-gen", ["--example", "iot"])
        try schema.stdout.write(to: dir.appendingPathComponent("schemas/sensor_readings.schema.yaml"), atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    var environment: [String: String] {
        ["VELO_HOME": dir.appendingPathComponent(".velo").path, "VELO_KAFKA": "", "HOME": dir.path, "EDITOR": "true"]
    }

    /// velo-repl with a script on stdin.
    func script(_ text: String, _ arguments: [String] = [], environment extra: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(
            BuiltProducts.url("velo-repl"), arguments, stdin: .text(text),
            environment: environment.merging(["NO_COLOR": "1"].merging(extra) { $1 }) { $1 }, directory: dir)
    }

    /// velo-repl in a terminal.
    func terminal(_ arguments: [String] = [], environment extra: [String: String] = [:], width: Int = 120) throws -> TmuxTerminal {
        let command = ([try BuiltProducts.url("velo-repl").path] + arguments).map(shellQuote).joined(separator: " ")
        return try TmuxTerminal(
            command, directory: dir, environment: environment.merging(["TERM": "xterm-256color"].merging(extra) { $1 }) { $1 }, width: width)
    }

    /// Publishes `count` sensor readings with velo-gen directly.
    func publish(_ count: Int) throws {
        let result = try ProcessRunner.run(
            BuiltProducts.url("velo-gen"), ["schemas/sensor_readings.schema.yaml", "-n", String(count), "--seed", "7", "--topic", "sensor_readings"],
            environment: environment, directory: dir)
        precondition(result.status == 0, result.stderr)
    }
}
