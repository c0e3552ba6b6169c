/// `${VAR}` and `${VAR:default}` (also `${VAR:-default}`) substitution from the environment, as Velostream's
/// config files use it so that secrets stay out of files. Reusable for any text value.
public struct EnvSubstitution: Sendable {
    /// A reference that cannot be resolved: where it starts (a byte offset in the text) and why.
    public struct Failure: Error, Equatable, Sendable {
        public var variable: String
        public var offset: Int
        public var message: String

        package init(variable: String, offset: Int, message: String) {
            self.variable = variable
            self.offset = offset
            self.message = message
        }
    }

    public var environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The text with every reference replaced. An unset (or empty) variable takes its default; with no
    /// default it is an error, so a missing secret is never sent as an empty string.
    public func substitute(_ text: String) throws(Failure) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "$")) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") else {
                out.append(bytes[i])
                i += 1
                continue
            }
            guard let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) else {
                throw Failure(variable: "", offset: i, message: "unterminated '${' (missing '}')")
            }
            let inner = bytes[(i + 2)..<close]
            let colon = inner.firstIndex(of: UInt8(ascii: ":"))
            let name = String(decoding: inner[..<(colon ?? close)], as: UTF8.self)
            var fallback: String?
            if let colon {
                var start = colon + 1
                if start < close, bytes[start] == UInt8(ascii: "-") { start += 1 }
                fallback = String(decoding: bytes[start..<close], as: UTF8.self)
            }
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isNameByte) else {
                throw Failure(variable: name, offset: i, message: "'${\(name)}' is not a variable name")
            }
            if let value = environment[name], !value.isEmpty {
                out += value.utf8
            } else if let fallback {
                out += fallback.utf8
            } else {
                throw Failure(
                    variable: name, offset: i,
                    message: "environment variable '\(name)' is not set and has no default")
            }
            i = close + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_")
    }
}
