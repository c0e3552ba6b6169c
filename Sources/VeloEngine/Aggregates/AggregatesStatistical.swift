import VeloJSON

/// Variance/standard deviation (Welford, merged with Chan et al.), co-moments for CORR/COVAR/REGR,
/// exact percentiles, STRING_AGG. These are numerically stable and mergeable for session windows.
package final class MomentsAccumulator: Accumulator {
    package enum Kind { case varianceSample, variancePopulation, stddevSample, stddevPopulation }
    package let kind: Kind
    package var n: Double = 0, mean: Double = 0, m2: Double = 0
    package init(_ kind: Kind) { self.kind = kind }

    package override func add(_ value: SQLValue) throws {
        if value.isNull { return }
        let x: Double
        if case .double(let d) = value { x = d } else { x = try AggregateFunctions.numeric(value, "STDDEV").doubleValue! }
        n += 1
        let delta = x - mean
        mean += delta / n
        m2 += delta * (x - mean)
    }
    package override var canRefuse: Bool { true }
    package override func check(_ x: SQLValue, _ y: SQLValue?) throws {
        if !x.isNull { _ = try AggregateFunctions.numeric(x, "STDDEV") }
    }

    package override func merge(_ other: Accumulator) throws {
        let o = try sameKind(other, as: MomentsAccumulator.self)
        guard o.n > 0 else { return }
        guard n > 0 else { n = o.n; mean = o.mean; m2 = o.m2; return }
        let total = n + o.n
        let delta = o.mean - mean
        m2 += o.m2 + delta * delta * n * o.n / total
        mean += delta * o.n / total
        n = total
    }

    package override func result() -> SQLValue {
        switch kind {
        case .varianceSample: return n < 2 ? .null : .double(m2 / (n - 1))
        case .variancePopulation: return n < 1 ? .null : .double(m2 / n)
        case .stddevSample: return n < 2 ? .null : .double((m2 / (n - 1)).squareRoot())
        case .stddevPopulation: return n < 1 ? .null : .double((m2 / n).squareRoot())
        }
    }
    package override func makeEmpty() -> Accumulator { MomentsAccumulator(kind) }
    package override func reset() { n = 0; mean = 0; m2 = 0 }
}

package final class CoMomentsAccumulator: Accumulator {
    package enum Kind { case correlation, covariancePopulation, covarianceSample, slope, intercept, r2, count, averageX, averageY }
    package let kind: Kind
    package var n: Double = 0, meanX: Double = 0, meanY: Double = 0, m2X: Double = 0, m2Y: Double = 0, c: Double = 0
    package init(_ kind: Kind) { self.kind = kind }

    package override func add(_ value: SQLValue) throws {
        throw RuntimeError.badArgument("CORR", "needs two arguments")
    }

    package override var canRefuse: Bool { true }
    package override func check(_ x: SQLValue, _ y: SQLValue?) throws {
        guard let y else { throw RuntimeError.badArgument("CORR", "needs two arguments") }
        if x.isNull || y.isNull { return }
        _ = try AggregateFunctions.numeric(x, "CORR")
        _ = try AggregateFunctions.numeric(y, "CORR")
    }

    /// Pairs with a NULL on either side are skipped.
    package override func add(_ xv: SQLValue, _ yv: SQLValue) throws {
        if xv.isNull || yv.isNull { return }
        let x = try AggregateFunctions.numeric(xv, "CORR").doubleValue!
        let y = try AggregateFunctions.numeric(yv, "CORR").doubleValue!
        n += 1
        let dx = x - meanX
        meanX += dx / n
        let dy = y - meanY
        meanY += dy / n
        m2X += dx * (x - meanX)
        m2Y += dy * (y - meanY)
        c += dx * (y - meanY)
    }

    package override func merge(_ other: Accumulator) throws {
        let o = try sameKind(other, as: CoMomentsAccumulator.self)
        guard o.n > 0 else { return }
        guard n > 0 else { n = o.n; meanX = o.meanX; meanY = o.meanY; m2X = o.m2X; m2Y = o.m2Y; c = o.c; return }
        let total = n + o.n
        let dx = o.meanX - meanX, dy = o.meanY - meanY
        let f = n * o.n / total
        m2X += o.m2X + dx * dx * f
        m2Y += o.m2Y + dy * dy * f
        c += o.c + dx * dy * f
        meanX += dx * o.n / total
        meanY += dy * o.n / total
        n = total
    }

    package override func result() -> SQLValue {
        switch kind {
        case .count: return .int(Int64(n))
        case .averageX: return n < 1 ? .null : .double(meanX)
        case .averageY: return n < 1 ? .null : .double(meanY)
        case .covariancePopulation: return n < 1 ? .null : .double(c / n)
        case .covarianceSample: return n < 2 ? .null : .double(c / (n - 1))
        case .correlation:
            guard n >= 2, m2X > 0, m2Y > 0 else { return .null }
            return .double(c / (m2X * m2Y).squareRoot())
        case .slope:
            guard n >= 1, m2X > 0 else { return .null }
            return .double(c / m2X)
        case .intercept:
            guard n >= 1, m2X > 0 else { return .null }
            return .double(meanY - (c / m2X) * meanX)
        case .r2:
            guard n >= 1, m2X > 0 else { return .null }
            if m2Y == 0 { return .double(1) }
            return .double((c * c) / (m2X * m2Y))
        }
    }
    package override func makeEmpty() -> Accumulator { CoMomentsAccumulator(kind) }
    package override func reset() { n = 0; meanX = 0; meanY = 0; m2X = 0; m2Y = 0; c = 0 }
}

