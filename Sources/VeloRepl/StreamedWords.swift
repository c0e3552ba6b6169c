/// The model's words as they stream, without its fenced code blocks: the SQL (or YAML) is shown once,
/// highlighted, when the draft is complete, so the raw block is not printed twice.
package struct StreamedWords {
    private var text = ""
    private var shown = 0

    package init() {}

    /// Takes the next piece of text; returns what can be shown now (nothing inside a block, and nothing
    /// that might still turn out to be the start of a fence).
    package mutating func take(_ piece: String) -> String {
        text += piece
        var visible = Self.outsideBlocks(text)
        // "`" or "``" at the end may be the start of a fence: wait for the next piece.
        while visible.hasSuffix("`") { visible.removeLast() }
        guard visible.count > shown else { return "" }
        let new = String(visible.dropFirst(shown))
        shown = visible.count
        return new
    }

    /// Whether anything was shown.
    package var showedAny: Bool { shown > 0 }

    /// The text with every ``` block removed (an unclosed one runs to the end).
    static func outsideBlocks(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let fence = rest.range(of: "```") {
            out += rest[..<fence.lowerBound]
            guard let close = rest[fence.upperBound...].range(of: "```") else { return out }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
