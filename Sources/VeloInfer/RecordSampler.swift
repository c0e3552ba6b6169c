/// Which records `--sample N` keeps.
public enum SampleFrom: String, Sendable, CaseIterable {
    /// The first N (reading stops there).
    case earliest
    /// The last N (a ring of N records).
    case latest
    /// A uniform random N over the whole input (a reservoir of N records, seeded).
    case random
}

/// Holds the raw records `latest` and `random` sampling keep until the input ends. Memory: N records.
public struct RecordSampler {
    public let size: Int
    public let from: SampleFrom
    package var kept: [(bytes: [UInt8], line: Int)] = []
    package var next = 0
    package var seen = 0
    package var rng: SplitMix64

    public init(size: Int, from: SampleFrom, seed: UInt64) {
        self.size = size
        self.from = from
        rng = SplitMix64(seed: seed)
    }

    public mutating func offer(_ record: UnsafeBufferPointer<UInt8>, line: Int) {
        seen += 1
        guard size > 0 else { return }
        if kept.count < size { kept.append((Array(record), line)); return }
        switch from {
        case .earliest: return
        case .latest:
            kept[next] = (Array(record), line)
            next = (next + 1) % size
        case .random:
            let j = Int(rng.next() % UInt64(seen))
            if j < size { kept[j] = (Array(record), line) }
        }
    }

    /// The kept records in input order.
    public var records: [(bytes: [UInt8], line: Int)] {
        from == .latest ? Array(kept[next...] + kept[..<next]) : kept.sorted { $0.line < $1.line }
    }
}
