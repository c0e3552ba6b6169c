import Foundation
import Testing

/// Every tool ships with its man page, and the overview page names it (DESIGN.md §6).
@Suite struct ProjectLayoutTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func tools() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources").path)
            .filter { $0.hasPrefix("velo-") }.sorted()
    }

    @Test func everyToolHasAManPageAndIsInTheOverview() throws {
        let tools = try Self.tools()
        #expect(!tools.isEmpty)
        let overview = try String(contentsOf: Self.root.appendingPathComponent("man/velo.7"), encoding: .utf8)
        for tool in tools {
            let page = Self.root.appendingPathComponent("man/\(tool).1")
            #expect(FileManager.default.fileExists(atPath: page.path), "man/\(tool).1 is missing")
            #expect(overview.contains(".B \(tool)"), "man/velo.7 does not list \(tool)")
        }
    }

    @Test func everyToolIsInTheReadme() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        for tool in try Self.tools() {
            #expect(readme.contains("`\(tool)`"), "README.md does not mention \(tool)")
        }
    }
}
