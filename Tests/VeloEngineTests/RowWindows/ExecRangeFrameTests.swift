import Testing
import VeloEngine
import VeloJSON
import VeloSQL

/// `RANGE BETWEEN INTERVAL … PRECEDING AND {CURRENT ROW | INTERVAL … FOLLOWING}` in a row window: the
/// buffered rows of the partition whose ORDER BY time is within that distance of the current row's,
/// checked against a brute-force pass over the same input.
@Suite struct ExecRangeFrameTests {
    /// Times that arrive mostly in order, with one late row and repeated times.
    static let rows: [(k: String, t: Int64, v: Int64)] = [
        ("a", 0, 1), ("a", 20_000, 2), ("b", 25_000, 100), ("a", 61_000, 4), ("a", 61_000, 8),
        ("a", 50_000, 16), ("b", 200_000, 200), ("a", 130_000, 32), ("a", 131_500, 64)
    ]

    static func expected(back: Int64, ahead: Int64, buffer: Int, descending: Bool = false) -> [(sum: Int64?, first: Int64?, count: Int64)] {
        var out: [(Int64?, Int64?, Int64)] = []
        var seen: [String: [(t: Int64, v: Int64)]] = [:]
        for r in rows {
            seen[r.k, default: []].append((r.t, r.v))
            let buffered = seen[r.k]!.suffix(buffer)
            let inFrame = buffered.filter {
                let d = descending ? $0.t - r.t : r.t - $0.t
                return d <= back && -d <= ahead
            }
            out.append((inFrame.isEmpty ? nil : inFrame.map(\.v).reduce(0, +), inFrame.first?.v, Int64(inFrame.count)))
        }
        return out
    }

    static func run(_ frame: String, buffer: Int, order: String = "t") throws -> [JSONValue] {
        let over = "OVER (ROWS WINDOW BUFFER \(buffer) ROWS PARTITION BY k ORDER BY \(order) \(frame))"
        let sql = "SELECT k, v, SUM(v) \(over) AS s, FIRST_VALUE(v) \(over) AS f, COUNT(*) \(over) AS n FROM events"
        return try ExecEngine.run(sql, records: rows.map { #"{"k":"\#($0.k)","t":\#($0.t),"v":\#($0.v)}"# }).records
    }

    @Test(arguments: [
        ("RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW", Int64(60_000), Int64(0), 10),
        ("RANGE BETWEEN INTERVAL '30' SECOND PRECEDING AND INTERVAL '2' SECOND FOLLOWING", 30_000, 2_000, 10),
        ("RANGE BETWEEN INTERVAL '90' SECONDS PRECEDING AND CURRENT ROW", 90_000, 0, 3),
        ("RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL '15' SECOND FOLLOWING", Int64.max, 15_000, 10),
        ("RANGE BETWEEN INTERVAL '0' SECOND PRECEDING AND CURRENT ROW", 0, 0, 10)
    ])
    func timeRangeMatchesBruteForce(frame: String, back: Int64, ahead: Int64, buffer: Int) throws {
        let got = try Self.run(frame, buffer: buffer)
        let want = Self.expected(back: back, ahead: ahead, buffer: buffer)
        #expect(got.count == want.count)
        for (i, (row, w)) in zip(got, want).enumerated() {
            #expect(row["s"]?.intValue == w.sum, "\(frame) row \(i): sum \(String(describing: row["s"])) vs \(String(describing: w.sum))")
            #expect(row["f"]?.intValue == w.first, "\(frame) row \(i): first")
            #expect(row["n"]?.intValue == w.count, "\(frame) row \(i): count")
        }
    }

    @Test func descendingOrderLooksTheOtherWay() throws {
        let got = try Self.run("RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW", buffer: 10, order: "t DESC")
        let want = Self.expected(back: 60_000, ahead: 0, buffer: 10, descending: true)
        #expect(got.map { $0["n"]?.intValue } == want.map(\.count))
    }

    @Test func misusedIntervalBoundsAreClearErrors() {
        let cases: [(String, String)] = [
            (
                "SELECT SUM(v) OVER (ROWS WINDOW BUFFER 5 ROWS ORDER BY t ROWS BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW) AS s FROM e",
                "RANGE"
            ),
            (
                "SELECT SUM(v) OVER (ROWS WINDOW BUFFER 5 ROWS ORDER BY t, v RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW) AS s FROM e",
                "one ORDER BY key"
            ),
            (
                "SELECT SUM(v) OVER (ROWS WINDOW BUFFER 5 ROWS ORDER BY t RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND 2 FOLLOWING) AS s FROM e",
                "mix"
            ),
            (
                "SELECT SUM(v) OVER (ROWS WINDOW BUFFER 5 ROWS ORDER BY t RANGE BETWEEN INTERVAL '1' MINUTE FOLLOWING AND CURRENT ROW) AS s FROM e",
                "start at or before"
            )
        ]
        for (sql, fragment) in cases {
            do {
                _ = try ExecEngine.run(sql, records: [#"{"t":1,"v":2}"#])
                Issue.record("expected an error for \(sql)")
            } catch let issue as SQLIssue {
                #expect(issue.message.contains(fragment), "\(sql): \(issue.message)")
                #expect(issue.span.end > issue.span.start, "\(sql): no place")
            } catch {
                Issue.record("\(sql): \(error)")
            }
        }
    }
}
