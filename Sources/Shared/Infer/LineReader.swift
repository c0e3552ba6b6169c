#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor in large chunks and hands out whole lines (without `\n` or a trailing `\r`)
/// with 1-based line numbers. Memory stays at one chunk plus the longest line.
public struct LineReader {
    public let fd: Int32
    var buffer: [UInt8]
    public private(set) var lineNumber = 0

    public init(fd: Int32, chunkSize: Int = 1 << 20) {
        self.fd = fd
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    /// Calls `body` for every line until the end of input or until `body` returns false.
    public mutating func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Bool) throws {
        var filled = 0
        var eof = false
        while !eof {
            if filled == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
            let got = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + filled, raw.count - filled) }
            if got < 0 {
                if errno == EINTR { continue }
                throw VeloError("read failed: \(String(cString: strerror(errno)))", exit: .failed)
            }
            if got == 0 { eof = true } else { filled += got }
            var consumed = 0
            var stop = false
            try buffer.withUnsafeBufferPointer { all in
                let base = all.baseAddress!
                while consumed < filled {
                    let rest = filled - consumed
                    let found = memchr(base + consumed, 0x0A, rest)
                    var end: Int
                    if let found {
                        end = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                    } else if eof {
                        end = filled
                    } else {
                        break
                    }
                    let next = end + 1
                    if end > consumed && base[end - 1] == 0x0D { end -= 1 }
                    lineNumber += 1
                    if try !body(UnsafeBufferPointer(start: base + consumed, count: end - consumed), lineNumber) {
                        stop = true
                        return
                    }
                    consumed = min(next, filled)
                }
            }
            if stop { return }
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + consumed, filled - consumed)
                }
                filled -= consumed
            }
        }
    }
}
