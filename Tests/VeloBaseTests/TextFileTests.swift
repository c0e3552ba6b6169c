import Foundation
import Testing
import VeloBase

@Suite struct TextFileTests {
    @Test func invalidUTF8IsReportedAtItsLineAndColumn() throws {
        #expect(try UTF8Text.decode(Data("café\n世界".utf8), file: "a.sql") == "café\n世界")
        let cases: [([UInt8], Int, Int)] = [
            (Array("SELECT 'caf".utf8) + [0xFF] + Array("';".utf8), 1, 12),
            (Array("-- é\nSELECT ".utf8) + [0xC3, 0x28], 2, 8), // a lead byte without its continuation
            (Array("x\ny\n".utf8) + [0xED, 0xA0, 0x80], 3, 1), // an encoded surrogate
            ([0xE2, 0x82, 0xAC, 0xC0, 0xAF], 1, 4) // '€' (three bytes: columns count bytes), then an overlong '/'
        ]
        for (bytes, line, column) in cases {
            let error = #expect(throws: VeloError.self) { try UTF8Text.decode(Data(bytes), file: "a.sql") }
            #expect(error?.diagnostic.location?.file == "a.sql")
            #expect(error?.diagnostic.location?.line == line, "\(bytes)")
            #expect(error?.diagnostic.location?.column == column, "\(bytes)")
            #expect(error?.exitCode == .invalidInput)
        }
    }

    /// A tree whose nodes share children (as aliases do) is walked only up to the limit.
    @Test func expansionStopsAtTheLimit() {
        final class Node {
            let children: [Node]
            init(_ children: [Node]) { self.children = children }
        }
        var node = Node([])
        for _ in 0..<30 { node = Node([node, node]) } // 2^31 nodes expanded, 31 distinct
        var visits = 0
        #expect(
            !YAMLExpansion.isWithin(node, limit: 10_000) {
                visits += 1; return $0.children
            })
        #expect(visits <= 10_001)
        #expect(YAMLExpansion.isWithin(Node([Node([]), Node([])]), limit: 3) { $0.children })
        #expect(!YAMLExpansion.isWithin(Node([Node([]), Node([])]), limit: 2) { $0.children })
    }
}
