#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the whole lines of one partition log in order, from a byte position up to a limit.
/// Bytes after the last LF (an append in flight or a torn tail) are never returned; each refill re-reads
/// from the first unread byte, so a torn tail that a writer later truncates and replaces is read fresh.
package final class PartitionReader {
    package let log: LogFile
    package let partition: Int32
    /// Readable bytes: the end of the last whole line at open (bounded) or the file size at the last poll.
    package var limit: Int
    /// Messages before this offset or timestamp are skipped (used by `ReadStart.offset` and `.timestamp`).
    package var skipBeforeOffset: Int64 = 0
    package var skipBeforeTimestamp: Int64?

    package private(set) var position: Int
    package private(set) var nextOffset: Int64
    /// Owned memory (not an Array) so the lines handed out by `nextLine` may point into it.
    private var buffer: UnsafeMutableRawBufferPointer
    private var bufferStart = 0 // file position of buffer[0]
    private var bufferCount = 0
    private var cursor = 0
    /// The loaded next message, kept as its decoded fields (a `TopicMessage` is built only for `take`).
    private var head: LogLine.Fields?

    package init(log: LogFile, partition: Int32, position: Int, offset: Int64, limit: Int, bufferSize: Int = 1 << 20) {
        self.log = log
        self.partition = partition
        self.position = position
        self.nextOffset = offset
        self.limit = limit
        buffer = .allocate(byteCount: bufferSize, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The next whole line (without its LF), or nil when none is complete before `limit`.
    /// The pointer is valid until the next call.
    package func nextLine() throws -> UnsafeBufferPointer<UInt8>? {
        var readToLimit = false
        while true {
            let available = bufferCount - cursor
            if available > 0, let lf = memchr(buffer.baseAddress! + cursor, Int32(LogLine.newline), available) {
                let end = buffer.baseAddress!.distance(to: UnsafeMutableRawPointer(lf))
                let line = UnsafeBufferPointer(
                    start: (buffer.baseAddress! + cursor).assumingMemoryBound(to: UInt8.self),
                    count: end - cursor)
                cursor = end + 1
                position = bufferStart + cursor
                return line
            }
            // No LF in what is buffered: re-read from the first unread byte (grow when one line fills it).
            let unread = limit - position
            if unread <= 0 || readToLimit { return nil }
            if available == buffer.count { // one line fills the buffer: double it (the bytes are re-read)
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
                buffer.deallocate()
                buffer = bigger
            }
            let want = min(unread, buffer.count)
            let n = try log.read(into: buffer.baseAddress!, count: want, at: position)
            bufferStart = position
            bufferCount = n
            cursor = 0
            if n < want { return nil } // the file shrank (a torn tail was truncated): nothing new yet
            readToLimit = want == unread
        }
    }

    /// The timestamp of the next message (loading it), or nil when none is available yet.
    package func headTimestamp() throws -> Int64? {
        if head == nil { try load() }
        return head?.timestamp
    }

    /// Hands over the loaded message's key and value as `body` sees them (no `TopicMessage` is made), with
    /// its timestamp and offset (call after `headTimestamp()` returned non-nil).
    package func takeFields<T>(_ body: (LogLine.Fields) -> T) -> T? {
        guard let fields = head else { return nil }
        head = nil
        return body(fields)
    }

    /// Hands over the loaded message (call after `headTimestamp()` returned non-nil).
    package func take() -> TopicMessage? {
        takeFields { TopicMessage(key: $0.key, value: $0.value, timestamp: $0.timestamp, partition: partition, offset: $0.offset) }
    }

    /// Decodes the next line into `head`, skipping what the start position excludes.
    private func load() throws {
        while let line = try nextLine() {
            guard let fields = LogLine.decode(line) else {
                throw StoreError.corrupt(
                    path: log.path, byte: position - line.count - 1,
                    reason: "malformed line at offset \(nextOffset)")
            }
            guard fields.offset == nextOffset else {
                throw StoreError.corrupt(
                    path: log.path, byte: position - line.count - 1,
                    reason: "offset \(fields.offset) where \(nextOffset) was expected")
            }
            nextOffset += 1
            if fields.offset < skipBeforeOffset { continue }
            if let t = skipBeforeTimestamp {
                if fields.timestamp < t { continue }
                skipBeforeTimestamp = nil // from the first match on, everything is read
            }
            head = fields
            return
        }
    }
}

extension LogFile {
    /// The start of a line at or near offset `target`, at or before it, found by binary search over byte
    /// positions (offsets are consecutive, so a line's offset field orders the file). `end` is where the
    /// last whole line ends. Returns that line's position and offset; the reader skips forward from there.
    package func seek(offset target: Int64, end: Int, count: Int64) throws -> (position: Int, offset: Int64) {
        if target <= 0 || end == 0 { return (0, 0) }
        if target >= count { return (end, count) }
        var low = 0, lowOffset: Int64 = 0
        var high = end
        while high - low > 64 * 1024 {
            let mid = low + (high - low) / 2
            guard let start = try lineStart(after: mid, before: high) else { break }
            let offset = try offset(at: start)
            if offset <= target { (low, lowOffset) = (start, offset) } else { high = start }
            if offset == target { break }
        }
        return (low, lowOffset)
    }

    /// The first line start after `position` (the byte after the next LF), if it is before `before`.
    private func lineStart(after position: Int, before: Int) throws -> Int? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        var at = position
        while at < before {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: min($0.count, before - at), at: at) }
            if n == 0 { return nil }
            if let i = chunk[0..<n].firstIndex(of: LogLine.newline) {
                let start = at + i + 1
                return start < before ? start : nil
            }
            at += n
        }
        return nil
    }

    private func offset(at start: Int) throws -> Int64 {
        var head = [UInt8](repeating: 0, count: 24)
        let n = try head.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: $0.count, at: start) }
        guard let offset = LogLine.parseOffset(head[0..<n]) else {
            throw StoreError.corrupt(path: path, byte: start, reason: "a line without an offset field")
        }
        return offset
    }
}
