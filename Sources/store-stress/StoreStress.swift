import ArgumentParser
import VeloBase
import VeloTopics

#if canImport(Glibc)
import Glibc
#endif

/// Drives the local topic store from its own process: `write` appends numbered messages (the tests run two
/// at once and kill one mid-append), `read` reads a topic to its end, `topics` lists topics with counts.
@main
struct StoreStress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-stress",
        abstract: "Append to or read a local topic, for the store's tests and benchmarks.",
        subcommands: [Write.self, Read.self, Topics.self])

    struct Write: ParsableCommand {
        @Option(help: "Store directory.") var dir: String
        @Option(help: "Topic name.") var topic: String
        @Option(help: "Partitions when the topic is created.") var partitions: Int = 1
        @Option(help: "Writer id, part of every value.") var writer: Int = 0
        @Option(help: "Messages to append.") var count: Int = 1000
        @Option(help: "Messages per batch (one locked write each).") var batch: Int = 100
        @Option(help: "Distinct keys (0: null keys).") var keys: Int = 8
        @Option(help: "Padding bytes in each value.") var pad: Int = 40
        @Option(help: "Wait until this epoch millisecond before writing (lines several writers up).") var startAt: Int64?

        func run() throws {
            let producer = try LocalTopicStore(directory: dir).producer(topic: topic, partitions: partitions)
            if let startAt { StoreStress.sleep(untilEpochMillis: startAt) }
            (producer as? LocalTopicProducer)?.batchBytes = Int.max
            // Values are built from bytes, not string interpolation, so the bench times the store, not Swift strings.
            let head = Array("{\"writer\":\(writer),\"seq\":".utf8)
            let tail = Array(",\"pad\":\"\(String(repeating: "x", count: pad))\"}".utf8)
            let keyBytes = (0..<max(keys, 1)).map { Array("k\($0)".utf8) }
            var value: [UInt8] = []
            let (count, keys, batch) = (count, keys, batch) // plain locals: property wrappers cost in a hot loop
            for seq in 0..<count {
                let key = keys > 0 ? keyBytes[seq % keys] : nil
                value.removeAll(keepingCapacity: true)
                value.append(contentsOf: head)
                value.append(contentsOf: Array(String(seq).utf8))
                value.append(contentsOf: tail)
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

    struct Topics: ParsableCommand {
        @Option(help: "Store directory.") var dir: String

        func run() throws {
            for info in try LocalTopicStore(directory: dir).topics() {
                print("{\"name\":\"\(info.name)\",\"partitions\":\(info.partitions),\"messages\":\(info.messages)}")
            }
        }
    }

    static func sleep(untilEpochMillis target: Int64) {
        while true {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            let left = target - (Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000)
            if left <= 0 { return }
            usleep(useconds_t(min(left, 10) * 1000))
        }
    }
}
