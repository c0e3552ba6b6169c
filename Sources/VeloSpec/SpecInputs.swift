import VeloBase
import VeloJSON

/// The records an input is fed, whichever way the spec gives them: the output of an earlier query
/// (`from_previous`), a data file (`data_file`, relative to the spec), or records generated from the input's
/// schema (`records`, `time_simulation`). The runner calls this for each input before running a query.
public enum SpecInputs {
    public static func records(
        for input: SpecInput, spec: TestSpec, previous: [String: QueryRunResult], seed: UInt64,
        nowMs: Int64, schemaFolders: [String]? = nil
    ) throws -> [JSONValue] {
        if let name = input.fromPrevious {
            guard let result = previous[name] else {
                throw VeloError(
                    "input '\(input.source)' reads the output of '\(name)', which has not run",
                    location: input.location, hint: "run '\(name)' first (it is listed in from_previous)", exit: .failed)
            }
            return result.outputs[input.source] ?? result.primarySink.flatMap { result.outputs[$0] } ?? []
        }
        if let file = input.dataFile {
            let path = SpecDataFile.resolve(file, relativeTo: spec.directory)
            var records = try SpecDataFile.read(path, format: SpecDataFile.format(named: input.sourceType?.format, path: path))
            if let limit = input.records, limit < records.count { records.removeLast(records.count - limit) }
            return records
        }
        let folders = schemaFolders ?? SpecGeneration.defaultSchemaFolders(for: spec)
        guard let schemaPath = SpecGeneration.schemaFile(for: input, spec: spec, searching: folders) else {
            throw VeloError(
                "input '\(input.source)': no schema named '\(input.schemaName)'", location: input.location,
                hint: "put \(input.schemaName).schema.yaml in \(folders.first ?? "schemas/"), or give `data_file:` or `from_previous:`",
                exit: .invalidInput)
        }
        return try SpecGeneration.records(for: input, schemaPath: schemaPath, spec: spec, seed: seed, nowMs: nowMs)
    }
}
