import Foundation
import VeloBase

#if canImport(Glibc)
import Glibc
#endif

/// The REPL's private working folder (`$TMPDIR/velo-repl.XXXXXX`): the SQL of each run, the session's
/// schemas as files for `--schemas`, requests for velo-ask, working copies of loaded SQL files. Removed
/// on exit. Every file written here is remembered by name, so `export` can write it into the script.
package final class Scratch {
    package let dir: String
    package private(set) var files: [String: String] = [:]

    package init() throws {
        let base = Terminal.currentEnvironment()["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/velo-repl.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw VeloError("cannot make a working folder in \(base): \(String(cString: strerror(errno)))", hint: "set TMPDIR to a writable folder")
        }
        dir = String(cString: made)
    }

    /// Writes `name` (a relative path) with `text`; returns its full path.
    @discardableResult
    package func write(_ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        if let slash = name.lastIndex(of: "/") { mkdir(dir + "/" + name[..<slash], 0o700) }
        try AtomicFile.write(text, to: path)
        files[name] = text
        return path
    }

    /// Removes the folder and everything in it.
    package func remove() {
        try? FileManager.default.removeItem(atPath: dir)
    }
}
