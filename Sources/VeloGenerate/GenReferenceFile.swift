import Foundation
import VeloBase
import VeloJSON

/// Loads the values of `references: {file: …}`: a CSV file with a header row, a JSON array (of objects or of
/// plain values), or NDJSON. The referenced field's values (non-null) fill the pool.
public enum GenReferenceFile {
    /// - Parameters:
    ///   - path: as written in the schema; relative paths resolve against the schema file's folder first.
    ///   - schemaFile: the referencing schema's file, if any.
    public static func load(_ path: String, field: String, schemaFile: String?, into pool: GenPool) throws {
        let resolved = resolve(path, schemaFile: schemaFile)
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw VeloError("cannot read reference file '\(path)'", hint: "paths are relative to the schema's folder", exit: .invalidInput)
        }
        let text = String(decoding: data, as: UTF8.self)
        if resolved.lowercased().hasSuffix(".csv") {
            try loadCSV(text, field: field, file: resolved, into: pool)
        } else if text.drop(while: { $0.isWhitespace }).first == "[" {
            let value = try JSONParser.parse(text, file: resolved)
            for item in value.arrayValue ?? [] { add(item, field: field, to: pool) }
        } else {
            var line = 0
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                line += 1
                if raw.allSatisfy({ $0.isWhitespace }) { continue }
                add(try JSONParser.parse(bytes: Array(raw.utf8), line: line, file: resolved), field: field, to: pool)
            }
        }
        if pool.isEmpty {
            throw VeloError(
                "reference file '\(path)' holds no values of field '\(field)'",
                hint: "give a CSV with a '\(field)' column, or JSON/NDJSON records with a '\(field)' key",
                exit: .invalidInput)
        }
    }

    package static func resolve(_ path: String, schemaFile: String?) -> String {
        guard !path.hasPrefix("/"), let schemaFile, let slash = schemaFile.lastIndex(of: "/") else { return path }
        let sibling = String(schemaFile[...slash]) + path
        return FileManager.default.fileExists(atPath: sibling) ? sibling : path
    }

    package static func add(_ item: JSONValue, field: String, to pool: GenPool) {
        let value = item.objectValue.map { $0[field] ?? .null } ?? item
        switch value {
        case .int(let i): pool.add(.int(i))
        case .double(let d): pool.add(.double(d))
        case .string(let s): pool.add(.string(s))
        case .bool(let b): pool.add(.bool(b))
        default: break
        }
    }

    /// A CSV reference file, read by the CSV reader every tool shares (`CSVRows`): a row with the wrong cell
    /// count is an error naming its line. Empty, `NULL` and `null` cells are NULL and skipped; only a plain
    /// decimal literal is a number (`02134` stays the text it is, as velo-run reads it).
    package static func loadCSV(_ text: String, field: String, file: String, into pool: GenPool) throws {
        let (rows, bad) = CSVRows.read(Array(text.utf8))
        if let first = bad.first {
            throw VeloError(
                "reference file '\(file)': \(first.message)", location: SourceLocation(file: file, line: first.line, column: 1),
                hint: "every row needs as many cells as the header; quote a cell that holds a comma or a line break", exit: .invalidInput)
        }
        guard let header = rows.first?.cells else { return }
        guard let column = header.firstIndex(of: field) else {
            let hint = Suggest.closest(to: field, among: header).map { "did you mean '\($0)'? " } ?? ""
            throw VeloError(
                "reference file '\(file)' has no column '\(field)'",
                location: SourceLocation(file: file, line: 1, column: 1),
                hint: hint + "columns: " + header.joined(separator: ", "), exit: .invalidInput)
        }
        for row in rows.dropFirst() {
            let cell = row.cells[column]
            if !row.quoted[column] && (cell.isEmpty || cell == "NULL" || cell == "null") { continue }
            let shape = CSVCells.isPlainDecimal(cell.utf8)
            if shape.isDecimal, !shape.hasFraction, let i = Int64(cell) {
                pool.add(.int(i))
            } else if shape.isDecimal, shape.hasFraction, let d = Double(cell) {
                pool.add(.double(d))
            } else {
                pool.add(.string(cell))
            }
        }
    }

}
