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
        try timedRecords(for: input, spec: spec, previous: previous, seed: seed, nowMs: nowMs, schemaFolders: schemaFolders).records
    }

    /// The records and each one's event time, as Velostream's test harness publishes them: a
    /// `time_simulation` input carries its simulated time, a `from_previous` input its upstream output's
    /// event time; other inputs have none (their event time comes from the query's rule).
    public static func timedRecords(
        for input: SpecInput, spec: TestSpec, previous: [String: QueryRunResult], seed: UInt64,
        nowMs: Int64, schemaFolders: [String]? = nil
    ) throws -> (records: [JSONValue], times: [Int64?]) {
        if let name = input.fromPrevious {
            guard let result = previous[name] else {
                throw VeloError(
                    "input '\(input.source)' reads the output of '\(name)', which has not run",
                    location: input.location, hint: "run '\(name)' first (it is listed in from_previous)", exit: .failed)
            }
            let sink = result.outputs[input.source] != nil ? input.source : result.primarySink
            return (sink.flatMap { result.outputs[$0] } ?? [], sink.flatMap { result.outputTimes[$0] } ?? [])
        }
        if let file = input.dataFile {
            let path = SpecDataFile.resolve(file, relativeTo: spec.directory)
            var records = try SpecDataFile.read(path, format: SpecDataFile.format(named: input.sourceType?.format, path: path))
            if let limit = input.records, limit < records.count { records.removeLast(records.count - limit) }
            return (records, records.map(payloadTime))
        }
        let folders = schemaFolders ?? SpecGeneration.defaultSchemaFolders(for: spec)
        guard let schemaPath = SpecGeneration.schemaFile(for: input, spec: spec, searching: folders) else {
            throw VeloError(
                "input '\(input.source)': no schema named '\(input.schemaName)'", location: input.location,
                hint: "put \(input.schemaName).schema.yaml in \(folders.first ?? "schemas/"), or give `data_file:` or `from_previous:`",
                exit: .invalidInput)
        }
        let generated = try SpecGeneration.timedRecords(for: input, schemaPath: schemaPath, spec: spec, seed: seed, nowMs: nowMs)
        return (generated.records, input.timeSimulation != nil ? generated.times : generated.records.map(payloadTime))
    }

    /// Without simulated time, Velostream's harness stamps a record with its first time field (epoch ms or
    /// a timestamp) among these names.
    static let payloadTimeFields = ["event_time", "timestamp", "time", "created_at"]

    static func payloadTime(_ record: JSONValue) -> Int64? {
        payloadTimeFields.lazy.compactMap { SpecValue.epochMs(record[$0]) }.first
    }
}
