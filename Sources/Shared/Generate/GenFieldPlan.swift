#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A constant a field can emit (an enum value, a forced override value), prepared once.
public struct GenConstant: Sendable {
    public var kind: GenSlot.Kind
    public var int: Int64 = 0
    public var double: Double = 0
    public var bytes: [UInt8] = []

    @inline(__always)
    func write(into record: inout GenRecord, field i: Int) {
        switch kind {
        case .text, .rawNumber: record.setText(i, bytes, kind: kind)
        case .double: record.setDouble(i, double)
        case .null: record.setNull(i)
        default: record.setTime(i, kind, int)
        }
    }
}

/// How a numeric field draws its values. Bounds are inclusive; infinite when the schema sets no range and the
/// distribution needs none.
public struct GenNumber: Sendable {
    public enum Shape: Sendable {
        case uniform
        case normal(mean: Double, stdDev: Double)
        case logNormal(mean: Double, stdDev: Double)
        case zipf(ZipfSampler)
        /// Geometric Brownian motion, one path per value of the field at `group` (a schema index).
        case walk(RandomWalk, group: Int?)
    }

    public var shape: Shape
    public var lo: Double
    public var hi: Double
    /// Integers are drawn exactly (uniform) or rounded, and kept within ceil(lo)...floor(hi).
    public var integer: Bool
    /// Decimal places a value is rounded to as it is drawn (decimal fields), so expressions see what is written.
    public var places: Int?

    var bounded: Bool { lo.isFinite && hi.isFinite }

    /// The next value. `walk` is the field's path state (per group).
    @inline(__always)
    func sample(_ rng: inout GenRandom, walkKey: UInt64, walk: inout [UInt64: Double]) -> Double {
        var value: Double
        switch shape {
        case .uniform:
            if integer { return Double(rng.next(in: Int64(lo.rounded(.up)), Int64(hi.rounded(.down)))) }
            value = lo + rng.nextDouble() * (hi - lo)
        case .normal(let mean, let sd):
            value = truncated(&rng) { mean + sd * $0.nextNormal() }
        case .logNormal(let mean, let sd):
            value = truncated(&rng) { exp(mean + sd * $0.nextNormal()) }
        case .zipf(let sampler):
            let base = lo.isFinite ? lo.rounded(.up) : 1
            value = base + Double(sampler.sample(&rng) - 1)
        case .walk(let parameters, _):
            value = step(parameters, &rng, key: walkKey, walk: &walk)
        }
        if let places {
            let scale = pow(10, Double(places))
            value = (value * scale).rounded() / scale
        }
        if integer {
            value = value.rounded()
            if lo.isFinite { value = Swift.max(value, lo.rounded(.up)) }
            if hi.isFinite { value = Swift.min(value, hi.rounded(.down)) }
        }
        return value
    }

    /// A draw from `draw` inside the bounds: redrawn a few times, then uniform over the bounds (a range far
    /// from the distribution's mass, e.g. after `--with "temp between 30 and 40"`, still gives values).
    @inline(__always)
    private func truncated(_ rng: inout GenRandom, _ draw: (inout GenRandom) -> Double) -> Double {
        for _ in 0..<32 {
            let v = draw(&rng)
            if v >= lo && v <= hi { return v }
        }
        if bounded { return lo + rng.nextDouble() * (hi - lo) }
        return lo.isFinite ? lo : hi
    }

    /// One step of the walk for `key`. Starts uniformly within the range (100...1000 without one). The move
    /// is multiplicative (GBM) while the value is far from zero and additive near it, so ranges around zero
    /// (temperatures) still move; leaving a bound reflects back inside unless the schema allows it.
    private func step(_ p: RandomWalk, _ rng: inout GenRandom, key: UInt64, walk: inout [UInt64: Double]) -> Double {
        guard let previous = walk[key] else {
            let start = bounded ? lo + rng.nextDouble() * (hi - lo) : 100 + rng.nextDouble() * 900
            walk[key] = start
            return start
        }
        let floor = bounded ? (hi - lo) * 0.05 : 1
        var next = previous + Swift.max(Swift.abs(previous), floor) * (p.drift + p.volatility * rng.nextNormal())
        if lo.isFinite, !p.allowBelowMin, next < lo { next = Swift.min(lo + (lo - next), hi.isFinite ? hi : .infinity) }
        if hi.isFinite, !p.allowAboveMax, next > hi { next = Swift.max(hi - (next - hi), lo.isFinite && !p.allowBelowMin ? lo : -.infinity) }
        walk[key] = next
        return next
    }
}

/// An enum field's values and how one is picked.
public struct GenChoice: Sendable {
    public enum Picker: Sendable {
        case uniform
        case weighted(WeightedChoice)
        /// The first value is the most frequent (enum with `distribution: zipf`).
        case zipf(ZipfSampler)
    }
    public var values: [GenConstant]
    public var picker: Picker

