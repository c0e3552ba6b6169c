import Foundation
import Testing

/// The project's shape: every tool has its man page and README entry (DESIGN.md §6), every source file
/// imports only the targets below its own (docs/ARCHITECTURE.md), and no source folder grows past 25 files.
@Suite struct ProjectLayoutTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func tools() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources").path)
            .filter { $0.hasPrefix("velo-") }.sorted()
    }

    /// The library targets, lowest first, with the Velo targets each may import (docs/ARCHITECTURE.md).
    static let layers: [(target: String, may: Set<String>)] = [
        ("VeloBase", []),
        ("VeloJSON", ["VeloBase"]),
        ("VeloSchema", ["VeloBase", "VeloJSON"]),
        ("VeloTopics", ["VeloBase"]),
        ("VeloKafka", ["VeloBase", "VeloTopics"]),
        ("VeloSQL", ["VeloBase", "VeloJSON", "VeloSchema"]),
        ("VeloSession", ["VeloBase", "VeloJSON"]),
        ("VeloAsk", ["VeloBase", "VeloJSON", "VeloSchema", "VeloSQL", "VeloSession"]),
        ("VeloEngine", ["VeloBase", "VeloJSON", "VeloSchema", "VeloSQL", "VeloTopics"]),
        ("VeloGenerate", ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics"]),
        ("VeloInfer", ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics"]),
        ("VeloSpec", ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloSQL", "VeloEngine", "VeloGenerate"]),
        ("VeloProject", ["VeloBase", "VeloJSON", "VeloSchema", "VeloSQL", "VeloSpec", "VeloSession"]),
        ("VeloCommands", ["VeloBase"]),
        (
            "VeloRunCommands",
            ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloKafka", "VeloSQL", "VeloEngine", "VeloSpec", "VeloCommands"]
        ),
        ("VeloGenCommands", ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloKafka", "VeloGenerate", "VeloCommands"]),
        ("VeloInferCommands", ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloKafka", "VeloInfer", "VeloCommands"]),
        (
            "VeloSaveCommands",
            ["VeloBase", "VeloJSON", "VeloTopics", "VeloEngine", "VeloSpec", "VeloSession", "VeloProject", "VeloCommands"]
        ),
        ("VeloAskCommands", ["VeloBase", "VeloJSON", "VeloEngine", "VeloGenerate", "VeloSession", "VeloAsk", "VeloCommands"]),
        ("VeloCLI", ["VeloBase", "VeloTopics", "VeloCommands"]),
        ("VeloTerminal", ["VeloBase"]),
        (
            "VeloRepl",
            [
                "VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloKafka", "VeloSession", "VeloTerminal"
            ]
        )
    ]

    /// Third-party and system modules each target may import: librdkafka only in VeloKafka, ArgumentParser
    /// only in the CLI glue (and the executables), YAML where files are read.
    static let external: [String: Set<String>] = [
        "VeloKafka": ["CRdKafka", "Yams"],
        "VeloAsk": ["CCurl"],
        "VeloSchema": ["Yams"],
        "VeloEngine": ["Yams"],
        "VeloSpec": ["Yams"],
        "VeloCLI": ["ArgumentParser"],
        "VeloTerminal": ["CReadline"]
    ]
    static let system: Set<String> = ["Foundation", "Glibc", "Darwin", "Dispatch"]

    static func swiftFiles(under folder: URL) -> [URL] {
        let items = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        return items.filter { $0.pathExtension == "swift" }
    }

    static func imports(of file: URL) throws -> [String] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let i = words.firstIndex(of: "import"), i + 1 < words.count, words[..<i].allSatisfy({ $0.hasPrefix("@") })
            else { return nil }
            return String(words[i + 1])
        }
    }

    @Test func everyLibraryFileImportsOnlyLowerTargets() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        for (target, may) in Self.layers {
            let files = Self.swiftFiles(under: sources.appendingPathComponent(target))
            #expect(!files.isEmpty, "Sources/\(target) has no Swift files")
            let allowed = may.union(Self.external[target] ?? []).union(Self.system)
            for file in files {
                for module in try Self.imports(of: file) where !allowed.contains(module) {
                    Issue.record("\(file.path.dropFirst(Self.root.path.count + 1)) imports \(module), which \(target) may not use")
                }
            }
        }
    }

    @Test func everyLibraryTargetIsInTheLayering() throws {
        let known = Set(Self.layers.map(\.target))
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Sources").path)
            .filter { $0.hasPrefix("Velo") }
        for folder in folders { #expect(known.contains(folder), "Sources/\(folder) is not in docs/ARCHITECTURE.md's layering") }
    }

    @Test func noSourceFolderHoldsMoreThan25Files() throws {
        for top in ["Sources", "Tests"] {
            let base = Self.root.appendingPathComponent(top)
            var counts: [String: Int] = [:]
            for file in Self.swiftFiles(under: base) {
                counts[file.deletingLastPathComponent().path, default: 0] += 1
            }
            for (folder, count) in counts {
                #expect(count <= 25, "\(folder.dropFirst(Self.root.path.count + 1)) holds \(count) Swift files; split it by concern")
            }
        }
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
