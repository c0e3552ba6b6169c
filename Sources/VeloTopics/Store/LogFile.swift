#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open partition log (or lock file): POSIX calls with errors that name the file.
/// No Foundation here: this is the append and read hot path.
package final class LogFile {
    package let path: String
    package let fd: Int32

    /// Opens `path`; `append` opens it for O_APPEND writes (and reads of the tail), otherwise read-only.
    package init(path: String, append: Bool, create: Bool = false) throws {
        var flags = append ? (O_RDWR | O_APPEND) : O_RDONLY
        if create { flags |= O_CREAT }
        let fd = open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io("cannot open", path: path, errno: errno) }
        self.path = path
        self.fd = fd
    }

    deinit { close(fd) }

    /// Holds an exclusive lock on the whole file for the duration of `body`; waits for other processes.
    package func withExclusiveLock<T>(_ body: () throws -> T) throws -> T {
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw StoreError.io("cannot lock", path: path, errno: errno) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    package func size() throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw StoreError.io("cannot stat", path: path, errno: errno) }
        return Int(st.st_size)
    }

    /// Reads up to `count` bytes at `offset` into `buffer[at...]`; returns how many were read (0 at end).
    package func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws -> Int {
        while true {
            let n = pread(fd, buffer, count, off_t(offset))
            if n >= 0 { return n }
            guard errno == EINTR else { throw StoreError.io("cannot read", path: path, errno: errno) }
        }
    }

    /// Writes every byte (looping over short writes). On failure the caller truncates what was written.
    package func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            throw StoreError.io("cannot append to", path: path, errno: n < 0 ? errno : ENOSPC)
        }
    }

    package func truncate(to length: Int) throws {
        guard ftruncate(fd, off_t(length)) == 0 else {
            throw StoreError.io("cannot truncate", path: path, errno: errno)
        }
    }

    /// Where the last whole line ends (bytes after it are a torn append) and that line's offset field.
    /// Reads backwards in small chunks, so this costs the same for a 1 KB and a 100 GB log.
    package func tail(size: Int) throws -> (end: Int, lastOffset: Int64?) {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var lastNewline = -1
        var previousNewline = -1
        var high = size
        scan: while high > 0 {
            let low = max(0, high - chunk.count)
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: high - low, at: low) }
            guard n == high - low else { throw StoreError.io("short read from", path: path, errno: EIO) }
            var i = n - 1
            while i >= 0 {
                if chunk[i] == 0x0A {
                    if lastNewline < 0 { lastNewline = low + i } else { previousNewline = low + i; break scan }
                }
                i -= 1
            }
            high = low
        }
        guard lastNewline >= 0 else { return (0, nil) }
        let lineStart = previousNewline + 1
        var head = [UInt8](repeating: 0, count: min(32, lastNewline - lineStart))
        let n = try head.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: $0.count, at: lineStart) }
        guard let offset = LogLine.parseOffset(head[0..<n]) else {
            throw StoreError.corrupt(path: path, byte: lineStart, reason: "the last line has no offset field")
        }
        return (lastNewline + 1, offset)
    }
}

/// Creates a directory and its parents; an existing directory is fine.
package func makeDirectories(_ path: String) throws {
    var prefix = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
        prefix += "/" + part
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
            throw StoreError.io("cannot create directory", path: prefix, errno: errno)
        }
    }
}

/// Reads a small whole file as text, or nil when it does not exist.
package func readSmallFile(_ path: String) throws -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
        if errno == ENOENT { return nil }
        throw StoreError.io("cannot open", path: path, errno: errno)
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { if errno == EINTR { continue }; throw StoreError.io("cannot read", path: path, errno: errno) }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
}
