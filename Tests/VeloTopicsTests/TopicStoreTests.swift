import Foundation
import Testing
import VeloBase
import VeloTopics

/// A fresh store directory per test, removed afterwards.
final class TempStore {
    let path: String
    let store: LocalTopicStore

    init() {
        path = NSTemporaryDirectory() + "velo-store-\(UUID().uuidString)"
        store = LocalTopicStore(directory: path)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func logText(_ topic: String, partition: Int = 0) throws -> String {
        try String(contentsOfFile: store.logPath(topic, partition: partition), encoding: .utf8)
    }

    func produce(_ topic: String, partitions: Int? = nil, _ messages: [(key: String?, value: String, ts: Int64)]) throws -> DeliveryReport {
        let producer = try store.producer(topic: topic, partitions: partitions)
        for m in messages { try producer.send(key: m.key.map { Array($0.utf8) }, value: Array(m.value.utf8), timestamp: m.ts) }
        return try producer.finish()
    }

    func readAll(_ topic: String, from start: ReadStart = .earliest) throws -> [TopicMessage] {
        let consumer = try store.consumer(topic: topic, start: start, follow: false, group: nil)
        var out: [TopicMessage] = []
        while let m = try consumer.next() { out.append(m) }
        return out
    }
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

@Suite struct TopicStoreTests {
    @Test func roundTripKeepsKeysTimestampsAndOffsets() throws {
        let t = TempStore()
        let keys: [[UInt8]?] = [nil, [], Array("user-1".utf8), Array("a\tb".utf8), [0xFF, 0x00, 0x0A], Array("=x".utf8)]
        let values: [[UInt8]] = [
            Array("{\"id\":1}".utf8), Array("{\n  \"pretty\": true\n}".utf8), [], [0xC3, 0x28],
            Array("=starts-with-mark".utf8), Array("{\"s\":\"héllo\\t\"}".utf8)
        ]
        let producer = try t.store.producer(topic: "orders", partitions: nil)
        for i in 0..<keys.count { try producer.send(key: keys[i], value: values[i], timestamp: 1000 + Int64(i) * 7) }
        let report = try producer.finish()
        #expect(report.delivered == keys.count && report.failed == 0)
        let valueBytes: Int = values.map(\.count).reduce(0, +)
        let keyBytes: Int = keys.map { $0?.count ?? 0 }.reduce(0, +)
        #expect(report.bytes == valueBytes + keyBytes)

        let read = try t.readAll("orders")
        #expect(read.map(\.key) == keys)
        #expect(read.map(\.value) == values)
        let stamps: [Int64] = (0..<keys.count).map { 1000 + Int64($0) * 7 }
        #expect(read.map(\.timestamp) == stamps)
        #expect(read.map(\.offset) == Array(0..<Int64(keys.count)))
        #expect(read.allSatisfy { $0.partition == 0 })

        // One line per message; readable values stay as they are.
        let log = try t.logText("orders")
        #expect(log.split(separator: "\n", omittingEmptySubsequences: false).count == keys.count + 1)
        #expect(log.hasPrefix("0\t1000\t\t{\"id\":1}\n1\t1007\t=\t="))
        #expect(log.contains("\tuser-1\t\n"))
        #expect(log.contains("{\"s\":\"héllo\\t\"}\n"))
    }

    @Test func extremeTimestampsRoundTrip() throws {
        let t = TempStore()
        let stamps: [Int64] = [0, -1, -86_400_000, Int64.min, Int64.max, 1_700_000_000_123]
        let sorted = stamps.sorted()
        _ = try t.produce("times", sorted.map { (key: nil, value: "{}", ts: $0) })
        #expect(try t.readAll("times").map(\.timestamp) == sorted)
        #expect(try t.readAll("times", from: .timestamp(-1)).map(\.timestamp) == Array(sorted.drop { $0 < -1 }))
    }

    @Test func linesLongerThanTheReadBufferRoundTrip() throws {
        let t = TempStore()
        let big = "{\"blob\":\"" + String(repeating: "z", count: 1_100_000) + "\"}" // > the 1 MB read buffer
        let values = ["{\"a\":1}", big, "{\"a\":2}", big + " ", "{\"a\":3}"]
        _ = try t.produce("wide", partitions: 2, values.enumerated().map { (key: nil, value: $1, ts: Int64($0)) })
        #expect(try t.readAll("wide").map { text($0.value) } == values)
        #expect(try t.readAll("wide", from: .lastN(3)).map { text($0.value) } == Array(values.suffix(3)))
    }

    @Test func nullTimestampMeansNow() throws {
        let t = TempStore()
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        let producer = try t.store.producer(topic: "t", partitions: 1)
        try producer.send(key: nil, value: Array("{}".utf8), timestamp: nil)
        _ = try producer.finish()
        let after = Int64(Date().timeIntervalSince1970 * 1000)
        let m = try #require(try t.readAll("t").first)
        #expect(m.timestamp >= before && m.timestamp <= after)
    }

    @Test func sameKeyGoesToSamePartition() throws {
        let t = TempStore()
        let messages = (0..<300).map { (key: Optional("customer-\($0 % 17)"), value: "{\"n\":\($0)}", ts: Int64($0)) }
        _ = try t.produce("keyed", partitions: 4, messages)
        var partitionOf: [String: Int32] = [:]
        var used = Set<Int32>()
        for m in try t.readAll("keyed") {
            let key = text(m.key!)
            #expect(partitionOf[key, default: m.partition] == m.partition, "key \(key) in two partitions")
            partitionOf[key] = m.partition
            used.insert(m.partition)
            #expect(Int(m.partition) == Murmur2Partitioner.partition(key: m.key!, partitions: 4))
        }
        #expect(partitionOf.count == 17)
        #expect(used.count > 1)
    }

    @Test func escapesExactlyWhatALineCannotHold() {
        let plain = Array("{\"a\":\"0123456789abcdef\"}".utf8)
        #expect(LogLine.isVerbatim(plain, isKey: false) && LogLine.isVerbatim(plain, isKey: true))
        #expect(LogLine.isVerbatim(Array("é€😀 tabs\tok in values".utf8), isKey: false))
        for position in 0..<plain.count { // every byte position, inside and after the 8-byte fast path
            for bad: UInt8 in [0x0A, 0x00, 0xFF, 0xC0] {
                var bytes = plain
                bytes[position] = bad
                #expect(!LogLine.isVerbatim(bytes, isKey: false), "byte \(bad) at \(position)")
            }
            var tabbed = plain
            tabbed[position] = 0x09
            #expect(!LogLine.isVerbatim(tabbed, isKey: true) && LogLine.isVerbatim(tabbed, isKey: false))
        }
        #expect(!LogLine.isVerbatim([0xE2, 0x82], isKey: false)) // truncated sequence
        #expect(!LogLine.isVerbatim([0xED, 0xA0, 0x80], isKey: false)) // a UTF-16 surrogate
        #expect(!LogLine.isVerbatim(Array("=a".utf8), isKey: false))
        for length in 0..<10 { // base64 round trip at every padding length
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 200) }
            var encoded: [UInt8] = []
            Base64.encode(bytes, into: &encoded)
            #expect(encoded.withUnsafeBufferPointer { Base64.decode($0) } == bytes)
        }
    }

