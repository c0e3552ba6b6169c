import Testing
import VeloBase

/// The whole-file CSV reader (spec data files, file assertions, velo-gen reference files) splits records as
/// velo-run's and velo-infer's readers do.
@Suite struct CSVRowsTests {
    static func read(_ text: String, header: Bool = true) -> (rows: [CSVRows.Row], bad: [CSVRows.Bad]) {
        CSVRows.read(Array(text.utf8), header: header)
    }

    @Test func quotedSeparatorsQuotesAndLineBreaks() {
        let (rows, bad) = Self.read("id,note\n1,\"a, \"\"b\"\"\"\n2,\"one\ntwo\"\n3,\"\"\n4,\n")
        #expect(bad.isEmpty)
        #expect(rows.map(\.cells) == [["id", "note"], ["1", "a, \"b\""], ["2", "one\ntwo"], ["3", ""], ["4", ""]])
        #expect(rows.map(\.line) == [1, 2, 3, 5, 6], "a record keeps the number of its first line")
        #expect(rows[3].quoted == [false, true] && rows[4].quoted == [false, false], "\"\" is quoted, an empty cell is not")
    }

    @Test func aBlankLineInsideAQuotedCellIsKept() {
        let (rows, bad) = Self.read("id,note\n1,\"para one\n\npara two\"\n\n2,x\n")
        #expect(bad.isEmpty)
        #expect(rows.map(\.cells) == [["id", "note"], ["1", "para one\n\npara two"], ["2", "x"]])
        #expect(rows.last?.line == 6, "blank lines between records are skipped but counted")
    }

    @Test func raggedRowsAreBadRecordsWithTheirLines() {
        let (rows, bad) = Self.read("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n")
        #expect(rows.map(\.cells) == [["a", "b", "c"], ["1", "2", "3"], ["10", "11", "12"]])
        #expect(
            bad == [
                CSVRows.Bad(line: 3, message: "2 cells where the header has 3"),
                CSVRows.Bad(line: 4, message: "4 cells where the header has 3")
            ])
        let noHeader = Self.read("1,2\n3\n", header: false)
        #expect(noHeader.bad.first?.message == "1 cell where the first row has 2")
    }

    @Test func badQuotingBOMAndCRLF() {
        let (rows, bad) = Self.read("\u{FEFF}a,b\r\n1,\"x\"y\r\n2,\"open\r\n")
        #expect(rows.map(\.cells) == [["a", "b"]], "the BOM and CR are not part of the cells")
        #expect(bad.map(\.line) == [2, 3])
        #expect(bad[0].message.contains("text after a closing quote"))
        #expect(bad[1].message.contains("unterminated quoted cell"))
    }
}
