/// Whole-file CSV reading over `CSVCells`, the RFC 4180 reader every tool shares, for files read at once:
/// test spec data files, file assertions and velo-gen's reference files. Records are split as velo-run's
/// and velo-infer's streaming readers split them: a quoted cell may hold separators, `""` and line breaks
/// (blank lines inside it included), blank lines between records are skipped, a UTF-8 BOM and CRLF line
/// ends are dropped, and a record whose cell count differs from the first record's is a bad record with
/// its line number, never padded or cut.
package enum CSVRows {
    /// One record: the line it starts on (1-based), its cells, and which cells were quoted (`""` is an empty
    /// string where an empty unquoted cell is a missing value).
    package struct Row: Sendable, Equatable {
        package var line: Int
        package var cells: [String]
        package var quoted: [Bool]
    }

    /// A record that could not be read, with where and why.
    package struct Bad: Sendable, Equatable {
        package var line: Int
        package var message: String

        package init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// `header`: the first record is a header (named so in messages about cell counts).
    package static func read(_ bytes: [UInt8], separator: UInt8 = UInt8(ascii: ","), header: Bool = true) -> (rows: [Row], bad: [Bad]) {
        var rows: [Row] = [], bad: [Bad] = []
        var cells: [UInt8] = [], spans: [CSVCells.Span] = []
        var width = -1
        var record: [UInt8] = []
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        while i < bytes.count {
            // One record: up to a line break outside quotes (CRLF as LF, also inside quotes).
            record.removeAll(keepingCapacity: true)
            let first = line
            var inside = false
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                if b == UInt8(ascii: "\"") { inside.toggle() }
                if b == 13, i < bytes.count, bytes[i] == 10 { continue }
                if b == 10 {
                    line += 1
                    if !inside { break }
                }
                record.append(b)
            }
            if record.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            let problem: CSVCells.Problem? = record.withUnsafeBufferPointer { buffer in
                do throws(CSVCells.Problem) {
                    try CSVCells.split(buffer, separator: separator, cells: &cells, spans: &spans)
                    return nil
                } catch {
                    return error
                }
            }
            if let problem {
                bad.append(Bad(line: first, message: "invalid CSV: \(problem.message)"))
                continue
            }
            if width < 0 { width = spans.count }
            guard spans.count == width else {
                bad.append(
                    Bad(
                        line: first,
                        message: "\(spans.count) cell\(spans.count == 1 ? "" : "s") where the \(header ? "header" : "first row") has \(width)"))
                continue
            }
            rows.append(
                Row(
                    line: first, cells: spans.map { String(decoding: cells[$0.start..<$0.end], as: UTF8.self) },
                    quoted: spans.map(\.quoted)))
        }
        return (rows, bad)
    }
}
