import Foundation
import VeloBase
import VeloEngine
import VeloRunCommands

/// A two-source app fixture: `app.sql` over generated `clicks` (user ids 1…9) and `orders` (`order_id`
/// 1…n, user `order_id % 11`, so users 0 and 10 never click), run through `RunCommand` with its own store.
struct ExecClicksApp {
    let clicks: [Int]
    let orders: [(id: Int, user: Int)]
    let options: ExecOptions

    init(sql: String, in dir: URL, seed: UInt64, orders n: Int) throws {
        try sql.write(to: dir.appendingPathComponent("app.sql"), atomically: true, encoding: .utf8)
        var random = ExecRandom(seed: seed)
        clicks = (0..<200).map { _ in random.int(1...9) }
        try clicks.map { "{\"user_id\":\($0)}" }.joined(separator: "\n")
            .write(to: dir.appendingPathComponent("clicks.jsonl"), atomically: true, encoding: .utf8)
        orders = (1...n).map { ($0, $0 % 11) }
        try orders.map { "{\"order_id\":\($0.id),\"user_id\":\($0.user)}" }.joined(separator: "\n")
            .write(to: dir.appendingPathComponent("orders.jsonl"), atomically: true, encoding: .utf8)
        var options = ExecOptions(file: dir.appendingPathComponent("app.sql").path)
        options.inputs = [
            "clicks=" + dir.appendingPathComponent("clicks.jsonl").path,
            "orders=" + dir.appendingPathComponent("orders.jsonl").path
        ]
        options.store = dir.appendingPathComponent("store").path
        options.quiet = true
        self.options = options
    }

    func run() -> VeloExit { RunCommand.run(options, console: Console(tool: "velo-run", color: false)) }

    /// Clicks per user.
    var counts: [Int: Int] { clicks.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
}
