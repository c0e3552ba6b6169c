#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HyperLogLog with 2^12 one-byte registers (about 1.6 % standard error, 4 KiB), with linear counting for
/// small sets. velo-infer estimates distinct values with it once exact tracking stops; the engine's
/// APPROX_COUNT_DISTINCT keeps one per group. Callers supply a 64-bit hash with full avalanche.
public struct HyperLogLog: Sendable {
    package static let bits = 12
    /// Allocated on the first value, so fields that never need it cost nothing.
    package var registers: [UInt8] = []

    public init() {}

    @inline(__always) public mutating func add(hash: UInt64) {
        if registers.isEmpty { registers = [UInt8](repeating: 0, count: 1 << HyperLogLog.bits) }
        let index = Int(hash >> UInt64(64 - HyperLogLog.bits))
        let rank = UInt8(min((hash << UInt64(HyperLogLog.bits)).leadingZeroBitCount + 1, 64 - HyperLogLog.bits + 1))
        registers.withUnsafeMutableBufferPointer { if $0[index] < rank { $0[index] = rank } }
    }

    /// Folds another estimator in (register-wise maximum): the union of both streams.
    public mutating func merge(_ other: HyperLogLog) {
        guard !other.registers.isEmpty else { return }
        if registers.isEmpty { registers = other.registers; return }
        for i in registers.indices where other.registers[i] > registers[i] { registers[i] = other.registers[i] }
    }

    /// Bytes held by the registers.
    public var byteCount: Int { registers.count }

    public var estimate: Double {
        if registers.isEmpty { return 0 }
        let m = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1.0 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let raw = 0.7213 / (1 + 1.079 / m) * m * m / sum
        if raw <= 2.5 * m, zeros > 0 { return m * log(m / Double(zeros)) } // linear counting for small sets
        return raw
    }
}
