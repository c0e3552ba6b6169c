import Foundation
import Testing
import VeloBase
import VeloKafka
import VeloTestSupport

/// velo-infer against a real Kafka-protocol broker (librdkafka's mock cluster), with kcat as the independent
/// client that produces the messages.
@Suite struct VeloInferKafkaTests {
    typealias Binary = VeloInferBinaryTests

    /// Produces `lines` with kcat (`key|value` when `keyed`) and fails on a non-zero exit.
    static func kcatProduce(_ bootstrap: String, topic: String, lines: [String], keyed: Bool) throws {
        let r = try ProcessRunner.run(
            BuiltProducts.kcat, ["-b", bootstrap, "-P", "-t", topic] + (keyed ? ["-K", "|"] : []),
            stdin: .text(lines.joined(separator: "\n") + "\n"))
        guard r.status == 0 else {
            throw VeloError("kcat exited \(r.status): \(r.stderr)")
        }
    }

    static func order(_ id: Int) -> String {
        "{\"id\":\(id),\"status\":\"\(id % 3 == 0 ? "NEW" : "PAID")\",\"amount\":\(id * 7 % 100).5}"
    }

    @Test func infersTheSchemaOfAKafkaTopic() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("orders", partitions: 3)
        try Self.kcatProduce(cluster.bootstrap, topic: "orders", lines: (1...90).map { "o\($0)|\(Self.order($0))" }, keyed: true)
        try Self.kcatProduce(cluster.bootstrap, topic: "orders", lines: ["{\"id\": 91,"], keyed: false)

        let r = try Binary.run(["--topic", "orders", "--kafka", cluster.bootstrap])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("# Inferred by velo-infer from 90 records of topic orders on "))
        #expect(r.out.contains("name: orders\nkey_field: id\n"))
        #expect(r.out.contains("- name: id\n  type: integer\n  constraints:\n    range: {min: 1, max: 90}"))
        #expect(r.out.contains("enum_values: {values: [PAID, NEW], weights: [60, 30]}"))
        #expect(r.out.contains("- name: amount\n  type: {decimal: {precision: 1}}"))
        // The malformed message is named by partition and offset.
        #expect(r.err.range(of: #"warning: orders\[[0-2]\]:\d+:11: skipped malformed record"#, options: .regularExpression) != nil)
    }

    /// Null values (a compacted topic's deletes) are skipped and counted, not reported as malformed records.
    @Test func tombstonesAreSkippedNotMalformed() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("table", partitions: 1)
        // kcat -Z sends an empty value as NULL: a tombstone.
        let r0 = try ProcessRunner.run(
            BuiltProducts.kcat, ["-b", cluster.bootstrap, "-P", "-Z", "-t", "table", "-K", "|"],
            stdin: .text((1...6).map { $0 % 3 == 0 ? "o\($0)|" : "o\($0)|\(Self.order($0))" }.joined(separator: "\n") + "\n"))
        #expect(r0.status == 0, "\(r0.stderr)")
        let r = try Binary.run(["--topic", "table", "--kafka", cluster.bootstrap])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("# Inferred by velo-infer from 4 records of topic table on "), "\(r.out)")
        #expect(!r.err.contains("malformed"), "\(r.err)")
        #expect(r.err.contains("skipped 2 tombstones in 'table'"), "\(r.err)")
    }

    @Test func samplesLatestAndRandomWithVeloKafka() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("events", partitions: 1)
        try Self.kcatProduce(cluster.bootstrap, topic: "events", lines: (1...200).map(Self.order), keyed: false)
        let env = ["VELO_KAFKA": cluster.bootstrap]

        let latest = try Binary.run(["--topic", "events", "--sample", "10", "--from", "latest", "--json"], env: env)
        #expect(latest.code == 0, "\(latest.err)")
        #expect(latest.out.contains("\"range\":{\"min\":191,\"max\":200}"))

        let random = try Binary.run(["--topic", "events", "-b", cluster.bootstrap, "--sample", "20", "--from", "random"])
        #expect(random.code == 0, "\(random.err)")
        #expect(random.out.contains("from 20 records of topic events (random 20)"))
        // A uniform sample of 200 ids is not the first or the last 20.
        let range = try #require(random.out.range(of: #"range: \{min: (\d+), max: (\d+)\}"#, options: .regularExpression))
        #expect(random.out[range] != "range: {min: 1, max: 20}" && random.out[range] != "range: {min: 181, max: 200}")
        let again = try Binary.run(["--topic", "events", "-b", cluster.bootstrap, "--sample", "20", "--from", "random"])
        #expect(again.out.split(separator: "\n").dropFirst() == random.out.split(separator: "\n").dropFirst(), "same seed, same sample")
    }

    @Test func unreachableBrokerExits4WithinTheTimeoutAndHidesSecrets() throws {
        // A port nothing listens on: a cluster that was started and stopped.
        let bootstrap = try { () throws -> String in try KafkaMockCluster().bootstrap }()
        let started = Date()
        let r = try Binary.run([
            "--topic", "orders", "--kafka", bootstrap, "-X", "velo.connect.timeout.ms=1000",
            "-X", "sasl.username=me", "-X", "sasl.password=hunter2-secret"
        ])
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.code == 4)
        #expect(elapsed < 4, "waited \(elapsed) s for a 1 s timeout")
        #expect(r.err.contains("velo-infer: error: Kafka at \(bootstrap) is not reachable (no answer within 1 s)"))
        #expect(!r.err.contains("hunter2-secret") && !r.out.contains("hunter2-secret"))

        let viaEnv = try Binary.run(["--topic", "orders", "-X", "velo.connect.timeout.ms=500"], env: ["VELO_KAFKA": bootstrap])
        #expect(viaEnv.code == 4)
        #expect(viaEnv.err.contains("not reachable"))
    }

    @Test func kafkaFlagsNeedATopic() throws {
        let r = try Binary.run(["-b", "127.0.0.1:9092"], stdin: "{\"a\":1}\n")
        #expect(r.code == 2)
        #expect(r.err.contains("--kafka, -X and --kafka-config need --topic"))
    }
}