    @Test func murmur2MatchesKafka() {
        // Vectors from Kafka's UtilsTest.testMurmur2.
        let cases: [(String, Int32)] = [
            ("21", -973932308), ("foobar", -790332482), ("a-little-bit-long-string", -985981536),
            ("a-little-bit-longer-string", -1486304829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971), ("abc", 479470107)
        ]
        for (input, expected) in cases {
            #expect(Int32(bitPattern: Murmur2Partitioner.murmur2(Array(input.utf8))) == expected, "\(input)")
        }
    }

    @Test func readsFromOffsetLastNAndTimestamp() throws {
        let t = TempStore()
        let count = 10_000 // ~0.6 MB, so seeking an offset takes the binary search
        _ = try t.produce(
            "big", partitions: 1,
            (0..<count).map { (key: "k\($0 % 5)", value: "{\"seq\":\($0),\"pad\":\"abcdefghijklmnopqrstuvwxyz\"}", ts: 5000 + Int64($0)) })

        let fromOffset = try t.readAll("big", from: .offset(6789))
        #expect(fromOffset.count == count - 6789)
        #expect(fromOffset.first?.offset == 6789)
        #expect(fromOffset.first.map { text($0.value) } == "{\"seq\":6789,\"pad\":\"abcdefghijklmnopqrstuvwxyz\"}")
        for probe in [1, 2, 4095, 4096, 9999] { #expect(try t.readAll("big", from: .offset(Int64(probe))).first?.offset == Int64(probe)) }
        #expect(try t.readAll("big", from: .offset(Int64(count))).isEmpty)
        #expect(try t.readAll("big", from: .offset(99_999)).isEmpty)

        #expect(try t.readAll("big", from: .lastN(5)).map(\.offset) == [9995, 9996, 9997, 9998, 9999])
        #expect(try t.readAll("big", from: .lastN(0)).isEmpty)
        #expect(try t.readAll("big", from: .lastN(20_000)).count == count)

        let fromTime = try t.readAll("big", from: .timestamp(5000 + 4321))
        #expect(fromTime.first?.offset == 4321 && fromTime.count == count - 4321)
        #expect(try t.readAll("big", from: .latest).isEmpty)
    }

    @Test func lastNAcrossPartitionsTakesTheNewest() throws {
        let t = TempStore()
        _ = try t.produce("multi", partitions: 3, (0..<600).map { (key: "k\($0 % 11)", value: "{\"seq\":\($0)}", ts: 100 + Int64($0)) })
        let last = try t.readAll("multi", from: .lastN(25))
        let newest: [Int64] = (575..<600).map { 100 + Int64($0) }
        #expect(last.map(\.timestamp) == newest)
        // Partitions are merged by timestamp.
        let all = try t.readAll("multi")
        let everyStamp: [Int64] = (0..<600).map { 100 + Int64($0) }
        #expect(all.map(\.timestamp) == everyStamp)
        #expect(Set(all.map(\.partition)).count == 3)
        let fromOffset = try t.readAll("multi", from: .offset(10))
        #expect(fromOffset.count == 600 - 30)
    }

    @Test func listsTopicsWithCounts() throws {
        let t = TempStore()
        #expect(try t.store.topics().isEmpty)
        _ = try t.produce("payments", partitions: 2, (0..<7).map { (key: "k\($0)", value: "{}", ts: 1) })
        _ = try t.produce("orders", (0..<3).map { _ in (key: nil, value: "{}", ts: 1) })
        _ = try t.produce("orders", (0..<2).map { _ in (key: nil, value: "{}", ts: 1) })
        #expect(
            try t.store.topics() == [
                TopicInfo(name: "orders", partitions: 1, messages: 5),
                TopicInfo(name: "payments", partitions: 2, messages: 7)
            ])
    }

