import Foundation
import Testing
import VeloBase
import VeloGenerate
import VeloJSON
import VeloKafka
import VeloSchema
import VeloTestSupport
import VeloTopics

/// Runs the built `velo-gen` binary end to end: exit codes, stdout, stderr, files and topics.
@Suite struct VeloGenCLITests {
    func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(
            BuiltProducts.url("velo-gen"), arguments, environment: ["NO_COLOR": "1"].merging(environment) { $1 },
            directory: directory)
    }

    func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("velo-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func write(_ text: String, _ name: String, in dir: URL) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func examples(in dir: URL) throws {
        for name in ["orders", "customers"] {
            let result = try run(["--example", name])
            #expect(result.status == 0)
            try write(result.stdout, "\(name).schema.yaml", in: dir)
        }
    }

    @Test func everyExampleLoadsAndGenerates() throws {
        let dir = try tempDir()
        for example in GenExamples.all {
            let result = try run(["--example", example.name])
            #expect(result.status == 0)
            let schema = try SchemaLoader.load(yaml: result.stdout).schema
            try write(result.stdout, "\(schema.name).schema.yaml", in: dir)
        }
        for example in GenExamples.all {
            let name = try SchemaLoader.load(yaml: example.yaml).schema.name
            let result = try run(["\(name).schema.yaml", "-n", "50", "--seed", "1"], in: dir)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.split(separator: "\n").count == 50)
        }
    }

    @Test func sameSeedAndNowGiveIdenticalBytes() throws {
        let dir = try tempDir()
        try examples(in: dir)
        let args = ["orders.schema.yaml", "-n", "1e3", "--seed", "42", "--now", "2026-01-15T09:30:00Z"]
        let a = try run(args, in: dir), b = try run(args, in: dir)
        let c = try run(["orders.schema.yaml", "-n", "1e3", "--seed", "43", "--now", "2026-01-15T09:30:00Z"], in: dir)
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
        #expect(a.stdout.split(separator: "\n").count == 1000)
    }

    @Test func relatedSchemasKeepReferentialIntegrity() throws {
        let dir = try tempDir()
        try examples(in: dir)
        let ok = try run(
            [
                "customers.schema.yaml", "orders.schema.yaml", "-n", "customers=200", "-n", "orders=3000",
                "--output-dir", "out/data", "--seed", "5"
            ], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        let summaries = ok.stdout.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(summaries.count == 2)
        #expect(summaries.compactMap { $0?["records"]?.intValue }.sorted() == [200, 3000])
        let customers = try String(contentsOf: dir.appendingPathComponent("out/data/customers.ndjson"), encoding: .utf8)
        let orders = try String(contentsOf: dir.appendingPathComponent("out/data/orders.ndjson"), encoding: .utf8)
        let ids = Set(customers.split(separator: "\n").compactMap { try? JSONParser.parse(String($0))["customer_id"]?.stringValue })
        #expect(ids.count == 200)
        let refs = orders.split(separator: "\n").compactMap { try? JSONParser.parse(String($0))["customer_id"]?.stringValue }
        #expect(refs.count == 3000)
        #expect(refs.allSatisfy { ids.contains($0) })
    }

    @Test func publishesToTheLocalStore() throws {
        let dir = try tempDir()
        try examples(in: dir)
        let home = dir.appendingPathComponent("store").path
        let result = try run(
            ["orders.schema.yaml", "-n", "500", "--topic", "orders", "--seed", "3"], in: dir,
            environment: ["VELO_HOME": home])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONParser.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(summary["records"]?.intValue == 500)
        #expect(summary["delivered"]?.intValue == 500)
        #expect(summary["failed"]?.intValue == 0)
        #expect(summary["topic"]?.stringValue == "orders")
        #expect((summary["bytes"]?.intValue ?? 0) > 500 * 50)
        let consumer = try LocalTopicStore(directory: home).consumer(topic: "orders", start: .earliest, follow: false, group: nil)
        var count = 0
        while let message = try consumer.next() {
            let record = try JSONParser.parse(bytes: message.value)
            #expect(message.key.map { String(decoding: $0, as: UTF8.self) } == record["order_id"]?.stringValue)
            #expect(message.timestamp == record["event_time"]?.intValue)
            count += 1
        }
        #expect(count == 500)
    }

    @Test func publishesToKafka() throws {
        let dir = try tempDir()
        try examples(in: dir)
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("orders", partitions: 3)
        let result = try run(["orders.schema.yaml", "-n", "300", "--topic", "orders", "--seed", "4", "-b", cluster.bootstrap], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONParser.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(summary["delivered"]?.intValue == 300)
        #expect(summary["failed"]?.intValue == 0)
        let consumer = try KafkaBackend(config: KafkaConfig(bootstrap: cluster.bootstrap))
            .consumer(topic: "orders", start: .earliest, follow: false, group: nil)
        var count = 0
        while let message = try consumer.next() {
            let record = try JSONParser.parse(bytes: message.value)
            #expect(message.key.map { String(decoding: $0, as: UTF8.self) } == record["order_id"]?.stringValue)
            #expect(message.timestamp == record["event_time"]?.intValue)
            count += 1
        }
        #expect(count == 300)
        let noTopic = try run(["orders.schema.yaml", "-b", cluster.bootstrap], in: dir)
        #expect(noTopic.status == 2)
    }

    @Test(arguments: [
        ("name: t\nfields:\n  - name: a\n    type: integer\n    constraints: {range: {min: 10, max: 1}}\n", "t.schema.yaml:5:"),
        ("name: t\nfields:\n  - name: a\n    type: strin\n", "t.schema.yaml:4:"),
        (
            "name: t\nfields:\n  - name: a\n    type: string\n    constraints:\n      enum_values: {values: [A, B], weights: [1]}\n",
            "t.schema.yaml:6:"
        ),
        ("name: t\nfields:\n  - name: a\n   type: string\n", "t.schema.yaml:4:"),
        ("name: t\nfields:\n  - name: a\n    type: string\n    constraints: {references: {schema: nowhere, field: id}}\n", "t.schema.yaml:5:")
    ])
    func badSchemasExitThreeWithLocationAndNoOutput(_ yaml: String, _ place: String) throws {
        let dir = try tempDir()
        try write(yaml, "t.schema.yaml", in: dir)
        let result = try run(["t.schema.yaml", "-n", "5"], in: dir)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("velo-gen: error: " + place), "\(result.stderr)")
    }

    @Test func usageAndOverrideErrors() throws {
        let dir = try tempDir()
        try examples(in: dir)
        let twoToStdout = try run(["customers.schema.yaml", "orders.schema.yaml"], in: dir)
        #expect(twoToStdout.status == 2)
        #expect(twoToStdout.stderr.contains("2 schemas cannot share stdout"))
        let unknownOption = try run(["orders.schema.yaml", "--bogus"], in: dir)
        #expect(unknownOption.status == 2)
        let badCount = try run(["orders.schema.yaml", "-n", "lots"], in: dir)
        #expect(badCount.status == 2)
        let badOverride = try run(["orders.schema.yaml", "--with", "amout > 5"], in: dir)
        #expect(badOverride.status == 3)
        #expect(badOverride.stdout.isEmpty)
        #expect(badOverride.stderr.contains("did you mean 'amount'?"))
        let missing = try run(["nope.schema.yaml"], in: dir)
        #expect(missing.status == 2)
        let help = try run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--wall-rate"))
    }

    @Test func overridesShapeTheOutput() throws {
        let dir = try tempDir()
        try examples(in: dir)
        let result = try run(
            [
                "orders.schema.yaml", "-n", "2000", "--seed", "9", "--with", "status = CANCELLED 50%",
                "--with", "amount between 500 and 600", "--format", "csv"
            ], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 2000)
        let cancelled = rows.filter { $0[2] == "CANCELLED" }.count
        #expect(abs(Double(cancelled) / 2000 - 0.5) < 0.05)
        #expect(rows.allSatisfy { Double($0[3]).map { $0 >= 500 && $0 <= 600 } ?? false })
    }
}
