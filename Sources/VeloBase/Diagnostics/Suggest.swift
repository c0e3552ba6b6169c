/// "Did you mean …?" suggestions: the candidate closest to a misspelled word.
public enum Suggest {
    /// The candidate closest to `word` (case-insensitive optimal-string-alignment distance, so a swapped pair
    /// of letters counts once), or nil when nothing is close enough: at most 1 edit for words up to 4
    /// characters, 2 up to 8, else 3; failing that, the shortest candidate that begins with `word` (3 or more
    /// characters). An exact case-insensitive match wins; ties go to the earlier candidate.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let candidates = Array(candidates)
        let target = Array(word.lowercased())
        guard !target.isEmpty else { return nil }
        let limit = target.count <= 4 ? 1 : target.count <= 8 ? 2 : 3
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let d = distance(target, Array(candidate.lowercased()), limit: limit)
            if d <= limit, best == nil || d < best!.distance { best = (candidate, d) }
        }
        if let best { return best.candidate }
        // A word cut short (`device` for `device_id`, `int` for `integer`): the shortest candidate it begins.
        guard target.count >= 3 else { return nil }
        return candidates.filter { $0.lowercased().hasPrefix(String(target)) }.min { $0.count < $1.count }
    }

    /// Edit distance (insert, delete, substitute, swap adjacent) between two words.
    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a), Array(b), limit: Int.max)
    }

    private static func distance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, before[j - 2] + 1) }
                current[j] = d
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
