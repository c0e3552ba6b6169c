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

    @Test func killedWritersLeaveEveryEarlierMessageIntact() throws {
        let t = TempStore()
        let pad = 65_536
        let log = t.store.logPath("crash", partition: 0)
        var st = stat()
        func size() -> Int { stat(log, &st) == 0 ? Int(st.st_size) : 0 }
        var torn = 0
        for round in 1...3 {
            // ~4 MB per write(2); the kill comes the moment the log grows past what it held, which often
            // lands inside a write and leaves a torn tail. The next round's writer must repair it.
            let start = size()
            let victim = try Self.writer(t, topic: "crash", id: round, count: 10_000_000, batch: 64, pad: pad)
            let deadline = Date().addingTimeInterval(20)
            while size() < start + 4_000_000 && Date() < deadline { usleep(100) }
            let seen = size()
            while size() == seen && Date() < deadline {}
            kill(victim.processIdentifier, SIGKILL)
            victim.waitUntilExit()
            #expect(victim.terminationReason == .uncaughtSignal)
            if (try? Data(contentsOf: URL(fileURLWithPath: log)).last) != 0x0A { torn += 1 }

            // Every message so far is whole, in order, and each writer's messages are a gapless prefix.
            let messages = try t.readAll("crash") // the reader checks every line parses and offsets are consecutive
            var nextSeq: [Int: Int] = [:]
            for m in messages {
                guard let (writer, seq) = Self.writerAndSeq(m.value),
                      text(m.value) == Self.expectedValue(writer: writer, seq: seq, pad: pad),
                      seq == nextSeq[writer, default: 0] else {
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
        next.waitUntilExit()
        #expect(next.terminationStatus == 0)
        let after = try t.readAll("crash", from: .offset(count))
        #expect(after.map(\.offset) == (0..<10).map { count + Int64($0) })
        #expect(after.map { text($0.value) } == (0..<10).map { Self.expectedValue(writer: 8, seq: $0, pad: 10) })
        let bytes = try Data(contentsOf: URL(fileURLWithPath: log))
        #expect(bytes.last == 0x0A)
        #expect(bytes.filter { $0 == 0x0A }.count == Int(count) + 10)
    }
}
