import VeloBase

/// Everything that can stop a Kafka client, each with the exit code the tools end with.
public struct KafkaError: VeloReportable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// No broker answered within the connect timeout (exit 4).
        case unreachable
        /// A `-X` property or `--kafka` address librdkafka or Velo rejects (exit 2).
        case usage
        /// A config file, topic name or value that is wrong (exit 3).
        case invalidInput
        /// Some messages were not delivered (exit 5).
        case partial
        /// The client failed while working (exit 1).
        case failed
    }

    public var kind: Kind
    public var diagnostic: Diagnostic

    public init(_ kind: Kind, _ message: String, location: SourceLocation? = nil, hint: String? = nil) {
        self.kind = kind
        self.diagnostic = Diagnostic(.error, message, location: location, hint: hint)
    }

    public var exitCode: VeloExit {
        switch kind {
        case .unreachable: .unavailable
        case .usage: .usage
        case .invalidInput: .invalidInput
        case .partial: .partial
        case .failed: .failed
        }
    }

    public var description: String { diagnostic.render(tool: nil, color: false) }

    package static func unreachable(_ bootstrap: String, timeoutMs: Int, detail: String?) -> KafkaError {
        var message = "Kafka at \(bootstrap) is not reachable (no answer within \(HumanDuration.ms(timeoutMs)))"
        if let detail, !detail.isEmpty { message += ": \(detail)" }
        return KafkaError(
            .unreachable, message,
            hint: "start the broker or check --kafka/VELO_KAFKA; -X velo.connect.timeout.ms=N waits longer")
    }
}

/// Short human durations for messages (`800 ms`, `5 s`).
package enum HumanDuration {
    package static func ms(_ value: Int) -> String {
        value % 1000 == 0 ? "\(value / 1000) s" : "\(value) ms"
    }
}
