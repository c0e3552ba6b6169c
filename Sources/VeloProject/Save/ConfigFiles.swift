/// `configs/kafka_source.yaml` and `configs/kafka_sink.yaml` in Velostream's layout (reference §3), which
/// the jobs' WITH blocks name. Nothing secret is written: the cluster and any credentials are `${VAR}`
/// references resolved from the environment when the app runs (here by velo-run, there by Velostream).
package enum ConfigFiles {
    /// The environment variable naming the cluster; unset or empty, velo-run uses the local topic store.
    package static let brokersVariable = "VELO_KAFKA"
    /// Security settings written as references when the saving environment has them (their values never are).
    package static let securityVariables: [(key: String, variable: String)] = [
        ("security.protocol", "KAFKA_SECURITY_PROTOCOL"), ("sasl.mechanism", "KAFKA_SASL_MECHANISM"),
        ("sasl.username", "KAFKA_SASL_USERNAME"), ("sasl.password", "KAFKA_SASL_PASSWORD")
    ]

    /// The two files. `backend` is the session's ("local" or bootstrap servers): a Kafka session's servers are
    /// the default when `VELO_KAFKA` is unset; a local one has no default, so runs use the local store.
    package static func files(backend: String?, environment: [String: String]) -> [ProjectFile] {
        let servers = backend.flatMap { $0 == "local" || $0.isEmpty || $0.contains("@") ? nil : $0 } ?? ""
        let security = securityVariables.filter { !(environment[$0.variable] ?? "").isEmpty }
        func client(_ section: String, _ config: String, _ extra: [(String, String)]) -> String {
            var lines = ["  \(config):", "    bootstrap.servers: \"${\(brokersVariable):\(servers)}\""]
            lines += extra.map { "    \($0.0): \($0.1)" }
            lines += security.map { "    \($0.key): \"${\($0.variable)}\"" }
            return (["\(section):", "  type: kafka"] + lines + ["  schema:", "    key.format: string", "    value.serializer: json"])
                .joined(separator: "\n")
        }
        let note = """
            # Written by velo-save. The cluster comes from $\(brokersVariable) (unset or empty: velo-run uses the
            # local topic store\(servers.isEmpty ? "" : "; default \(servers)")); credentials, when used, from the environment.
            # Velostream reads the same file and substitutes ${VAR} and ${VAR:default} itself.

            """
        return [
            ProjectFile(
                path: "configs/kafka_source.yaml", kind: "config",
                text: note + client("datasource", "consumer_config", [("auto.offset.reset", "earliest")]) + "\n"),
            ProjectFile(
                path: "configs/kafka_sink.yaml", kind: "config",
                text: note + client("datasink", "producer_config", [("acks", "all")]) + "\n")
        ]
    }
}
