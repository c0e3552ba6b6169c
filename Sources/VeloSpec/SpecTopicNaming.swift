import Foundation
import VeloBase

/// Topic names for one test run: `pattern` with `{run_id} {base} {branch} {user} {timestamp} {namespace}`
/// filled in, cut to `max_topic_length` (with a hash of the full name when `hash_long_names`).
extension TopicNaming {
    public struct Values: Sendable {
        public var runId: String
        public var timestampMs: Int64
        public var environment: [String: String]
        public init(runId: String, timestampMs: Int64, environment: [String: String] = [:]) {
            self.runId = runId
            self.timestampMs = timestampMs
            self.environment = environment
        }
    }

    /// The topic for `base` (a source or sink name). Characters Kafka does not allow become `_`.
    public func topic(for base: String, _ values: Values) -> String {
        let branch = self.branch ?? values.environment[branchFromEnv] ?? "local"
        let user = self.user ?? values.environment[userFromEnv] ?? values.environment["USER"] ?? "user"
        var name = pattern
        let fills: [(String, String)] = [
            ("{run_id}", values.runId), ("{base}", base), ("{branch}", branch),
            ("{user}", user), ("{timestamp}", String(values.timestampMs)),
            ("{namespace}", namespace ?? "")
        ]
        for (placeholder, value) in fills { name = name.replacingOccurrences(of: placeholder, with: value) }
        name = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        guard name.count > maxTopicLength else { return name }
        if !hashLongNames { return String(name.prefix(maxTopicLength)) }
        let hash = String(StableHash.bytes(name, seed: 0), radix: 16)
        let keep = max(0, maxTopicLength - hash.count - 1)
        return String(name.prefix(keep)) + "_" + hash
    }
}
