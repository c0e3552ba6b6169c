import Foundation
import Testing
import VeloTestSupport

/// The tools that link librdkafka allocate with jemalloc (CRdKafka's module map links it; docs/kafka.md,
/// "Allocator"): with glibc malloc, the query thread freeing messages and librdkafka's fetch thread allocating them
/// contended on its arenas, and a windowed run over Kafka waited on that.
@Suite struct KafkaAllocatorTests {
    /// The dynamic loader's own list of what velo-run loads, in order: the first library that defines `malloc` is
    /// the one every library's calls bind to.
    @Test func veloRunLoadsJemallocBeforeTheCLibrary() throws {
        let r = try ProcessRunner.run(try BuiltProducts.url("velo-run"), ["--version"], environment: ["LD_TRACE_LOADED_OBJECTS": "1"])
        let libraries = r.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let jemalloc = try #require(libraries.firstIndex { $0.hasPrefix("libjemalloc.so") }, "\(libraries)")
        let libc = try #require(libraries.firstIndex { $0.hasPrefix("libc.so") }, "\(libraries)")
        #expect(jemalloc < libc)
    }

    /// In a process that links VeloKafka (this test's own), `malloc` is jemalloc's.
    @Test func mallocInAProcessThatLinksLibrdkafkaIsJemallocs() throws {
        let jemalloc = try #require(dlopen("libjemalloc.so.2", RTLD_NOW | RTLD_NOLOAD), "jemalloc is not loaded")
        defer { dlclose(jemalloc) }
        let bound = try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc")) // RTLD_DEFAULT
        #expect(bound == dlsym(jemalloc, "malloc"))
    }
}