/// Exact MEDIAN / PERCENTILE_CONT (linear interpolation between the two nearest ranks, as PostgreSQL)
/// and PERCENTILE_DISC (the first value whose cumulative share reaches p). Holds every value, sorted
/// lazily when a result is asked for.
package final class PercentileAccumulator: Accumulator {
    package let p: Double
    package let continuous: Bool
    package var values: [Double] = []
    package var sorted = true
    package var allIntegers = true
    package var allDecimalScale: UInt8? = nil
    package var sawDecimal = false
    package var sawOther = false

    package init(p: Double, continuous: Bool) {
        self.p = p
        self.continuous = continuous
    }

    package override var canRefuse: Bool { true }
    package override func check(_ x: SQLValue, _ y: SQLValue?) throws {
        if !x.isNull { _ = try AggregateFunctions.numeric(x, "PERCENTILE") }
    }

    package override func add(_ value: SQLValue) throws {
        if value.isNull { return }
        let v = try AggregateFunctions.numeric(value, "PERCENTILE")
        switch v {
        case .int: break
        case .decimal(let d):
            sawDecimal = true
            allDecimalScale = max(allDecimalScale ?? 0, d.scale)
            allIntegers = false
        default: allIntegers = false; sawOther = true
        }
        let d = v.doubleValue!
        if sorted, let last = values.last, d < last { sorted = false }
        values.append(d)
    }

    package override func merge(_ other: Accumulator) throws {
        let o = try sameKind(other, as: PercentileAccumulator.self)
        values.append(contentsOf: o.values)
        sorted = false
        allIntegers = allIntegers && o.allIntegers
        sawOther = sawOther || o.sawOther
        sawDecimal = sawDecimal || o.sawDecimal
        if let s = o.allDecimalScale { allDecimalScale = max(allDecimalScale ?? 0, s) }
    }

    package override func result() -> SQLValue {
        guard !values.isEmpty else { return .null }
        if !sorted { values.sort(); sorted = true }
        if continuous {
            let position = p * Double(values.count - 1)
            let lower = Int(position.rounded(.down))
            let upper = min(lower + 1, values.count - 1)
            let frac = position - Double(lower)
            return .double(values[lower] + (values[upper] - values[lower]) * frac)
        }
        let rank = max(1, Int((p * Double(values.count)).rounded(.up)))
        let v = values[min(rank, values.count) - 1]
        if allIntegers { return .int(Int64(v)) }
        if sawDecimal && !sawOther, let s = allDecimalScale, let d = try? SQLDecimal(double: v, scale: s) { return .decimal(d) }
        return .double(v)
    }

    package override var estimatedBytes: Int { 64 + values.capacity * 8 }
    package override func makeEmpty() -> Accumulator { PercentileAccumulator(p: p, continuous: continuous) }
    package override func reset() {
        values.removeAll()
        sorted = true; allIntegers = true; allDecimalScale = nil; sawDecimal = false; sawOther = false
    }
}

/// STRING_AGG(x, sep): non-NULL values as text in arrival order; NULL when there were none.
package final class StringAggAccumulator: Accumulator {
    package let separator: String
    package var text = ""
    package var count = 0
    package init(separator: String) { self.separator = separator }
    package override func add(_ value: SQLValue) throws {
        if value.isNull { return }
        if count > 0 { text += separator }
        text += ScalarFunctions.string(value)
        count += 1
    }
    package override func merge(_ other: Accumulator) throws {
        let o = try sameKind(other, as: StringAggAccumulator.self)
        guard o.count > 0 else { return }
        if count > 0 { text += separator }
        text += o.text
        count += o.count
    }
    package override func result() -> SQLValue { count == 0 ? .null : .string(text) }
    package override var estimatedBytes: Int { 48 + text.utf8.count }
    package override func makeEmpty() -> Accumulator { StringAggAccumulator(separator: separator) }
    package override func reset() { text = ""; count = 0 }
}

/// ARRAY_AGG/COLLECT_LIST: the non-NULL values as a JSON array in arrival order; NULL when there were none.
package final class ArrayAggAccumulator: Accumulator {
    package var items: [JSONValue] = []
    package var bytes = 0
    package override func add(_ value: SQLValue) throws {
        if value.isNull { return }
        items.append(value.jsonValue)
        bytes += 24 + value.estimatedHeapBytes
    }
    package override func merge(_ other: Accumulator) throws {
        let o = try sameKind(other, as: ArrayAggAccumulator.self)
        items.append(contentsOf: o.items)
        bytes += o.bytes
    }
    package override func result() -> SQLValue { items.isEmpty ? .null : .json(.array(items)) }
    package override var estimatedBytes: Int { 48 + bytes }
    package override func makeEmpty() -> Accumulator { ArrayAggAccumulator() }
    package override func reset() { items.removeAll(); bytes = 0 }
}
