import Foundation
import Testing
import VeloTestSupport

/// velo-infer's options as the parser converts them: --format and --from name their choices, --delimiter
/// takes one ASCII character, and the checks that combine options.
@Suite struct VeloInferOptionsTests {
    static let records = (1...12).map { "{\"id\":\($0),\"status\":\"\($0 % 2 == 0 ? "paid" : "new")\"}" }.joined(separator: "\n") + "\n"

    @Test(arguments: [
        (["--format", "xml"], "'ndjson' and 'csv'"),
        (["--from", "sometimes", "--sample", "2"], "'earliest', 'latest' or 'random'")
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
        (["--enum-max=-1"], "--enum-max must not be negative")
    ])
    func optionsThatDoNotGoTogetherAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let r = try ToolRun("velo-infer", arguments, stdin: Self.records)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("velo-infer: error: " + message), "\(r.stderr)")
    }
}
