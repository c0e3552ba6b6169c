import CRdKafka
import Foundation
import VeloBase
import VeloTopics

/// What librdkafka's callbacks write into, reached through the handle's opaque pointer (C callbacks cannot
/// capture Swift context). Guarded by a lock because librdkafka calls in from its own threads.
package final class KafkaClientState: @unchecked Sendable {
    package let lock = NSLock()
    package let secrets: [String]
    package let echoLogs: Bool
    package private(set) var lastProblem: String?
    package private(set) var fatalError: String?
    package private(set) var report = DeliveryReport()

    package init(secrets: [String], echoLogs: Bool) {
        self.secrets = secrets
        self.echoLogs = echoLogs
    }

    package func log(level: Int32, facility: String, message: String) {
        let clean = Secrets.scrub(message, secrets: secrets)
        if level <= 4 { lock.withLock { lastProblem = clean } }
        if echoLogs { Console.writeStderr("librdkafka: \(facility): \(clean)\n") }
    }

    package func error(_ code: rd_kafka_resp_err_t, _ reason: String) {
        let clean = Secrets.scrub(reason, secrets: secrets)
        lock.withLock {
            lastProblem = clean
            if code == RD_KAFKA_RESP_ERR__FATAL { fatalError = clean }
        }
    }

    package func delivered(bytes: Int) {
        lock.withLock {
            report.delivered += 1
            report.bytes += bytes
        }
    }

    package func failed(_ reason: String, count: Int = 1) {
        lock.withLock {
            report.failed += count
            report.failures[reason, default: 0] += count
        }
    }

    /// A consumer group's rebalance: the consumer's handler (true when it handled it), else the default.
    private var rebalanceHandler: ((rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> Bool)?

    package func setRebalanceHandler(_ handler: @escaping (rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> Bool) {
        lock.withLock { rebalanceHandler = handler }
    }

    package func rebalance(_ err: rd_kafka_resp_err_t, _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> Bool {
        // Called without the lock held: the handler calls back into librdkafka.
        guard let handler = lock.withLock({ rebalanceHandler }) else { return false }
        return handler(err, partitions)
    }

    package var problem: String? { lock.withLock { lastProblem } }
    package var fatal: String? { lock.withLock { fatalError } }
    package var snapshot: DeliveryReport { lock.withLock { report } }
}

/// One librdkafka client handle (`rd_kafka_t`) with its callbacks wired to a `KafkaClientState`.
/// The handle is thread-safe in librdkafka; this class only owns its lifetime.
package final class KafkaClient: @unchecked Sendable {
    package let handle: OpaquePointer
    package let state: KafkaClientState
    package let config: KafkaConfig
    /// Config-file keys librdkafka does not know (skipped).
    package let warnings: [Diagnostic]
    private let retainedState: Unmanaged<KafkaClientState>

    package enum Role { case producer, consumer }

    /// Creates a client. `defaults` come before the user's properties (which may override them), `forced` after.
    /// `rebalance`: a consumer group's assignments go through `KafkaClientState.rebalance` (else librdkafka's own).
    package init(
        config: KafkaConfig, role: Role, defaults: [(String, String)] = [], forced: [(String, String)] = [],
        deliveryReports: Bool = false, rebalance: Bool = false
    ) throws(KafkaError) {
        try KafkaConfig.validate(bootstrap: config.bootstrap)
        self.config = config
        let state = KafkaClientState(
            secrets: config.secretValues,
            echoLogs: ProcessInfo.processInfo.environment["VELO_KAFKA_LOG"].map { !$0.isEmpty } ?? false)
        self.state = state
        let retained = Unmanaged.passRetained(state)

        guard let conf = rd_kafka_conf_new() else { fatalError("rd_kafka_conf_new") }
        var ok = false
        defer { if !ok { rd_kafka_conf_destroy(conf); retained.release() } }

        let connect = String(max(1000, config.connectTimeoutMs))
        var all: [KafkaConfig.Property] = [
            .init(key: "client.id", value: "velo", origin: .velo),
            .init(key: "socket.connection.setup.timeout.ms", value: connect, origin: .velo)
        ]
        all += defaults.map { .init(key: $0.0, value: $0.1, origin: .velo) }
        all += config.properties
        all += forced.map { .init(key: $0.0, value: $0.1, origin: .velo) }
        all.append(.init(key: "bootstrap.servers", value: config.bootstrap, origin: .velo))
        var found: [Diagnostic] = []
        for property in all {
            try Self.set(conf, property, secrets: state.secrets, warnings: { found.append($0) })
        }

        rd_kafka_conf_set_opaque(conf, retained.toOpaque())
        rd_kafka_conf_set_log_cb(conf) { rk, level, facility, message in
            guard let rk, let state = KafkaClient.state(of: rk) else { return }
            state.log(
                level: level, facility: facility.map { String(cString: $0) } ?? "",
                message: message.map { String(cString: $0) } ?? "")
        }
        rd_kafka_conf_set_error_cb(conf) { _, code, reason, opaque in
            guard let opaque else { return }
            Unmanaged<KafkaClientState>.fromOpaque(opaque).takeUnretainedValue()
                .error(rd_kafka_resp_err_t(code), reason.map { String(cString: $0) } ?? "")
        }
        if deliveryReports {
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
                guard let message, let opaque else { return }
                let err = message.pointee.err
                let bytes = message.pointee.len
                // Once per message: borrow the state without retain/release (the client keeps it alive).
                Unmanaged<KafkaClientState>.fromOpaque(opaque)._withUnsafeGuaranteedRef { state in
                    if err == RD_KAFKA_RESP_ERR_NO_ERROR {
                        state.delivered(bytes: bytes)
                    } else {
                        state.failed(KafkaClient.describe(err))
                    }
                }
            }
        }

        if rebalance {
            rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, opaque in
                guard let rk else { return }
                if let opaque, Unmanaged<KafkaClientState>.fromOpaque(opaque).takeUnretainedValue().rebalance(err, partitions) { return }
                KafkaClient.applyRebalance(rk, err, partitions)
            }
        }

        var errbuf = [CChar](repeating: 0, count: 512)
        guard let rk = rd_kafka_new(role == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf, &errbuf, errbuf.count) else {
            throw KafkaError(.usage, "cannot create a Kafka client: \(Secrets.scrub(KafkaClient.text(errbuf), secrets: state.secrets))")
        }
        ok = true // rd_kafka_new owns conf now
        handle = rk
        retainedState = retained
        warnings = found
    }

    deinit {
        rd_kafka_destroy(handle)
        retainedState.release()
    }

    /// Sets one property; unknown keys from a config file become warnings (Velostream files carry Java-client
    /// keys), anywhere else they are errors naming the key.
    package static func set(
        _ conf: OpaquePointer, _ property: KafkaConfig.Property, secrets: [String],
        warnings: (Diagnostic) -> Void
    ) throws(KafkaError) {
        var errbuf = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, property.key, property.value, &errbuf, errbuf.count)
        if result == RD_KAFKA_CONF_OK { return }
        let reason =
            Secrets.isSecret(property.key)
            ? "invalid value for '\(property.key)' (value hidden)"
            : Secrets.scrub(KafkaClient.text(errbuf), secrets: secrets)
        if result == RD_KAFKA_CONF_UNKNOWN, case .file(let location) = property.origin {
            warnings(Diagnostic(.warning, "'\(property.key)' is not a librdkafka property: ignored", location: location))
            return
        }
        throw KafkaConfig.error(
            key: property.key, origin: property.origin, reason,
            hint: result == RD_KAFKA_CONF_UNKNOWN
                ? "property names are librdkafka's (CONFIGURATION.md), e.g. compression.codec, security.protocol"
                : nil)
    }

    /// What a rebalance callback must do: take the partitions given (assign), or let go of those taken away,
    /// incrementally under the cooperative protocol.
    package static func applyRebalance(
        _ rk: OpaquePointer, _ err: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) {
        let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
        if err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
            if cooperative {
                if let error = rd_kafka_incremental_assign(rk, partitions) { rd_kafka_error_destroy(error) }
            } else {
                _ = rd_kafka_assign(rk, partitions)
            }
        } else if cooperative {
            if let error = rd_kafka_incremental_unassign(rk, partitions) { rd_kafka_error_destroy(error) }
        } else {
            _ = rd_kafka_assign(rk, nil)
        }
    }

    package static func state(of rk: OpaquePointer) -> KafkaClientState? {
        guard let opaque = rd_kafka_opaque(rk) else { return nil }
        return Unmanaged<KafkaClientState>.fromOpaque(opaque).takeUnretainedValue()
    }

    /// The text in a NUL-terminated buffer librdkafka filled.
    package static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    package static func describe(_ err: rd_kafka_resp_err_t) -> String {
        String(cString: rd_kafka_err2str(err))
    }

    /// True for errors that mean "no broker answered".
    package static func isUnreachable(_ err: rd_kafka_resp_err_t) -> Bool {
        err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__TIMED_OUT
            || err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR__RESOLVE
            || err == RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE
    }

    package func unreachable(_ err: rd_kafka_resp_err_t) -> KafkaError {
        .unreachable(config.bootstrap, timeoutMs: config.connectTimeoutMs, detail: state.problem ?? Self.describe(err))
    }

    // MARK: Metadata

    package struct TopicMetadata {
        package var name: String
        package var partitions: [Int32]
        package var error: rd_kafka_resp_err_t
    }

    /// Topics the cluster knows (all, or just `topic`), asked with the connect timeout.
    package func metadata(topic: String? = nil) throws(KafkaError) -> [TopicMetadata] {
        try clusterMetadata(topic: topic).topics
    }

    /// The cluster's broker ids and its topics (all, or just `topic`).
    package func clusterMetadata(topic: String? = nil) throws(KafkaError) -> (brokers: [Int32], topics: [TopicMetadata]) {
        var rkt: OpaquePointer?
        if let topic { rkt = rd_kafka_topic_new(handle, topic, nil) }
        defer { if let rkt { rd_kafka_topic_destroy(rkt) } }
        var raw: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, topic == nil ? 1 : 0, rkt, &raw, Int32(config.connectTimeoutMs))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let raw else {
            if Self.isUnreachable(err) { throw unreachable(err) }
            throw KafkaError(.failed, "Kafka metadata request failed: \(Self.describe(err))")
        }
        defer { rd_kafka_metadata_destroy(raw) }
        var topics: [TopicMetadata] = []
        for i in 0..<Int(raw.pointee.topic_cnt) {
            let t = raw.pointee.topics[i]
            let partitions = (0..<Int(t.partition_cnt)).map { t.partitions[$0].id }.sorted()
            topics.append(TopicMetadata(name: String(cString: t.topic), partitions: partitions, error: t.err))
        }
        let brokers = (0..<Int(raw.pointee.broker_cnt)).map { raw.pointee.brokers[$0].id }
        return (brokers, topics)
    }

    /// Fails with exit 4 when no broker answers within the connect timeout.
    package func checkReachable() throws(KafkaError) {
        _ = try metadata(topic: nil)
    }

    /// Every partition's first offset (`at` beginning) or end offset (`at` end) in one ListOffsets request
    /// per broker, instead of two round trips per partition.
    package func offsets(topic: String, partitions: [Int32], at position: Int64) throws(KafkaError) -> [Int32: Int64] {
        guard !partitions.isEmpty else { return [:] }
        let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in partitions {
            rd_kafka_topic_partition_list_add(list, topic, partition)!.pointee.offset = position
        }
        let err = rd_kafka_offsets_for_times(handle, list, Int32(config.connectTimeoutMs))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            if Self.isUnreachable(err) { throw unreachable(err) }
            throw KafkaError(.failed, "cannot read the offsets of '\(topic)': \(Self.describe(err))")
        }
        var result: [Int32: Int64] = [:]
        for i in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[i]
            guard element.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.failed, "cannot read the offsets of \(topic)[\(element.partition)]: \(Self.describe(element.err))")
            }
            result[element.partition] = element.offset
        }
        return result
    }

    /// (low, high) offsets of a partition: it holds `high - low` messages.
    package func watermarks(topic: String, partition: Int32) throws(KafkaError) -> (low: Int64, high: Int64) {
        var low: Int64 = 0, high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, Int32(config.connectTimeoutMs))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            if Self.isUnreachable(err) { throw unreachable(err) }
            throw KafkaError(.failed, "cannot read the offsets of \(topic)[\(partition)]: \(Self.describe(err))")
        }
        return (low, high)
    }
}
