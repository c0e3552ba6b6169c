import VeloBase

#if canImport(Glibc)
import Glibc
#endif

/// Finds the tools velo-repl runs: next to its own executable first (an install or a build folder keeps
/// them together), then on PATH.
package struct ToolLocator: Sendable {
    package var searchPath: [String]

    package init(environment: [String: String] = Terminal.currentEnvironment()) {
        var dirs: [String] = []
        if let own = Self.ownDirectory() { dirs.append(own) }
        dirs += (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        searchPath = dirs
    }

    package func find(_ tool: String) -> String? {
        for dir in searchPath where !dir.isEmpty {
            let path = dir + "/" + tool
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }

    /// The error for a tool that is nowhere to be found.
    package func missing(_ tool: String) -> VeloError {
        VeloError(
            "\(tool) not found next to velo-repl or on PATH",
            hint: "build it (swift build --product \(tool)) or install the tools (make install)", exit: .unavailable)
    }

    private static func ownDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }
}
