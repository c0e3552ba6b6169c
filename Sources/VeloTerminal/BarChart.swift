import VeloBase

/// Horizontal bars for a profile or a latency distribution: label, bar scaled to the largest value, the
/// value's text. Plain text keeps the bars (they are characters, not colors).
package struct BarChart {
    package struct Bar {
        package var label: String
        package var value: Double
        package var text: String
        package init(label: String, value: Double, text: String) {
            self.label = label
            self.value = value
            self.text = text
        }
    }

    package var bars: [Bar]
    package var width = 30

    package init(_ bars: [Bar], width: Int = 30) {
        self.bars = bars
        self.width = width
    }

    package func render(style: TextStyle, indent: String = "  ") -> String {
        let top = bars.map(\.value).max() ?? 0
        let labelWidth = bars.map(\.label.count).max() ?? 0
        return bars.map { bar in
            let filled = top > 0 ? Int((bar.value / top * Double(width)).rounded()) : 0
            let drawn = String(repeating: "█", count: filled) + String(repeating: " ", count: width - filled)
            return indent + bar.label.padded(to: labelWidth) + "  " + style.cyan(drawn) + " " + bar.text
        }.joined(separator: "\n") + "\n"
    }
}
