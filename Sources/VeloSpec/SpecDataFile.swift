import Foundation
import VeloBase
import VeloJSON

/// Reads the record files a spec names (`data_file`, file sinks, file assertions): CSV with a header, CSV
/// without one (columns `column_1`…), JSON Lines, or one JSON array. CSV cells become numbers and booleans
/// when they read as such, as Velostream's file source types them.
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
        case .csv, .csvNoHeader: return csv(text, header: format == .csv)
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

    /// Rows of a CSV text as objects (quoted cells may hold commas, doubled quotes and newlines).
    public static func csv(_ text: String, header: Bool) -> [JSONValue] {
        let rows = CSVText.rows(text)
        guard let first = rows.first else { return [] }
        let names = header ? first : (1...max(1, first.count)).map { "column_\($0)" }
        return rows.dropFirst(header ? 1 : 0).map { row in
            var object = JSONObject()
            for (i, name) in names.enumerated() { object.append(name, i < row.count ? typed(row[i]) : .null) }
            return .object(object)
        }
    }

    package static func typed(_ cell: String) -> JSONValue {
        if cell.isEmpty { return .null }
        if let i = Int64(cell) { return .int(i) }
        if let d = Double(cell), d.isFinite, cell.first != "+", !cell.lowercased().hasPrefix("in"), !cell.lowercased().hasPrefix("na") {
            return .double(d)
        }
        if cell == "true" { return .bool(true) }
        if cell == "false" { return .bool(false) }
        return .string(cell)
    }
}
