import Foundation
import Testing
import VeloTestSupport

/// velo-repl with `--kafka` against kafka-mock-broker (librdkafka's mock cluster in a child process):
/// topics with counts, messages, a run, and a broker that is not there.
@Suite(.serialized) struct ReplKafkaTests {
    @Test func topicsMessagesAndRunsGoToTheCluster() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let broker = try ProcessRunner.start(BuiltProducts.url("kafka-mock-broker"), [], stdin: .open)
        defer {
            broker.closeStdin()
            _ = try? broker.wait(timeout: 10)
        }
        #expect(broker.waitForStdout(timeout: 20) { $0.contains(UInt8(ascii: "\n")) })
        let bootstrap = String(decoding: broker.stdoutSoFar, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let r = try f.script(
            """
            load schemas from schemas
            generate 400 sensor_readings
            topics
            messages 1 --last 3
            SELECT device_id, temperature_c FROM sensor_readings WHERE temperature_c > -1000;
            status
            """, ["--kafka", bootstrap])
        #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
        #expect(r.stdout.contains("✓ published 400 records to 'sensor_readings'"))
        #expect(r.stdout.contains("| 1 | sensor_readings |      400 |"), "\(r.stdout)")
        #expect(r.stdout.contains("last 3 of 'sensor_readings'"))
        #expect(r.stdout.contains("Output (400 records)"), "\(r.stdout)")
        #expect(r.stdout.contains("topics     Kafka at \(bootstrap)"))
        // The records are in the cluster, not in the local store.
        #expect(!FileManager.default.fileExists(atPath: f.dir.appendingPathComponent(".velo/topics/sensor_readings").path))
        let infer = try ProcessRunner.run(
            BuiltProducts.url("velo-infer"), ["--topic", "sensor_readings", "--kafka", bootstrap, "--json"], environment: f.environment)
        #expect(infer.status == 0, "\(infer.stderr)")
    }

    @Test func anUnreachableBrokerSaysHowToStartOneOrUseTheLocalStore() throws {
        let f = try ReplFixture()
        defer { f.remove() }
        let r = try f.script("topics\nstatus\n", ["--kafka", "127.0.0.1:1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("127.0.0.1:1"), "\(r.stderr)")
        #expect(r.stderr.contains("scripts/kafka-test-broker.sh"), "\(r.stderr)")
        #expect(r.stderr.contains("without --kafka the local store is used"))
        #expect(r.stdout.contains("topics     Kafka at 127.0.0.1:1"), "the shell stays up: \(r.stdout)")
        // In a terminal, the seconds of waiting say what for; the line goes once the answer is there.
        let t = try f.terminal(["--kafka", "127.0.0.1:1", "--history", f.dir.appendingPathComponent("h").path])
        try t.waitFor("velo> ")
        try t.typeLine("topics")
        try t.waitFor("asking Kafka at 127.0.0.1:1…")
        let screen = try t.waitFor("scripts/kafka-test-broker.sh")
        #expect(!screen.contains("asking Kafka"), "\(screen)")
    }
}
