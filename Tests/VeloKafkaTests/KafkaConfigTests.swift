import Foundation
import Testing
import VeloBase
import VeloKafka
import VeloTopics

@Suite struct KafkaConfigTests {
    @Test func substitutesVariablesWithDefaults() throws {
        let env = EnvSubstitution(environment: ["HOST": "kafka:9092", "EMPTY": ""])
        #expect(try env.substitute("${HOST}") == "kafka:9092")
        #expect(try env.substitute("a ${MISSING:localhost:9092} b") == "a localhost:9092 b")
        #expect(try env.substitute("${EMPTY:-fallback}") == "fallback")
        #expect(try env.substitute("${HOST:ignored}/x") == "kafka:9092/x")
        #expect(try env.substitute("no refs, $5 and $HOST stay") == "no refs, $5 and $HOST stay")
        #expect(try env.substitute("${MISSING:}") == "")
    }

    @Test func unresolvedVariablesAreErrorsWithTheirPlace() {
        let env = EnvSubstitution(environment: [:])
        #expect(
            throws: EnvSubstitution.Failure(
                variable: "SECRET", offset: 4,
                message: "environment variable 'SECRET' is not set and has no default")
        ) {
            try env.substitute("pw: ${SECRET}")
        }
        #expect(throws: EnvSubstitution.Failure.self) { try env.substitute("${OPEN") }
        #expect(throws: EnvSubstitution.Failure.self) { try env.substitute("${bad-name}") }
    }

    @Test func overridesFollowKcatsConvention() throws {
        var config = KafkaConfig(bootstrap: "a:1")
        try config.apply(overrides: ["compression.codec=lz4", "velo.connect.timeout.ms=1500", "bootstrap.servers=b:2", "client.id=x=y"])
        #expect(config.value("compression.codec") == "lz4")
        #expect(config.value("client.id") == "x=y")
        #expect(config.connectTimeoutMs == 1500)
        #expect(config.bootstrap == "b:2")
        let noEquals = #expect(throws: KafkaError.self) { try config.apply(overrides: ["linger.ms"]) }
        #expect(noEquals?.exitCode == .usage)
        #expect(throws: KafkaError.self) { try config.apply(overrides: ["velo.connect.timeout.ms=soon"]) }
    }

    @Test func validatesBootstrapAddresses() throws {
        try KafkaConfig.validate(bootstrap: "localhost:9092")
        try KafkaConfig.validate(bootstrap: "a:1,b:2, SASL_SSL://c.example.com:9093")
        try KafkaConfig.validate(bootstrap: "kafka")
        for bad in ["", "host:", ":9092", "host:99999", "a:1,,b:2", "host:port"] {
            let error = #expect(throws: KafkaError.self, "\(bad)") { try KafkaConfig.validate(bootstrap: bad) }
            #expect(error?.exitCode == .usage)
        }
    }

    @Test func secretsAreNeverShown() throws {
        #expect(Secrets.isSecret("sasl.password"))
        #expect(Secrets.isSecret("ssl.key.password"))
        #expect(Secrets.isSecret("ssl.key.pem"))
        #expect(Secrets.isSecret("sasl.oauthbearer.client.secret"))
        #expect(Secrets.isSecret("sasl.jaas.config"))
        #expect(!Secrets.isSecret("ssl.key.location"))
        #expect(!Secrets.isSecret("sasl.username"))
        var config = KafkaConfig(bootstrap: "localhost:9092")
        try config.apply(overrides: ["sasl.username=alice", "sasl.password=hunter2-very-secret", "security.protocol=SASL_PLAINTEXT"])
        #expect(!config.redactedDescription.contains("hunter2"))
        #expect(config.redactedDescription.contains("sasl.password=********"))
        #expect(config.redactedDescription.contains("sasl.username=alice"))
        // librdkafka rejects a value and quotes it: the secret must not reach the message.
        try config.apply(overrides: ["sasl.mechanisms=hunter2-very-secret"])
        let error = #expect(throws: KafkaError.self) { _ = try KafkaClient(config: config, role: .producer) }
        #expect(error?.exitCode == .usage)
        #expect(error.map { !$0.description.contains("hunter2") } == true)
        #expect(error?.description.contains("********") == true)
        // A mistyped secret key is named, its value is not.
        let typo = #expect(throws: KafkaError.self) {
            var c = KafkaConfig(bootstrap: "localhost:9092")
            try c.apply(overrides: ["sasl.pasword=hunter2"])
            _ = try KafkaClient(config: c, role: .producer)
        }
        #expect(typo?.description.contains("sasl.pasword") == true)
        #expect(typo.map { !$0.description.contains("hunter2") } == true)
    }

    @Test func saslAndSslPropertiesAreAccepted() throws {
        var config = KafkaConfig(bootstrap: "broker.example.com:9093")
        try config.apply(overrides: [
            "security.protocol=SASL_SSL", "sasl.mechanisms=SCRAM-SHA-512",
            "sasl.username=alice", "sasl.password=pw", "ssl.endpoint.identification.algorithm=https"
        ])
        _ = try KafkaClient(config: config, role: .producer)
        try config.apply(overrides: ["sasl.mechanisms=PLAIN"])
        _ = try KafkaClient(config: config, role: .consumer, forced: [("group.id", "g")])
    }

    @Test func refusesAnAliasBomb() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-kafka-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = [#"a: &a ["x","x","x","x","x","x","x","x","x","x"]"#]
        for (name, previous) in zip("bcdefghi", "abcdefgh") {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]")
        }
        let path = dir.appendingPathComponent("bomb.yaml").path
        try (lines.joined(separator: "\n") + "\ntopic: {name: t}\n").write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: KafkaError.self) { try KafkaConfigFile.load(path: path, role: .consumer, environment: [:]) }
        #expect(error?.diagnostic.message.contains("YAML aliases expand this file beyond any real document") == true)
    }

    @Test func loadsVelostreamConfigFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-kafka-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        datasource:
          type: kafka
          consumer_config:
            bootstrap.servers: "${KAFKA_BROKERS:localhost:9092}"
            auto.offset.reset: earliest
            security.protocol: SASL_SSL
            sasl.password: "${KAFKA_PASSWORD}"
        """.write(to: dir.appendingPathComponent("common_kafka_source.yaml"), atomically: true, encoding: .utf8)
        try """
        extends: common_kafka_source.yaml
        topic:
          name: orders
        consumer.group: analytics
        performance_profile: high_throughput
        performance_profiles:
          high_throughput:
            fetch.min.bytes: 50000
          ultra_low_latency:
            fetch.wait.max.ms: 1
        datasource:
          consumer_config:
            auto.offset.reset: latest
            not.a.real.property: 1
          schema:
            value.serializer: json
        """.write(to: dir.appendingPathComponent("orders.yaml"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("orders.yaml").path
        let file = try KafkaConfigFile.load(path: path, role: .consumer, environment: ["KAFKA_PASSWORD": "s3cret"])
        #expect(file.topic == "orders")
        #expect(file.group == "analytics")
        var config = KafkaConfig(bootstrap: "")
        try config.apply(file: file)
        #expect(config.bootstrap == "localhost:9092")
        #expect(config.value("auto.offset.reset") == "latest") // this file wins over its base
        #expect(config.value("fetch.min.bytes") == "50000")
        #expect(config.value("fetch.wait.max.ms") == nil) // not the chosen profile
        #expect(config.value("sasl.password") == "s3cret")
        #expect(config.value("value.serializer") == nil)
        let where_ = config.properties.last { $0.key == "not.a.real.property" }?.origin
        #expect(where_ == .file(SourceLocation(file: path, line: 14, column: 26, sourceLine: "    not.a.real.property: 1")))

        // A missing variable names the file, line and column.
        let error = #expect(throws: KafkaError.self) { _ = try KafkaConfigFile.load(path: path, role: .consumer, environment: [:]) }
        #expect(error?.exitCode == .invalidInput)
        #expect(error?.diagnostic.location?.line == 7)
        #expect(error?.diagnostic.location?.column == 21)
        #expect(error?.diagnostic.message.contains("KAFKA_PASSWORD") == true)
    }

    @Test func unknownFilePropertiesAreWarningsAndFlagsAreErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("velo-kafka-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sink.yaml").path
        try "datasink:\n  producer_config:\n    key.serializer: org.apache.StringSerializer\n    linger.ms: 7\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        var config = KafkaConfig(bootstrap: "localhost:9092")
        try config.apply(file: KafkaConfigFile.load(path: path, role: .producer, environment: [:]))
        let client = try KafkaClient(config: config, role: .producer)
        #expect(client.warnings.map(\.location?.line) == [3])
        #expect(client.warnings.first?.message.contains("key.serializer") == true)

        try config.apply(overrides: ["lingerr.ms=5"])
        let error = #expect(throws: KafkaError.self) { _ = try KafkaClient(config: config, role: .producer) }
        #expect(error?.exitCode == .usage)
        #expect(error?.diagnostic.message.contains("lingerr.ms") == true)
    }

    @Test func resolvesWhereTopicsLive() throws {
        typealias O = KafkaOptions
        #expect(try TopicBackends.kafkaConfig(O(), environment: [:]) == nil)
        #expect(try TopicBackends.kafkaConfig(O(), environment: ["VELO_KAFKA": "env:1"])?.bootstrap == "env:1")
        #expect(try TopicBackends.kafkaConfig(O(bootstrap: "flag:1"), environment: ["VELO_KAFKA": "env:1"])?.bootstrap == "flag:1")
        #expect(try TopicBackends.kafkaConfig(O(overrides: ["bootstrap.servers=x:1"]), environment: ["VELO_KAFKA": "env:1"])?.bootstrap == "x:1")
        // What the tools do with it: a named cluster makes a KafkaBackend; nil means their local store
        // (whose directory, VELO_HOME or ./.velo, TopicStoreTests check).
        let config = try #require(try TopicBackends.kafkaConfig(O(bootstrap: "localhost:9092"), environment: [:]))
        #expect(config.bootstrap == "localhost:9092")
        _ = try KafkaBackend(config: config)
        let orphan = #expect(throws: KafkaError.self) { try TopicBackends.kafkaConfig(O(overrides: ["linger.ms=1"]), environment: [:]) }
        #expect(orphan?.exitCode == .usage)
        #expect(throws: KafkaError.self) { try TopicBackends.kafkaConfig(O(bootstrap: "nope:"), environment: [:]) }
    }

    @Test func deliveryReportSummaryAndExitCode() {
        let ok = DeliveryReport(delivered: 1200, failed: 0)
        #expect(ok.summary == "delivered 1,200")
        #expect(ok.exitCode == .ok)
        let partial = DeliveryReport(delivered: 5, failed: 3, failures: ["Local: Message timed out": 2, "Broker: Message size too large": 1])
        #expect(partial.summary == "delivered 5, failed 3 (Local: Message timed out: 2; Broker: Message size too large: 1)")
        #expect(partial.exitCode == .partial)
    }
}
