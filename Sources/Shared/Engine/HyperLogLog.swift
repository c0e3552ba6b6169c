/// APPROX_COUNT_DISTINCT with HyperLogLog: 2^12 one-byte registers (4 KiB per group, ~1.6% standard
/// error), a process-independent 64-bit hash so that results repeat exactly across runs, and linear
/// counting for small cardinalities (exact-ish below a few thousand).
final class HyperLogLogAccumulator: Accumulator {
    static let precision = 12
    static let registerCount = 1 << precision
    var registers: [UInt8] = []

    override func add(_ value: SQLValue) throws {
        if value.isNull { return }
        insert(StableHash.hash(value))
    }

    func insert(_ hash: UInt64) {
        if registers.isEmpty { registers = [UInt8](repeating: 0, count: Self.registerCount) }
        let index = Int(hash >> UInt64(64 - Self.precision))
        let rest = hash << UInt64(Self.precision)
        let rank = UInt8(min(rest.leadingZeroBitCount, 64 - Self.precision) + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    override func merge(_ other: Accumulator) throws {
        let o = other as! HyperLogLogAccumulator
        guard !o.registers.isEmpty else { return }
        if registers.isEmpty { registers = o.registers; return }
        for i in 0..<registers.count where o.registers[i] > registers[i] { registers[i] = o.registers[i] }
    }

    var estimate: Double {
        guard !registers.isEmpty else { return 0 }
        let m = Double(Self.registerCount)
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1.0 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        let raw = alpha * m * m / sum
        if raw <= 2.5 * m && zeros > 0 {
            return m * (m / Double(zeros)).logApprox
        }
        return raw
    }

    override func result() -> SQLValue { .int(Int64(estimate.rounded())) }
    override var estimatedBytes: Int { 48 + registers.count }
    override func makeEmpty() -> Accumulator { HyperLogLogAccumulator() }
    override func reset() { registers = [] }
}

extension Double {
    /// Natural log without importing libm into this file's callers.
    var logApprox: Double {
        #if canImport(Glibc)
        return Glibc.log(self)
        #else
        return Darwin.log(self)
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
