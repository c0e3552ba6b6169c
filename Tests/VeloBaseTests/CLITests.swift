import Testing
import VeloBase
import VeloJSON

@Suite struct DiagnosticTests {
    @Test func rendersCompilerStyleWithCaret() {
        let text = "SELECT amout\nFROM orders"
        let location = SourceLocation.of(offset: 7, in: text, file: "app.sql", length: 5)
        let d = Diagnostic(.error, "unknown column 'amout'", location: location, hint: "did you mean 'amount'?")
        #expect(
            d.render(tool: "velo-run", color: false) == """
                velo-run: error: app.sql:1:8: unknown column 'amout'
                SELECT amout
                       ^~~~~
                hint: did you mean 'amount'?
                """)
    }

    @Test func aLongSourceLineIsShownAroundTheError() {
        let text = "SELECT " + String(repeating: "a + ", count: 5_000) + "oops FROM t"
        let offset = text.utf8.count - "oops FROM t".utf8.count
        let location = SourceLocation.of(offset: offset, in: text, file: "long.sql", length: 4)
        let lines = Diagnostic(.error, "unknown column 'oops'", location: location).render(tool: nil, color: false)
            .split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].utf8.count < 200 && lines[1].hasPrefix("...") && lines[1].hasSuffix("oops FROM t"))
        // The caret still sits under the word.
        let caret = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        #expect(caret.map { Array(lines[1])[$0..<($0 + 4)] } == Array("oops")[...])
        #expect(lines[2].hasSuffix("^~~~"))
    }

    @Test func locationCountsLinesAndSkipsCR() {
        let location = SourceLocation.of(offset: 9, in: "ab\r\ncdefgh\r\n", file: nil)
        #expect(location.line == 2)
        #expect(location.column == 6)
        #expect(location.sourceLine == "cdefgh")
    }

    @Test func colorOnlyWhenAllowed() {
        #expect(!Terminal.useColor(fd: 2, noColorFlag: false, environment: ["NO_COLOR": ""]))
        #expect(!Terminal.useColor(fd: 2, noColorFlag: true, environment: [:]))
        let plain = Diagnostic(.error, "x").render(tool: "t", color: false)
        #expect(!plain.contains("\u{1B}["))
        #expect(Diagnostic(.error, "x").render(tool: "t", color: true).contains("\u{1B}[31m"))
    }

    @Test func exitCodesMatchDesign() {
        #expect(VeloExit.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5, 130])
    }
}

@Suite struct HumanFormatTests {
    @Test func numbers() {
        #expect(HumanFormat.grouped(1234567) == "1,234,567")
        #expect(HumanFormat.grouped(-1000) == "-1,000")
        #expect(HumanFormat.compact(950) == "950")
        #expect(HumanFormat.compact(12_300) == "12.3k")
        #expect(HumanFormat.compact(4_500_000) == "4.5M")
        #expect(HumanFormat.bytes(1536) == "1.5 KiB")
        #expect(HumanFormat.bytes(12) == "12 B")
        #expect(HumanFormat.duration(seconds: 0.0042) == "4.2ms")
        #expect(HumanFormat.duration(seconds: 75) == "1m 15s")
        #expect(HumanFormat.fixed(-0.05, digits: 1) == "-0.1")
        #expect(HumanFormat.fixed(2.005, digits: 2) == "2.01" || HumanFormat.fixed(2.005, digits: 2) == "2.00")
    }

    @Test func progressLineShowsRateAndETA() {
        let bar = ProgressBar(label: "gen", total: 1000, enabled: true, color: false)
        let line = bar.render(done: 250, elapsed: 1)
        #expect(line.contains("25%"))
        #expect(line.contains("250/1k"))
        #expect(line.contains("250/s"))
        #expect(line.contains("ETA 3.00s"))
    }
}

@Suite struct JSONWriterTests {
    @Test func escapesAndNumbers() {
        var w = JSONWriter()
        w.write([
            "s": "a\"b\\c\n\u{01}é", "i": .int(-9_007_199_254_740_993), "d": 95496.0, "n": nil, "b": true,
            "a": [1, 2.5]
        ])
        #expect(w.text == #"{"s":"a\"b\\c\n\u0001é","i":-9007199254740993,"d":95496.0,"n":null,"b":true,"a":[1,2.5]}"#)
    }

    @Test func intExtremes() {
        var w = JSONWriter()
        w.writeInt(.min); w.writeByte(32); w.writeInt(.max); w.writeByte(32); w.writeInt(0)
        #expect(w.text == "-9223372036854775808 9223372036854775807 0")
    }
}

@Suite struct CSVCellsTests {
    static func split(_ text: String) throws -> [String] {
        var cells: [UInt8] = [], spans: [CSVCells.Span] = []
        try Array(text.utf8).withUnsafeBufferPointer { try CSVCells.split($0, separator: 44, cells: &cells, spans: &spans) }
        return spans.map { String(decoding: cells[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test func splitsQuotedCells() throws {
        #expect(try Self.split("a,\"b,c\",\"d\"\"e\",,\"x\ny\"") == ["a", "b,c", "d\"e", "", "x\ny"])
        #expect(throws: CSVCells.Problem.self) { try Self.split("a,\"open") }
        #expect(throws: CSVCells.Problem.self) { try Self.split("\"a\"b,c") }
    }

    @Test func onlyPlainDecimalsAreNumbers() {
        for text in ["0", "7", "-12", "12.50", "0.5", "-0.25", "12345678901234567890"] {
            #expect(CSVCells.isPlainDecimal(text.utf8).isDecimal, "\(text)")
        }
        for text in ["02134", "+4412345", "0x1F", "1e5", ".5", "5.", "-", "", "1,000", "00.5", " 1", "NaN", "inf"] {
            #expect(!CSVCells.isPlainDecimal(text.utf8).isDecimal, "\(text)")
        }
    }
}
