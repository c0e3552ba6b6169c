/// "Did you mean …?": the closest candidate by edit distance, when it is close enough to be a likely typo.
public enum SQLSuggest {
    /// The candidate nearest to `word` (case-insensitive), if within about a third of its length.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().utf8)
        guard !target.isEmpty else { return nil }
        let limit = max(1, min(3, target.count / 3))
        var best: (String, Int)? = nil
        for candidate in candidates {
            let c = Array(candidate.lowercased().utf8)
            if c == target { continue }
            if abs(c.count - target.count) > limit { continue }
            let d = distance(target, c)
            if d <= limit, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    /// Damerau–Levenshtein distance (adjacent transpositions count as one edit).
    public static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
