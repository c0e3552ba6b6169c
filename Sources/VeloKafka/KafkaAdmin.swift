import CRdKafka
import VeloTopics

/// Cluster-level questions and changes over a client handle: topics with message counts, topic creation.
package struct KafkaAdmin {
    package let client: KafkaClient

    /// Every topic except Kafka's internal ones (`__consumer_offsets`…), with its message count: the sum of
    /// high − low watermarks over its partitions.
    package func topics() throws(KafkaError) -> [TopicInfo] {
        var infos: [TopicInfo] = []
        for topic in try client.metadata() where topic.error == RD_KAFKA_RESP_ERR_NO_ERROR && !topic.name.hasPrefix("__") {
            let lows = try client.offsets(topic: topic.name, partitions: topic.partitions, at: velo_rdk_offset_beginning())
            let highs = try client.offsets(topic: topic.name, partitions: topic.partitions, at: velo_rdk_offset_end())
            let messages = topic.partitions.reduce(Int64(0)) { $0 + max(0, (highs[$1] ?? 0) - (lows[$1] ?? 0)) }
            infos.append(TopicInfo(name: topic.name, partitions: topic.partitions.count, messages: messages))
        }
        return infos.sorted { $0.name < $1.name }
    }

    /// Creates `topic` unless it exists. A cluster whose controller is not one of its brokers (librdkafka's
    /// mock cluster reports controller 0 and has no CreateTopics) creates it on first produce instead, with
    /// its default partition count; asking it would only wait for the timeout.
    package func ensureTopic(_ topic: String, partitions: Int?) throws(KafkaError) {
        try Self.validate(topic: topic)
        if let partitions, partitions < 1 {
            throw KafkaError(.usage, "a topic needs at least 1 partition, got \(partitions)")
        }
        let (brokers, topics) = try client.clusterMetadata()
        if topics.contains(where: { $0.name == topic && $0.error == RD_KAFKA_RESP_ERR_NO_ERROR }) { return }
        let controller = rd_kafka_controllerid(client.handle, Int32(client.config.connectTimeoutMs))
        guard brokers.contains(controller) else { return }
        try create(topic, partitions: partitions ?? -1)
    }

    private func create(_ topic: String, partitions: Int) throws(KafkaError) {
        let timeout = Int32(client.config.connectTimeoutMs)
        var errbuf = [CChar](repeating: 0, count: 512)
        guard let newTopic = rd_kafka_NewTopic_new(topic, Int32(partitions), -1, &errbuf, errbuf.count) else {
            throw KafkaError(.usage, "cannot create topic '\(topic)': \(KafkaClient.text(errbuf))")
        }
        defer { rd_kafka_NewTopic_destroy(newTopic) }
        let options = rd_kafka_AdminOptions_new(client.handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout, &errbuf, errbuf.count)
        let queue = rd_kafka_queue_new(client.handle)
        defer { rd_kafka_queue_destroy(queue) }
        var topics: [OpaquePointer?] = [newTopic]
        rd_kafka_CreateTopics(client.handle, &topics, 1, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeout + 1000) else {
            throw KafkaError.unreachable(client.config.bootstrap, timeoutMs: client.config.connectTimeoutMs, detail: "CreateTopics got no answer")
        }
        defer { rd_kafka_event_destroy(event) }
        var err = rd_kafka_event_error(event)
        if err == RD_KAFKA_RESP_ERR_NO_ERROR, let result = rd_kafka_event_CreateTopics_result(event) {
            var count = 0
            if let results = rd_kafka_CreateTopics_result_topics(result, &count), count > 0 {
                err = rd_kafka_topic_result_error(results[0])
            }
        }
        switch err {
        case RD_KAFKA_RESP_ERR_NO_ERROR, RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
            return
        case RD_KAFKA_RESP_ERR_INVALID_PARTITIONS, RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR,
            RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION, RD_KAFKA_RESP_ERR_POLICY_VIOLATION, RD_KAFKA_RESP_ERR_INVALID_CONFIG:
            throw KafkaError(.invalidInput, "the cluster refused to create topic '\(topic)': \(KafkaClient.describe(err))")
        default:
            // Unsupported, or not authorized to create: the broker may still auto-create on produce, and if
            // it does not, every delivery report says why.
            return
        }
    }

    /// Kafka's rule: 1–249 characters of `[A-Za-z0-9._-]`, not `.` or `..`.
    package static func validate(topic: String) throws(KafkaError) {
        let legal =
            !topic.isEmpty && topic.utf8.count <= 249 && topic != "." && topic != ".."
            && topic.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                    || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
            }
        guard legal else {
            throw KafkaError(
                .invalidInput, "'\(topic)' is not a valid Kafka topic name",
                hint: "use 1 to 249 letters, digits, '.', '_' or '-'")
        }
    }
}
