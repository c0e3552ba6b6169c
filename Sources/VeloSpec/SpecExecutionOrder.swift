import VeloBase

/// The order queries run in: a query after every query it reads through `from_previous` or lists in
/// `dependencies` (a topological sort that keeps file order among independent queries). Velostream falls
/// back to file order on a cycle; so does Velo, with a warning naming the cycle.
public struct SpecExecutionOrder: Sendable {
    public var queries: [SpecQuery]
    public var warnings: [Diagnostic]

    public init(_ spec: TestSpec) {
        let names = spec.queries.map(\.name)
        let index = Dictionary(spec.queries.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        // Edges to queries of this spec only (dependencies may name statements outside it).
        let needs: [[Int]] = spec.queries.map { q in
            let wanted = q.inputs.compactMap(\.fromPrevious) + q.dependencies
            var seen: [Int] = []
            for name in wanted { if let i = index[name], i != index[q.name], !seen.contains(i) { seen.append(i) } }
            return seen
        }
        var state = [UInt8](repeating: 0, count: names.count) // 0 new, 1 on the path, 2 placed
        var order: [Int] = []
        var cycle: [String]?
        func visit(_ i: Int, _ path: [Int]) {
            if state[i] == 2 || cycle != nil { return }
            if state[i] == 1 {
                let start = path.firstIndex(of: i) ?? 0
                cycle = (path[start...] + [i]).map { names[$0] }
                return
            }
            state[i] = 1
            for j in needs[i] { visit(j, path + [i]) }
            state[i] = 2
            order.append(i)
        }
        for i in names.indices { visit(i, []) }
        if let cycle {
            queries = spec.queries
            let first = spec.queries.first { $0.name == cycle.first }
            warnings = [
                Diagnostic(
                    .warning, "queries depend on each other in a cycle: \(cycle.joined(separator: " → ")); running them in file order",
                    location: first?.location,
                    hint: "a query's from_previous or dependencies must name a query that does not read it back")
            ]
        } else {
            queries = order.map { spec.queries[$0] }
            warnings = []
        }
    }

    public var names: [String] { queries.map(\.name) }
}
