import Foundation
import VeloBase
import VeloCLI
import VeloKafka
import VeloTestSupport
import VeloTopics

/// Helpers for the Kafka integration tests: kcat as an independent client, a mock broker in a child
/// process (so a test can kill it), and unique topic names.
enum KafkaTestSupport {
    static func config(_ bootstrap: String, _ overrides: [String] = []) throws -> KafkaConfig {
        var config = KafkaConfig(bootstrap: bootstrap)
        config.connectTimeoutMs = 3000
        try config.apply(overrides: overrides)
        return config
    }

    static func topicName(_ base: String) -> String {
        "\(base)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Runs kcat with `input` on stdin and returns its stdout; fails on a non-zero exit or after 20 s.
    static func kcat(_ arguments: [String], input: Data? = nil) throws -> Data {
        let r = try ProcessRunner.run(BuiltProducts.kcat, arguments, stdin: .data(input ?? Data()), timeout: 20)
        guard r.status == 0 else {
            throw VeloError("kcat \(arguments.joined(separator: " ")) exited \(r.status): \(r.stderr)")
        }
        return r.stdoutData
    }

    /// One message as kcat printed it with `-f '%p:%o:%T:%K:%S:%k%s'` (lengths make it byte-exact).
    struct KcatMessage: Equatable {
        var partition: Int32
        var offset: Int64
        var timestamp: Int64
        var key: [UInt8]?
        var value: [UInt8]
    }

    static let kcatFormat = "%p:%o:%T:%K:%S:%k%s"

    static func parseKcat(_ data: Data) throws -> [KcatMessage] {
        let bytes = [UInt8](data)
        var i = 0
        func number() throws -> Int64 {
            var text = ""
            while i < bytes.count, bytes[i] != UInt8(ascii: ":") { text.append(Character(UnicodeScalar(bytes[i]))); i += 1 }
            i += 1
            guard let n = Int64(text) else { throw VeloError("kcat output: expected a number, got '\(text)' at byte \(i)") }
            return n
        }
        var messages: [KcatMessage] = []
        while i < bytes.count {
            let partition = try number(), offset = try number(), timestamp = try number()
            let keyLength = try number(), valueLength = try number()
            var key: [UInt8]?
            if keyLength >= 0 { key = Array(bytes[i..<i + Int(keyLength)]); i += Int(keyLength) }
            let value = Array(bytes[i..<i + Int(max(0, valueLength))])
            i += Int(max(0, valueLength))
            messages.append(KcatMessage(partition: Int32(partition), offset: offset, timestamp: timestamp, key: key, value: value))
        }
        return messages
    }

    /// Every message of `topic`, read by kcat to the end of each partition.
    static func kcatReadAll(_ bootstrap: String, _ topic: String) throws -> [KcatMessage] {
        try parseKcat(kcat(["-b", bootstrap, "-C", "-t", topic, "-e", "-q", "-o", "beginning", "-f", kcatFormat]))
    }

    /// Everything a bounded consumer returns.
    static func readAll(_ consumer: any TopicConsumer) throws -> [TopicMessage] {
        var messages: [TopicMessage] = []
        while let message = try consumer.next() { messages.append(message) }
        return messages
    }

    /// Runs `body` on a thread of its own after a delay (not on Dispatch's pool, which blocked tests can starve).
    @discardableResult
    static func after(seconds: Double, _ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        Thread {
            if seconds > 0 { usleep(UInt32(seconds * 1_000_000)) }
            body()
            done.signal()
        }.start()
        return done
    }

    /// Waits until `condition` holds or `seconds` pass; returns whether it held.
    static func wait(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = MonotonicClock.seconds() + seconds
        while MonotonicClock.seconds() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

/// `kafka-mock-broker` in a child process, for tests that kill the broker.
final class MockBrokerProcess {
    let process: RunningProcess
    let bootstrap: String

    init(arguments: [String] = []) throws {
        // stdin stays open: the broker serves until it closes.
        process = try ProcessRunner.start(BuiltProducts.url("kafka-mock-broker"), arguments, stdin: .open)
        let newline = UInt8(ascii: "\n")
        guard process.waitForStdout(timeout: 30, until: { $0.contains(newline) }) else {
            throw VeloError("kafka-mock-broker printed no address (it exited, or took over 30 s)")
        }
        bootstrap = String(decoding: process.stdoutSoFar.prefix { $0 != newline }, as: UTF8.self)
    }

    func kill() {
        process.kill()
        _ = try? process.wait()
    }
}
