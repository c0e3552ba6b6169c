import Foundation
import Testing
import VeloKafka
import VeloTestSupport

/// Velostream's header functions against a Kafka-protocol broker (librdkafka's mock cluster): kcat writes
/// messages with headers and reads back the headers velo-run writes (`%h`).
@Suite struct VeloRunKafkaHeaderTests {
    /// Six orders on two partitions, each message with the headers `trace=t<id>` and `env=prod`, written by
    /// kcat (not by the code under test).
    static func cluster() throws -> KafkaMockCluster {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("orders", partitions: 2)
        for id in 1...6 {
            let value = "{\"id\":\(id),\"amount\":\(id * 10)}\n"
            let r = try ProcessRunner.run(
                BuiltProducts.kcat, ["-b", cluster.bootstrap, "-P", "-t", "orders", "-H", "trace=t\(id)", "-H", "env=prod"],
                stdin: .data(Data(value.utf8)), timeout: 20)
            #expect(r.status == 0, "\(r.stderr)")
        }
        return cluster
    }

    /// kcat's view of a topic: value → headers as `n=v` pairs joined by commas.
    static func headersByValue(_ bootstrap: String, topic: String) throws -> [String: String] {
        let r = try ProcessRunner.run(BuiltProducts.kcat, ["-b", bootstrap, "-C", "-e", "-q", "-t", topic, "-f", "%s\t%h\n"])
        #expect(r.status == 0, "\(r.stderr)")
        var out: [String: String] = [:]
        for line in r.stdout.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            out[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return out
    }

    static func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func headerFunctionsReadTheMessageHeaders() throws {
        let cluster = try Self.cluster()
        let dir = try VeloRun.directory([
            "q.sql": """
            SELECT id, HEADER('trace') AS t, HAS_HEADER('env') AS has_env, HAS_HEADER('nope') AS has_nope,
                   HEADER('nope') AS nope, HEADER_KEYS() AS names
            FROM orders WHERE HEADER('env') = 'prod';
            """
        ])
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("q.sql").path, "--topic", "orders", "--kafka", cluster.bootstrap])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try Self.objects(r.stdout)
        #expect(rows.map { $0["id"] as! Int }.sorted() == Array(1...6))
        for row in rows {
            let id = row["id"] as! Int
            #expect(row["t"] as? String == "t\(id)")
            #expect(row["has_env"] as? Bool == true)
            #expect(row["has_nope"] as? Bool == false)
            #expect(row["nope"] is NSNull)
            #expect(row["names"] as? String == "trace,env")
        }
    }

    @Test func setAndRemoveHeaderShapeTheOutputMessage() throws {
        let cluster = try Self.cluster()
        let dir = try VeloRun.directory([
            "q.sql": """
            CREATE STREAM tagged AS
            SELECT id, SET_HEADER('source', 'velo') AS s, SET_HEADER('amount', amount) AS a, REMOVE_HEADER('env') AS removed
            FROM orders
            WITH ('tagged.type' = 'kafka_sink', 'tagged.topic.name' = 'tagged', 'tagged.bootstrap.servers' = '\(cluster.bootstrap)');
            """
        ])
        let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "--topic", "orders", "--kafka", cluster.bootstrap])
        #expect(r.status == 0, "\(r.stderr)")
        let written = try Self.headersByValue(cluster.bootstrap, topic: "tagged")
        #expect(written.count == 6)
        for id in 1...6 {
            // SET_HEADER gives the value it sets, REMOVE_HEADER the value it removes.
            let value = "{\"id\":\(id),\"s\":\"velo\",\"a\":\"\(id * 10)\",\"removed\":\"prod\"}"
            #expect(written[value] == "trace=t\(id),source=velo,amount=\(id * 10)", "\(written)")
        }
    }

    @Test func queriesWithoutHeaderFunctionsWriteNoHeaders() throws {
        let cluster = try Self.cluster()
        let dir = try VeloRun.directory([
            "q.sql": """
            CREATE STREAM plain AS SELECT id FROM orders
            WITH ('plain.type' = 'kafka_sink', 'plain.topic.name' = 'plain', 'plain.bootstrap.servers' = '\(cluster.bootstrap)');
            """
        ])
        let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "--topic", "orders", "--kafka", cluster.bootstrap])
        #expect(r.status == 0, "\(r.stderr)")
        let written = try Self.headersByValue(cluster.bootstrap, topic: "plain")
        #expect(written.count == 6)
        let withHeaders = written.filter { !$0.value.isEmpty }
        #expect(withHeaders.isEmpty, "\(written)")
    }

    /// A file has no headers: HEADER is NULL, HAS_HEADER false, HEADER_KEYS '' (as Velostream's empty map).
    @Test func aFileSourceHasNoHeaders() throws {
        let dir = try VeloRun.directory([
            "in.ndjson": "{\"id\":1}\n{\"id\":2}\n",
            "q.sql": "SELECT id, HEADER('trace') AS t, HAS_HEADER('trace') AS h, HEADER_KEYS() AS names, REMOVE_HEADER('x') AS r FROM s;"
        ])
        let r = try VeloRun.run(["-q", dir.appendingPathComponent("q.sql").path, "--input", "s=" + dir.appendingPathComponent("in.ndjson").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == "{\"id\":1,\"t\":null,\"h\":false,\"names\":\"\",\"r\":null}\n{\"id\":2,\"t\":null,\"h\":false,\"names\":\"\",\"r\":null}\n")
    }

    @Test func aHeaderNameMustBeAString() throws {
        let dir = try VeloRun.directory(["in.ndjson": "{\"id\":1}\n", "q.sql": "SELECT HEADER(id) AS t FROM s;"])
        let r = try VeloRun.run([dir.appendingPathComponent("q.sql").path, "--input", "s=" + dir.appendingPathComponent("in.ndjson").path])
        #expect(r.status == 5, "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("header name must be a string"), "\(r.stderr)")
    }
}
