// swift-tools-version: 6.0
import PackageDescription

// Each target block stands alone so that features can be added without touching the others.
var targets: [Target] = []
var products: [Product] = []

// The library every tool shares.
targets.append(.target(
    name: "Shared",
    dependencies: [.product(name: "Yams", package: "Yams"),
                   // for the option groups tools share (e.g. KafkaCommandOptions)
                   .product(name: "ArgumentParser", package: "swift-argument-parser")],
    // Release builds skip the run-time exclusivity checks: on the record path they were 5% of a windowed
    // query's instructions (callgrind, docs/BENCHMARKS.md). Debug builds, and so the tests, keep them.
    swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
))
targets.append(.testTarget(
    name: "SharedTests",
    dependencies: ["Shared"]
))

// Kafka through librdkafka (issue 8): the C shim, Shared's dependency on it, and a mock broker for tests and benches.
targets.append(.systemLibrary(
    name: "CRdKafka",
    path: "Sources/CRdKafka",
    pkgConfig: "rdkafka",
    providers: [.apt(["librdkafka-dev"])]
))
targets.first { $0.name == "Shared" }!.dependencies.append("CRdKafka")
targets.append(.executableTarget(
    name: "kafka-mock-broker",
    dependencies: ["Shared", .product(name: "ArgumentParser", package: "swift-argument-parser")]
))
targets.append(.executableTarget(
    name: "kafka-bench",
    dependencies: ["Shared", .product(name: "ArgumentParser", package: "swift-argument-parser")]
))

// Test and bench helper for the local topic store: writes or reads a topic from a separate process
// (the store's multi-process tests spawn it; bench/store.sh times it). Not installed.
targets.append(.executableTarget(
    name: "store-stress",
    dependencies: ["Shared", .product(name: "ArgumentParser", package: "swift-argument-parser")]
))

// The NDJSON benchmark driver run by bench/ndjson.sh (not a velo-* tool, so never installed).
targets.append(.executableTarget(
    name: "ndjson-bench",
    dependencies: ["Shared"],
    path: "Sources/ndjson-bench"
))

// Micro-benchmarks of the engine's runtime kernels (bench/engine-kernels.sh; not installed).
targets.append(.executableTarget(
    name: "EngineKernelsBench",
    dependencies: ["Shared", .product(name: "ArgumentParser", package: "swift-argument-parser")],
    path: "bench/EngineKernels"
))

// velo-run: check and format SQL today; execution comes with the engine.
targets.append(.executableTarget(
    name: "velo-run",
    dependencies: ["Shared", .product(name: "ArgumentParser", package: "swift-argument-parser")]
))
products.append(.executable(name: "velo-run", targets: ["velo-run"]))
targets.append(.testTarget(
    name: "VeloRunTests",
    dependencies: ["Shared", "velo-run"]
))

// velo-infer: infer a schema from sample records (issue 4).
targets.append(.executableTarget(
    name: "velo-infer",
    dependencies: ["Shared", .product(name: "ArgumentParser", package: "swift-argument-parser")]
))
products.append(.executable(name: "velo-infer", targets: ["velo-infer"]))
// The Kafka flags shared by the tools (Sources/Shared/Topics/KafkaCommandOptions.swift) are an ArgumentParser option group.
// End-to-end tests that run the velo-infer binary.
targets.append(.testTarget(
    name: "VeloInferTests",
    dependencies: ["Shared", "velo-infer"]
))

// velo-gen: synthetic records from .schema.yaml files (issue 3).
targets.append(.executableTarget(
    name: "velo-gen",
    dependencies: ["Shared", .product(name: "ArgumentParser", package: "swift-argument-parser")],
    path: "Sources/velo-gen"
))
products.append(.executable(name: "velo-gen", targets: ["velo-gen"]))
// End-to-end tests that run the built velo-gen binary.
targets.append(.testTarget(
    name: "VeloGenTests",
    dependencies: ["Shared", "velo-gen"]
))

let package = Package(
    name: "Velo",
    platforms: [.macOS(.v13)],
    products: products,
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: targets,
    swiftLanguageModes: [.v6]
)
