// swift-tools-version: 6.0
import PackageDescription

// Velo's library targets, lowest first. A target may depend only on targets above it in this file
// (docs/ARCHITECTURE.md says what each owns and where new code goes; ProjectLayoutTests enforces the rule
// on every source file's imports). Declarations shared across targets are `package`, not `public`:
// nothing here is a public API yet.
//
// Platform: Linux only (Debian 12, Swift 6.3). Signal handling and the local store use glibc and the Kafka
// client is Debian's librdkafka; no other platform is declared because none is built or tested.

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")

// Release builds of the per-record targets skip Swift's run-time exclusivity checks. Without this flag
// velo-run runs 7-52% more instructions (callgrind, 200k trades: filter +7.8%, GROUP BY +7.4%, 1 s
// tumbling +9.8%, session +18%, row window +52%, EXISTS +26%, join +14%), and that is with the 59
// per-property @exclusivity(unchecked) opt-outs the code used to carry; with the flag those opt-outs
// measured nothing (within 0.13%, the noise), so there are none: one mechanism, and debug builds (the
// tests) check every access. Only the targets the record path runs through get it (docs/engine-runtime.md).
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

var targets: [Target] = [
    // Diagnostics and exit codes, console and terminal, atomic files, time math and clocks, durations,
    // stable hashes, secret masking. Depends on nothing.
    .target(name: "VeloBase"),
    // NDJSON: values, the byte-level parser and reader, the writer.
    .target(name: "VeloJSON", dependencies: ["VeloBase"], swiftSettings: hotPath),
    // Velostream `.schema.yaml`: model, load, validate, write.
    .target(name: "VeloSchema", dependencies: ["VeloBase", "VeloJSON", yams]),
    // The topic API every backend implements, and the embedded local store.
    .target(name: "VeloTopics", dependencies: ["VeloBase"], swiftSettings: hotPath),
    // librdkafka (the only target that links it): producer, consumer, admin, config, the mock cluster,
    // and the choice between Kafka and the local store.
    .systemLibrary(name: "CRdKafka", path: "Sources/CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
    .target(name: "VeloKafka", dependencies: ["VeloBase", "VeloTopics", "CRdKafka", yams]),
    // The SQL front end: lexer, parser, AST, printer, analyzer, function catalogue.
    .target(name: "VeloSQL", dependencies: ["VeloBase", "VeloJSON", "VeloSchema"]),
    // The session document velo-repl keeps and velo-ask and velo-save read (docs/session.md).
    .target(name: "VeloSession", dependencies: ["VeloBase", "VeloJSON"]),
    // libcurl for the AI providers, loaded at run time (dlopen) by the only target that uses it, so no tool
    // links it: only a request to a model pays for loading it. Typed shims for the variadic setopt; headers
    // from Debian's libcurl4-openssl-dev.
    .target(name: "CCurl"),
    // velo-ask's library: prompt, providers (Anthropic, OpenAI-compatible, offline), validation and repair.
    .target(name: "VeloAsk", dependencies: ["VeloBase", "VeloJSON", "VeloSchema", "VeloSQL", "VeloSession", "CCurl"]),
    // The engine: runtime values, functions, aggregates, windows, metrics, and the planner and operators
    // that run a job. One target because the per-record path crosses all of it.
    .target(
        name: "VeloEngine", dependencies: ["VeloBase", "VeloJSON", "VeloSchema", "VeloSQL", "VeloTopics", yams],
        swiftSettings: hotPath),
    // Synthetic records from schemas (velo-gen's library).
    .target(name: "VeloGenerate", dependencies: ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics"]),
    // Schema inference from samples (velo-infer's library).
    .target(name: "VeloInfer", dependencies: ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics"]),
    // Velostream test specs: load, generate inputs, run on the engine, evaluate, report.
    .target(
        name: "VeloSpec",
        dependencies: [
            "VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloSQL",
            "VeloEngine", "VeloGenerate", yams
        ]),
    // A project on disk from a session (velo-save): SQL with its WITH bindings, schemas, test spec, configs,
    // Makefile, README; and the byte-preserving editor of an SQL app's jobs.
    .target(
        name: "VeloProject", dependencies: ["VeloBase", "VeloJSON", "VeloSchema", "VeloSQL", "VeloSpec", "VeloSession"]),
    // The shape every tool's command has (options in, exit code out) and whole-text stdout.
    .target(name: "VeloCommands", dependencies: ["VeloBase"]),
    // Each tool's commands in a target of their own, so a tool links only what its commands need: velo-save
    // and velo-ask link no librdkafka, and only velo-ask links libcurl (docs/ARCHITECTURE.md).
    // velo-run's: run, check, format, spec; the only place that picks Kafka or the local store for a run.
    .target(
        name: "VeloRunCommands",
        dependencies: ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloKafka", "VeloSQL", "VeloEngine", "VeloSpec", "VeloCommands"]),
    .target(
        name: "VeloGenCommands",
        dependencies: ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloKafka", "VeloGenerate", "VeloCommands"]),
    .target(
        name: "VeloInferCommands",
        dependencies: ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloKafka", "VeloInfer", "VeloCommands"]),
    .target(
        name: "VeloSaveCommands",
        dependencies: ["VeloBase", "VeloJSON", "VeloTopics", "VeloEngine", "VeloSpec", "VeloSession", "VeloProject", "VeloCommands"]),
    .target(
        name: "VeloAskCommands",
        dependencies: ["VeloBase", "VeloJSON", "VeloEngine", "VeloGenerate", "VeloSession", "VeloAsk", "VeloCommands"]),
    // The terminal velo-repl draws on: GNU readline (GPL-3.0-or-later, linked only into velo-repl), line
    // editing with history and completion, colors, tables and bars.
    .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
    .target(name: "VeloTerminal", dependencies: ["VeloBase", "CReadline"]),
    // velo-repl's shell: session state, the command parser, the child-process runner, export. Its command lives
    // here, so readline links into velo-repl alone.
    .target(
        name: "VeloRepl",
        dependencies: [
            "VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloKafka", "VeloSession", "VeloTerminal"
        ]),
    // ArgumentParser glue the tools share: the entry point and the Kafka option group.
    .target(name: "VeloCLI", dependencies: ["VeloBase", "VeloTopics", "VeloCommands", argumentParser]),
    // Test support: one process runner for the binary tests (stdout and stderr read together, with a timeout).
    .target(name: "VeloTestSupport", dependencies: ["VeloBase", "VeloJSON"], path: "Tests/VeloTestSupport")
]
var products: [Product] = []

// The tools: each parses its arguments and calls its commands target (and names the library types its options carry).
let tools: [(String, [Target.Dependency])] = [
    ("velo-run", ["VeloBase", "VeloSQL", "VeloEngine", "VeloSpec", "VeloRunCommands", "VeloCLI"]),
    ("velo-infer", ["VeloBase", "VeloInfer", "VeloInferCommands", "VeloCLI"]),
    ("velo-gen", ["VeloBase", "VeloSchema", "VeloGenerate", "VeloGenCommands", "VeloCLI"]),
    ("velo-save", ["VeloBase", "VeloSaveCommands", "VeloCLI"]),
    ("velo-ask", ["VeloBase", "VeloSession", "VeloAskCommands", "VeloCLI"]),
    ("velo-repl", ["VeloBase", "VeloRepl", "VeloCLI"])
]
// Tools whose release build carries the Swift runtime and Foundation inside (`-static-stdlib`, compile and link):
// velo-ask, whose request path must add under 20 ms to the model's time; it then loads 4 shared libraries instead
// of 18 at start, and opens libcurl into a smaller global scope (docs/ARCHITECTURE.md, "Choices and why").
// Release only: that is what users install and benchmarks measure; debug builds (the tests) keep the shared runtime.
let staticRuntimeTools: Set<String> = ["velo-ask"]
for (tool, dependencies) in tools {
    let flags = staticRuntimeTools.contains(tool) ? ["-static-stdlib"] : []
    targets.append(
        .executableTarget(
            name: tool, dependencies: dependencies + [argumentParser],
            swiftSettings: flags.isEmpty ? [] : [.unsafeFlags(flags, .when(configuration: .release))],
            linkerSettings: flags.isEmpty ? [] : [.unsafeFlags(flags, .when(configuration: .release))]))
    products.append(.executable(name: tool, targets: [tool]))
}

// Test and bench helpers, built but never installed: a Kafka mock broker, a Kafka producer/consumer bench,
// a local-store writer/reader in a separate process, the NDJSON, engine-kernel and velo-ask bench drivers.
targets += [
    .executableTarget(name: "kafka-mock-broker", dependencies: ["VeloBase", "VeloKafka", "VeloCLI", argumentParser]),
    .executableTarget(name: "kafka-bench", dependencies: ["VeloBase", "VeloTopics", "VeloKafka", "VeloCLI", argumentParser]),
    .executableTarget(name: "store-stress", dependencies: ["VeloBase", "VeloTopics", "VeloCLI", argumentParser]),
    // A fake Anthropic Messages / OpenAI chat-completions server on 127.0.0.1 for velo-ask's tests and bench.
    .executableTarget(name: "ai-mock-server", dependencies: ["VeloBase", "VeloJSON"]),
    .executableTarget(name: "ndjson-bench", dependencies: ["VeloBase", "VeloJSON", "VeloEngine"]),
    .executableTarget(name: "AskBench", dependencies: ["VeloAsk", "VeloSession"], path: "bench/AskBench"),
    .executableTarget(
        name: "EngineKernelsBench", dependencies: ["VeloBase", "VeloJSON", "VeloEngine", argumentParser],
        path: "bench/EngineKernels")
]

// Tests mirror the library targets; the binary tests run the built tools.
let testTargets: [(String, [Target.Dependency])] = [
    ("VeloBaseTests", ["VeloBase", "VeloJSON"]),
    ("VeloJSONTests", ["VeloBase", "VeloJSON", "VeloInfer"]),
    ("VeloSchemaTests", ["VeloBase", "VeloJSON", "VeloSchema", yams]),
    ("VeloTopicsTests", ["VeloBase", "VeloTopics", "store-stress"]),
    ("VeloKafkaTests", ["VeloBase", "VeloTopics", "VeloKafka", "VeloCLI", "kafka-mock-broker"]),
    ("VeloSQLTests", ["VeloBase", "VeloSQL"]),
    ("VeloSessionTests", ["VeloBase", "VeloJSON", "VeloSession"]),
    ("VeloEngineTests", ["VeloBase", "VeloJSON", "VeloTopics", "VeloSQL", "VeloEngine", "VeloInfer", "VeloRunCommands", "VeloGenCommands"]),
    ("VeloGenerateTests", ["VeloBase", "VeloJSON", "VeloSchema", "VeloGenerate"]),
    ("VeloInferTests", ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloGenerate", "VeloInfer", "VeloInferCommands"]),
    ("VeloSpecTests", ["VeloBase", "VeloJSON", "VeloSQL", "VeloEngine", "VeloSpec"]),
    ("VeloRunToolTests", ["VeloBase", "VeloTopics", "VeloKafka", "VeloEngine", "velo-run", "kafka-mock-broker"]),
    ("VeloInferToolTests", ["VeloBase", "VeloKafka", "velo-infer", "kafka-mock-broker"]),
    ("VeloGenToolTests", ["VeloBase", "VeloJSON", "VeloSchema", "VeloTopics", "VeloKafka", "VeloGenerate", "velo-gen"]),
    ("VeloProjectTests", ["VeloBase", "VeloJSON", "VeloSQL", "VeloSpec", "VeloSession", "VeloProject"]),
    ("VeloSaveToolTests", ["VeloBase", "VeloSession", "velo-save", "velo-run"]),
    ("VeloAskTests", ["VeloBase", "VeloJSON", "VeloSchema", "VeloSQL", "VeloSession", "VeloEngine", "VeloAsk", "VeloAskCommands"]),
    ("VeloAskToolTests", ["VeloBase", "VeloJSON", "VeloSession", "velo-ask", "ai-mock-server"]),
    ("VeloReplTests", ["VeloBase", "VeloJSON", "VeloSession", "VeloTerminal", "VeloRepl"]),
    (
        "VeloReplToolTests",
        [
            "VeloBase", "VeloJSON", "VeloSession", "velo-repl", "velo-run", "velo-gen", "velo-infer", "velo-ask", "velo-save", "ai-mock-server",
            "kafka-mock-broker"
        ]
    ),
    ("ProjectTests", []) // the layering, folder sizes, man pages and README entries
]
for (name, dependencies) in testTargets {
    targets.append(.testTarget(name: name, dependencies: dependencies + ["VeloTestSupport"]))
}

let package = Package(
    name: "Velo",
    products: products,
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2")
    ],
    targets: targets,
    swiftLanguageModes: [.v6]
)
