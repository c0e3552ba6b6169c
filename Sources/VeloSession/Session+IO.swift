import Foundation
import VeloBase

extension Session {
    /// Reads a session document, naming the file and the field on error.
    package static func load(from data: Data, source: String) throws -> Session {
        do {
            return try JSONDecoder().decode(Session.self, from: data)
        } catch let error as DecodingError {
            throw VeloError(
                "\(source): not a Velo session: \(describe(error))",
                hint: "docs/session.md describes the format", exit: .invalidInput)
        }
    }

    /// The session as pretty, key-sorted JSON (stable across saves, so diffs stay small).
    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(path(context.codingPath + [key]))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "field '\(path(context.codingPath))': \(context.debugDescription)"
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            return at.isEmpty ? context.debugDescription : "field '\(at)': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