    @Test func survivesReopen() throws {
        let t = TempStore()
        _ = try t.produce("events", partitions: 2, (0..<10).map { (key: "k\($0 % 3)", value: "{\"a\":\($0)}", ts: Int64($0)) })
        let reopened = LocalTopicStore(directory: t.path)
        let producer = try reopened.producer(topic: "events", partitions: 5) // the existing count wins
        for i in 10..<20 { try producer.send(key: Array("k\(i % 3)".utf8), value: Array("{\"a\":\(i)}".utf8), timestamp: Int64(i)) }
        #expect(try producer.finish().delivered == 10)
        #expect(try reopened.partitions(of: "events") == 2)
        let all = try TempStore.read(reopened, "events")
        #expect(all.map { text($0.value) } == (0..<20).map { "{\"a\":\($0)}" })
        for p in 0..<2 { // offsets continue per partition
            let offsets = all.filter { $0.partition == Int32(p) }.map(\.offset).sorted()
            #expect(offsets == Array(0..<Int64(offsets.count)))
        }
    }

    @Test func rejectsBadNamesMissingTopicsAndGroups() throws {
        let t = TempStore()
        for bad in ["", "a/b", "..", ".", "naïve", String(repeating: "x", count: 250)] {
            let error = #expect(throws: VeloError.self) { _ = try t.store.producer(topic: bad, partitions: nil) }
            #expect(error?.exitCode == .usage)
            #expect(error?.diagnostic.message.contains("invalid topic name") == true)
        }
        _ = try t.store.createTopic("good.name_1-2")
        let missing = #expect(throws: VeloError.self) { _ = try t.readAll("nope") }
        #expect(missing?.exitCode == .invalidInput)
        #expect(missing?.diagnostic.message == "no topic 'nope' in \(t.path)")
        #expect(missing?.diagnostic.hint?.contains("good.name_1-2") == true)
        let group = #expect(throws: VeloError.self) { _ = try t.store.consumer(topic: "good.name_1-2", start: .earliest, follow: false, group: "g") }
        #expect(group?.exitCode == .usage)
    }

