import Foundation
import Testing
import VeloBase
import VeloTestSupport
import VeloTopics

/// The store under real concurrent processes: `store-stress write` children (built beside the test binary).
@Suite struct TopicStoreProcessTests {
    static func writer(
        _ t: TempStore, topic: String, id: Int, count: Int, batch: Int, partitions: Int = 1, pad: Int = 40,
        startAt: Int64? = nil
    ) throws -> RunningProcess {
        try ProcessRunner.start(
            BuiltProducts.url("store-stress"),
            [
                "write", "--dir", t.path, "--topic", topic, "--writer", "\(id)", "--count", "\(count)",
                "--batch", "\(batch)", "--partitions", "\(partitions)", "--pad", "\(pad)"
            ]
                + (startAt.map { ["--start-at", "\($0)"] } ?? []))
    }

    static func expectedValue(writer: Int, seq: Int, pad: Int) -> String {
        "{\"writer\":\(writer),\"seq\":\(seq),\"pad\":\"\(String(repeating: "x", count: pad))\"}"
    }

    /// Parses the writer and seq numbers back out of a store-stress value (they sit in its first bytes).
    static func writerAndSeq(_ value: [UInt8]) -> (Int, Int)? {
        let s = text(Array(value.prefix(48)))
        guard let w = s.split(separator: ",").first?.split(separator: ":").last,
            let q = s.split(separator: ",").dropFirst().first?.split(separator: ":").last,
            let writer = Int(w), let seq = Int(q)
        else { return nil }
        return (writer, seq)
    }

    /// True when `value` is exactly what writer `writer` sent as message `seq` (compared with memcmp: values
    /// are 64 KB in the kill test and this is a debug build).
    static func isIntact(_ value: [UInt8], writer: Int, seq: Int, pad: Int) -> Bool {
        let expected = Array(expectedValue(writer: writer, seq: seq, pad: pad).utf8)
        return value.count == expected.count
            && value.withUnsafeBytes { a in
                expected.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
            }
    }

    @Test func twoWriterProcessesAppendingAtOnceLoseAndTearNothing() throws {
        let t = TempStore()
        let count = 10_000
        let startAt = Int64(Date().timeIntervalSince1970 * 1000) + 400 // both begin together, after starting up
        let a = try Self.writer(t, topic: "shared", id: 1, count: count, batch: 7, partitions: 3, startAt: startAt)
        let b = try Self.writer(t, topic: "shared", id: 2, count: count, batch: 13, partitions: 3, startAt: startAt)
        // Meanwhile a follower in this process reads along: it must only ever get whole, intact messages.
        while try t.store.partitions(of: "shared") == nil { usleep(1_000) }
        let follower = try t.store.consumer(topic: "shared", start: .earliest, follow: true, group: nil)
        let watchdog = ConsumerBox(follower, store: t)
        let done = DispatchSemaphore(value: 0)
        Thread { if done.wait(timeout: .now() + 60) == .timedOut { watchdog.consumer.stop() } }.start()
        defer { done.signal() }
        var followed = 0
        while followed < 2 * count, let m = try follower.next() {
            guard let (writer, seq) = Self.writerAndSeq(m.value), Self.isIntact(m.value, writer: writer, seq: seq, pad: 40) else {
                Issue.record("the follower got a torn message at offset \(m.offset): \(text(m.value))")
                break
            }
            followed += 1
        }
        #expect(followed == 2 * count)
        follower.stop()
        let (ra, rb) = (try a.wait(), try b.wait())
        #expect(ra.status == 0 && rb.status == 0, "\(ra.stderr)\(rb.stderr)")

        #expect(try t.store.topics() == [TopicInfo(name: "shared", partitions: 3, messages: Int64(2 * count))])
        var seen: [Int: [Int]] = [1: [], 2: []]
        for m in try t.readAll("shared") { // the reader checks every line parses and offsets are consecutive
            let (writer, seq) = try #require(Self.writerAndSeq(m.value))
            #expect(text(m.value) == Self.expectedValue(writer: writer, seq: seq, pad: 40))
            #expect(m.key.map(text) == "k\(seq % 8)")
            seen[writer, default: []].append(seq)
        }
        #expect(seen[1]?.sorted() == Array(0..<count))
        #expect(seen[2]?.sorted() == Array(0..<count))
        // The appends really overlapped: in each partition the writers' batches alternate (16 to 330 times here).
        for p in 0..<3 {
            let log = try t.logText("shared", partition: p)
            #expect(log.hasSuffix("\n"))
            let writers = log.split(separator: "\n").map { $0.contains("\"writer\":1,") ? 1 : 2 }
            let switches = zip(writers, writers.dropFirst()).filter { $0 != $1 }.count
            #expect(switches >= 3, "partition \(p): the writers' batches alternated only \(switches) times")
        }
    }

    @Test func killedWritersLeaveEveryEarlierMessageIntact() throws {
        let t = TempStore()
        let pad = 65_536
        let log = t.store.logPath("crash", partition: 0)
        var st = stat()
        func size() -> Int { stat(log, &st) == 0 ? Int(st.st_size) : 0 }
        var torn = 0
        for round in 1...3 {
            // ~4.2 MB per write(2). After the first whole batch, the kill comes the moment the log grows again,
            // which often lands inside a write and leaves a torn tail. The next round's writer must repair it.
            let start = size()
            let victim = try Self.writer(t, topic: "crash", id: round, count: 10_000_000, batch: 64, pad: pad)
            let deadline = Date().addingTimeInterval(20)
            while size() < start + 64 * (pad + 60) && Date() < deadline { usleep(100) } // more than a torn tail
            let seen = size()
            while size() == seen && Date() < deadline {}
            victim.kill()
            #expect(try victim.wait().signalled)
            if (try? Data(contentsOf: URL(fileURLWithPath: log)).last) != 0x0A { torn += 1 }

            // Every message so far is whole, in order, and each writer's messages are a gapless prefix.
            let messages = try t.readAll("crash") // the reader checks every line parses and offsets are consecutive
            var nextSeq: [Int: Int] = [:]
            for m in messages {
                guard let (writer, seq) = Self.writerAndSeq(m.value),
                    Self.isIntact(m.value, writer: writer, seq: seq, pad: pad),
                    seq == nextSeq[writer, default: 0]
                else {
                    Issue.record("round \(round): message \(m.offset) torn or out of place: \(text(m.value).prefix(60))")
                    break
                }
                nextSeq[writer] = seq + 1
            }
            #expect(nextSeq.count == round && nextSeq.values.allSatisfy { $0 >= 64 })
            #expect(try t.store.topics().first?.messages == Int64(messages.count))
        }
        if ProcessInfo.processInfo.environment["VELO_STORE_DEBUG"] != nil {
            FileHandle.standardError.write(Data("kills that tore the tail: \(torn) of 3\n".utf8))
        }

        // A writer after the last kill repairs any torn tail and continues the offsets.
        let count = try t.store.topics().first?.messages ?? -1
        let next = try Self.writer(t, topic: "crash", id: 8, count: 10, batch: 10, pad: 10)
        let r = try next.wait()
        #expect(r.status == 0, "\(r.stderr)")
        let after = try t.readAll("crash", from: .offset(count))
        #expect(after.map(\.offset) == (0..<10).map { count + Int64($0) })
        #expect(after.map { text($0.value) } == (0..<10).map { Self.expectedValue(writer: 8, seq: $0, pad: 10) })
        let bytes = try Data(contentsOf: URL(fileURLWithPath: log))
        #expect(bytes.last == 0x0A)
        #expect(bytes.filter { $0 == 0x0A }.count == Int(count) + 10)
    }
}
