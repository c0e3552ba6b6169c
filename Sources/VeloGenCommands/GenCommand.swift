import VeloBase
import VeloCommands
import VeloGenerate
import VeloJSON
import VeloKafka
import VeloSchema
import VeloTopics

/// `velo-gen schema.yaml…`: plan the request (every schema and override error reported at once, before
/// anything is written), generate, and print a JSON summary per file or topic output. Exit 0, 3 for an
/// invalid schema or override, 5 when records were not delivered, 130 on Ctrl+C.
public enum GenCommand: VeloToolCommand {
    public struct Options: Sendable {
        public var request: GenRequest
        /// `--with` conditions as typed: they are parsed here, so a bad one is an input error (exit 3) with
        /// its place, like a bad schema. They come after the request's own overrides.
        public var overrides: [String] = []
        /// The cluster for `--topic` (producer side); none named means the local store.
        public var kafka: KafkaOptions
        public init(request: GenRequest, overrides: [String] = [], kafka: KafkaOptions = KafkaOptions(role: .producer)) {
            self.request = request
            self.overrides = overrides
            self.kafka = kafka
        }
    }

    public static func run(_ options: Options, console: Console) -> VeloExit {
        var request = options.request
        do {
            request.settings.overrides += try options.overrides.map { try GenOverride.parse($0) }
        } catch {
            return console.report(error: error)
        }
        var planner = GenRunPlanner(request: request)
        do {
            let jobs: [GenJob]
            do {
                jobs = try planner.plan()
            } catch {
                for warning in planner.warnings { console.report(warning) }
                throw error
            }
            for warning in planner.warnings { console.report(warning) }
            GenInterrupt.install()
            var planned = request
            planned.settings = planner.settings
            let kafka = options.kafka
            let runner = GenRunner(request: planned) { try ToolTopicBackend.make(kafka, console: console) }
            let summaries = try runner.run(jobs)
            if !summaries.isEmpty {
                var writer = JSONWriter(fd: 1)
                for summary in summaries { try writer.writeLine(summary.json) }
                try writer.flush()
            }
            let failed = summaries.reduce(0) { $0 + ($1.failed ?? 0) }
            if failed > 0 {
                console.error("\(failed) record\(failed == 1 ? "" : "s") not delivered")
                return .partial
            }
            if runner.interrupted {
                console.line("velo-gen: interrupted; what was generated so far was written")
                return .interrupted
            }
            return .ok
        } catch let error as SchemaError {
            for diagnostic in error.diagnostics { console.report(diagnostic) }
            return error.exitCode
        } catch is JSONWriter.Closed {
            return .ok // stdout closed early (velo-gen … | head): not an error
        } catch {
            return console.report(error: error)
        }
    }
}
