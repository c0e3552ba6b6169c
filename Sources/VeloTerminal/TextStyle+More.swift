import VeloBase

/// The two colors the shell needs beyond VeloBase's set (SQL keywords, numbers); no-ops without color.
extension TextStyle {
    package func blue(_ s: String) -> String { enabled ? "\u{1B}[34m\(s)\u{1B}[0m" : s }
    package func magenta(_ s: String) -> String { enabled ? "\u{1B}[35m\(s)\u{1B}[0m" : s }
}

extension String {
    /// Columns the text takes on a terminal (one per character; escape sequences take none).
    package var displayWidth: Int {
        var width = 0
        var inEscape = false
        for ch in self {
            if ch == "\u{1B}" { inEscape = true; continue }
            if inEscape { if ch == "m" { inEscape = false }; continue }
            width += 1
        }
        return width
    }

    package func padded(to width: Int, right: Bool = false) -> String {
        let gap = String(repeating: " ", count: max(0, width - displayWidth))
        return right ? gap + self : self + gap
    }

    /// Cut to `width` characters with an ellipsis (plain text only).
    package func clipped(to width: Int) -> String {
        count <= width ? self : String(prefix(max(1, width - 1))) + "…"
    }
}
