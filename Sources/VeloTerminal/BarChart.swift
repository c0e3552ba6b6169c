import Foundation
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
    /// A log scale from this value up (latencies: one slow outlier would flatten every other bar).
    package var logFloor: Double?

    package init(_ bars: [Bar], width: Int = 30, logFloor: Double? = nil) {
        self.bars = bars
        self.width = width
        self.logFloor = logFloor
    }

    /// How much of the bar `value` fills, 0...1, against the largest value `top`.
    func share(_ value: Double, top: Double) -> Double {
        guard top > 0, value > 0 else { return 0 }
        guard let floor = logFloor, top > floor else { return value / top }
        // At least a sliver for any value above zero, so a bar is never mistaken for no data.
        return max(log(max(value, floor) / floor) / log(top / floor), 1 / Double(width))
    }

    package func render(style: TextStyle, indent: String = "  ") -> String {
        let top = bars.map(\.value).max() ?? 0
        let labelWidth = bars.map(\.label.count).max() ?? 0
        return bars.map { bar in
            let filled = Int((share(bar.value, top: top) * Double(width)).rounded())
            let drawn = String(repeating: "█", count: filled) + String(repeating: " ", count: width - filled)
            return indent + bar.label.padded(to: labelWidth) + "  " + style.cyan(drawn) + " " + bar.text
        }.joined(separator: "\n") + "\n"
    }
}
