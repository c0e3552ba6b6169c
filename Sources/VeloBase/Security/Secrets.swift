/// Which client properties hold secrets, and how they are shown: never in clear, anywhere.
/// (Kafka client properties, API keys.)
public enum Secrets {
    public static let mask = "********"

    /// True for passwords, keys, tokens and JAAS/OAuth configs (which embed credentials).
    public static func isSecret(_ key: String) -> Bool {
        let key = key.lowercased()
        for word in ["password", "secret", "token", "jaas", "oauthbearer.config", "credential"] where key.contains(word) {
            return true
        }
        // Private keys inline (`ssl.key.pem`, `ssl_key.pem`), not their file locations.
        return (key.hasPrefix("ssl.key") || key.hasPrefix("ssl_key")) && !key.hasSuffix(".location")
    }

    /// The value as it may be printed.
    public static func display(_ key: String, _ value: String) -> String {
        isSecret(key) ? mask : value
    }

    /// Removes a secret value from a message someone else (librdkafka) wrote.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var text = text
        for secret in secrets where !secret.isEmpty {
            text = text.replacingAll(secret, with: mask)
        }
        return text
    }
}

extension String {
    /// `replacingOccurrences` without Foundation.
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
