import Foundation
import Testing
import VeloKafka
import VeloTopics

/// Nothing lost on Kafka (issue 18): windows over topics of several partitions see every record, a consumer
/// group commits only what reached the sink, a missing topic is an error, tombstones are not failures.
/// Every test runs the real velo-run against librdkafka's mock cluster, with topics of several partitions.
@Suite(.serialized) struct VeloRunKafkaNoLossTests {
    // MARK: helpers

    /// 50 devices, one reading every 150 ms for 20 minutes (8,000 records), keyed by device, the message
    /// timestamp being the event time: each partition is in event-time order, the topic as a whole is not.
    static func readings(count: Int = 8000) -> [(key: String, value: String, time: Int64)] {
        let base: Int64 = 1_796_083_200_000 // 2026-12-01T00:00:00Z
        return (0..<count).map { i in
            let device = "SENSOR-\(String(format: "%03d", i * 7 % 50))"
            let time = base + Int64(i) * 150
            return (device, #"{"device_id":"\#(device)","temperature_c":\#(20 + i % 7),"event_time":\#(time)}"#, time)
        }
    }

    static func produce(
        _ backend: any TopicBackend, topic: String, partitions: Int,
        _ records: [(key: String, value: String, time: Int64)]
    ) throws {
        let producer = try backend.producer(topic: topic, partitions: partitions)
        for r in records { try producer.send(key: Array(r.key.utf8), value: Array(r.value.utf8), timestamp: r.time) }
        let report = try producer.finish()
        #expect(report.delivered == records.count && report.failed == 0, "\(report.summary)")
    }

    static func cluster(_ topics: [String: Int]) throws -> KafkaMockCluster {
        let cluster = try KafkaMockCluster()
        for (topic, partitions) in topics { try cluster.createTopic(topic, partitions: partitions) }
        return cluster
    }

    static func kafka(_ cluster: KafkaMockCluster) throws -> KafkaBackend {
        try KafkaBackend(config: KafkaConfig(bootstrap: cluster.bootstrap))
    }

    static func metrics(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).sorted() }

    /// Output rows of the windowed query, as "device window_start count".
    static func expectedCounts(_ records: [(key: String, value: String, time: Int64)]) -> [String] {
        var counts: [String: Int] = [:]
        for r in records { counts["\(r.key) \(r.time / 300_000 * 300_000)", default: 0] += 1 }
        return counts.map { "\($0.key) \($0.value)" }.sorted()
    }

    static func counts(_ stdout: String) throws -> [String] {
        try stdout.split(separator: "\n").map { line in
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return "\(o["device_id"] as! String) \(o["ws"] as! Int) \(o["readings"] as! Int)"
        }.sorted()
    }

    static let windowed = """
        SELECT device_id, COUNT(*) AS readings, _window_start AS ws FROM sensor_readings
        GROUP BY device_id WINDOW TUMBLING(event_time, 5m) EMIT FINAL WITH ('event.time.field' = 'event_time');
        """

    /// velo-run in the background, its stdout read only when the test asks (a slow reader).
    final class Background {
        let process = Process()
        let out = Pipe(), err = Pipe()

        init(_ arguments: [String]) throws {
            process.executableURL = try VeloRun.binary
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            process.environment = environment
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        /// Waits until stdout has something to read (without reading it); false after `seconds`.
        func waitForOutput(seconds: Double) -> Bool {
            var descriptor = pollfd(fd: out.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
            return poll(&descriptor, 1, Int32(seconds * 1000)) == 1
        }

        /// Sends `signal`, then reads stdout and stderr to their ends and waits for the exit.
        func stop(_ signal: Int32) -> (status: Int32, stdout: String, stderr: String) {
            kill(process.processIdentifier, signal)
            let errors = ErrorsReader(err)
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, stdout, errors.text())
        }

        deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    }

