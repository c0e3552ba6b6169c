import VeloBase
import VeloJSON
import VeloTerminal

/// Collects velo-run's `--events` lines while the run goes: the first rows, the row count, progress
/// (drawn on stderr when it is a terminal, so a long run never looks stuck), and the metrics.
final class RunView {
    let style: TextStyle
    let rowsShown: Int
    private(set) var rows: [JSONObject] = []
    private(set) var count = 0
    private(set) var failedRecords = 0
    private(set) var metrics: JSONValue?
    private let progress: Bool
    private var drewProgress = false

    init(style: TextStyle, rowsShown: Int) {
        self.style = style
        self.rowsShown = rowsShown
        self.progress = Terminal.isTTY(2)
    }

    func take(_ event: JSONValue) {
        switch event["type"]?.stringValue {
        case "record":
            count += 1
            if rows.count < rowsShown, let record = event["record"]?.objectValue { rows.append(record) }
        case "progress":
            guard progress else { return }
            let inCount = event["records_in"]?.intValue ?? 0
            let rate = event["records_per_sec"]?.doubleValue ?? 0
            Console.writeStderr(
                "\r" + style.dim("running… \(HumanFormat.grouped(Int(inCount))) records in, \(HumanFormat.rate(rate)) — Ctrl+C stops") + "\u{1B}[K")
            drewProgress = true
        case "error": failedRecords += 1
        case "metrics": metrics = event["metrics"]
        case "app_metrics": if metrics == nil { metrics = event["metrics"] ?? event["app_metrics"] }
        default: break
        }
    }

    func finishProgress() {
        if drewProgress { Console.writeStderr("\r\u{1B}[K") }
        drewProgress = false
    }

    /// "Output (N records):" and the table, or a line saying there were none.
    func tableText(table: ([JSONObject], Int) -> String, partial: Bool = false) -> String? {
        let until = partial ? " until Ctrl+C" : ""
        guard count > 0 else { return style.dim("Output\(until): no records") + "\n" }
        return style.bold("Output\(until) (\(HumanFormat.grouped(count)) record\(count == 1 ? "" : "s")):") + "\n" + table(rows, count)
    }
}

/// A dim line on stderr ("🤖 thinking…", "asking Kafka…") while the shell waits with nothing to show yet
/// (only on a terminal), erased by the first thing that is shown.
final class WaitingLine {
    private let style: TextStyle
    private let enabled = Terminal.isTTY(2)
    private var shown = false

    init(style: TextStyle) { self.style = style }

    func show(_ text: String) {
        guard enabled else { return }
        Console.writeStderr("\r" + style.dim(text) + "\u{1B}[K")
        shown = true
    }

    func clear() {
        guard shown else { return }
        Console.writeStderr("\r\u{1B}[K")
        shown = false
    }
}
