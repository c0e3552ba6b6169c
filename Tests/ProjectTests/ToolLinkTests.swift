import Foundation
import Testing

/// What each tool links, read from Package.swift's dependency lists and followed down: a tool that links
/// librdkafka or libcurl pays for loading them at every start, used or not (docs/BENCHMARKS.md, "Process
/// start"), so the tools whose commands need neither must stay out of them. (libcurl is linked by none:
/// `CCurl` loads it when velo-ask first talks to a model; only velo-ask may reach `CCurl`.)
@Suite struct ToolLinkTests {
    /// The system-library shims a tool must not reach: librdkafka (`CRdKafka`) and libcurl (`CCurl`).
    static let mustNotLink: [String: Set<String>] = [
        "velo-save": ["CRdKafka", "CCurl"],
        "velo-ask": ["CRdKafka"],
        "velo-run": ["CCurl"],
        "velo-gen": ["CCurl"],
        "velo-infer": ["CCurl"]
    ]

    /// Each target's (and each tool's) direct dependencies as Package.swift names them in quotes.
    static func dependencies() throws -> [String: [String]] {
        let text = try String(contentsOf: ProjectLayoutTests.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        var graph: [String: [String]] = [:]
        // `.target(name: "X", dependencies: [...])`, the list possibly over several lines.
        let target = try NSRegularExpression(pattern: #"name: "([A-Za-z-]+)",\s*dependencies:\s*\[([^\]]*)\]"#)
        // `("velo-run", [...])` in the tools table.
        let tool = try NSRegularExpression(pattern: #"\("(velo-[a-z]+)",\s*\[([^\]]*)\]\)"#)
        let quoted = try NSRegularExpression(pattern: #""([A-Za-z-]+)""#)
        let whole = NSRange(text.startIndex..., in: text)
        for regex in [target, tool] {
            for match in regex.matches(in: text, range: whole) {
                let name = String(text[Range(match.range(at: 1), in: text)!])
                let list = String(text[Range(match.range(at: 2), in: text)!])
                graph[name, default: []] += quoted.matches(in: list, range: NSRange(list.startIndex..., in: list)).map {
                    String(list[Range($0.range(at: 1), in: list)!])
                }
            }
        }
        return graph
    }

    /// Everything a target reaches through its dependencies.
    static func closure(of name: String, in graph: [String: [String]]) -> Set<String> {
        var seen: Set<String> = []
        var todo = graph[name] ?? []
        while let next = todo.popLast() {
            guard seen.insert(next).inserted else { continue }
            todo += graph[next] ?? []
        }
        return seen
    }

    @Test func toolsLinkOnlyTheNativeLibrariesTheirCommandsNeed() throws {
        let graph = try Self.dependencies()
        // The reading of Package.swift must see what is known to be linked, or the checks below prove nothing.
        #expect(Self.closure(of: "velo-run", in: graph).contains("CRdKafka"))
        #expect(Self.closure(of: "velo-ask", in: graph).contains("CCurl"))
        // CCurl loads libcurl at run time: it is a C target, not a system library that links it.
        let manifest = try String(contentsOf: ProjectLayoutTests.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(#".target(name: "CCurl")"#) && !manifest.contains(#"pkgConfig: "libcurl""#))
        #expect(Self.closure(of: "velo-repl", in: graph).contains("CReadline"))
        for (tool, forbidden) in Self.mustNotLink.sorted(by: { $0.key < $1.key }) {
            #expect(graph[tool] != nil, "Package.swift has no tool \(tool)")
            let reached = Self.closure(of: tool, in: graph).intersection(forbidden)
            #expect(reached.isEmpty, "\(tool) links \(reached.sorted().joined(separator: ", ")); its commands need neither")
        }
        // Only velo-ask carries the Swift runtime inside, and only in release builds (docs/ARCHITECTURE.md).
        let staticRuntime = try #require(manifest.firstMatch(of: #/let staticRuntimeTools: Set<String> = \[([^\]]*)\]/#))
        #expect(staticRuntime.1 == #""velo-ask""#)
        #expect(manifest.components(separatedBy: #"["-static-stdlib"]"#).count == 2, "-static-stdlib is set once, for staticRuntimeTools")
        #expect(manifest.components(separatedBy: ".unsafeFlags(flags, .when(configuration: .release))").count == 3)
        // Only velo-repl links GNU readline (GPL-3.0-or-later, LICENSE-NOTES.md).
        for tool in try ProjectLayoutTests.tools() where tool != "velo-repl" {
            #expect(!Self.closure(of: tool, in: graph).contains("CReadline"), "\(tool) links GNU readline")
        }
    }
}
