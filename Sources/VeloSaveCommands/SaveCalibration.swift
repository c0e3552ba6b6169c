import Foundation
import VeloBase
import VeloEngine
import VeloSpec

/// Runs a freshly generated spec once, in process, on the staged project (seed 42, the Makefile's), and keeps
/// only what holds: an assertion that fails on the generated inputs (a filter that happens to match nothing,
/// keys that never meet in a join) is left out and noted in the README; a join's `min_match_rate` is set to
/// 90% of the rate reached, rounded down. So `make test` is green right after saving, and each kept
/// assertion still fails when the job's behaviour changes.
enum SaveCalibration {
    static let seed: UInt64 = 42
    static let joinShare = 0.9

    /// The spec as it should be written, and notes for what was changed or left out.
    static func calibrate(_ spec: TestSpec, sqlFile: String, specFile: String, schemas: String?, console: Console) throws -> (TestSpec, [String]) {
        var spec = spec
        spec.file = specFile
        var execOptions = ExecOptions(file: sqlFile)
        execOptions.schemas = schemas
        execOptions.quiet = true
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("velo-save-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        execOptions.store = scratch
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let quiet = Console(tool: "velo-save", color: false)
        guard let app = try ExecApp.load(execOptions, console: quiet, topics: ScratchTopics(directory: scratch)) else {
            return (spec, ["the saved SQL did not load for the test run; the spec is unchecked"])
        }

        let start = Int64(Date().timeIntervalSince1970 * 1000)
        let folders = (schemas.map { [$0] } ?? []) + SpecGeneration.defaultSchemaFolders(for: spec)
        let runner = ExecSpecRunner(app: app, spec: spec, seed: seed, nowMs: start, schemaFolders: folders)
        let (results, _) = try runner.runAll(order: SpecExecutionOrder(spec).queries)
        let report = SpecReport.evaluate(
            spec, results: results, runId: "velo-save", startMs: start, endMs: Int64(Date().timeIntervalSince1970 * 1000))

        var notes: [String] = []
        for (qi, query) in spec.queries.enumerated() where !query.skip {
            guard let outcome = report.queries.first(where: { $0.name == query.name }) else { continue }
            if outcome.status == .error {
                // One line, with paths as they will be in the project (not the staging folder).
                let staging = (specFile as NSString).deletingLastPathComponent + "/"
                let why =
                    (outcome.error ?? "error").split(separator: "\n").first.map(String.init)?
                    .replacingOccurrences(of: staging, with: "") ?? "error"
                spec.queries[qi].skip = true
                notes.append("\(query.name): skipped, it failed on the generated inputs: \(why)")
                console.warning("job '\(query.name)' failed on generated test inputs, so its spec query is skipped: \(why)")
                continue
            }
            guard outcome.assertions.count == query.assertions.count else { continue }
            var kept: [SpecAssertion] = []
            for (assertion, result) in zip(query.assertions, outcome.assertions) {
                if result.passed { kept.append(assertion); continue }
                if assertion.type == "join_coverage", let rate = observedRate(result.actual), rate > 0 {
                    var adjusted = assertion
                    let floor = (rate * joinShare * 100).rounded(.down) / 100
                    if floor > 0 {
                        adjusted.params["min_match_rate"] = .double(floor)
                        kept.append(adjusted)
                        continue
                    }
                }
                notes.append("\(query.name): \(assertion.type) left out, it does not hold on the generated inputs (\(result.message))")
            }
            spec.queries[qi].assertions = kept
        }
        return (spec, notes)
    }

    /// "37.5%" → 0.375.
    static func observedRate(_ actual: String?) -> Double? {
        guard let actual, actual.hasSuffix("%"), let value = Double(actual.dropLast()) else { return nil }
        return value / 100
    }
}
