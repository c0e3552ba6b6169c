import ArgumentParser
import Shared

/// Drives the local topic store from its own process: `write` appends numbered messages (the tests run two
/// at once and kill one mid-append), `read` reads a topic to its end. Both print one summary line.
@main
struct StoreStress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-stress",
        abstract: "Append to or read a local topic, for the store's tests and benchmarks.",
        subcommands: [Write.self, Read.self])

    struct Write: ParsableCommand {
        @Option(help: "Store directory.") var dir: String
        @Option(help: "Topic name.") var topic: String
        @Option(help: "Partitions when the topic is created.") var partitions: Int = 1
        @Option(help: "Writer id, part of every value.") var writer: Int = 0
        @Option(help: "Messages to append.") var count: Int = 1000
        @Option(help: "Messages per batch (one locked write each).") var batch: Int = 100
        @Option(help: "Distinct keys (0: null keys).") var keys: Int = 8
        @Option(help: "Padding bytes in each value.") var pad: Int = 40

        func run() throws {
            let producer = try LocalTopicStore(directory: dir).producer(topic: topic, partitions: partitions)
            (producer as? LocalTopicProducer)?.batchBytes = Int.max
            let padding = String(repeating: "x", count: pad)
            for seq in 0..<count {
                let key = keys > 0 ? Array("k\(seq % keys)".utf8) : nil
                let value = Array("{\"writer\":\(writer),\"seq\":\(seq),\"pad\":\"\(padding)\"}".utf8)
                try producer.send(key: key, value: value, timestamp: Int64(1_700_000_000_000 + seq))
                if (seq + 1) % batch == 0 { (producer as? LocalTopicProducer)?.flush() }
            }
            let report = try producer.finish()
            print("{\"delivered\":\(report.delivered),\"failed\":\(report.failed),\"bytes\":\(report.bytes)}")
            for (reason, n) in report.failures { print("failed \(n): \(reason)") }
            if report.failed > 0 { throw ExitCode(VeloExit.partial.rawValue) }
        }
    }

    struct Read: ParsableCommand {
        @Option(help: "Store directory.") var dir: String
        @Option(help: "Topic name.") var topic: String

        func run() throws {
            let consumer = try LocalTopicStore(directory: dir).consumer(topic: topic, start: .earliest, follow: false, group: nil)
            var messages = 0
            var bytes = 0
            while let m = try consumer.next() {
                messages += 1
                bytes += m.value.count
            }
            print("{\"messages\":\(messages),\"bytes\":\(bytes)}")
        }
    }
}
