import VeloBase

/// "Did you mean …?" for SQL: the shared `Suggest`, never offering back the word itself.
package enum SQLSuggest {
    package static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let lower = word.lowercased()
        return Suggest.closest(to: word, among: candidates.filter { $0.lowercased() != lower })
    }
}
