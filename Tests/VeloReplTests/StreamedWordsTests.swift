import Testing
import VeloRepl
import VeloTerminal

/// The model's words shown as they stream, without the code block the draft shows highlighted after.
@Suite struct StreamedWordsTests {
    func shown(_ pieces: [String]) -> String {
        var words = StreamedWords()
        return pieces.map { words.take($0) }.joined()
    }

    @Test func aBlockIsLeftOutWhereverThePiecesAreCut() {
        let reply = "Hot devices.\n```sql\nSELECT 1;\n```\nIt filters early."
        let expected = "Hot devices.\n\nIt filters early."
        #expect(shown([reply]) == expected)
        // Every way of cutting the reply in two, and in single characters.
        for cut in 1..<reply.count {
            let i = reply.index(reply.startIndex, offsetBy: cut)
            #expect(shown([String(reply[..<i]), String(reply[i...])]) == expected, "cut at \(cut)")
        }
        #expect(shown(reply.map { String($0) }) == expected)
    }

    @Test func anUnclosedBlockHidesTheRestAndLoneBackticksShowOnceTheyAreNotAFence() {
        #expect(shown(["Here:\n```yaml\nname: x\n", "fields: []\n"]) == "Here:\n")
        #expect(shown(["use `", "device_id`", " here"]) == "use `device_id` here")
        var words = StreamedWords()
        #expect(words.take("``") == "")
        #expect(!words.showedAny)
        #expect(words.take("x") == "``x")
        #expect(words.showedAny)
    }
}

/// Long lines broken for the terminal's width.
@Suite struct TextWrapTests {
    @Test func proseBreaksAtSpacesAndKeepsShortLines() {
        let text = "Computes COUNT(*) per device_id of sensor_readings where status = 'FAULT' in 1m windows\nshort"
        let wrapped = TextWrap.prose(text, width: 30)
        #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 30 })
        #expect(wrapped.replacingOccurrences(of: "\n", with: " ") == text.replacingOccurrences(of: "\n", with: " "))
        #expect(wrapped.hasSuffix("\nshort"))
    }

    @Test func sqlBreaksAfterCommasOutsideStringsAndStaysTheSameSQL() {
        let sql = "SELECT a\nWITH ('x.type' = 'kafka_source', 'x.topic.name' = 'a, b, c', 'y.type' = 'kafka_sink', 'y.topic.name' = 'y');"
        let wrapped = TextWrap.sql(sql, width: 40)
        #expect(wrapped.contains("'a, b, c'"), "a comma inside a string is not a break:\n\(wrapped)")
        let lines = wrapped.split(separator: "\n")
        #expect(lines.count > 3)
        #expect(lines.dropFirst(2).allSatisfy { $0.hasPrefix("    '") }, "\(wrapped)")
        // Only whitespace changed.
        #expect(wrapped.filter { !$0.isWhitespace } == sql.filter { !$0.isWhitespace })
        #expect(TextWrap.sql(sql, width: 200) == sql)
        #expect(TextWrap.sql("-- @description: " + String(repeating: "a, ", count: 30), width: 40).split(separator: "\n").count == 1)
    }
}
