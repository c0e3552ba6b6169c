import Foundation
import Testing
import VeloBase
import VeloKafka
import VeloTopics

/// Velo's Kafka client against a real Kafka-protocol broker (librdkafka's mock cluster), cross-checked with kcat.
@Suite(.serialized) struct KafkaIntegrationTests {
    typealias T = KafkaTestSupport

    @Test func whatWeProduceKcatReadsBackByteForByte() throws {
        let cluster = try KafkaMockCluster()
        let topic = T.topicName("produce")
        try cluster.createTopic(topic, partitions: 3)
        let producer = try KafkaProducer(config: T.config(cluster.bootstrap), topic: topic)
        var sent: [(key: [UInt8]?, value: [UInt8], timestamp: Int64)] = []
        for i in 0..<500 {
            let key: [UInt8]? = i % 10 == 0 ? nil : Array("key-\(i % 7)".utf8)
            // Binary and multi-byte values, an empty one, newlines and separators kcat's format uses.
            var value = Array("{\"id\":\(i),\"name\":\"Zoë \u{1F600}\"}\n:".utf8) + [0, 255, UInt8(i % 256)]
            if i == 3 { value = [] }
            let timestamp = 1_700_000_000_000 + Int64(i)
            try producer.send(key: key, value: value, timestamp: timestamp)
            sent.append((key, value, timestamp))
        }
        let report = try producer.finish()
        #expect(report == DeliveryReport(delivered: 500, failed: 0, failures: [:], bytes: sent.reduce(0) { $0 + $1.value.count }))

        let read = try T.kcatReadAll(cluster.bootstrap, topic)
        #expect(read.count == 500)
        // Per partition, kcat sees our messages in the order we sent them, byte for byte.
        for partition in Set(read.map(\.partition)) {
            let got = read.filter { $0.partition == partition }.sorted { $0.offset < $1.offset }
            #expect(got.map(\.offset) == Array(0..<Int64(got.count)))
        }
        let byTimestamp = Dictionary(uniqueKeysWithValues: read.map { ($0.timestamp, $0) })
        for message in sent {
            let got = try #require(byTimestamp[message.timestamp])
            #expect(got.value == message.value)
            #expect(got.key == message.key)
        }
        // Same key, same partition: the one Java's murmur2 partitioner (and the local store) picks.
        for message in read {
            guard let key = message.key else { continue }
            #expect(Int(message.partition) == Murmur2Partitioner.partition(key: key, partitions: 3))
        }
    }

    @Test func whatKcatProducesWeConsumeWithPartitionsAndOffsets() throws {
        let cluster = try KafkaMockCluster()
        let topic = T.topicName("kcat-in")
        try cluster.createTopic(topic, partitions: 4)
        let lines = (0..<300).map { "user\($0 % 13)\t{\"n\":\($0)}" }.joined(separator: "\n") + "\n"
        _ = try T.kcat(["-b", cluster.bootstrap, "-P", "-t", topic, "-K", "\t"], input: Data(lines.utf8))

        let consumer = try KafkaConsumer(config: T.config(cluster.bootstrap), topic: topic, start: .earliest, follow: false, group: nil)
        let ours = try T.readAll(consumer)
        let theirs = try T.kcatReadAll(cluster.bootstrap, topic)
        #expect(ours.count == 300)
        let ourSet = Set(
            ours.map {
                "\($0.partition)/\($0.offset)/\(String(decoding: $0.key ?? [], as: UTF8.self))/\(String(decoding: $0.value, as: UTF8.self))/\($0.timestamp)"
            })
        let theirSet = Set(
            theirs.map {
                "\($0.partition)/\($0.offset)/\(String(decoding: $0.key ?? [], as: UTF8.self))/\(String(decoding: $0.value, as: UTF8.self))/\($0.timestamp)"
            })
        #expect(ourSet == theirSet)
        #expect(Set(ours.map { String(decoding: $0.value, as: UTF8.self) }) == Set((0..<300).map { "{\"n\":\($0)}" }))
    }

