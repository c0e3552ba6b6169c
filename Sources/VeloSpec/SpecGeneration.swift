import Foundation
import VeloBase
import VeloGenerate
import VeloJSON
import VeloSchema

/// How a spec input's records are made with velo-gen's library: `records` (else `default_records`) and
/// `time_simulation` become a `GenRequest` for the input's schema.
///
/// `time_scale` and `batch_size` pace records against a live cluster in wall time; a bounded test run
/// produces them at once, so they do not change the records.
public enum SpecGeneration {
    /// The request that generates `input`'s records from the schema file at `schemaPath`.
    public static func request(for input: SpecInput, schemaPath: String, spec: TestSpec, seed: UInt64, nowMs: Int64) -> GenRequest {
        var settings = GenSettings(seed: seed, nowMs: nowMs)
        let count = input.records ?? spec.defaultRecords
        if let sim = input.timeSimulation {
            let start = TimeSpec.parse(sim.startTime ?? "-1h") ?? .relative(milliseconds: -3_600_000)
            let end = TimeSpec.parse(sim.endTime ?? "now") ?? .relative(milliseconds: 0)
            settings.time.start = start
            settings.time.end = end
            settings.time.rate = sim.eventsPerSecond.flatMap { $0 > 0 ? $0 : nil }
            settings.time.random = !sim.sequential
            // velo-gen's jitter is a share of the gap between events; the spec's is milliseconds either way.
            let span = Double(max(0, end.resolve(nowMs: nowMs) - start.resolve(nowMs: nowMs)))
            let step = settings.time.rate.map { 1000 / $0 } ?? (count > 0 ? span / Double(count) : 1000)
            if let jitter = sim.jitterMs, step > 0 {
                settings.time.jitter = min(1, 2 * Double(jitter) / step)
            } else {
                settings.time.jitter = 0
            }
        }
        var request = GenRequest(schemaPaths: [schemaPath], settings: settings)
        request.count = count
        return request
    }

    /// Generates `input`'s records in memory (test runs are small; velo-gen's writers serve big ones).
    public static func records(
        for input: SpecInput, schemaPath: String, spec: TestSpec, seed: UInt64,
        nowMs: Int64
    ) throws -> [JSONValue] {
        try timedRecords(for: input, schemaPath: schemaPath, spec: spec, seed: seed, nowMs: nowMs).records
    }

    /// The records with each one's generated event time (what velo-gen gives a topic message as its timestamp).
    public static func timedRecords(
        for input: SpecInput, schemaPath: String, spec: TestSpec, seed: UInt64,
        nowMs: Int64
    ) throws -> (records: [JSONValue], times: [Int64?]) {
        var planner = GenRunPlanner(request: request(for: input, schemaPath: schemaPath, spec: spec, seed: seed, nowMs: nowMs))
        guard let job = try planner.plan().first(where: \.isOutput) else { return ([], []) }
        var records: [JSONValue] = []
        var times: [Int64?] = []
        records.reserveCapacity(job.count)
        times.reserveCapacity(job.count)
        for _ in 0..<job.count {
            job.generator.next()
            records.append(.object(job.generator.currentObject()))
            times.append(job.generator.eventMs)
        }
        return (records, times)
    }

    /// The schema file for an input: the spec's `schemas:` map (name → path, relative to the spec) first,
    /// then `<name>.schema.yaml` in each folder of `searching`, then any schema there whose `name:` matches.
    public static func schemaFile(for input: SpecInput, spec: TestSpec, searching folders: [String]) -> String? {
        let name = input.schemaName
        if let path = spec.extras["schemas"]?[name]?.stringValue {
            let resolved = SpecDataFile.resolve(path, relativeTo: spec.directory)
            if FileManager.default.fileExists(atPath: resolved) { return resolved }
        }
        for folder in folders {
            for candidate in ["\(name).schema.yaml", "\(name).schema.yml", "\(name).yaml"] {
                let path = folder + "/" + candidate
                if FileManager.default.fileExists(atPath: path) { return path }
            }
        }
        for folder in folders {
            if let schema = (try? SchemaLoader.loadDirectory(folder))?.schema(named: name), let file = schema.origin?.file {
                return file
            }
        }
        return nil
    }

    /// Folders a spec's schemas usually live in: `schemas/` beside the spec, `../schemas`, and the spec's folder.
    public static func defaultSchemaFolders(for spec: TestSpec) -> [String] {
        let dir = spec.directory
        return [dir + "/schemas", dir + "/../schemas", dir]
    }
}
