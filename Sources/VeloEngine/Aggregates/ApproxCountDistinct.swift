import VeloBase

/// APPROX_COUNT_DISTINCT: one HyperLogLog (Stats/HyperLogLog.swift) per group over a process-independent
/// 64-bit hash so that results repeat exactly across runs, and linear
/// counting for small cardinalities (exact-ish below a few thousand).
package final class HyperLogLogAccumulator: Accumulator {
    package var sketch = HyperLogLog()

    package override func add(_ value: SQLValue) throws {
        if value.isNull { return }
        sketch.add(hash: StableHash.hash(value))
    }

    package override func merge(_ other: Accumulator) throws {
        try sketch.merge(sameKind(other, as: HyperLogLogAccumulator.self).sketch)
    }

    package var estimate: Double { sketch.estimate }

    package override func result() -> SQLValue { .int(Int64(estimate.rounded())) }
    package override var estimatedBytes: Int { 48 + sketch.byteCount }
    package override func makeEmpty() -> Accumulator { HyperLogLogAccumulator() }
    package override func reset() { sketch = HyperLogLog() }
}