    @Test func boundedReadStopsAtTheEndSeenAtStart() throws {
        let cluster = try KafkaMockCluster()
        let topic = T.topicName("bounded")
        try cluster.createTopic(topic, partitions: 3)
        let config = try T.config(cluster.bootstrap)
        let producer = try KafkaProducer(config: config, topic: topic)
        for i in 0..<60 { try producer.send(key: Array("k\(i)".utf8), value: Array("v\(i)".utf8), timestamp: 1000 + Int64(i)) }
        #expect(try producer.finish().delivered == 60)

        let consumer = try KafkaConsumer(config: config, topic: topic, start: .earliest, follow: false, group: nil)
        // Messages that arrive after the consumer started are past its end.
        let late = try KafkaProducer(config: config, topic: topic)
        for i in 0..<15 { try late.send(key: nil, value: Array("late\(i)".utf8), timestamp: 5000) }
        #expect(try late.finish().delivered == 15)
        let read = try T.readAll(consumer)
        #expect(read.count == 60)
        #expect(Set(read.map { String(decoding: $0.value, as: UTF8.self) }) == Set((0..<60).map { "v\($0)" }))
        #expect(try consumer.next() == nil)

        // Other starts: by timestamp, by offset, the last N, the latest (nothing).
        let fromTime = try T.readAll(KafkaConsumer(config: config, topic: topic, start: .timestamp(1050), follow: false, group: nil))
        #expect(Set(fromTime.map { String(decoding: $0.value, as: UTF8.self) }) == Set((50..<60).map { "v\($0)" } + (0..<15).map { "late\($0)" }))
        let fromOffset = try T.readAll(KafkaConsumer(config: config, topic: topic, start: .offset(20), follow: false, group: nil))
        let total = try KafkaBackend(config: config).topics().first { $0.name == topic }!.messages
        #expect(total == 75)
        let counts = Dictionary(
            grouping: try T.readAll(KafkaConsumer(config: config, topic: topic, start: .earliest, follow: false, group: nil)), by: \.partition
        ).mapValues(\.count)
        #expect(fromOffset.count == counts.values.reduce(0) { $0 + max(0, $1 - 20) })
        #expect(try T.readAll(KafkaConsumer(config: config, topic: topic, start: .latest, follow: false, group: nil)).isEmpty)

        let last = try KafkaBackend(config: config).peek(topic: topic, last: 20)
        #expect(last.count == 20)
        #expect(last.filter { $0.timestamp == 5000 }.count == 15)
        #expect(Set(last.filter { $0.timestamp < 5000 }.map(\.timestamp)) == Set((1055..<1060).map(Int64.init)))
    }

    @Test func followReceivesNewMessagesAndStopsOnStop() throws {
        let cluster = try KafkaMockCluster()
        let topic = T.topicName("follow")
        try cluster.createTopic(topic, partitions: 2)
        let config = try T.config(cluster.bootstrap)
        let consumer = try KafkaConsumer(config: config, topic: topic, start: .latest, follow: true, group: nil)
        let producer = try KafkaProducer(config: config, topic: topic)
        T.after(seconds: 0.3) {
            try? producer.send(key: Array("k".utf8), value: Array("after start".utf8), timestamp: 42)
            _ = try? producer.finish()
        }
        let message = try #require(try consumer.next())
        #expect(message.value == Array("after start".utf8))
        #expect(message.key == Array("k".utf8))
        #expect(message.timestamp == 42)
        #expect(message.offset == 0)

        let started = MonotonicClock.seconds()
        T.after(seconds: 0.3) { consumer.stop() }
        #expect(try consumer.next() == nil)
        #expect(MonotonicClock.seconds() - started < 2)
    }

    @Test func listsTopicsWithMessageCounts() throws {
        let cluster = try KafkaMockCluster()
        let config = try T.config(cluster.bootstrap)
        let a = T.topicName("count-a"), b = T.topicName("count-b")
        try cluster.createTopic(a, partitions: 2)
        for (topic, n) in [(a, 7), (b, 3)] {
            let producer = try KafkaProducer(config: config, topic: topic)
            for i in 0..<n { try producer.send(key: Array("\(i)".utf8), value: [1, 2, 3], timestamp: nil) }
            #expect(try producer.finish().delivered == n)
        }
        let topics = try KafkaBackend(config: config).topics()
        #expect(topics.first { $0.name == a } == TopicInfo(name: a, partitions: 2, messages: 7))
        #expect(topics.first { $0.name == b }?.messages == 3)
        #expect(!topics.contains { $0.name.hasPrefix("__") })
        // kcat agrees on the topic list.
        let listing = String(decoding: try T.kcat(["-b", cluster.bootstrap, "-L"]), as: UTF8.self)
        #expect(listing.contains("topic \"\(a)\" with 2 partitions"))
    }

