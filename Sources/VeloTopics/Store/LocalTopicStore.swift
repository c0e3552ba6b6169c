import VeloBase

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded topic store (DESIGN.md §2): a directory with one append-only log per topic partition.
///
///     <root>/topics/.create.lock        held while a topic is created, so two processes agree
///     <root>/topics/<topic>/meta.json   {"version":1,"partitions":N}, written atomically, last
///     <root>/topics/<topic>/p<N>.log    one message per line (see `LogLine`)
///
/// Safe for several processes: appends hold `flock` on the partition log and write whole lines; readers
/// stop at the last LF, and the next writer truncates a torn tail left by a crash. See docs/topic-store.md.
public final class LocalTopicStore: TopicBackend {
    /// The store directory.
    public let root: String
    /// Partitions of a topic created without an explicit count.
    public static let defaultPartitions = 1
    /// A consumer keeps one descriptor and one read buffer per partition, so the count stays modest.
    public static let maxPartitions = 1024

    /// `directory`, else `VELO_HOME`, else `./.velo`. Nothing is created until a topic is produced to.
    public init(directory: String? = nil) {
        let home = getenv("VELO_HOME").map { String(cString: $0) }
        root = Self.resolveDirectory(explicit: directory, veloHome: home)
    }

    /// The store directory: an explicit path, else `VELO_HOME`, else `.velo` (empty values count as unset).
    public static func resolveDirectory(explicit: String?, veloHome: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let veloHome, !veloHome.isEmpty { return veloHome }
        return ".velo"
    }

    package var topicsDirectory: String { root + "/topics" }

    package func topicDirectory(_ topic: String) -> String { topicsDirectory + "/" + topic }

    package func logPath(_ topic: String, partition: Int) -> String { topicDirectory(topic) + "/p\(partition).log" }

    /// Kafka's rule: 1 to 249 of `[a-zA-Z0-9._-]`, and not `.` or `..`.
    public static func validate(topic name: String) throws {
        if name.isEmpty { throw StoreError.badName(name, reason: "it is empty") }
        if name.utf8.count > 249 { throw StoreError.badName(name, reason: "it is longer than 249 characters") }
        if name == "." || name == ".." { throw StoreError.badName(name, reason: "'.' and '..' are reserved") }
        let allowed = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-") }
        if let bad = name.firstIndex(where: { !allowed($0) }) {
            let position = name.distance(from: name.startIndex, to: bad) + 1
            throw StoreError.badName(name, reason: "character \(position) ('\(name[bad])') is not allowed")
        }
    }

    /// The partition count of an existing topic, or nil when the topic does not exist.
    public func partitions(of topic: String) throws -> Int? {
        try Self.validate(topic: topic)
        let metaPath = topicDirectory(topic) + "/meta.json"
        guard let text = try readSmallFile(metaPath) else { return nil }
        guard let count = Self.parsePartitions(text), count >= 1 else {
            throw VeloError(
                "\(metaPath): no valid \"partitions\" count",
                hint: "the file should read {\"version\":1,\"partitions\":N}", exit: .invalidInput)
        }
        return count
    }

    /// Creates `topic` with `partitions` partitions unless it exists; returns its partition count.
    /// Creation holds a directory-wide lock so that two processes creating the same topic agree.
    @discardableResult
    public func createTopic(_ topic: String, partitions requested: Int? = nil) throws -> Int {
        if let existing = try partitions(of: topic) { return existing }
        let count = requested ?? Self.defaultPartitions
        guard count >= 1 && count <= Self.maxPartitions else {
            throw VeloError(
                "invalid partition count \(count) for topic '\(topic)'",
                hint: "use 1 to \(Self.maxPartitions) partitions", exit: .usage)
        }
        try makeDirectories(topicsDirectory)
        let lock = try LogFile(path: topicsDirectory + "/.create.lock", append: true, create: true)
        return try lock.withExclusiveLock {
            if let existing = try partitions(of: topic) { return existing }
            let directory = topicDirectory(topic)
            if mkdir(directory, 0o755) != 0 && errno != EEXIST {
                throw StoreError.io("cannot create directory", path: directory, errno: errno)
            }
            for p in 0..<count { _ = try LogFile(path: logPath(topic, partition: p), append: true, create: true) }
            // meta.json last: a topic exists once its meta.json does.
            try AtomicFile.write("{\"version\":1,\"partitions\":\(count)}\n", to: directory + "/meta.json")
            return count
        }
    }

    /// The partitions of an existing topic, or an error naming the topics there are.
    package func requirePartitions(_ topic: String) throws -> Int {
        if let count = try partitions(of: topic) { return count }
        throw StoreError.noTopic(topic, root: root, known: (try? topicNames()) ?? [])
    }

    /// Names of the topics in the store, sorted.
    public func topicNames() throws -> [String] {
        guard let dir = opendir(topicsDirectory) else {
            if errno == ENOENT { return [] }
            throw StoreError.io("cannot list", path: topicsDirectory, errno: errno)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasPrefix(".") { continue }
            if fileExists(topicDirectory(name) + "/meta.json") { names.append(name) }
        }
        return names.sorted()
    }

    /// How many messages each partition holds: read from the offset of its last whole line.
    public func partitionCounts(_ topic: String) throws -> [Int64] {
        let count = try requirePartitions(topic)
        return try (0..<count).map { p in
            let log = try LogFile(path: logPath(topic, partition: p), append: false)
            let tail = try log.tail(size: try log.size())
            return tail.lastOffset.map { $0 + 1 } ?? 0
        }
    }

    // MARK: TopicBackend

    public func producer(topic: String, partitions: Int?) throws -> any TopicProducer {
        let count = try createTopic(topic, partitions: partitions)
        return try LocalTopicProducer(store: self, topic: topic, partitions: count)
    }

    public func consumer(topic: String, start: ReadStart, follow: Bool, group: String?) throws -> any TopicConsumer {
        if let group {
            throw VeloError(
                "consumer group '\(group)' needs Kafka: the local store has no group coordinator",
                hint: "drop --group to read every partition, or use --kafka HOST:PORT", exit: .usage)
        }
        return try LocalTopicConsumer(store: self, topic: topic, start: start, follow: follow)
    }

    public func topics() throws -> [TopicInfo] {
        try topicNames().map { name in
            let counts = try partitionCounts(name)
            return TopicInfo(name: name, partitions: counts.count, messages: counts.reduce(0, +))
        }
    }

    /// `"partitions":N` from a meta.json (the store writes it; no JSON parser needed).
    package static func parsePartitions(_ text: String) -> Int? {
        guard let range = text.firstRange(of: "\"partitions\"") else { return nil }
        let rest = text[range.upperBound...].drop(while: { $0 == " " || $0 == ":" })
        return Int(rest.prefix(while: { $0.isNumber }))
    }
}
