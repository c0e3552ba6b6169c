import Foundation
import Testing
@testable import Shared

/// The store under real concurrent processes: `store-stress write` children (built beside the test binary).
@Suite struct TopicStoreProcessTests {
    /// `store-stress`, next to the test bundle in the build directory.
    static func stressTool() throws -> String {
        let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let path = (testBinary as NSString).deletingLastPathComponent + "/store-stress"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw VeloError("no store-stress at \(path)", hint: "build it: swift build --product store-stress")
        }
        return path
    }

    static func writer(_ t: TempStore, topic: String, id: Int, count: Int, batch: Int, partitions: Int = 1, pad: Int = 40) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try stressTool())
        process.arguments = ["write", "--dir", t.path, "--topic", topic, "--writer", "\(id)", "--count", "\(count)",
                             "--batch", "\(batch)", "--partitions", "\(partitions)", "--pad", "\(pad)"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func expectedValue(writer: Int, seq: Int, pad: Int) -> String {
        "{\"writer\":\(writer),\"seq\":\(seq),\"pad\":\"\(String(repeating: "x", count: pad))\"}"
    }

    /// Parses the writer and seq numbers back out of a store-stress value.
    static func writerAndSeq(_ value: [UInt8]) -> (Int, Int)? {
        let s = text(value)
        guard let w = s.split(separator: ",").first?.split(separator: ":").last,
              let q = s.split(separator: ",").dropFirst().first?.split(separator: ":").last,
              let writer = Int(w), let seq = Int(q) else { return nil }
        return (writer, seq)
    }

    @Test func twoWriterProcessesAppendingAtOnceLoseAndTearNothing() throws {
        let t = TempStore()
        let count = 5000
        let a = try Self.writer(t, topic: "shared", id: 1, count: count, batch: 7, partitions: 3)
        let b = try Self.writer(t, topic: "shared", id: 2, count: count, batch: 13, partitions: 3)
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)

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
        // Both writers really interleaved: each partition holds lines of both.
        for p in 0..<3 {
            let log = try t.logText("shared", partition: p)
            #expect(log.hasSuffix("\n"))
            #expect(log.contains("\"writer\":1") && log.contains("\"writer\":2"))
        }
    }

    @Test func killedWriterLeavesEveryEarlierMessageIntact() throws {
        let t = TempStore()
        let pad = 200
        // Large batches (~2.4 MB per write) make a kill during write(2) likely.
        let victim = try Self.writer(t, topic: "crash", id: 7, count: 10_000_000, batch: 10_000, pad: pad)
        let log = t.store.logPath("crash", partition: 0)
        let deadline = Date().addingTimeInterval(20)
        while ((try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0) < 6_000_000 && Date() < deadline {
            usleep(2_000)
        }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(victim.terminationReason == .uncaughtSignal)

        let before = try t.readAll("crash")
        #expect(before.count >= 10_000)
        for (i, m) in before.enumerated() {
            #expect(m.offset == Int64(i))
            if text(m.value) != Self.expectedValue(writer: 7, seq: i, pad: pad) {
                Issue.record("message \(i) torn or wrong: \(text(m.value).prefix(80))")
                break
            }
        }
        #expect(try t.store.topics().first?.messages == Int64(before.count))

        // The next writer repairs a torn tail (if the kill left one) and continues the offsets.
        let next = try Self.writer(t, topic: "crash", id: 8, count: 10, batch: 10, pad: pad)
        next.waitUntilExit()
        #expect(next.terminationStatus == 0)
        let after = try t.readAll("crash", from: .offset(Int64(before.count)))
        #expect(after.map(\.offset) == (0..<10).map { Int64(before.count + $0) })
        #expect(after.map { text($0.value) } == (0..<10).map { Self.expectedValue(writer: 8, seq: $0, pad: pad) })
        let size = try FileManager.default.attributesOfItem(atPath: log)[.size] as? Int
        let bytes = try Data(contentsOf: URL(fileURLWithPath: log))
        #expect(bytes.last == 0x0A && size == bytes.count)
        #expect(bytes.filter { $0 == 0x0A }.count == before.count + 10)
    }
}
