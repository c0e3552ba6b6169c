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
        case .text, .plainText, .rawNumber: record.setText(i, bytes, kind: kind)
        case .double: record.setDouble(i, double)
        case .null: record.setNull(i)
        default: record.setTime(i, kind, int)
        }
    }
}

/// How a numeric field draws its values. Bounds are inclusive; infinite when the schema sets no range and the
/// distribution needs none. Every stored property is a plain value, so the hot path copies nothing counted.
public struct GenNumber: Sendable {
    public enum Shape: Sendable {
        case uniform
        case normal(mean: Double, stdDev: Double)
        case logNormal(mean: Double, stdDev: Double)
        case zipf(ZipfSampler)
        /// Geometric Brownian motion, one path per value of the field at `group` (a schema index).
        case walk(RandomWalk, group: Int?)
    }

    enum Kind: UInt8 { case uniform, normal, logNormal, zipf, walk }

    let kind: Kind
    let mean: Double
    let stdDev: Double
    let zipf: ZipfSampler
    let drift: Double
    let volatility: Double
    let allowBelowMin: Bool
    let allowAboveMax: Bool
    /// The schema index of the random walk's `group_by` field, if any.
    public let group: Int?
    public let lo: Double
    public let hi: Double
    /// Integers are drawn exactly (uniform) or rounded, and kept within ceil(lo)...floor(hi).
    public let integer: Bool
    /// Decimal places a value is rounded to as it is drawn (decimal fields), so expressions see what is written.
    public let places: Int?
    private let scale: Double

    public init(shape: Shape, lo: Double, hi: Double, integer: Bool, places: Int?) {
        var kind = Kind.uniform, mean = 0.0, sd = 0.0, zipf = ZipfSampler(n: 1, exponent: 1)
        var walk = RandomWalk(), group: Int?
        switch shape {
        case .uniform: break
        case .normal(let m, let s): kind = .normal; mean = m; sd = s
        case .logNormal(let m, let s): kind = .logNormal; mean = m; sd = s
        case .zipf(let sampler): kind = .zipf; zipf = sampler
        case .walk(let w, let g): kind = .walk; walk = w; group = g
        }
        self.kind = kind
        self.mean = mean
        self.stdDev = sd
        self.zipf = zipf
        self.drift = walk.drift
        self.volatility = walk.volatility
        self.allowBelowMin = walk.allowBelowMin
        self.allowAboveMax = walk.allowAboveMax
        self.group = group
        self.lo = lo
        self.hi = hi
        self.integer = integer
        self.places = places
        self.scale = pow(10, Double(places ?? 0))
    }

    var bounded: Bool { lo.isFinite && hi.isFinite }

    /// The next value. `walk` is the field's path state (per group).
    @inline(__always)
    func sample(_ rng: inout GenRandom, walkKey: UInt64, walk: inout [UInt64: Double]) -> Double {
        var value: Double
        switch kind {
        case .uniform:
            if integer { return Double(rng.next(in: Int64(lo.rounded(.up)), Int64(hi.rounded(.down)))) }
            value = lo + rng.nextDouble() * (hi - lo)
        case .normal:
            value = truncated(&rng, log: false)
        case .logNormal:
            value = truncated(&rng, log: true)
        case .zipf:
            let base = lo.isFinite ? lo.rounded(.up) : 1
            value = base + Double(zipf.sample(&rng) - 1)
        case .walk:
            value = step(&rng, key: walkKey, walk: &walk)
        }
        if places != nil { value = (value * scale).rounded() / scale }
        if integer {
            value = value.rounded()
            if lo.isFinite { value = Swift.max(value, lo.rounded(.up)) }
            if hi.isFinite { value = Swift.min(value, hi.rounded(.down)) }
        }
        return value
    }

    /// A normal (or log-normal) draw inside the bounds: redrawn a few times, then uniform over the bounds (a
    /// range far from the distribution's mass, e.g. after `--with "temp between 30 and 40"`, still gives values).
    @inline(__always)
    private func truncated(_ rng: inout GenRandom, log: Bool) -> Double {
        for _ in 0..<32 {
            var v = mean + stdDev * rng.nextNormal()
            if log { v = exp(v) }
            if v >= lo && v <= hi { return v }
        }
        if bounded { return lo + rng.nextDouble() * (hi - lo) }
        return lo.isFinite ? lo : hi
    }

