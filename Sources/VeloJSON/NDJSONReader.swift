import VeloBase

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the reader does with a line that is not valid JSON.
public enum BadLinePolicy: Sendable, Equatable {
    /// Throw the line's `JSONSyntaxError`.
    case stop
    /// Count the line, keep its error (up to `keepErrors` of them) and go on.
    case skip(keepErrors: Int = 10)
}

/// Reads NDJSON from a file descriptor in large chunks and hands out lines without copying them.
///
/// Lines may span chunk boundaries; a final line without a newline counts; CRLF line ends and a UTF-8 BOM
/// at the start are accepted; blank lines are skipped (they are not errors, but they do count as lines so
/// that line numbers match an editor's).
public final class NDJSONReader {
    public static let defaultBufferSize = 1 << 20

    public let fd: Int32
    /// Shown in error locations; nil for stdin or an unnamed descriptor.
    public let file: String?
    public var policy: BadLinePolicy
    /// Runs before a read that would wait (a pipe or terminal with nothing yet to read), so a reader of live
    /// input can write out what it holds first.
    public var whenIdle: (() -> Void)?
    /// The number of the line handed out last (1-based).
    public private(set) var lineNumber = 0
    /// Lines skipped under `.skip` because they were not valid JSON.
    public private(set) var badLineCount = 0
    /// The first errors met under `.skip`, for a report.
    public private(set) var errors: [JSONSyntaxError] = []

    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Unconsumed bytes are buffer[start..<end].
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var closeOnDeinit: Bool
    private var parser = JSONParser()

    /// Reads from an open descriptor (0 for stdin). The reader does not close it unless `closeWhenDone`.
    public init(
        fd: Int32, file: String? = nil, policy: BadLinePolicy = .stop,
        bufferSize: Int = NDJSONReader.defaultBufferSize, closeWhenDone: Bool = false
    ) {
        self.fd = fd
        self.file = file
        self.policy = policy
        self.capacity = max(1, bufferSize)
        self.buffer = .allocate(capacity: capacity)
        self.closeOnDeinit = closeWhenDone
        parser.file = file
    }

    /// Opens `path` for reading; "-" means stdin.
    public convenience init(
        path: String, policy: BadLinePolicy = .stop,
        bufferSize: Int = NDJSONReader.defaultBufferSize
    ) throws {
        if path == "-" {
            self.init(fd: 0, file: nil, policy: policy, bufferSize: bufferSize)
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw VeloError(
                "cannot open '\(path)': \(reason)", hint: "check the path and its permissions",
                exit: .invalidInput)
        }
        self.init(fd: fd, file: path, policy: policy, bufferSize: bufferSize, closeWhenDone: true)
    }

    deinit {
        buffer.deallocate()
        if closeOnDeinit { close(fd) }
    }

    // MARK: lines

    /// The next non-blank line without its line end (and without the BOM on line 1). The bytes stay
    /// valid until the next call. Nil at the end of input.
    /// `keepBlank`: return a blank line too (a CSV record continuing inside a quoted cell keeps its blank lines).
    public func nextLine(keepBlank: Bool = false) throws -> UnsafeBufferPointer<UInt8>? {
        while true {
            guard let raw = try nextRawLine() else { return nil }
            lineNumber += 1
            var count = raw.count
            var first = raw.baseAddress!
            if count > 0 && first[count - 1] == 0x0D { count -= 1 }
            if lineNumber == 1 && count >= 3 && first[0] == 0xEF && first[1] == 0xBB && first[2] == 0xBF {
                first += 3
                count -= 3
            }
            if !keepBlank && isBlank(first, count) { continue }
            return UnsafeBufferPointer(start: first, count: count)
        }
    }

    /// Calls `body` with each non-blank line and its line number; the bytes are only valid inside the call.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        while let line = try nextLine() { try body(line, lineNumber) }
    }

    private func isBlank(_ p: UnsafeMutablePointer<UInt8>, _ count: Int) -> Bool {
        for i in 0..<count {
            let b = p[i]
            if b != 0x20 && b != 0x09 && b != 0x0D { return false }
        }
        return true
    }

    /// A line's bytes up to (not including) its '\n', or the last unterminated bytes at EOF.
    @inline(__always) private func nextRawLine() throws -> UnsafeMutableBufferPointer<UInt8>? {
        var scanFrom = start
        while true {
            if scanFrom < end, let hit = memchr(buffer + scanFrom, 0x0A, end - scanFrom) {
                let newline = hit.assumingMemoryBound(to: UInt8.self) - buffer
                let line = UnsafeMutableBufferPointer(start: buffer + start, count: newline - start)
                start = newline + 1
                return line
            }
            if atEOF {
                guard start < end else { return nil }
                let line = UnsafeMutableBufferPointer(start: buffer + start, count: end - start)
                start = end
                return line
            }
            scanFrom = end - start
            try fill()
        }
    }

    /// Moves the partial line to the front (growing the buffer when one line fills it) and reads more.
    private func fill() throws {
        let pending = end - start
        if start > 0 {
            if pending > 0 { memmove(buffer, buffer + start, pending) }
            start = 0
            end = pending
        }
        if end == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        if let whenIdle {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&ready, 1, 0) == 0 { whenIdle() }
        }
        while true {
            let n = read(fd, buffer + end, capacity - end)
            if n > 0 { end += n; return }
            if n == 0 { atEOF = true; return }
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            throw VeloError("cannot read \(file.map { "'\($0)'" } ?? "standard input"): \(reason)", exit: .failed)
        }
    }

    // MARK: records

    /// The next record parsed into a `JSONValue`, or nil at the end. Bad lines throw or are skipped per `policy`.
    public func next() throws -> JSONValue? {
        while let line = try nextLine() {
            do throws(JSONSyntaxError) {
                return try parser.parse(line, line: lineNumber)
            } catch {
                try reject(error)
            }
        }
        return nil
    }

    /// Applies the bad-line policy to an error met on the current line (extractors use it too).
    public func reject(_ error: JSONSyntaxError) throws {
        switch policy {
        case .stop:
            throw error
        case .skip(let keep):
            badLineCount += 1
            if errors.count < keep { errors.append(error) }
        }
    }
}
