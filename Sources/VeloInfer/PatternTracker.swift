/// Learns the shape of structured identifiers: every value is cut into runs of upper-case letters, lower-case
/// letters and digits, and single other characters. While all values share the same run sequence the field
/// has a pattern (`ORD-000123` → `ORD-[0-9]{6}`, or `ORD-{seq:6}` when the number counts up by one).
/// One differing value ends tracking for good, so free text costs almost nothing after its first few values.
public struct PatternTracker: Sendable {
    public enum RunClass: UInt8, Sendable { case upper, lower, digit, literal }

    public struct Run: Sendable, Equatable {
        public var cls: RunClass
        public var minLength: Int
        public var maxLength: Int
        /// The run's text while it is the same in every value (a literal prefix such as `ORD`).
        public var constant: [UInt8]?
    }

    public private(set) var runs: [Run] = []
    public private(set) var alive = true
    public private(set) var values = 0
    /// For the last digit run: consecutive values that were the previous value plus one.
    public private(set) var increments = 0
    package var previousNumber: Int64 = -1

    package static let maxLength = 64

    public init() {}

    @inline(__always) package static func classOf(_ b: UInt8) -> RunClass? {
        if b &- 0x41 < 26 { return .upper }
        if b &- 0x61 < 26 { return .lower }
        if b &- 0x30 < 10 { return .digit }
        if b >= 0x80 || b < 0x20 { return nil }
        return .literal
    }

    public mutating func add(_ s: UnsafeBufferPointer<UInt8>) {
        guard alive else { return }
        guard !s.isEmpty, s.count <= PatternTracker.maxLength else { kill(); return }
        if values == 0 { first(s); return }
        // Compare run by run against the learned shape, without building a token list.
        var digitStart = -1, digitEnd = -1
        let ok = runs.withUnsafeMutableBufferPointer { runs -> Bool in
            var i = 0
            var k = 0
            while i < s.count {
                guard let cls = PatternTracker.classOf(s[i]), k < runs.count, runs[k].cls == cls else { return false }
                var j = i + 1
                if cls == .literal {
                    guard runs[k].constant![0] == s[i] else { return false }
                } else {
                    while j < s.count, PatternTracker.classOf(s[j]) == cls { j += 1 }
                    let length = j - i
                    if length < runs[k].minLength { runs[k].minLength = length }
                    if length > runs[k].maxLength { runs[k].maxLength = length }
                    if let c = runs[k].constant,
                        !(c.count == length && c.withUnsafeBufferPointer { memcmp($0.baseAddress!, s.baseAddress! + i, length) == 0 })
                    {
                        runs[k].constant = nil
                    }
                    if cls == .digit { digitStart = i; digitEnd = j }
                }
                k += 1
                i = j
            }
            return k == runs.count
        }
        guard ok else { kill(); return }
        track(s, digitStart, digitEnd)
        values += 1
    }

    package mutating func first(_ s: UnsafeBufferPointer<UInt8>) {
        var i = 0
        var digitStart = -1, digitEnd = -1
        while i < s.count {
            guard let cls = PatternTracker.classOf(s[i]) else { kill(); return }
            var j = i + 1
            if cls != .literal { while j < s.count, PatternTracker.classOf(s[j]) == cls { j += 1 } }
            if cls == .digit { digitStart = i; digitEnd = j }
            runs.append(Run(cls: cls, minLength: j - i, maxLength: j - i, constant: Array(s[i..<j])))
            i = j
        }
        track(s, digitStart, digitEnd)
        values += 1
    }

    /// Sequence tracking on the last digit run.
    @inline(__always) package mutating func track(_ s: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) {
        guard from >= 0, to - from <= 18 else { return }
        var n: Int64 = 0
        for p in from..<to { n = n * 10 + Int64(s[p] &- 0x30) }
        if values > 0 && n == previousNumber + 1 { increments += 1 }
        previousNumber = n
    }

    package mutating func kill() {
        alive = false
        runs = []
    }

    public var hasDigits: Bool { runs.contains { $0.cls == .digit } }

    /// True when every value after the first was the previous plus one in its last digit run (99 % allowed,
    /// so a few gaps from sampling or dropped messages still count) and all other runs are constant.
    public var isSequential: Bool {
        guard alive, values >= 3, let last = runs.lastIndex(where: { $0.cls == .digit }) else { return false }
        for k in runs.indices where k != last && runs[k].constant == nil { return false }
        return Double(increments) >= 0.99 * Double(values - 1)
    }

    /// The pattern text: constant runs literally, varying runs as classes with `{n}` or `{min,max}`.
    /// Sequential ids become `PREFIX{seq:W}` (W = digit width, fixed widths only).
    public func pattern() -> String? {
        guard alive, values > 0 else { return nil }
        let last = runs.lastIndex(where: { $0.cls == .digit })
        if isSequential, let last, runs[last].minLength == runs[last].maxLength {
            var text = ""
            for k in runs.indices {
                if k == last { text += "{seq:\(runs[k].minLength)}" } else { text += String(decoding: runs[k].constant!, as: UTF8.self) }
            }
            return text
        }
        var text = ""
        for run in runs {
            if let c = run.constant, values > 1, run.cls != .digit {
                text += run.cls == .literal ? PatternTracker.escape(c[0]) : String(decoding: c, as: UTF8.self)
                continue
            }
            switch run.cls {
            case .upper: text += "[A-Z]"
            case .lower: text += "[a-z]"
            case .digit: text += "[0-9]"
            case .literal: text += PatternTracker.escape(run.constant?[0] ?? UInt8(ascii: "?"))
            }
            if run.cls != .literal {
                text += run.minLength == run.maxLength ? "{\(run.minLength)}" : "{\(run.minLength),\(run.maxLength)}"
            }
        }
        return text
    }

    package static func escape(_ b: UInt8) -> String {
        let c = Character(Unicode.Scalar(b))
        return "\\^$.|?*+()[]{}".contains(c) ? "\\\(c)" : String(c)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
