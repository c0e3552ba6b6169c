import Foundation
import Testing
import VeloBase
import VeloKafka
import VeloTopics

private typealias T = KafkaTestSupport

/// The consumer hands over every partition merged by timestamp (as the local store's reader does), so a topic
/// whose partitions are each in time order reads in time order; a missing topic is an error, not created.
@Suite struct KafkaNoLossTests {
    /// 4 partitions, 6,000 keyed messages one millisecond apart.
    static func timedTopic(_ cluster: KafkaMockCluster, partitions: Int = 4, count: Int = 6000) throws -> String {
        let topic = T.topicName("timed")
        try cluster.createTopic(topic, partitions: partitions)
        let producer = try KafkaProducer(config: T.config(cluster.bootstrap), topic: topic)
        for i in 0..<count {
            try producer.send(key: Array("key\(i % 101)".utf8), value: Array(#"{"n":\#(i)}"#.utf8), timestamp: 1_000_000 + Int64(i))
        }
        #expect(try producer.finish().delivered == count)
        return topic
    }

    static func isInTimeOrder(_ messages: [TopicMessage]) -> Bool {
        zip(messages, messages.dropFirst()).allSatisfy { ($0.timestamp, $0.partition) <= ($1.timestamp, $1.partition) }
    }

    @Test func boundedReadMergesPartitionsByTimestamp() throws {
        let cluster = try KafkaMockCluster()
        let topic = try Self.timedTopic(cluster)
        let read = try T.readAll(KafkaConsumer(config: T.config(cluster.bootstrap), topic: topic, start: .earliest, follow: false, group: nil))
        #expect(read.count == 6000)
        #expect(Set(read.map(\.partition)).count == 4)
        #expect(Self.isInTimeOrder(read), "partitions came in runs")
        #expect(read.map(\.timestamp) == (0..<6000).map { 1_000_000 + Int64($0) })
    }

    /// A reader to whom order does not matter turns the merge off: every message, each partition in offset order.
    @Test func withoutTheMergeEveryMessageComesEachPartitionInOrder() throws {
        let cluster = try KafkaMockCluster()
        let topic = try Self.timedTopic(cluster)
        let consumer = try KafkaConsumer(config: T.config(cluster.bootstrap), topic: topic, start: .earliest, follow: false, group: nil)
        consumer.keepTimeOrder(false)
        let read = try T.readAll(consumer)
        #expect(read.count == 6000)
        #expect(Set(read.map(\.timestamp)).count == 6000)
        for (_, messages) in Dictionary(grouping: read, by: \.partition) {
            #expect(messages.map(\.offset) == (0..<Int64(messages.count)).map { $0 })
        }
    }

    /// Following, the consumer catches up on what is there in time order too, then returns new messages
    /// without waiting for partitions that have nothing new.
    @Test func followMergesWhatIsThereThenPassesNewMessagesOn() throws {
        let cluster = try KafkaMockCluster()
        let topic = try Self.timedTopic(cluster)
        let config = try T.config(cluster.bootstrap)
        let consumer = try KafkaConsumer(config: config, topic: topic, start: .earliest, follow: true, group: nil)
        var read: [TopicMessage] = []
        while read.count < 6000, let message = try consumer.next() { read.append(message) }
        #expect(Self.isInTimeOrder(read), "partitions came in runs")
        let producer = try KafkaProducer(config: config, topic: topic)
        try producer.send(key: Array("late-key".utf8), value: Array("new".utf8), timestamp: 2_000_000)
        #expect(try producer.finish().delivered == 1)
        let started = MonotonicClock.seconds()
        let next = try #require(try consumer.next())
        #expect(next.value == Array("new".utf8))
        #expect(MonotonicClock.seconds() - started < 3)
        consumer.stop()
        #expect(try consumer.next() == nil)
    }

    /// Views are read in place in librdkafka's messages, each valid until the next call: one partition whose
    /// messages all come after the other's is held whole while the other goes out, then read front to back
    /// (through the lane's compaction, past 4,096 returned), every view's bytes right as returned.
    @Test func viewsReadInPlaceWhileOnePartitionWaitsForTheOther() throws {
        let cluster = try KafkaMockCluster()
        let topic = T.topicName("views")
        try cluster.createTopic(topic, partitions: 2)
        // A key for each partition (the producer partitions by murmur2, as the store does).
        let keys = (0..<100).map { Array("k\($0)".utf8) }
        let late = try #require(keys.first { Murmur2Partitioner.partition(key: $0, partitions: 2) == 0 })
        let early = try #require(keys.first { Murmur2Partitioner.partition(key: $0, partitions: 2) == 1 })
        let producer = try KafkaProducer(config: T.config(cluster.bootstrap), topic: topic)
        let n = 9000
        for i in 0..<n {
            try producer.send(key: late, value: Array("late \(i)".utf8), timestamp: 5_000_000 + Int64(i))
            try producer.send(key: early, value: Array("early \(i)".utf8), timestamp: 1_000_000 + Int64(i))
        }
        #expect(try producer.finish().delivered == 2 * n)
        let consumer = try KafkaConsumer(config: T.config(cluster.bootstrap), topic: topic, start: .earliest, follow: false, group: nil)
        var expected = (0..<n).map { (Int32(1), "early \($0)", early) } + (0..<n).map { (Int32(0), "late \($0)", late) }
        expected.reverse()
        var wrong = 0
        while let view = try consumer.nextView() {
            guard let (partition, value, key) = expected.popLast() else { wrong += 1; break }
            if view.partition != partition || Array(view.value) != Array(value.utf8) || view.key.map(Array.init) != key { wrong += 1 }
        }
        #expect(wrong == 0)
        #expect(expected.isEmpty)
    }

    /// Looking a topic up must not create it (librdkafka's metadata request for one topic does, on brokers
    /// that auto-create topics, the mock cluster among them).
    @Test func aMissingTopicIsAnErrorAndIsNotCreated() throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("present", partitions: 2)
        let config = try T.config(cluster.bootstrap)
        for group in [nil, "g"] as [String?] {
            #expect(throws: KafkaError.self) {
                _ = try KafkaConsumer(config: config, topic: "absent", start: .earliest, follow: false, group: group)
            }
            do {
                _ = try KafkaConsumer(config: config, topic: "absent", start: .earliest, follow: false, group: group)
            } catch {
                #expect(error.exitCode == .invalidInput)
                #expect(error.diagnostic.message.contains("does not exist"))
            }
        }
        #expect(try !KafkaBackend(config: config).topics().contains { $0.name == "absent" })
    }
}
