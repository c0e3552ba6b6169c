/// The one RFC 4180 reader of CSV records every tool uses (velo-run's sources, velo-infer's sampler):
/// cells split by a separator, `"` quoting with `""` for a quote inside, quoted cells that may hold the
/// separator and line breaks. Byte-level, no allocation per cell: cells are unquoted into one buffer.
package enum CSVCells {
    /// A record that is not valid CSV; `offset` is the byte in the record where it goes wrong.
    package struct Problem: Error, Sendable {
        package var offset: Int
        package var message: String
    }

    /// One cell of a split record: `cells[start..<end]`, and whether it was quoted (`""` is an empty
    /// string where an empty unquoted cell is a missing value).
    package struct Span: Sendable {
        package var start: Int
        package var end: Int
        package var quoted: Bool
    }

    /// Whether a quoted cell is still open after `line` (the record goes on past the line break), given
    /// whether one was open before it. Doubled quotes toggle twice, so counting quotes is enough.
    package static func opensQuote(_ line: UnsafeBufferPointer<UInt8>, startingInside: Bool) -> Bool {
        var inside = startingInside
        for b in line where b == UInt8(ascii: "\"") { inside.toggle() }
        return inside
    }

    /// Splits one whole record (line breaks inside quoted cells included) into `spans` over `cells`.
    package static func split(
        _ record: UnsafeBufferPointer<UInt8>, separator: UInt8, cells: inout [UInt8], spans: inout [Span]
    ) throws(Problem) {
        cells.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        let quote = UInt8(ascii: "\"")
        var i = 0
        let n = record.count
        while true {
            let start = cells.count
            var quoted = false
            if i < n, record[i] == quote {
                quoted = true
                let open = i
                i += 1
                while true {
                    guard i < n else { throw Problem(offset: open, message: "unterminated quoted cell") }
                    if record[i] == quote {
                        if i + 1 < n, record[i + 1] == quote { cells.append(quote); i += 2; continue }
                        i += 1
                        break
                    }
                    cells.append(record[i])
                    i += 1
                }
                guard i == n || record[i] == separator else {
                    throw Problem(offset: i, message: "text after a closing quote (a quote inside a cell is written \"\")")
                }
            } else {
                while i < n, record[i] != separator { cells.append(record[i]); i += 1 }
            }
            spans.append(Span(start: start, end: cells.count, quoted: quoted))
            cells.append(0) // keeps spans apart
            if i >= n { break }
            i += 1 // separator
        }
    }

    /// Whether `text` is a plain decimal literal: an optional `-`, digits with no leading zero (`0` and
    /// `0.5` are fine), an optional fraction. Only such a cell is a number when no schema says otherwise:
    /// `02134`, `+4412345`, `0x1F`, `1e5` and `.5` stay text (postcodes, phone numbers, ids).
    package static func isPlainDecimal(_ text: some Collection<UInt8>) -> (isDecimal: Bool, hasFraction: Bool) {
        var it = text.makeIterator()
        guard var c = it.next() else { return (false, false) }
        if c == UInt8(ascii: "-") {
            guard let next = it.next() else { return (false, false) }
            c = next
        }
        guard c >= 0x30 && c <= 0x39 else { return (false, false) }
        let leadingZero = c == 0x30
        var digits = 1
        while let d = it.next() {
            if d == UInt8(ascii: ".") {
                var fraction = 0
                while let f = it.next() {
                    guard f >= 0x30 && f <= 0x39 else { return (false, false) }
                    fraction += 1
                }
                return (fraction > 0 && !(leadingZero && digits > 1), true)
            }
            guard d >= 0x30 && d <= 0x39 else { return (false, false) }
            if leadingZero { return (false, false) }
            digits += 1
        }
        return (true, false)
    }
}
