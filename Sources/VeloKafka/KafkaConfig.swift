import VeloBase

/// The settings of a Kafka connection: the bootstrap servers, librdkafka properties (from Velo's defaults, a
/// `configs/*.yaml` file and `-X key=value` flags, later ones winning) and Velo's own timeouts.
public struct KafkaConfig: Sendable {
    /// One librdkafka property and where it was set (for error messages).
    public struct Property: Sendable, Equatable {
        public enum Origin: Sendable, Equatable {
            case velo
            case flag
            case file(SourceLocation)
        }
        public var key: String
        public var value: String
        public var origin: Origin
    }

    public var bootstrap: String
    /// Properties in the order they were set; a later one with the same key wins.
    public private(set) var properties: [Property] = []
    /// How long to wait for the cluster to answer before giving up with exit 4 (`velo.connect.timeout.ms`).
    public var connectTimeoutMs = 5000
    /// How long a bounded read waits with no progress before giving up (`velo.read.timeout.ms`).
    public var readStallTimeoutMs = 30000
    /// Things a config file had that are not client properties (shown as warnings by the tools).
    public var warnings: [Diagnostic] = []

    public init(bootstrap: String) {
        self.bootstrap = bootstrap
    }

    /// The effective value of `key`.
    public func value(_ key: String) -> String? {
        properties.last { $0.key == key }?.value
    }

    public mutating func set(_ key: String, _ value: String, origin: Property.Origin = .velo) {
        properties.append(Property(key: key, value: value, origin: origin))
    }

    /// Applies `-X key=value` flags (kcat's convention). `velo.*` keys set Velo's own options.
    public mutating func apply(overrides: [String]) throws(KafkaError) {
        for flag in overrides {
            guard let eq = flag.firstIndex(of: "="), eq != flag.startIndex else {
                throw KafkaError(
                    .usage, "-X expects key=value, got '\(Secrets.isSecret(flag) ? Secrets.mask : flag)'",
                    hint: "for example -X compression.codec=lz4")
            }
            let key = String(flag[..<eq])._trimmedForKafka
            let value = String(flag[flag.index(after: eq)...])
            try setChecked(key, value, origin: .flag)
        }
    }

    /// Applies a loaded config file: its bootstrap (unless one was given), then its properties.
    public mutating func apply(file: KafkaConfigFile) throws(KafkaError) {
        for property in file.properties {
            try setChecked(property.key, property.value, origin: property.origin)
        }
        warnings += file.warnings
    }

    private mutating func setChecked(_ key: String, _ value: String, origin: Property.Origin) throws(KafkaError) {
        switch key {
        case "velo.connect.timeout.ms": connectTimeoutMs = try Self.milliseconds(key, value, origin)
        case "velo.read.timeout.ms": readStallTimeoutMs = try Self.milliseconds(key, value, origin)
        case "bootstrap.servers", "metadata.broker.list": bootstrap = value
        default: set(key, value, origin: origin)
        }
    }

    private static func milliseconds(_ key: String, _ value: String, _ origin: Property.Origin) throws(KafkaError) -> Int {
        guard let ms = Int(value._trimmedForKafka), ms > 0 else {
            throw KafkaConfig.error(key: key, origin: origin, "'\(key)' must be a positive number of milliseconds, got '\(value)'")
        }
        return ms
    }

    package static func error(key: String, origin: Property.Origin, _ message: String, hint: String? = nil) -> KafkaError {
        switch origin {
        case .file(let location): KafkaError(.invalidInput, message, location: location, hint: hint)
        case .flag, .velo: KafkaError(.usage, "-X \(key): \(message)", hint: hint)
        }
    }

    /// What a person may see: every property with secrets masked.
    public var redactedDescription: String {
        var lines = ["bootstrap.servers=\(bootstrap)"]
        var seen = Set<String>()
        for property in properties.reversed() where seen.insert(property.key).inserted {
            lines.append("\(property.key)=\(Secrets.display(property.key, property.value))")
        }
        return lines.sorted().joined(separator: "\n")
    }

    /// Every secret value, to scrub from messages librdkafka writes.
    package var secretValues: [String] {
        properties.filter { Secrets.isSecret($0.key) }.map(\.value)
    }

    /// Checks `HOST:PORT[,HOST:PORT…]` (librdkafka also takes an optional `PLAINTEXT://`-style prefix).
    public static func validate(bootstrap: String) throws(KafkaError) {
        let entries = bootstrap.split(separator: ",", omittingEmptySubsequences: false).map { String($0)._trimmedForKafka }
        guard !entries.isEmpty, !entries.contains(where: \.isEmpty) else {
            throw KafkaError(.usage, "empty Kafka address '\(bootstrap)'", hint: "use HOST:PORT, e.g. --kafka localhost:9092")
        }
        for entry in entries {
            var hostPort = Substring(entry)
            if let scheme = hostPort.firstRange(of: "://") { hostPort = hostPort[scheme.upperBound...] }
            guard let colon = hostPort.lastIndex(of: ":") else { continue } // port defaults to 9092
            let port = hostPort[hostPort.index(after: colon)...]
            guard colon != hostPort.startIndex, let number = Int(port), (1...65535).contains(number) else {
                throw KafkaError(
                    .usage, "'\(entry)' is not a Kafka address",
                    hint: "use HOST:PORT with a port from 1 to 65535, e.g. --kafka localhost:9092")
            }
        }
    }
}

extension String {
    /// Without surrounding whitespace (`-X key = value`, `a:1, b:2`).
    fileprivate var _trimmedForKafka: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
