/// A per-record failure while evaluating SQL (division by zero, a bad cast, a missing event time).
/// The runtime counts the record as failed under `failure_strategy` and goes on; `reason` is what the
/// metrics and the error report show, `kind` groups the reasons for counting.
public struct RuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case divisionByZero = "division_by_zero"
        case overflow
        case badCast = "bad_cast"
        case typeMismatch = "type_mismatch"
        case badArgument = "bad_argument"
        case missingEventTime = "missing_event_time"
        /// A scalar subquery returned more than one row.
        case subqueryRows = "subquery_rows"
    }

    public var kind: Kind
    public var reason: String

    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { reason }

    public static func badArgument(_ function: String, _ detail: String) -> RuntimeError {
        RuntimeError(.badArgument, "\(function): \(detail)")
    }
}
