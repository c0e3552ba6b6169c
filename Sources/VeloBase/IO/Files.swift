#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// True when something exists at `path` (a file, a folder, a FIFO).
package func fileExists(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0
}