    /// Reads a pipe on a thread of its own, so a writer blocked on it cannot block the test.
    final class ErrorsReader: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ pipe: Pipe) {
            Thread { [self] in
                data = pipe.fileHandleForReading.readDataToEndOfFile()
                done.signal()
            }.start()
        }
        func text() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }

    // MARK: 1. windows over several partitions

    /// The README's tour on Kafka: each partition is in time order, the consumer hands them over in long runs,
    /// and no record may be late for it. The result is the local store's, record for record.
    @Test func windowsOverAFourPartitionTopicSeeEveryRecordAsTheLocalStoreDoes() throws {
        let records = Self.readings()
        let cluster = try Self.cluster(["sensor_readings": 4])
        try Self.produce(Self.kafka(cluster), topic: "sensor_readings", partitions: 4, records)
        let dir = try VeloRun.directory(["q.sql": Self.windowed])
        let store = dir.appendingPathComponent("store").path
        try Self.produce(LocalTopicStore(directory: store), topic: "sensor_readings", partitions: 4, records)
        let sql = dir.appendingPathComponent("q.sql").path
        let kafkaMetrics = dir.appendingPathComponent("kafka.json").path, localMetrics = dir.appendingPathComponent("local.json").path

        let local = try VeloRun.run(["-q", sql, "--topic", "sensor_readings", "--store", store, "--metrics", localMetrics])
        #expect(local.status == 0, "\(local.stderr)")
        let kafka = try VeloRun.run([sql, "--topic", "sensor_readings", "-b", cluster.bootstrap, "--metrics", kafkaMetrics])
        #expect(kafka.status == 0, "\(kafka.stderr)")
        #expect(try Self.metrics(kafkaMetrics)["late_records"] as? Int == 0, "\(kafka.stderr)")
        #expect(try Self.metrics(kafkaMetrics)["records_in"] as? Int == records.count)
        #expect(try Self.counts(kafka.stdout) == Self.expectedCounts(records))
        #expect(Self.lines(kafka.stdout) == Self.lines(local.stdout))
        #expect(!kafka.stderr.contains("\n  late ") && !kafka.stderr.contains("warning"), "\(kafka.stderr)")
    }

    /// `--follow` catches up on what the topic holds the same way, then Ctrl+C closes the open windows.
    @Test func followingAFourPartitionTopicDropsNothingAsLate() throws {
        let records = Self.readings()
        let cluster = try Self.cluster(["sensor_readings": 4])
        try Self.produce(Self.kafka(cluster), topic: "sensor_readings", partitions: 4, records)
        let dir = try VeloRun.directory(["q.sql": Self.windowed])
        let metrics = dir.appendingPathComponent("m.json").path
        let run = try Background([
            "-q", dir.appendingPathComponent("q.sql").path, "--topic", "sensor_readings",
            "-b", cluster.bootstrap, "--follow", "--metrics", metrics
        ])
        Thread.sleep(forTimeInterval: 4)
        let r = run.stop(SIGINT)
        #expect(r.status == 130, "\(r.stderr)")
        #expect(try Self.metrics(metrics)["late_records"] as? Int == 0)
        #expect(try Self.counts(r.stdout) == Self.expectedCounts(records))
    }

    /// A stream-stream join of two 4-partition topics finds every match, as it does over the local store.
    @Test func intervalJoinOfTwoFourPartitionTopicsMatchesTheLocalStore() throws {
        let base: Int64 = 1_796_083_200_000
        let orders = (0..<3000).map { i -> (key: String, value: String, time: Int64) in
            let t = base + Int64(i) * 200
            return ("o\(i)", #"{"id":\#(i),"ts":\#(t)}"#, t)
        }
        let payments = (0..<3000).map { i -> (key: String, value: String, time: Int64) in
            let t = base + Int64(i) * 200 + Int64(i % 30) * 1000
            return ("o\(i)", #"{"order_id":\#(i),"amount":\#(i % 100),"paid_at":\#(t)}"#, t)
        }
        let sql = """
            SELECT o.id, p.amount FROM orders o JOIN payments p ON o.id = p.order_id
              AND p._event_time BETWEEN o._event_time AND o._event_time + INTERVAL '1' MINUTE
            WITH ('event.time.field' = 'ts', 'payments.type' = 'kafka_source', 'payments.topic.name' = 'payments',
                  'payments.event.time.field' = 'paid_at');
            """
        let cluster = try Self.cluster(["orders": 4, "payments": 4])
        let dir = try VeloRun.directory(["q.sql": sql])
        let store = dir.appendingPathComponent("store").path
        for backend in [try Self.kafka(cluster), LocalTopicStore(directory: store)] as [any TopicBackend] {
            try Self.produce(backend, topic: "orders", partitions: 4, orders)
            try Self.produce(backend, topic: "payments", partitions: 4, payments)
        }
        let path = dir.appendingPathComponent("q.sql").path
        let local = try VeloRun.run(["-q", path, "--topic", "orders", "--store", store])
        #expect(local.status == 0, "\(local.stderr)")
        let kafka = try VeloRun.run(["-q", path, "--topic", "orders", "-b", cluster.bootstrap])
        #expect(kafka.status == 0, "\(kafka.stderr)")
        #expect(Self.lines(kafka.stdout).count == 3000)
        #expect(Self.lines(kafka.stdout) == Self.lines(local.stdout))
    }

    /// A run that drops a large share of its input as late says so on stderr, not only in the summary's counts.
    @Test func droppingManyRecordsAsLateIsAWarning() throws {
        let ascending = (0..<40).map { #"{"ts":\#($0 * 1000)}"# }
        let behind = (0..<60).map { #"{"ts":\#($0 * 10)}"# }
        let dir = try VeloRun.directory(["q.sql": "SELECT COUNT(*) AS n FROM t WINDOW TUMBLING(1s) WITH ('event.time.field' = 'ts');"])
        let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path], stdin: (ascending + behind).joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: 60 of 100 records (60%) were dropped as late"), "\(r.stderr)")
        // A few late records are the summary's business only.
        let few = try VeloRun.run([dir.appendingPathComponent("q.sql").path], stdin: (ascending + behind.prefix(1)).joined(separator: "\n") + "\n")
        #expect(!few.stderr.contains("warning"), "\(few.stderr)")
    }

    // MARK: 2–4. consumer groups

    /// 40,000 records over 4 partitions for a group run whose reader is slow (a pipe nobody reads yet).
    static func groupTopic() throws -> (KafkaMockCluster, URL, Set<Int>) {
        let cluster = try Self.cluster(["events": 4])
        let records = (0..<40_000).map { i -> (key: String, value: String, time: Int64) in
            ("k\(i % 97)", #"{"id":\#(i)}"#, 1_796_083_200_000 + Int64(i))
        }
        try Self.produce(Self.kafka(cluster), topic: "events", partitions: 4, records)
        let dir = try VeloRun.directory(["q.sql": "SELECT id FROM events;"])
        return (cluster, dir, Set(0..<40_000))
    }

    static func ids(_ stdout: String) -> [Int] {
        stdout.split(separator: "\n").compactMap { line in
            // A run killed mid-write may leave half a line.
            guard line.hasPrefix(#"{"id":"#), line.hasSuffix("}") else { return nil }
            return Int(line.dropFirst(6).dropLast())
        }
    }

    static func groupArguments(_ dir: URL, _ cluster: KafkaMockCluster, group: String) -> [String] {
        [
            "-q", dir.appendingPathComponent("q.sql").path, "--topic", "events", "-b", cluster.bootstrap, "--group", group,
            "-X", "session.timeout.ms=3000", "-X", "heartbeat.interval.ms=300", "-X", "auto.commit.interval.ms=300"
        ]
    }

    /// Ctrl+C mid-stream, then a second run in the group: every record comes out exactly once.
    @Test func groupRunInterruptedWithSigintThenResumedGivesEveryRecordExactlyOnce() throws {
        let (cluster, dir, all) = try Self.groupTopic()
        let first = try Background(Self.groupArguments(dir, cluster, group: "g-int"))
        #expect(first.waitForOutput(seconds: 20))
        Thread.sleep(forTimeInterval: 1.5) // fetched everything, filled the pipe, commits meanwhile
        let r1 = first.stop(SIGINT)
        #expect(r1.status == 130, "\(r1.stderr)")
        let r2 = try VeloRun.run(Self.groupArguments(dir, cluster, group: "g-int"))
        #expect(r2.status == 0, "\(r2.stderr)")
        let one = Self.ids(r1.stdout), two = Self.ids(r2.stdout)
        #expect(one.count > 0 && one.count < all.count, "the first run stopped mid-stream (\(one.count))")
        #expect(Set(one + two) == all, "lost \(all.subtracting(one + two).count) records")
        #expect(one.count + two.count == all.count, "\(one.count + two.count - all.count) duplicates")
    }

    /// `kill -9` mid-stream, then a second run: every record comes out at least once.
    @Test func groupRunKilledThenResumedGivesEveryRecordAtLeastOnce() throws {
        let (cluster, dir, all) = try Self.groupTopic()
        let first = try Background(Self.groupArguments(dir, cluster, group: "g-kill"))
        #expect(first.waitForOutput(seconds: 20))
        Thread.sleep(forTimeInterval: 1.5)
        let r1 = first.stop(SIGKILL)
        #expect(r1.status == SIGKILL)
        let r2 = try VeloRun.run(Self.groupArguments(dir, cluster, group: "g-kill"))
        #expect(r2.status == 0, "\(r2.stderr)")
        let one = Self.ids(r1.stdout), two = Self.ids(r2.stdout)
        #expect(one.count > 0 && one.count < all.count, "the first run stopped mid-stream (\(one.count))")
        #expect(Set(one + two) == all, "lost \(all.subtracting(one + two).count) records")
    }

    /// A bounded group run much shorter than the auto-commit interval still commits: the next run has nothing new.
    @Test func shortBoundedGroupRunCommitsBeforeItExits() throws {
        let cluster = try Self.cluster(["events": 4])
        try Self.produce(
            Self.kafka(cluster), topic: "events", partitions: 4,
            (0..<300).map { ("k\($0 % 7)", #"{"id":\#($0)}"#, 1_796_083_200_000 + Int64($0)) })
        let dir = try VeloRun.directory(["q.sql": "SELECT id FROM events;"])
        let arguments = [
            "-q", dir.appendingPathComponent("q.sql").path, "--topic", "events", "-b", cluster.bootstrap,
            "--group", "short", "-X", "session.timeout.ms=3000", "-X", "heartbeat.interval.ms=300"
        ]
        let first = try VeloRun.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(Self.ids(first.stdout).count == 300)
        let second = try VeloRun.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.isEmpty, "read again: \(Self.ids(second.stdout).count) records")
    }

    /// A group still held by a member that was killed gives a bounded run no partitions: exit 4, saying why.
    @Test func boundedGroupRunWithoutPartitionsExits4AndSaysWhy() throws {
        let cluster = try Self.cluster(["events": 2])
        try Self.produce(
            Self.kafka(cluster), topic: "events", partitions: 2,
            (0..<100).map { ("k\($0 % 7)", #"{"id":\#($0)}"#, 1_796_083_200_000 + Int64($0)) })
        let dir = try VeloRun.directory(["q.sql": "SELECT id FROM events;"])
        let path = dir.appendingPathComponent("q.sql").path
        let holder = try Background([
            "-q", path, "--topic", "events", "-b", cluster.bootstrap, "--group", "held", "--follow",
            "-X", "session.timeout.ms=60000"
        ])
        Thread.sleep(forTimeInterval: 6) // joined and was assigned both partitions (the group waits 3 s for members)
        _ = holder.stop(SIGKILL)
        let started = Date()
        let r = try VeloRun.run([
            "-q", path, "--topic", "events", "-b", cluster.bootstrap, "--group", "held",
            "-X", "velo.read.timeout.ms=3000"
        ])
        #expect(r.status == 4, "\(r.stderr)")
        #expect(r.stderr.contains("no partitions"), "\(r.stderr)")
        #expect(r.stderr.contains("'held'"), "\(r.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
    }

    // MARK: 5. a topic that does not exist

    @Test func aMissingTopicExits3AndIsNotCreated() throws {
        let cluster = try Self.cluster(["present": 2])
        let dir = try VeloRun.directory(["q.sql": "SELECT * FROM t;"])
        for group in [[], ["--group", "g"]] {
            let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "--topic", "absent", "-b", cluster.bootstrap] + group)
            #expect(r.status == 3, "\(r.stderr)")
            #expect(r.stderr.contains("topic 'absent' does not exist"), "\(r.stderr)")
            #expect(r.stderr.contains("present"), "the hint lists the topics there: \(r.stderr)")
        }
        let topics = try Self.kafka(cluster).topics().map(\.name)
        #expect(!topics.contains("absent"), "reading created the topic: \(topics)")
    }

    // MARK: 6. tombstones and failure places

    /// Null values are deletes, not failed records: skipped and counted apart; a bad record's place names its partition.
    @Test func tombstonesAreSkippedAndFailuresNameTheirPartition() throws {
        let cluster = try Self.cluster(["table": 3])
        // kcat -Z sends an empty value as NULL: a tombstone.
        let lines = ["a\t{\"id\":1}", "b\t{\"id\":2}", "a\t", "c\t{\"id\":3}", "b\t", "d\tnot json", "e\t{\"id\":4}"]
        try kcat(["-b", cluster.bootstrap, "-P", "-Z", "-t", "table", "-K", "\t"], input: lines.joined(separator: "\n") + "\n")
        let placed = try kcat(["-b", cluster.bootstrap, "-C", "-e", "-q", "-t", "table", "-f", "%p:%o:%k:%S\n"])
        let bad = try #require(placed.split(separator: "\n").first { $0.contains(":d:") })
        let parts = bad.split(separator: ":")
        let dir = try VeloRun.directory(["q.sql": "SELECT id FROM t;"])
        let metrics = dir.appendingPathComponent("m.json").path
        let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "--topic", "table", "-b", cluster.bootstrap, "--metrics", metrics])
        #expect(r.status == 5, "one bad record fails, the tombstones do not: \(r.stderr)")
        #expect(Self.lines(r.stdout) == [#"{"id":1}"#, #"{"id":2}"#, #"{"id":3}"#, #"{"id":4}"#])
        let m = try Self.metrics(metrics)
        #expect(m["failed_records"] as? Int == 1)
        #expect(m["records_in"] as? Int == 5)
        let source = (m["sources"] as! [[String: Any]])[0]
        #expect(source["tombstones"] as? Int == 2, "\(source)")
        let failure = (m["failures"] as! [[String: Any]])[0]
        #expect(failure["first_partition"] as? Int == Int(parts[0]), "\(failure)")
        #expect(failure["first_offset"] as? Int == Int(parts[1]), "\(failure)")
        #expect(r.stderr.contains("2 tombstones skipped"), "\(r.stderr)")
        #expect(r.stderr.contains("(first t[\(parts[0])]@\(parts[1]))"), "\(r.stderr)")
    }

    @discardableResult
    func kcat(_ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        process.arguments = arguments
        let out = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "kcat \(arguments)")
        return String(decoding: data, as: UTF8.self)
    }
}
