import VeloBase
import VeloJSON

/// Streaming statistics of a string field: lengths, capped distinct counts, which special shapes every
/// value so far has had (uuid, date, timestamp, decimal text), time ranges and the id pattern.
/// Each shape check runs only while every earlier value matched it.
public struct StringStats: Sendable {
    public private(set) var count = 0
    public private(set) var minLength = Int.max
    public private(set) var maxLength = 0
    public var distinct: DistinctCounter
    public var hll = HyperLogLog()
    public var pattern = PatternTracker()

    public private(set) var allUUID = true
    public private(set) var allDateOrTimestamp = true
    public private(set) var dates = 0
    public private(set) var timestamps = 0
    /// Epoch ms bounds over dates (as midnight UTC) and timestamps.
    public private(set) var timeMin = Int64.max
    public private(set) var timeMax = Int64.min
    /// Numbers written as strings (`"12.50"`): all of them, with the digits after the point.
    public private(set) var allDecimalText = true
    public var decimalText: NumericStats

    public init(distinctCap: Int, reservoirSize: Int, seed: UInt64) {
        distinct = DistinctCounter(cap: distinctCap)
        decimalText = NumericStats(reservoirSize: reservoirSize, seed: seed ^ 0x5A5A, distinctCap: 0)
    }

    /// Characters, counted as Unicode scalars (bytes that do not continue a UTF-8 sequence).
    @inline(__always) package static func scalarCount(_ s: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for b in s where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    public mutating func add(_ s: UnsafeBufferPointer<UInt8>) {
        count += 1
        let length = StringStats.scalarCount(s)
        if length < minLength { minLength = length }
        if length > maxLength { maxLength = length }
        let hash = Hash64.bytes(s)
        hll.add(hash: hash)
        distinct.add(s, hash: hash)
        if allUUID && !TextShapes.isUUID(s) { allUUID = false }
        if allDateOrTimestamp { addTime(s) }
        if allDecimalText { addDecimalText(s) }
        pattern.add(s)
    }

    package mutating func addTime(_ s: UnsafeBufferPointer<UInt8>) {
        let millis: Int64
        if let days = TextShapes.date(s) {
            dates += 1
            millis = Int64(days) * 86_400_000
        } else if let ts = TextShapes.timestamp(s) {
            timestamps += 1
            millis = ts
        } else {
            allDateOrTimestamp = false
            return
        }
        if millis < timeMin { timeMin = millis }
        if millis > timeMax { timeMax = millis }
    }

    /// `-?digits.digits` only: integers-as-strings are often codes (zip codes, leading zeros), so they stay strings.
    package mutating func addDecimalText(_ s: UnsafeBufferPointer<UInt8>) {
        var i = 0
        var negative = false
        if i < s.count, s[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var mantissa: Int64 = 0
        var intDigits = 0
        while i < s.count, TextShapes.isDigit(s[i]) { mantissa = mantissa &* 10 &+ Int64(s[i] &- 0x30); intDigits += 1; i += 1 }
        guard intDigits > 0, intDigits <= 15, i < s.count, s[i] == UInt8(ascii: ".") else { allDecimalText = false; return }
        i += 1
        var places = 0
        while i < s.count, TextShapes.isDigit(s[i]) { mantissa = mantissa &* 10 &+ Int64(s[i] &- 0x30); places += 1; i += 1 }
        guard places > 0, places <= 9, i == s.count, intDigits + places <= 17 else { allDecimalText = false; return }
        let value = Double(mantissa) / NumberText.powersOfTen[places]
        decimalText.addFloat(negative ? -value : value, places: places)
    }

    /// Distinct values: exact while under the cap, else the HyperLogLog estimate.
    public var distinctEstimate: Double {
        distinct.overflowed ? hll.estimate : Double(distinct.distinct)
    }
}
