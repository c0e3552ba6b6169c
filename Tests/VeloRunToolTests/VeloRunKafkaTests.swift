import Foundation
import Testing
import VeloKafka
import VeloTestSupport

/// velo-run against a real Kafka-protocol broker (librdkafka's mock cluster, in-process), with kcat as the
/// independent client that reads back what velo-run writes and tells where each message landed.
@Suite struct VeloRunKafkaTests {
    static let baseTimestamp: Int64 = 1_700_000_000_000

    static func order(_ id: Int) -> String {
        "{\"id\":\(id),\"customer\":\"c\(id % 5)\",\"amount\":\(id * 7 % 100)}"
    }

    /// 60 orders keyed by customer over 3 partitions, message timestamps one second apart.
    static func cluster(topic: String = "orders", partitions: Int = 3) throws -> KafkaMockCluster {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic(topic, partitions: partitions)
        let producer = try KafkaBackend(config: KafkaConfig(bootstrap: cluster.bootstrap)).producer(topic: topic, partitions: partitions)
        for id in 1...60 {
            try producer.send(key: Array("c\(id % 5)".utf8), value: Array(order(id).utf8), timestamp: baseTimestamp + Int64(id) * 1000)
        }
        let report = try producer.finish()
        #expect(report.delivered == 60 && report.failed == 0, "\(report.summary)")
        return cluster
    }

