import Foundation
import Testing
import VeloTestSupport

/// End-to-end: runs the built velo-infer binary as a user would, checking exit codes, stdout and stderr.
@Suite struct VeloInferBinaryTests {
    struct Run { var code: Int32; var out: String; var err: String }

    static func run(_ args: [String], stdin: String = "", env: [String: String] = [:]) throws -> Run {
        let r = try ProcessRunner.run(
            BuiltProducts.url("velo-infer"), args, stdin: .text(stdin),
            environment: ["NO_COLOR": "1"].merging(env) { $1 })
        return Run(code: r.status, out: r.stdout, err: r.stderr)
    }

    @Test func stdinToYAMLWithBadLinesReported() throws {
        let input =
            (1...30).map { "{\"id\":\($0),\"status\":\"\($0 % 3 == 0 ? "new" : "paid")\"}" }
            + ["{\"id\": 31,", "oops"]
        let r = try Self.run(["--name", "orders"], stdin: input.joined(separator: "\n") + "\n")
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("# Inferred by velo-infer from 30 records of stdin on "))
        #expect(r.out.contains("# 2 malformed records skipped"))
        #expect(r.out.contains("name: orders\nkey_field: id\n"))
        #expect(r.err.contains("velo-infer: warning: <stdin>:31:"))
        #expect(r.err.contains("velo-infer: warning: <stdin>:32:1: skipped malformed record"))
    }

    @Test func explainGoesToStderrAndJSONToStdout() throws {
        let r = try Self.run(["--json", "--explain"], stdin: "{\"a\":1}\n{\"a\":\"x\"}\n")
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("{\"name\":\"inferred\""))
        #expect(r.err.contains("! mixed integer ×1, string ×1: widened to string"))
    }

    @Test func exitCodes() throws {
        #expect(try Self.run([], stdin: "not json\n").code == 3)
        #expect(try Self.run([], stdin: "").code == 3)
        #expect(try Self.run(["/nonexistent/file.ndjson"]).code == 3)
        #expect(try Self.run(["--format", "xml"]).code == 2)
        #expect(try Self.run(["--from", "random"]).code == 2)
        let help = try Self.run(["--help"])
        #expect(help.code == 0)
        #expect(help.out.contains("velo-infer --topic orders --sample 1000"))
    }

    @Test func csvFromAFileToAnOutputFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-infer-e2e-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let csv = dir.appendingPathComponent("trades.csv").path
        try "symbol,price,qty\nAAPL,189.25,10\nMSFT,411.10,5\nAAPL,190.00,7\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("trades.schema.yaml").path
        let r = try Self.run(["--format", "csv", csv, "-o", out])
        #expect(r.code == 0)
        #expect(r.out.isEmpty)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("name: trades"))
        #expect(text.contains("type: {decimal: {precision: 2}}"))
    }

    @Test func topicFromTheLocalStore() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("velo-infer-home-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let missing = try Self.run(["--topic", "nothing"], env: ["VELO_HOME": home])
        #expect(missing.code != 0)
        #expect(missing.err.contains("error"))
    }
}
