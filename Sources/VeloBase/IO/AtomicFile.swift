#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole file so that readers see either the old or the new content: a temporary file in the
/// same directory, flushed, then renamed over the target. `-` means stdout.
#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        let bytes = Array(text.utf8)
        if path == "-" {
            try writeAll(bytes, fd: 1, path: "stdout")
            return
        }
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failure("cannot write '\(path)'") }
        do {
            try writeAll(bytes, fd: fd, path: path)
            guard fsync(fd) == 0 else { throw failure("cannot write '\(path)'") }
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        close(fd)
        guard rename(temp, path) == 0 else {
            let error = failure("cannot write '\(path)'")
            unlink(temp)
            throw error
        }
    }

    /// Fails now, as `write` would later, when `path` cannot be written (its directory is missing or not
    /// writable, or it is a directory): a run checks its `--metrics FILE` before it starts.
    public static func checkWritable(_ path: String) throws {
        if path == "-" { return }
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR {
            throw VeloError("cannot write '\(path)': it is a directory", hint: "give a file path", exit: .failed)
        }
        // The temporary file a write would make, made and removed now.
        try AtomicOutputFile(path: path).discard()
    }

    private static func writeAll(_ bytes: [UInt8], fd: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write '\(path)'")
            }
            offset += n
        }
    }

    private static func failure(_ message: String) -> VeloError {
        VeloError("\(message): \(String(cString: strerror(errno)))", exit: .failed)
    }
}

/// A file written in a stream and published atomically: bytes go to a temporary file beside `path`, which
/// `commit` renames over it (readers see the old file or the whole new one) and `discard` removes.
public struct AtomicOutputFile {
    public let path: String
    public let temp: String
    public let fd: Int32

    /// With `keepingExisting`, the temporary file starts as a copy of `path` (when it exists), so what is
    /// written is appended and still published whole by `commit`.
    public init(path: String, keepingExisting: Bool = false) throws {
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw VeloError(
                "cannot write '\(path)': \(String(cString: strerror(errno)))",
                hint: "check that its directory exists and is writable", exit: .failed)
        }
        self.path = path
        self.temp = temp
        self.fd = fd
        if keepingExisting {
            do { try copyExisting() } catch {
                discard()
                throw error
            }
        }
    }

    /// Whether the file this one replaces had any bytes (a CSV appended to keeps its header line).
    public var startedNonEmpty: Bool { lseek(fd, 0, SEEK_CUR) > 0 }

    private func copyExisting() throws {
        let source = open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else {
            if errno == ENOENT { return }
            throw VeloError("cannot read '\(path)': \(String(cString: strerror(errno)))", exit: .failed)
        }
        defer { close(source) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if n == 0 { return }
            if n < 0 {
                if errno == EINTR { continue }
                throw VeloError("cannot read '\(path)': \(String(cString: strerror(errno)))", exit: .failed)
            }
            var offset = 0
            while offset < n {
                let w = buffer[offset..<n].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
                if w < 0 {
                    if errno == EINTR { continue }
                    throw VeloError("cannot write '\(path)': \(String(cString: strerror(errno)))", exit: .failed)
                }
                offset += w
            }
        }
    }

    /// Call after the last write has been flushed to `fd`.
    public func commit() throws {
        fsync(fd)
        close(fd)
        guard rename(temp, path) == 0 else {
            let error = VeloError("cannot write '\(path)': \(String(cString: strerror(errno)))", exit: .failed)
            unlink(temp)
            throw error
        }
    }

    public func discard() {
        close(fd)
        unlink(temp)
    }
}