    /// One step of the walk for `key`. Starts uniformly within the range (100...1000 without one). The move
    /// is multiplicative (GBM) while the value is far from zero and additive near it, so ranges around zero
    /// (temperatures) still move; leaving a bound reflects back inside unless the schema allows it.
    private func step(_ rng: inout GenRandom, key: UInt64, walk: inout [UInt64: Double]) -> Double {
        guard let previous = walk[key] else {
            let start = bounded ? lo + rng.nextDouble() * (hi - lo) : 100 + rng.nextDouble() * 900
            walk[key] = start
            return start
        }
        let floor = bounded ? (hi - lo) * 0.05 : 1
        var next = previous + Swift.max(Swift.abs(previous), floor) * (drift + volatility * rng.nextNormal())
        if lo.isFinite, !allowBelowMin, next < lo { next = Swift.min(lo + (lo - next), hi.isFinite ? hi : .infinity) }
        if hi.isFinite, !allowAboveMax, next > hi { next = Swift.max(hi - (next - hi), lo.isFinite && !allowBelowMin ? lo : -.infinity) }
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
/// `source` is lowered into plain stored properties (a kind tag and the data it needs), because binding an
/// enum payload copies it, and each copy of an array or class costs an atomic retain on the hot path.
public struct GenFieldPlan: Sendable {
    enum Kind: UInt8 { case integer, real, boolean, choice, pattern, text, uuid, timeRange, eventTime, date, reference, derived }

    public let index: Int
    public let name: String
    public let type: FieldType
    public let source: GenSource
    public let nullRate: Double
    let kind: Kind
    let number: GenNumber
    /// Enum values and the forced override value (last), in a flat table.
    let constants: GenConstantTable
    let picker: UInt8 // 0 uniform, 1 weighted, 2 zipf
    let weighted: WeightedChoice
    let zipf: ZipfSampler
    let pattern: GenPattern
    /// text: length bounds; timeRange/date: value bounds.
    let lo: Int64
    let hi: Int64
    let slotKind: GenSlot.Kind
    let pool: GenPool?
    let referenceZipfExponent: Double?
    let expression: GenExpression?
    /// The share of `field = value P%`, with the value at `constants.count - 1`; 0 when none.
    let forcedShare: Double
    var rng: GenRandom
    var sequence: Int64 = 0
    var walk: [UInt64: Double] = [:]
    var referenceZipf: ZipfSampler?
    private static let alphanumerics: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    public init(index: Int, name: String, type: FieldType, source: GenSource, nullRate: Double,
                forced: (value: GenConstant, share: Double)?, rng: GenRandom) {
        self.index = index
        self.name = name
        self.type = type
        self.source = source
        self.nullRate = nullRate
        self.rng = rng
        var kind = Kind.boolean
        var number = GenNumber(shape: .uniform, lo: 0, hi: 0, integer: false, places: nil)
        var values: [GenConstant] = []
        var picker: UInt8 = 0
        var weighted = WeightedChoice(weights: [1])
        var zipf = ZipfSampler(n: 1, exponent: 1)
        var pattern = try! GenPattern("")
        var lo: Int64 = 0, hi: Int64 = 0
        var slotKind = GenSlot.Kind.null
        var pool: GenPool?
        var referenceZipfExponent: Double?
        var expression: GenExpression?
        switch source {
        case .integer(let n): kind = .integer; number = n
        case .real(let n): kind = .real; number = n
        case .boolean: kind = .boolean
        case .choice(let choice):
            kind = .choice
            values = choice.values
            switch choice.picker {
            case .uniform: picker = 0
            case .weighted(let w): picker = 1; weighted = w
            case .zipf(let z): picker = 2; zipf = z
            }
        case .pattern(let p): kind = .pattern; pattern = p
        case .text(let min, let max): kind = .text; lo = Int64(min); hi = Int64(max)
        case .uuid: kind = .uuid
        case .timeRange(let l, let h, let k): kind = .timeRange; lo = l; hi = h; slotKind = k
        case .eventTime(let k): kind = .eventTime; slotKind = k
        case .date(let l, let h): kind = .date; lo = l; hi = h
        case .reference(let p, let z, let exponent): kind = .reference; pool = p; referenceZipfExponent = z ? exponent : nil
        case .derived(let e, _): kind = .derived; expression = e
        }
        if let forced { values.append(forced.value) }
        self.kind = kind
        self.number = number
        self.constants = GenConstantTable(values)
        self.picker = picker
        self.weighted = weighted
        self.zipf = zipf
        self.pattern = pattern
        self.lo = lo
        self.hi = hi
        self.slotKind = slotKind
        self.pool = pool
        self.referenceZipfExponent = referenceZipfExponent
        self.expression = expression
        self.forcedShare = forced?.share ?? 0
    }

    /// Fills field `index` of `record`. Derived fields run after the others and may read them.
    @inline(__always)
    mutating func fill(_ record: inout GenRecord, eventMs: Int64) {
        let i = index
        sequence += 1
        if nullRate > 0, rng.nextDouble() < nullRate { record.setNull(i); return }
        if forcedShare > 0, rng.nextDouble() < forcedShare { constants.write(constants.count - 1, into: &record, field: i); return }
        switch kind {
        case .integer:
            let key = number.group.map { record.groupKey($0) } ?? 0
            record.setInt(i, Int64(number.sample(&rng, walkKey: key, walk: &walk)))
        case .real:
            let key = number.group.map { record.groupKey($0) } ?? 0
            record.setDouble(i, number.sample(&rng, walkKey: key, walk: &walk))
        case .boolean:
            record.setBool(i, rng.next() & 1 == 1)
        case .choice:
            let count = constants.count - (forcedShare > 0 ? 1 : 0)
            let k: Int
            switch picker {
            case 1: k = weighted.pick(&rng)
            case 2: k = Int(zipf.sample(&rng)) - 1
            default: k = Int(rng.next(below: UInt64(count)))
            }
            constants.write(k, into: &record, field: i)
        case .pattern:
            record.beginText(i, kind: pattern.isPlain ? .plainText : .text)
            pattern.generate(into: &record.arena, &rng, sequence: sequence)
            record.endText(i)
        case .text:
            let length = lo == hi ? Int(lo) : Int(rng.next(in: lo, hi))
            record.beginText(i, kind: .plainText)
            GenFieldPlan.alphanumerics.withUnsafeBufferPointer { letters in
                for _ in 0..<length { record.arena.append(letters[Int(rng.next(below: 62))]) }
            }
            record.endText(i)
        case .uuid:
            record.beginText(i, kind: .plainText)
            GenFormat.appendUUID(&rng, to: &record.arena)
            record.endText(i)
        case .timeRange:
            record.setTime(i, slotKind, rng.next(in: lo, hi))
        case .eventTime:
            record.setTime(i, slotKind, eventMs)
        case .date:
            record.setTime(i, .date, rng.next(in: lo, hi))
        case .reference:
            guard let pool else { record.setNull(i); return }
            let index: Int
            if let exponent = referenceZipfExponent {
                // The pool is complete once this schema starts, so the sampler is built on first use.
                if referenceZipf == nil { referenceZipf = ZipfSampler(n: Int64(pool.count), exponent: exponent) }
                index = Int(referenceZipf!.sample(&rng)) - 1
            } else {
                index = Int(rng.next(below: UInt64(pool.count)))
            }
            pool.copy(index, into: &record, field: i)
        case .derived:
            guard let expression else { record.setNull(i); return }
            let value = expression.evaluate(&rng) { record.value($0) }
            record.set(i, value, as: type)
        }
    }
}

/// Constants in one flat table (kinds, numbers, and text bytes), so writing one copies bytes and nothing else.
struct GenConstantTable: Sendable {
    let kinds: [GenSlot.Kind]
    let ints: [Int64]
    let doubles: [Double]
    let bytes: [UInt8]
    /// Text of constant k: bytes[bounds[k]..<bounds[k + 1]].
    let bounds: [Int]

    init(_ values: [GenConstant]) {
        kinds = values.map(\.kind)
        ints = values.map(\.int)
        doubles = values.map(\.double)
        var bytes: [UInt8] = [], bounds = [0]
        for v in values { bytes += v.bytes; bounds.append(bytes.count) }
        self.bytes = bytes
        self.bounds = bounds
    }

    var count: Int { kinds.count }

    @inline(__always)
    func write(_ k: Int, into record: inout GenRecord, field i: Int) {
        let kind = kinds[k]
        switch kind {
        case .text, .plainText, .rawNumber:
            record.beginText(i, kind: kind)
            let start = bounds[k], end = bounds[k + 1]
            bytes.withUnsafeBufferPointer { record.arena.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end])) }
            record.endText(i)
        case .double: record.setDouble(i, doubles[k])
        case .null: record.setNull(i)
        default: record.setTime(i, kind, ints[k])
        }
    }
}
