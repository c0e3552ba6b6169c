import VeloBase

/// A result table people read: a header, aligned columns (numbers to the right), cells cut to a width,
/// and a note when only the first rows are shown.
package struct TableView {
    package var columns: [String]
    package var rows: [[String]]
    /// Rows in the whole result (may be more than `rows`).
    package var total: Int
    package var maxCellWidth = 32

    package init(columns: [String], rows: [[String]], total: Int? = nil) {
        self.columns = columns
        self.rows = rows
        self.total = total ?? rows.count
    }

    package func render(style: TextStyle) -> String {
        guard !columns.isEmpty else { return "" }
        let cells = rows.map { row in columns.indices.map { i in (i < row.count ? row[i] : "").clipped(to: maxCellWidth) } }
        let numeric = columns.indices.map { i in
            !cells.isEmpty && cells.allSatisfy { $0[i].isEmpty || $0[i] == "null" || Self.isNumber($0[i]) }
        }
        let widths = columns.indices.map { i in max(columns[i].clipped(to: maxCellWidth).count, cells.map { $0[i].count }.max() ?? 0) }
        func line(_ values: [String], header: Bool) -> String {
            let parts = values.indices.map { i -> String in
                let text = values[i].padded(to: widths[i], right: numeric[i] && !header)
                return header ? style.bold(text) : (values[i] == "null" ? style.dim(text) : text)
            }
            return "| " + parts.joined(separator: " | ") + " |"
        }
        var out = [line(columns.map { $0.clipped(to: maxCellWidth) }, header: true)]
        out.append("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
        out += cells.map { line($0, header: false) }
        if total > rows.count {
            out.append(style.dim("… \(HumanFormat.grouped(total - rows.count)) more rows (\(HumanFormat.grouped(total)) in all)"))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A number as data or as people write it: 20000, -3.5, 1e6, 20,000, 24.1%, 155.8ms.
    static func isNumber(_ text: String) -> Bool {
        if Double(text) != nil { return true }
        for unit in ["%", "ms", "µs", "ns", "s", "B", "KiB", "MiB", "GiB"] where text.hasSuffix(unit) && text.count > unit.count {
            let figure = text.dropLast(unit.count)
            if let last = figure.last, last.isNumber, Double(figure) != nil { return true }
        }
        let groups = text.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count > 1, let first = groups.first, (1...3).contains(first.count), Int(first) != nil else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
