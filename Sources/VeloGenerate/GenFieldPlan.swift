import VeloSchema

/// Everything needed to fill one field of each record, including its private random stream and state.
/// `source` is lowered into plain stored properties (a kind tag and the data it needs), because binding an
/// enum payload copies it, and each copy of an array or class costs an atomic retain on the hot path.
public struct GenFieldPlan: Sendable {
    package enum Kind: UInt8 { case integer, real, boolean, choice, pattern, text, uuid, timeRange, eventTime, date, reference, derived }

    public let index: Int
    public let name: String
    public let type: FieldType
    public let source: GenSource
    public let nullRate: Double
    package let kind: Kind
    package let number: GenNumber
    /// Enum values and the forced override value (last), in a flat table.
    package let constants: GenConstantTable
    package let picker: UInt8 // 0 uniform, 1 weighted, 2 zipf
    package let weighted: WeightedChoice
    package let zipf: ZipfSampler
    package let pattern: GenPattern
    /// text: length bounds; timeRange/date: value bounds.
    package let lo: Int64
    package let hi: Int64
    package let slotKind: GenSlot.Kind
    package let pool: GenPool?
    package let referenceZipfExponent: Double?
    package let expression: GenExpression?
    /// The share of `field = value P%`, with the value at `constants.count - 1`; 0 when none.
    package let forcedShare: Double
    package var rng: GenRandom
    package var sequence: Int64 = 0
    package var walk: [UInt64: Double] = [:]
    package var referenceZipf: ZipfSampler?
    private static let alphanumerics: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    public init(
        index: Int, name: String, type: FieldType, source: GenSource, nullRate: Double,
        forced: (value: GenConstant, share: Double)?, rng: GenRandom
    ) {
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
    package mutating func fill(_ record: inout GenRecord, eventMs: Int64) {
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
package struct GenConstantTable: Sendable {
    package let kinds: [GenSlot.Kind]
    package let ints: [Int64]
    package let doubles: [Double]
    package let bytes: [UInt8]
    /// Text of constant k: bytes[bounds[k]..<bounds[k + 1]].
    package let bounds: [Int]

    package init(_ values: [GenConstant]) {
        kinds = values.map(\.kind)
        ints = values.map(\.int)
        doubles = values.map(\.double)
        var bytes: [UInt8] = [], bounds = [0]
        for v in values { bytes += v.bytes; bounds.append(bytes.count) }
        self.bytes = bytes
        self.bounds = bounds
    }

    package var count: Int { kinds.count }

    @inline(__always)
    package func write(_ k: Int, into record: inout GenRecord, field i: Int) {
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