    /// kcat's view of a topic: value → "partition:offset:key:timestamp".
    static func kcatConsume(_ bootstrap: String, topic: String) throws -> [String: String] {
        let r = try ProcessRunner.run(BuiltProducts.kcat, ["-b", bootstrap, "-C", "-e", "-q", "-t", topic, "-f", "%p:%o:%k:%T\t%s\n"])
        #expect(r.status == 0)
        var messages: [String: String] = [:]
        for line in r.stdout.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            messages[String(parts[1])] = String(parts[0])
        }
        return messages
    }

    static func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func filterFillsKeyPartitionOffsetAndTimestamp() throws {
        let cluster = try Self.cluster()
        let dir = try VeloRun.directory([
            "q.sql": """
            SELECT id, amount, _key AS k, _partition AS p, _offset AS o, _timestamp AS ts FROM orders WHERE amount >= 50;
            """
        ])
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("q.sql").path, "--topic", "orders", "--kafka", cluster.bootstrap])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try Self.objects(r.stdout)
        let expected = (1...60).filter { $0 * 7 % 100 >= 50 }
        #expect(rows.map { $0["id"] as! Int }.sorted() == expected)
        // kcat says where each message is; velo-run must say the same.
        let placed = try Self.kcatConsume(cluster.bootstrap, topic: "orders")
        #expect(placed.count == 60)
        for row in rows {
            let id = row["id"] as! Int
            let got = "\(row["p"] as! Int):\(row["o"] as! Int):\(row["k"] as! String):\(row["ts"] as! Int)"
            #expect(placed[Self.order(id)] == got, "id \(id)")
            #expect(row["ts"] as? Int == Int(Self.baseTimestamp) + id * 1000)
        }
        #expect(Set(rows.map { $0["p"] as! Int }).count > 1, "several partitions were read")
    }

    @Test func aggregateOverAKafkaTopicWithAGroup() throws {
        let cluster = try Self.cluster()
        let dir = try VeloRun.directory(["q.sql": "SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY customer EMIT FINAL;"])
        let r = try VeloRun.run([
            "-q", dir.appendingPathComponent("q.sql").path, "--topic", "orders", "-b", cluster.bootstrap,
            "--group", "analytics", "-X", "session.timeout.ms=3000"
        ])
        #expect(r.status == 0, "\(r.stderr)")
        var got: [String: (Int, Int)] = [:]
        for row in try Self.objects(r.stdout) { got[row["customer"] as! String] = (row["n"] as! Int, row["total"] as! Int) }
        #expect(got.count == 5)
        for c in 0..<5 {
            let ids = (1...60).filter { $0 % 5 == c }
            #expect(got["c\(c)"]?.0 == ids.count && got["c\(c)"]?.1 == ids.reduce(0) { $0 + $1 * 7 % 100 }, "c\(c)")
        }
    }

    /// Without 'event.time.field' the message timestamp is the event time: windows follow it.
    @Test func windowsFollowMessageTimestamps() throws {
        let cluster = try Self.cluster(partitions: 1)
        let dir = try VeloRun.directory(["q.sql": "SELECT COUNT(*) AS n, _window_start AS ws FROM orders WINDOW TUMBLING(10s) EMIT FINAL;"])
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("q.sql").path, "--topic", "orders", "--kafka", cluster.bootstrap])
        #expect(r.status == 0, "\(r.stderr)")
        var expected: [Int: Int] = [:]
        for id in 1...60 { expected[(Int(Self.baseTimestamp) + id * 1000) / 10_000 * 10_000, default: 0] += 1 }
        var got: [Int: Int] = [:]
        for row in try Self.objects(r.stdout) { got[row["ws"] as! Int] = row["n"] as? Int }
        #expect(got == expected)
    }

    /// The source is bound by a Velostream config file (bootstrap inside, no flag); the sink by WITH properties.
    @Test func kafkaSinkWritesWhatKcatReadsBack() throws {
        let cluster = try Self.cluster()
        let dir = try VeloRun.directory([
            "configs/orders_source.yaml": """
            topic: {name: orders}
            datasource:
              type: kafka
              consumer_config: {bootstrap.servers: "${TEST_BROKERS:unset}", auto.offset.reset: earliest}
            """,
            "q.sql": """
            CREATE STREAM big_orders AS SELECT id, customer, amount FROM src WHERE amount >= 50
            WITH ('src.type' = 'kafka_source', 'src.config_file' = 'configs/orders_source.yaml',
                  'big_orders.type' = 'kafka_sink', 'big_orders.topic.name' = 'big',
                  'big_orders.bootstrap.servers' = '\(cluster.bootstrap)');
            """
        ])
        let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path], environment: ["TEST_BROKERS": cluster.bootstrap])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let written = try Self.kcatConsume(cluster.bootstrap, topic: "big")
        let expected = (1...60).filter { $0 * 7 % 100 >= 50 }
        #expect(written.count == expected.count)
        for id in expected {
            let value = "{\"id\":\(id),\"customer\":\"c\(id % 5)\",\"amount\":\(id * 7 % 100)}"
            let ts = written[value]?.split(separator: ":").last.map(String.init)
            #expect(ts == String(Self.baseTimestamp + Int64(id) * 1000), "event time becomes the message timestamp for \(id)")
        }
    }

    @Test func followsUntilCtrlC() throws {
        let cluster = try Self.cluster()
        let dir = try VeloRun.directory(["q.sql": "SELECT id FROM orders WHERE amount >= 90;"])
        let process = try VeloRun.start([
            "-q", dir.appendingPathComponent("q.sql").path, "--topic", "orders", "--kafka", cluster.bootstrap,
            "--follow"
        ])
        // The rows come out while the run waits at the end of the topic, not only when it stops.
        let expectedCount = (1...60).filter { $0 * 7 % 100 >= 90 }.count
        let early = process.waitForStdout(timeout: 30) { data in data.split(separator: UInt8(ascii: "\n")).count == expectedCount }
        #expect(early, "rows were held back while following")
        #expect(process.isRunning, "--follow keeps reading after the end of the topic")
        process.interrupt()
        let r = try process.wait()
        #expect(r.status == 130)
        let ids = try Self.objects(r.stdout).map { $0["id"] as! Int }
        #expect(ids.sorted() == (1...60).filter { $0 * 7 % 100 >= 90 })
    }

    @Test func unreachableBrokerExits4WithinTheTimeoutAndHidesSecrets() throws {
        let bootstrap = try { () throws -> String in try KafkaMockCluster().bootstrap }()
        let dir = try VeloRun.directory(["q.sql": "SELECT * FROM orders;"])
        let started = Date()
        let r = try VeloRun.run([
            dir.appendingPathComponent("q.sql").path, "--topic", "orders", "--kafka", bootstrap,
            "-X", "velo.connect.timeout.ms=1000", "-X", "sasl.username=me", "-X", "sasl.password=hunter2-secret"
        ])
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.status == 4, "\(r.stderr)")
        #expect(elapsed < 4, "waited \(elapsed) s for a 1 s timeout")
        #expect(r.stderr.contains("not reachable"))
        #expect(!r.stderr.contains("hunter2-secret") && !r.stdout.contains("hunter2-secret"))
    }

    /// Kafka client keys in WITH do not need a cluster: without one the local store serves the topic.
    @Test func withClientKeysStillUseTheLocalStore() throws {
        let dir = try VeloRun.directory([
            "w.sql": "CREATE STREAM hot AS SELECT id FROM t WITH ('hot.type' = 'kafka_sink', 'hot.topic.name' = 'hot', 'hot.acks' = 'all');",
            "r.sql": "SELECT id FROM src WITH ('src.type' = 'kafka_source', 'src.topic.name' = 'hot', 'src.auto.offset.reset' = 'earliest');"
        ])
        let store = dir.appendingPathComponent("store").path
        let w = try VeloRun.run(["-q", dir.appendingPathComponent("w.sql").path, "--store", store], stdin: "{\"id\":1}\n{\"id\":2}\n")
        #expect(w.status == 0, "\(w.stderr)")
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("r.sql").path, "--store", store])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{\"id\":1}\n{\"id\":2}\n")
    }

    @Test func groupNeedsKafka() throws {
        let dir = try VeloRun.directory(["q.sql": "SELECT * FROM orders;"])
        let local = try VeloRun.run([
            dir.appendingPathComponent("q.sql").path, "--topic", "orders",
            "--store", dir.appendingPathComponent("store").path, "--group", "g"
        ])
        #expect(local.status == 2)
        #expect(local.stderr.contains("consumer group 'g' needs Kafka"))
        let stdin = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "--group", "g"], stdin: "{}\n")
        #expect(stdin.status == 2)
        #expect(stdin.stderr.contains("--group g joins a Kafka consumer group, but the job reads stdin"))
        let flags = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "-b", "127.0.0.1:9092"], stdin: "{}\n")
        #expect(flags.status == 2)
        #expect(flags.stderr.contains("--kafka, -X and --kafka-config need a topic"))
        #expect(flags.stdout.isEmpty)
    }
}