    @inline(__always)
    func pick(_ rng: inout GenRandom) -> Int {
        switch picker {
        case .uniform: Int(rng.next(below: UInt64(values.count)))
        case .weighted(let choice): choice.pick(&rng)
        case .zipf(let sampler): Int(sampler.sample(&rng)) - 1
        }
    }
}

/// Where a field's values come from.
public enum GenSource: Sendable {
    case integer(GenNumber)
    /// float or decimal.
    case real(GenNumber)
    case boolean
    case choice(GenChoice)
    case pattern(GenPattern)
    /// Random alphanumerics, length min...max.
    case text(min: Int, max: Int)
    case uuid
    /// Uniform epoch milliseconds, written as `kind` (.int or .timestamp).
    case timeRange(lo: Int64, hi: Int64, kind: GenSlot.Kind)
    /// The record's event time, written as `kind`.
    case eventTime(kind: GenSlot.Kind)
    /// Uniform days since the epoch.
    case date(lo: Int64, hi: Int64)
    /// A foreign key: a value of the referenced field (uniform, or Zipf-skewed to make hot keys).
    case reference(GenPool, zipf: Bool, exponent: Double)
    case derived(GenExpression, FieldType)
}

/// Everything needed to fill one field of each record, including its private random stream and state.
public struct GenFieldPlan: Sendable {
    public let index: Int
    public let name: String
    public let type: FieldType
    public let source: GenSource
    public let nullRate: Double
    /// An override `field = value P%`: the value and its share.
    public let forced: (value: GenConstant, share: Double)?
    var rng: GenRandom
    var sequence: Int64 = 0
    var walk: [UInt64: Double] = [:]
    var referenceZipf: ZipfSampler?
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    public init(index: Int, name: String, type: FieldType, source: GenSource, nullRate: Double,
                forced: (value: GenConstant, share: Double)?, rng: GenRandom) {
        self.index = index
        self.name = name
        self.type = type
        self.source = source
        self.nullRate = nullRate
        self.forced = forced
        self.rng = rng
    }

    /// Fills field `index` of `record`. Derived fields run after the others and may read them.
    @inline(__always)
    mutating func fill(_ record: inout GenRecord, eventMs: Int64) {
        let i = index
        sequence += 1
        if nullRate > 0, rng.nextDouble() < nullRate { record.setNull(i); return }
        if let forced, rng.nextDouble() < forced.share { forced.value.write(into: &record, field: i); return }
        switch source {
        case .integer(let number):
            let key = walkKey(number, record)
            record.setInt(i, Int64(number.sample(&rng, walkKey: key, walk: &walk)))
        case .real(let number):
            let key = walkKey(number, record)
            record.setDouble(i, number.sample(&rng, walkKey: key, walk: &walk))
        case .boolean:
            record.setBool(i, rng.next() & 1 == 1)
        case .choice(let choice):
            choice.values[choice.pick(&rng)].write(into: &record, field: i)
        case .pattern(let pattern):
            record.beginText(i)
            pattern.generate(into: &record.arena, &rng, sequence: sequence)
            record.endText(i)
        case .text(let min, let max):
            let length = min == max ? min : Int(rng.next(in: Int64(min), Int64(max)))
            record.beginText(i)
            for _ in 0..<length {
                record.arena.append(GenFieldPlan.alphanumerics[Int(rng.next(below: 62))])
            }
            record.endText(i)
        case .uuid:
            record.beginText(i)
            GenFormat.appendUUID(&rng, to: &record.arena)
            record.endText(i)
        case .timeRange(let lo, let hi, let kind):
            record.setTime(i, kind, rng.next(in: lo, hi))
        case .eventTime(let kind):
            record.setTime(i, kind, eventMs)
        case .date(let lo, let hi):
            record.setTime(i, .date, rng.next(in: lo, hi))
        case .reference(let pool, let zipf, let exponent):
            let index: Int
            if zipf {
                // The pool is complete once this schema starts, so the sampler is built on first use.
                if referenceZipf == nil { referenceZipf = ZipfSampler(n: Int64(pool.count), exponent: exponent) }
                index = Int(referenceZipf!.sample(&rng)) - 1
            } else {
                index = Int(rng.next(below: UInt64(pool.count)))
            }
            pool.copy(index, into: &record, field: i)
        case .derived(let expression, let type):
            let value = expression.evaluate(&rng) { record.value($0) }
            record.set(i, value, as: type)
        }
    }

    @inline(__always)
    private func walkKey(_ number: GenNumber, _ record: GenRecord) -> UInt64 {
        if case .walk(_, let group?) = number.shape { return record.groupKey(group) }
        return 0
    }
}
