import Testing
import VeloBase
import VeloSQL

/// Broken input of every shape must give diagnostics with valid places, never a crash or a hang.
@Suite struct SQLRobustnessTests {
    static func checkSane(_ sql: String) {
        let result = SQLFrontEnd.check(sql, schemas: SQLCorpusSchemas.set)
        let lineCount = sql.split(separator: "\n", omittingEmptySubsequences: false).count
        for d in result.diagnostics {
            let location = d.location!
            #expect(location.line >= 1 && location.line <= lineCount)
            #expect(location.column >= 1 && location.column <= (location.sourceLine?.utf8.count ?? 0) + 1)
            #expect(!d.message.isEmpty)
        }
    }

    /// Every corpus entry cut short at many points.
    @Test(arguments: SQLCorpus.all)
    func truncatedStatements(_ sql: String) {
        let bytes = Array(sql.utf8)
        var cut = 1
        while cut < bytes.count {
            Self.checkSane(String(decoding: bytes[..<cut], as: UTF8.self))
            cut += max(1, bytes.count / 25)
        }
    }

    /// Deterministic mutations: a byte dropped or doubled at a pseudo-random place.
    @Test func mutatedStatements() {
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for sql in SQLCorpus.all {
            var bytes = Array(sql.utf8)
            for _ in 0..<4 {
                let i = next() % bytes.count
                if next() % 2 == 0 { bytes.remove(at: i) } else { bytes.insert(bytes[i], at: i) }
                if bytes.isEmpty { break }
            }
            Self.checkSane(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let sql = "SELECT " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + " FROM t"
        let result = SQLFrontEnd.check(sql)
        #expect(result.diagnostics.first?.message == "expression nested too deeply (more than 200 levels)")
    }

    @Test func garbageInput() {
        for junk in [
            "))))", "'", "\"", "/*", "--", ";;;", "SELECT", "CREATE", "WITH (", "\u{0}\u{1}", "SELECT * FROM t WHERE (((",
            "CREATE STREAM s AS SELECT CASE WHEN", "SELECT a FROM t WINDOW SLIDING(", "é ü ß"
        ] {
            Self.checkSane(junk)
        }
    }
}

@Suite struct SQLFlatChainTests {
    /// A flat chain is read in a loop (no recursion per term) and its height is bounded: past
    /// `SQLParser.maxHeight` it is an error, not a stack overflow.
    @Test func flatChainsParseUpToTheLimit() {
        let ok = "SELECT " + Array(repeating: "1", count: 2_000).joined(separator: " + ") + " FROM t"
        #expect(SQLParser.parse(ok).issues.isEmpty)
        let long = "SELECT a FROM t WHERE " + Array(repeating: "a = 1", count: SQLParser.maxHeight + 2).joined(separator: " OR ")
        // On the tools' stack: freeing a tree 50,000 levels deep recurses too.
        let message = DeepStack.run { SQLParser.parse(long).issues.first?.message }
        #expect(message == "expression too long (more than 50000 levels of operators)")
    }

    /// Nesting does not reset the count: parenthesized chains add up.
    @Test func nestedChainsCountTogether() {
        let half = Array(repeating: "a", count: SQLParser.maxHeight / 2 + 10).joined(separator: " + ")
        let sql = "SELECT (" + half + ") + " + half + " FROM t"
        let message = DeepStack.run { SQLParser.parse(sql).issues.first?.message }
        #expect(message?.hasPrefix("expression too long") == true)
    }
}
