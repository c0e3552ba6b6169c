/// APPROX_COUNT_DISTINCT: one HyperLogLog (Stats/HyperLogLog.swift) per group over a process-independent
/// 64-bit hash so that results repeat exactly across runs, and linear
/// counting for small cardinalities (exact-ish below a few thousand).
final class HyperLogLogAccumulator: Accumulator {
    var sketch = HyperLogLog()

    override func add(_ value: SQLValue) throws {
        if value.isNull { return }
        sketch.add(hash: StableHash.hash(value))
    }

    override func merge(_ other: Accumulator) throws {
        sketch.merge((other as! HyperLogLogAccumulator).sketch)
    }

    var estimate: Double { sketch.estimate }

    override func result() -> SQLValue { .int(Int64(estimate.rounded())) }
    override var estimatedBytes: Int { 48 + sketch.byteCount }
    override func makeEmpty() -> Accumulator { HyperLogLogAccumulator() }
    override func reset() { sketch = HyperLogLog() }
}
