/// A YAML document's size with every alias expanded ("billion laughs": a few lines whose aliases of aliases
/// expand to billions of nodes). The YAML library shares an alias's node rather than copying it, so the
/// composed tree is small; only walking it expands it. Every tool checks this before walking, so such a
/// file is refused in bounded time and memory.
public enum YAMLExpansion {
    /// The most nodes a document of `bytes` bytes may expand to: far more than any real file has (each
    /// node takes at least a byte or two of text), far less than a bomb.
    public static func limit(textBytes bytes: Int) -> Int { 100_000 + 100 * bytes }

    /// True when the tree under `root`, aliases expanded, has at most `limit` nodes. Visits at most
    /// `limit + 1` nodes, whatever the document holds.
    public static func isWithin<Node>(_ root: Node, limit: Int, children: (Node) -> [Node]) -> Bool {
        var stack = [root]
        var visited = 0
        while let node = stack.popLast() {
            visited += 1
            if visited > limit { return false }
            stack.append(contentsOf: children(node))
        }
        return true
    }

    public static let message = "YAML aliases expand this file beyond any real document"
    public static let hint = "a file whose aliases refer to aliases many levels deep (a \"billion laughs\" file) is refused"
}
