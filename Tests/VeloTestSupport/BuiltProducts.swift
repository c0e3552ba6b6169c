import Foundation
import VeloBase

/// Where the executables the binary tests run live.
package enum BuiltProducts {
    /// The package's root: this file is Tests/VeloTestSupport/BuiltProducts.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A product of this package (`velo-run`, `kafka-mock-broker`, …). SwiftPM puts the test binary in the same
    /// build directory as the executables, whatever the --scratch-path; `.build/debug` is the fallback.
    package static func url(_ name: String) throws -> URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidates = [
            testBinary.deletingLastPathComponent().appendingPathComponent(name),
            root.appendingPathComponent(".build/debug/\(name)")
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw VeloError("\(name) is not built (looked in \(candidates.map(\.path)))", hint: "run `swift build --build-tests` first")
        }
        return found
    }

    /// kcat, the independent Kafka client the Kafka tests check against (Debian's package).
    package static let kcat = URL(fileURLWithPath: "/usr/bin/kcat")
}
