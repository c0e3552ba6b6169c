import Foundation
import Testing

/// velo-infer's options as the parser converts them: --format and --from name their choices, --delimiter
/// takes one ASCII character, and the checks that combine options.
@Suite struct VeloInferOptionsTests {
    static let records = (1...12).map { "{\"id\":\($0),\"status\":\"\($0 % 2 == 0 ? "paid" : "new")\"}" }.joined(separator: "\n") + "\n"

    @Test(arguments: [
        (["--format", "xml"], "'ndjson' and 'csv'"),
        (["--from", "sometimes", "--sample", "2"], "'earliest', 'latest' or 'random'"),
    ])
    func invalidChoicesAreNamed(_ arguments: [String], _ choices: String) throws {
        let r = try ToolRun("velo-infer", arguments, stdin: Self.records)
        #expect(r.status == 2)
        #expect(r.stderr.contains("velo-infer: error: The value '\(arguments[1])' is invalid") && r.stderr.contains(choices), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func delimiterIsOneASCIICharacter() throws {
        let csv = try ToolRun("velo-infer", ["--format", "csv", "--delimiter", ";", "--json"], stdin: "id;status\n1;new\n2;paid\n")
        #expect(csv.status == 0, "\(csv.stderr)")
        let schema = try JSONSerialization.jsonObject(with: Data(csv.stdout.utf8)) as? [String: Any]
        let names = (schema?["fields"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["id", "status"])
        for bad in [";;", "→"] {
            let r = try ToolRun("velo-infer", ["--format", "csv", "--delimiter", bad], stdin: "a\n1\n")
            #expect(r.status == 2, "--delimiter \(bad)")
            #expect(r.stderr.contains("velo-infer: error: The value '\(bad)' is invalid for '--delimiter"), "\(r.stderr)")
        }
    }

    @Test func fromSamples() throws {
        let random = try ToolRun("velo-infer", ["--from", "random", "--sample", "4", "--json"], stdin: Self.records)
        #expect(random.status == 0, "\(random.stderr)")
        #expect(random.stdout.contains("\"name\""))
        let noSample = try ToolRun("velo-infer", ["--from", "latest"], stdin: Self.records)
        #expect(noSample.status == 2)
        #expect(noSample.stderr.contains("--from latest needs --sample N"), "\(noSample.stderr)")
    }

    @Test(arguments: [
        (["--topic", "t", "x.ndjson"], "give either --topic or files, not both"),
        (["--topic", "t", "--format", "csv"], "topic messages are read as JSON"),
        (["-b", "127.0.0.1:9"], "--kafka, -X and --kafka-config need --topic"),
        (["--sample", "0"], "--sample must be at least 1"),
        (["--enum-max=-1"], "--enum-max must not be negative"),
    ])
    func optionsThatDoNotGoTogetherAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let r = try ToolRun("velo-infer", arguments, stdin: Self.records)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("velo-infer: error: " + message), "\(r.stderr)")
    }
}

/// Runs a built tool as a user would; stdout and stderr go to files, so neither can fill a pipe while the
/// other is read.
private struct ToolRun {
    var status: Int32
    var stdout: String
    var stderr: String

    init(_ tool: String, _ arguments: [String], stdin: String = "", in directory: URL? = nil) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("\(tool)-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (input, output, errors) = (scratch.appendingPathComponent("in"), scratch.appendingPathComponent("out"), scratch.appendingPathComponent("err"))
        try Data(stdin.utf8).write(to: input)
        try Data().write(to: output)
        try Data().write(to: errors)
        let process = Process()
        process.executableURL = Self.binary(tool)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["VELO_KAFKA"] = nil
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: input)
        let (out, err) = (try FileHandle(forWritingTo: output), try FileHandle(forWritingTo: errors))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        status = process.terminationStatus
        self.stdout = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        self.stderr = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
    }

    /// The tool beside the test bundle (the build directory), else in .build/debug.
    static func binary(_ tool: String) -> URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent(tool)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/\(tool)")
    }
}
