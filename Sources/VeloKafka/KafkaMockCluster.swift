import CRdKafka

/// librdkafka's built-in mock Kafka cluster, listening on 127.0.0.1: a real Kafka-protocol broker for tests,
/// benches and demos (no CreateTopics API: topics are auto-created on produce, or made with `createTopic`).
public final class KafkaMockCluster: @unchecked Sendable {
    private let owner: OpaquePointer
    private let cluster: OpaquePointer
    /// `127.0.0.1:PORT[,…]`.
    public let bootstrap: String

    public init(brokers: Int = 1) throws(KafkaError) {
        guard let conf = rd_kafka_conf_new() else { fatalError("rd_kafka_conf_new") }
        // The owning client only keeps the cluster's books; keep its logs quiet.
        rd_kafka_conf_set_log_cb(conf) { _, _, _, _ in }
        var errbuf = [CChar](repeating: 0, count: 512)
        guard let rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errbuf, errbuf.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(.failed, "cannot start the mock cluster: \(KafkaClient.text(errbuf))")
        }
        guard let cluster = rd_kafka_mock_cluster_new(rk, Int32(brokers)) else {
            rd_kafka_destroy(rk)
            throw KafkaError(.failed, "cannot start the mock cluster")
        }
        owner = rk
        self.cluster = cluster
        bootstrap = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
        rd_kafka_destroy(owner)
    }

    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let err = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.failed, "cannot create mock topic '\(name)': \(KafkaClient.describe(err))")
        }
    }

    /// Drops every connection and refuses new ones (`down`), or accepts them again.
    public func setBrokers(up: Bool) {
        _ = up ? rd_kafka_mock_broker_set_up(cluster, -1) : rd_kafka_mock_broker_set_down(cluster, -1)
    }
}