extension VeloRunKafkaTests {
    /// The sink's cluster goes away mid-run: every message still queued is counted as failed, exit 5.
    @Test func undeliveredMessagesExit5WithTheCount() throws {
        let source = try Self.cluster()
        let target = try KafkaMockCluster()
        let dir = try VeloRun.directory([
            "q.sql": """
            CREATE STREAM copy AS SELECT id FROM src
            WITH ('src.type' = 'kafka_source', 'src.topic.name' = 'orders', 'src.bootstrap.servers' = '\(source.bootstrap)',
                  'copy.type' = 'kafka_sink', 'copy.topic.name' = 'copy', 'copy.bootstrap.servers' = '\(target.bootstrap)',
                  'copy.message.timeout.ms' = '1000');
            """
        ])
        let process = try VeloRun.start([dir.appendingPathComponent("q.sql").path, "--follow"])
        Thread.sleep(forTimeInterval: 2)
        target.setBrokers(up: false)
        let producer = try KafkaBackend(config: KafkaConfig(bootstrap: source.bootstrap)).producer(topic: "orders", partitions: nil)
        for id in 61...70 { try producer.send(key: nil, value: Array(Self.order(id).utf8), timestamp: nil) }
        #expect(try producer.finish().delivered == 10)
        Thread.sleep(forTimeInterval: 1)
        process.interrupt()
        let r = try process.wait()
        #expect(r.status == 5, "\(r.stderr)")
        #expect(r.stderr.contains("10 of 70 records were not written to topic 'copy'"), "\(r.stderr)")
    }
}
