import ArgumentParser
import Foundation
import VeloKafka

/// A Kafka-protocol broker for tests and benches: librdkafka's mock cluster on 127.0.0.1. Prints its bootstrap
/// address on stdout, then serves until stdin closes (or SIGTERM/SIGINT). Commands on stdin, one per line:
/// `topic NAME PARTITIONS`, `down`, `up`; each answered with `ok` (or `error`).
@main
struct MockBroker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka-mock-broker",
        abstract: "Run librdkafka's mock Kafka cluster on 127.0.0.1 (for tests and benchmarks)."
    )

    @Option(name: .long, help: "Number of brokers.")
    var brokers = 1

    @Option(name: .long, help: "Create a topic first: NAME:PARTITIONS (repeatable).")
    var topic: [String] = []

    @Flag(name: .long, help: "Ignore stdin; run until SIGTERM or SIGINT.")
    var untilSignal = false

    func run() throws {
        let cluster = try MockBrokerRun.start(brokers: brokers, topics: topic)
        say(cluster.bootstrap)
        if untilSignal {
            while true { pause() }
        }
        while let line = readLine() {
            let words = line.split(separator: " ").map(String.init)
            switch words.first {
            case "topic" where words.count == 3 && Int(words[2]) != nil:
                try cluster.createTopic(words[1], partitions: Int(words[2])!)
            case "down": cluster.setBrokers(up: false)
            case "up": cluster.setBrokers(up: true)
            case nil: continue
            default:
                FileHandle.standardError.write(Data("kafka-mock-broker: unknown command '\(line)'\n".utf8))
                say("error")
                continue
            }
            say("ok")
        }
        withExtendedLifetime(cluster) {}
    }
}

/// One line on stdout, unbuffered (a test waits for it through a pipe).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

enum MockBrokerRun {
    static func start(brokers: Int, topics: [String]) throws -> KafkaMockCluster {
        guard brokers >= 1 else { throw ValidationError("--brokers must be at least 1") }
        let cluster = try KafkaMockCluster(brokers: brokers)
        for spec in topics {
            let parts = spec.split(separator: ":")
            guard parts.count == 2, let partitions = Int(parts[1]), partitions > 0 else {
                throw ValidationError("--topic expects NAME:PARTITIONS, got '\(spec)'")
            }
            try cluster.createTopic(String(parts[0]), partitions: partitions)
        }
        return cluster
    }
}
