import Foundation
import VeloBase
import VeloEngine
import VeloJSON

/// Reads the record files a spec names (`data_file`, file sinks, file assertions): CSV with a header, CSV
/// without one (columns `column_1`…), JSON Lines, or one JSON array. CSV is read and typed as velo-run reads
/// it (`csv(_:header:file:)`).
public enum SpecDataFile {
    public enum Format: String, Sendable { case csv, csvNoHeader, jsonLines, json }

    /// The format named by a spec (`Csv`, `CsvNoHeader`, `JsonLines`, `Json`, or lower-case forms), else
    /// guessed from the file's extension.
    public static func format(named name: String?, path: String) -> Format {
        switch name?.lowercased() {
        case "csv"?: return .csv
        case "csvnoheader"?, "csv_no_header"?: return .csvNoHeader
        case "jsonlines"?, "jsonl"?, "ndjson"?: return .jsonLines
        case "json"?: return .json
        default:
            let lower = path.lowercased()
            if lower.hasSuffix(".csv") { return .csv }
            if lower.hasSuffix(".json") { return .json }
            return .jsonLines
        }
    }

    /// `path` as seen from the spec's folder (absolute paths stay).
    public static func resolve(_ path: String, relativeTo directory: String) -> String {
        path.hasPrefix("/") || directory == "." ? path : directory + "/" + path
    }

    public static func read(_ path: String, format: Format) throws -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VeloError("no such file '\(path)'", hint: "paths in a test spec are relative to the spec's folder", exit: .usage)
        }
        let text = String(decoding: data, as: UTF8.self)
        switch format {
        case .csv, .csvNoHeader: return try csv(text, header: format == .csv, file: path)
        case .jsonLines:
            var records: [JSONValue] = []
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                records.append(try JSONParser.parse(bytes: Array(trimmed.utf8), line: i + 1, file: path))
            }
            return records
        case .json:
            let value = try JSONParser.parse(text, file: path)
            return value.arrayValue ?? [value]
        }
    }

    /// Rows of a CSV file as objects, read by the CSV reader every tool shares (`CSVRows`): quoted cells may
    /// hold commas, doubled quotes and line breaks; a row whose cell count differs from the header's is an
    /// error naming its line. Cells are typed as velo-run types CSV without a schema (`CSV.value`): empty,
    /// `NULL` and `null` are NULL (a quoted `""` is an empty string), true/false are booleans, only plain
    /// decimal literals are numbers (`02134` and `+44…` stay text).
    public static func csv(_ text: String, header: Bool, file: String? = nil) throws -> [JSONValue] {
        let (rows, bad) = CSVRows.read(Array(text.utf8), header: header)
        if let first = bad.first {
            let more =
                bad.count > 1
                ? " (and \(bad.count - 1) more bad rows: lines " + bad.dropFirst().prefix(5).map { String($0.line) }.joined(separator: ", ") + ")"
                : ""
            throw VeloError(
                "CSV row at line \(first.line): \(first.message)\(more)",
                location: file.map { SourceLocation(file: $0, line: first.line, column: 1) },
                hint: "every row needs as many cells as the header; quote a cell that holds a comma or a line break (\"a, b\")",
                exit: .invalidInput)
        }
        guard let first = rows.first else { return [] }
        let names = header ? first.cells : (1...max(1, first.cells.count)).map { "column_\($0)" }
        return rows.dropFirst(header ? 1 : 0).map { row in
            var object = JSONObject()
            for (i, name) in names.enumerated() { object.append(name, CSV.value(row.cells[i], quoted: row.quoted[i]).jsonValue) }
            return .object(object)
        }
    }
}
