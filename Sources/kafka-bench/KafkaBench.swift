import ArgumentParser
import Foundation
import VeloBase
import VeloKafka

/// Drives Velo's Kafka producer and consumer at full speed for bench/kafka.sh (until velo-gen and velo-run
/// take over). Prints one JSON line: records, seconds, records/s.
@main
struct KafkaBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka-bench",
        abstract: "Measure Velo's Kafka producer and consumer.",
        subcommands: [Produce.self, Consume.self]
    )

    struct Produce: ParsableCommand {
        @Option(name: [.customShort("b"), .long]) var kafka: String
        @Option var topic: String
        @Option var count = 1_000_000
        @Option(help: "Value size in bytes.") var size = 100
        @Option(name: .customShort("X"), help: "librdkafka property key=value.") var properties: [String] = []

        func run() throws {
            var config = KafkaConfig(bootstrap: kafka)
            try config.apply(overrides: properties)
            // ~100-byte JSON records, keyed by one of 9,973 customers, as velo-gen writes them.
            let values: [[UInt8]] = (0..<1024).map { i in
                var text = "{\"order_id\":\(100_000 + i),\"customer\":\"c\(i % 9973)\",\"amount\":\(i % 500).25,\"status\":\"paid\"}"
                while text.utf8.count < size { text += " " }
                return Array(text.utf8.prefix(size))
            }
            let keys: [[UInt8]] = (0..<9973).map { Array("c\($0)".utf8) }
            let producer = try KafkaProducer(config: config, topic: topic)
            let start = MonotonicClock.seconds()
            for i in 0..<count {
                try producer.send(key: keys[i % 9973], value: values[i & 1023], timestamp: 0)
            }
            let queued = MonotonicClock.seconds() - start
            let report = try producer.finish()
            let seconds = MonotonicClock.seconds() - start
            print(
                "{\"op\":\"produce\",\"records\":\(count),\"delivered\":\(report.delivered),\"failed\":\(report.failed),\"queued_seconds\":\(queued),\"seconds\":\(seconds),\"rate\":\(Int(Double(count) / seconds))}"
            )
            if report.failed > 0 { throw ExitCode(VeloExit.partial.rawValue) }
        }
    }

    struct Consume: ParsableCommand {
        @Option(name: [.customShort("b"), .long]) var kafka: String
        @Option var topic: String
        @Option(name: .customShort("X"), help: "librdkafka property key=value.") var properties: [String] = []

        func run() throws {
            var config = KafkaConfig(bootstrap: kafka)
            try config.apply(overrides: properties)
            let start = MonotonicClock.seconds()
            let consumer = try KafkaConsumer(config: config, topic: topic, start: .earliest, follow: false, group: nil)
            var records = 0, bytes = 0
            while let message = try consumer.nextMessage() {
                records += 1
                bytes += message.value.count
            }
            let seconds = MonotonicClock.seconds() - start
            print("{\"op\":\"consume\",\"records\":\(records),\"bytes\":\(bytes),\"seconds\":\(seconds),\"rate\":\(Int(Double(records) / seconds))}")
        }
    }
}