    @Test func consumersInAGroupSplitThePartitions() throws {
        let cluster = try KafkaMockCluster()
        let topic = T.topicName("group")
        try cluster.createTopic(topic, partitions: 4)
        let config = try T.config(cluster.bootstrap, ["session.timeout.ms=3000", "heartbeat.interval.ms=200"])
        let group = T.topicName("g")
        let consumers = try (0..<2).map { _ in
            try KafkaConsumer(config: config, topic: topic, start: .earliest, follow: true, group: group)
        }
        let box = Received()
        let threads = consumers.enumerated().map { i, consumer in
            T.after(seconds: 0) { while let message = try? consumer.next() { box.append(message, to: i) } }
        }
        let split = T.wait(seconds: 25) {
            let a = consumers[0].assignedPartitions, b = consumers[1].assignedPartitions
            return !a.isEmpty && !b.isEmpty && a.isDisjoint(with: b) && a.union(b) == [0, 1, 2, 3]
        }
        #expect(split)
        let producer = try KafkaProducer(config: config, topic: topic)
        for i in 0..<200 { try producer.send(key: Array("key\(i)".utf8), value: Array("\(i)".utf8), timestamp: nil) }
        #expect(try producer.finish().delivered == 200)
        #expect(T.wait(seconds: 10) { box.count >= 200 })
        let shares = consumers.map(\.assignedPartitions)
        consumers.forEach { $0.stop() }
        threads.forEach { $0.wait() }
        box.withMessages { received in
            #expect(received[0].count + received[1].count == 200)
            #expect(Set(received[0].map(\.partition)).isSubset(of: shares[0]))
            #expect(Set(received[1].map(\.partition)).isSubset(of: shares[1]))
        }
    }

    @Test func kafkaAndTheLocalStoreHoldTheSameMessagesAtTheSamePlaces() throws {
        let cluster = try KafkaMockCluster()
        let topic = T.topicName("same")
        try cluster.createTopic(topic, partitions: 3)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("velo-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let backends: [any TopicBackend] = [try KafkaBackend(config: T.config(cluster.bootstrap)), LocalTopicStore(directory: directory)]
        var contents: [[String]] = []
        for backend in backends {
            let producer = try backend.producer(topic: topic, partitions: 3)
            for i in 0..<120 {
                try producer.send(key: Array("customer-\(i % 17)".utf8), value: Array("{\"n\":\(i)}".utf8), timestamp: 1_000 + Int64(i))
            }
            #expect(try producer.finish().delivered == 120)
            let read = try T.readAll(backend.consumer(topic: topic, start: .earliest, follow: false, group: nil))
            contents.append(
                read.map {
                    "\($0.partition)/\($0.offset)/\(String(decoding: $0.key ?? [], as: UTF8.self))/\(String(decoding: $0.value, as: UTF8.self))/\($0.timestamp)"
                }.sorted())
            #expect(try backend.topics().first { $0.name == topic } == TopicInfo(name: topic, partitions: 3, messages: 120))
        }
        #expect(contents[0].count == 120)
        #expect(contents[0] == contents[1])
    }

    @Test func boundedGroupReadEndsWhenItsPartitionsEnd() throws {
        let cluster = try KafkaMockCluster()
        let topic = T.topicName("group-bounded")
        try cluster.createTopic(topic, partitions: 3)
        let config = try T.config(cluster.bootstrap, ["session.timeout.ms=3000", "heartbeat.interval.ms=200"])
        let producer = try KafkaProducer(config: config, topic: topic)
        for i in 0..<90 { try producer.send(key: Array("k\(i)".utf8), value: Array("\(i)".utf8), timestamp: nil) }
        #expect(try producer.finish().delivered == 90)
        let group = T.topicName("g")
        let reader = try KafkaConsumer(config: config, topic: topic, start: .earliest, follow: false, group: group)
        let first = try T.readAll(reader)
        #expect(Set(first.map { String(decoding: $0.value, as: UTF8.self) }) == Set((0..<90).map(String.init)))
        // The reader says it is done with what it read: the group commits, a second bounded read resumes at the end.
        try reader.close(commit: true)
        let again = try T.readAll(KafkaConsumer(config: config, topic: topic, start: .earliest, follow: false, group: group))
        #expect(again.isEmpty)
    }

    @Test func unreachableBrokerFailsWithExit4WithinTheTimeout() throws {
        var config = KafkaConfig(bootstrap: "127.0.0.1:1")
        try config.apply(overrides: ["velo.connect.timeout.ms=1500"])
        for attempt in ["producer", "consumer", "topics"] {
            let started = MonotonicClock.seconds()
            let error = #expect(throws: KafkaError.self) {
                switch attempt {
                case "producer": _ = try KafkaProducer(config: config, topic: "t")
                case "consumer": _ = try KafkaConsumer(config: config, topic: "t", start: .earliest, follow: false, group: nil)
                default: _ = try KafkaBackend(config: config).topics()
                }
            }
            let elapsed = MonotonicClock.seconds() - started
            #expect(error?.exitCode == .unavailable, "\(attempt)")
            #expect(error?.diagnostic.message.contains("127.0.0.1:1") == true)
            #expect(elapsed < 3.5, "\(attempt) took \(elapsed) s")
        }
    }

