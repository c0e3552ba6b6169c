/// US dollars per million tokens: Anthropic's list prices as of November 2026.
/// Unknown models cost 0 in the draft's `usage.cost_usd`: an estimate is never invented.
package enum ModelPricing {
    struct Price { var input: Double; var output: Double; var cacheWrite: Double; var cacheRead: Double }

    static let table: [String: Price] = [
        "claude-sonnet-5-5": Price(input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.10),
        "claude-opus-5-5": Price(input: 4, output: 20, cacheWrite: 5, cacheRead: 0.20),
        "claude-haiku-5-5": Price(input: 0.10, output: 0.50, cacheWrite: 0.125, cacheRead: 0.01),
        "claude-fable-5-2": Price(input: 8, output: 40, cacheWrite: 10, cacheRead: 0.20),
        "claude-sonnet-5": Price(input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.20),
        "claude-sonnet-4-6": Price(input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.30),
        "claude-sonnet-4-5": Price(input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.30),
        "claude-haiku-4-5": Price(input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.10)
    ]

    package static func cost(model: String, input: Int, output: Int, cacheWrite: Int = 0, cacheRead: Int = 0) -> Double {
        let key = table.keys.filter { model.hasPrefix($0) }.max { $0.count < $1.count }
        guard let key, let p = table[key] else { return 0 }
        return (Double(input) * p.input + Double(output) * p.output + Double(cacheWrite) * p.cacheWrite + Double(cacheRead) * p.cacheRead) / 1e6
    }
}