    @Test func directoryComesFromArgumentThenVeloHome() {
        #expect(LocalTopicStore(directory: "/tmp/x").root == "/tmp/x")
        #expect(LocalTopicStore.resolveDirectory(explicit: "/a", veloHome: "/b") == "/a")
        #expect(LocalTopicStore.resolveDirectory(explicit: nil, veloHome: "/b") == "/b")
        #expect(LocalTopicStore.resolveDirectory(explicit: "", veloHome: "") == ".velo")
        #expect(LocalTopicStore.resolveDirectory(explicit: nil, veloHome: nil) == ".velo")
    }

    @Test func tornTailIsNeverReadAndIsRepairedByTheNextAppend() throws {
        let t = TempStore()
        _ = try t.produce("torn", (0..<3).map { (key: "k", value: "{\"n\":\($0)}", ts: Int64($0)) })
        // A writer that died mid-append: half a line, no LF.
        let path = t.store.logPath("torn", partition: 0)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("3\t3\tk\t{\"n\":3,\"half".utf8))
        try handle.close()

        #expect(try t.readAll("torn").map(\.offset) == [0, 1, 2])
        #expect(try t.store.topics().first?.messages == 3)
        #expect(try t.readAll("torn", from: .lastN(2)).map(\.offset) == [1, 2])

        _ = try t.produce("torn", [(key: "k", value: "{\"n\":\"after\"}", ts: 9)])
        let all = try t.readAll("torn")
        #expect(all.map(\.offset) == [0, 1, 2, 3])
        #expect(all.last.map { text($0.value) } == "{\"n\":\"after\"}")
        #expect(try !t.logText("torn").contains("half"))
    }

    @Test func followingFromLatestSkipsWhatWasThere() throws {
        let t = TempStore()
        _ = try t.produce("tail", partitions: 2, (0..<6).map { (key: "k\($0)", value: "{\"old\":\($0)}", ts: Int64($0)) })
        let consumer = try t.store.consumer(topic: "tail", start: .latest, follow: true, group: nil)
        _ = try t.produce("tail", [(key: "k1", value: "{\"new\":1}", ts: 10)])
        let m = try consumer.next()
        #expect(m.map { text($0.value) } == "{\"new\":1}")
        #expect(m?.offset == (try t.store.partitionCounts("tail"))[Int(m?.partition ?? 0)] - 1)
    }

    @Test func followingConsumerSeesNewMessagesAndStops() throws {
        let t = TempStore()
        _ = try t.produce("live", (0..<2).map { (key: nil, value: "{\"n\":\($0)}", ts: Int64($0)) })
        let consumer = try t.store.consumer(topic: "live", start: .earliest, follow: true, group: nil)
        #expect(try consumer.next()?.offset == 0)
        #expect(try consumer.next()?.offset == 1)

        // A torn tail appears, then a writer repairs it and appends: the follower sees only whole messages.
        let handle = try #require(FileHandle(forWritingAtPath: t.store.logPath("live", partition: 0)))
        handle.seekToEndOfFile()
        handle.write(Data("2\t2\t\t{\"torn".utf8))
        try handle.close()
        let box = ConsumerBox(consumer, store: t)
        let writer = Thread {
            Thread.sleep(forTimeInterval: 0.15)
            _ = try? box.store.produce("live", [(key: nil, value: "{\"n\":2}", ts: 2)])
            Thread.sleep(forTimeInterval: 0.3)
            box.consumer.stop()
        }
        writer.start()
        let third = try consumer.next()
        #expect(third.map { text($0.value) } == "{\"n\":2}" && third?.offset == 2)
        let started = Date()
        #expect(try consumer.next() == nil) // returns once stopped
        #expect(Date().timeIntervalSince(started) < 2)
    }
}

extension TempStore {
    static func read(_ store: LocalTopicStore, _ topic: String) throws -> [TopicMessage] {
        let consumer = try store.consumer(topic: topic, start: .earliest, follow: false, group: nil)
        var out: [TopicMessage] = []
        while let m = try consumer.next() { out.append(m) }
        return out
    }
}

/// Hands a consumer to another thread to call `stop()` (safe from any thread), with the store to write to.
final class ConsumerBox: @unchecked Sendable {
    let consumer: any TopicConsumer
    let store: TempStore
    init(_ consumer: any TopicConsumer, store: TempStore) { (self.consumer, self.store) = (consumer, store) }
}