    @Test func boundedReadFailsWithExit4WhenTheBrokerGoesAway() throws {
        let cluster = try KafkaMockCluster()
        let topic = T.topicName("stall")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(config: T.config(cluster.bootstrap), topic: topic)
        for i in 0..<20_000 { try producer.send(key: nil, value: Array(repeating: UInt8(i % 256), count: 100), timestamp: nil) }
        #expect(try producer.finish().delivered == 20_000)
        // Small fetches and prefetch, so most of the topic is still on the broker when it goes down.
        let config = try T.config(
            cluster.bootstrap,
            [
                "velo.read.timeout.ms=1500", "queued.min.messages=10",
                "max.partition.fetch.bytes=2000", "queued.max.messages.kbytes=8"
            ])
        let consumer = try KafkaConsumer(config: config, topic: topic, start: .earliest, follow: false, group: nil)
        var read = 0
        for _ in 0..<10 { if try consumer.nextMessage() != nil { read += 1 } }
        cluster.setBrokers(up: false)
        let down = MonotonicClock.seconds()
        let error = #expect(throws: KafkaError.self) {
            while try consumer.nextMessage() != nil { read += 1 }
        }
        #expect(error?.exitCode == .unavailable)
        #expect(read < 20_000)
        #expect(MonotonicClock.seconds() - down < 6)
    }

    @Test func refusedMessagesAreCountedWithTheirReason() throws {
        let cluster = try KafkaMockCluster()
        let producer = try KafkaProducer(config: T.config(cluster.bootstrap, ["message.max.bytes=2000"]), topic: T.topicName("big"))
        try producer.send(key: nil, value: Array(repeating: 1, count: 100), timestamp: nil)
        try producer.send(key: nil, value: Array(repeating: 2, count: 5000), timestamp: nil)
        let report = try producer.finish()
        #expect(report.delivered == 1)
        #expect(report.failed == 1)
        #expect(report.failures.keys.contains { $0.lowercased().contains("too large") })
        #expect(report.exitCode == .partial)
    }

    @Test func brokerKilledMidPublishLosesNothingSilently() throws {
        let broker = try MockBrokerProcess(arguments: ["--topic", "doomed:2"])
        let producer = try KafkaProducer(config: T.config(broker.bootstrap, ["message.timeout.ms=2000"]), topic: "doomed")
        let total = 20_000
        for i in 0..<total {
            if i == total / 4 {
                // Let some be delivered, then kill the broker with the rest in flight or queued.
                _ = T.wait(seconds: 5) { producer.progress.delivered > 0 }
                broker.kill()
            }
            try producer.send(key: Array("k\(i % 100)".utf8), value: Array(repeating: 120, count: 100), timestamp: nil)
        }
        let started = MonotonicClock.seconds()
        let report = try producer.finish()
        #expect(report.delivered + report.failed == total)
        #expect(report.delivered > 0)
        #expect(report.failed >= total - total / 4)
        #expect(report.exitCode == .partial)
        #expect(!report.failures.isEmpty)
        #expect(MonotonicClock.seconds() - started < 10)
    }
}

/// What each of several consumer threads received.
final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [[TopicMessage]] = [[], []]
    func append(_ message: TopicMessage, to index: Int) { lock.withLock { messages[index].append(message) } }
    var count: Int { lock.withLock { messages.reduce(0) { $0 + $1.count } } }
    func withMessages(_ body: ([[TopicMessage]]) -> Void) { lock.withLock { body(messages) } }
}
