import Testing
import VeloAsk
import VeloEngine
import VeloJSON
import VeloSQL
import VeloSession

/// The offline drafter over requests people make, across five schemas: each draft must pass the SQL
/// front end (and the planner) and give the same records as a reference query written by hand.
@Suite struct OfflineDraftTableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var schemas: [String]
        var prompt: String
        /// The reference, reading the same source; for joins the second source is an input table.
        var reference: String
        var ordered = false
        var testDescription: String { prompt }
    }

    static let s = ["sensors"]
    static let all = ["sensors", "orders", "customers", "clicks", "trades"]

    static let cases: [Case] = [
        // Windowed aggregates with durations from the words.
        Case(
            schemas: s, prompt: "average temperature per device every 5 minutes",
            reference: "SELECT device_id, AVG(temperature_c) FROM sensors GROUP BY device_id WINDOW TUMBLING(event_time, 5m)"),
        Case(
            schemas: all, prompt: "avg temp by sensor in 10-minute windows",
            reference: "SELECT device_id, AVG(temperature_c) FROM sensors GROUP BY device_id WINDOW TUMBLING(event_time, 10m)"),
        Case(
            schemas: s, prompt: "max humidity for each site per hour",
            reference: "SELECT site, MAX(humidity_pct) FROM sensors GROUP BY site WINDOW TUMBLING(event_time, 1h)"),
        Case(
            schemas: s, prompt: "minimum and maximum temprature per device every 30 seconds",
            reference: "SELECT device_id, MIN(temperature_c), MAX(temperature_c) FROM sensors GROUP BY device_id WINDOW TUMBLING(event_time, 30s)"),
        Case(
            schemas: all, prompt: "total amount per customer every 15 minutes",
            reference: "SELECT customer_id, SUM(amount) FROM orders GROUP BY customer_id WINDOW TUMBLING(event_time, 15m)"),
        Case(
            schemas: all, prompt: "hourly sum of volume per symbol",
            reference: "SELECT symbol, SUM(volume) FROM trades GROUP BY symbol WINDOW TUMBLING(event_time, 1h)"),
        Case(
            schemas: all, prompt: "how many clicks per page every minute",
            reference: "SELECT page, COUNT(*) FROM clicks GROUP BY page WINDOW TUMBLING(event_time, 1m)"),
        Case(
            schemas: all, prompt: "number of orders per status in 5 min buckets",
            reference: "SELECT status, COUNT(*) FROM orders GROUP BY status WINDOW TUMBLING(event_time, 5m)"),
        Case(
            schemas: s, prompt: "count readings every 2 minutes",
            reference: "SELECT COUNT(*) FROM sensors WINDOW TUMBLING(event_time, 2m)"),
        Case(
            schemas: all, prompt: "mean price of each ticker, 1 minute tumbling windows",
            reference: "SELECT symbol, AVG(price) FROM trades GROUP BY symbol WINDOW TUMBLING(event_time, 1m)"),
        // Sliding and session windows.
        Case(
            schemas: s, prompt: "sliding 10 minute average humidity per device advancing every minute",
            reference: "SELECT device_id, AVG(humidity_pct) FROM sensors GROUP BY device_id WINDOW SLIDING(event_time, 10m, 1m)"),
        Case(
            schemas: all, prompt: "average price per symbol over the last 5 minutes, updated every 30 seconds",
            reference: "SELECT symbol, AVG(price) FROM trades GROUP BY symbol WINDOW SLIDING(event_time, 5m, 30s)"),
        Case(
            schemas: all, prompt: "hopping window of 20 minutes every 5 minutes: total volume by side",
            reference: "SELECT side, SUM(volume) FROM trades GROUP BY side WINDOW SLIDING(event_time, 20m, 5m)"),
        Case(
            schemas: all, prompt: "count of events per user session with a 30 second inactivity gap",
            reference: "SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id WINDOW SESSION(event_time, 30s)"),
        Case(
            schemas: all, prompt: "total duration per user, session windows with 1 minute gap",
            reference: "SELECT user_id, SUM(duration_ms) FROM clicks GROUP BY user_id WINDOW SESSION(event_time, 1m)"),
        // Running aggregates by key.
        Case(
            schemas: all, prompt: "count of orders per customer",
            reference: "SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id"),
        Case(
            schemas: all, prompt: "average order amount by status",
            reference: "SELECT status, AVG(amount) FROM orders GROUP BY status"),
        Case(
            schemas: all, prompt: "total quantity for every customer",
            reference: "SELECT customer_id, SUM(quantity) FROM orders GROUP BY customer_id"),
        Case(
            schemas: all, prompt: "unique users per page",
            reference: "SELECT page, COUNT(DISTINCT user_id) FROM clicks GROUP BY page"),
        Case(
            schemas: all, prompt: "how many distinct devices per site every 10 minutes",
            reference: "SELECT site, COUNT(DISTINCT device_id) FROM sensors GROUP BY site WINDOW TUMBLING(event_time, 10m)"),
        Case(
            schemas: s, prompt: "average battery voltage per device and status",
            reference: "SELECT device_id, status, AVG(battery_v) FROM sensors GROUP BY device_id, status"),
        // Latest value per key.
        Case(
            schemas: all, prompt: "latest price per symbol",
            reference: "SELECT symbol, LAST_VALUE(price) FROM trades GROUP BY symbol"),
        Case(
            schemas: s, prompt: "most recent battery level for each device",
            reference: "SELECT device_id, LAST_VALUE(battery_v) FROM sensors GROUP BY device_id"),
        Case(
            schemas: s, prompt: "last reading per device",
            reference: """
                SELECT device_id, LAST_VALUE(temperature_c) AS t, LAST_VALUE(humidity_pct) AS h, LAST_VALUE(battery_v) AS b,
                LAST_VALUE(status) AS s, LAST_VALUE(site) AS w, LAST_VALUE(event_time) AS e FROM sensors GROUP BY device_id
                """),
        // Filters and projections.
        Case(
            schemas: s, prompt: "readings where temperature is above 30",
            reference: "SELECT * FROM sensors WHERE temperature_c > 30"),
        Case(
            schemas: all, prompt: "alert when battery drops below 3.1",
            reference: "SELECT * FROM sensors WHERE battery_v < 3.1"),
        Case(
            schemas: all, prompt: "cancelled orders",
            reference: "SELECT * FROM orders WHERE status = 'CANCELLED'"),
        Case(
            schemas: s, prompt: "FAULT readings from the north site",
            reference: "SELECT * FROM sensors WHERE status = 'FAULT' AND site = 'north'"),
        Case(
            schemas: all, prompt: "orders with amount at least 500 and quantity under 3",
            reference: "SELECT * FROM orders WHERE amount >= 500 AND quantity < 3"),
        Case(
            schemas: all, prompt: "trades where volume > 4000",
            reference: "SELECT * FROM trades WHERE volume > 4000"),
        Case(
            schemas: all, prompt: "sells of TSLA",
            reference: "SELECT * FROM trades WHERE side = 'SELL' AND symbol = 'TSLA'"),
        Case(
            schemas: s, prompt: "show device and temperature",
            reference: "SELECT device_id, temperature_c FROM sensors"),
        Case(
            schemas: all, prompt: "only user, page and duration of scroll events",
            reference: "SELECT user_id, page, duration_ms FROM clicks WHERE action = 'scroll'"),
        Case(
            schemas: all, prompt: "orders where status is not paid",
            reference: "SELECT * FROM orders WHERE status <> 'PAID'"),
        Case(
            schemas: all, prompt: "clicks with duration between 1000 and 2000",
            reference: "SELECT * FROM clicks WHERE duration_ms BETWEEN 1000 AND 2000"),
        Case(
            schemas: s, prompt: "humidty greater than 90 percent",
            reference: "SELECT * FROM sensors WHERE humidity_pct > 90"),
        // Thresholds on aggregates (HAVING).
        Case(
            schemas: s, prompt: "devices whose average temperature is above 25 every 5 minutes",
            reference:
                "SELECT device_id, AVG(temperature_c) FROM sensors GROUP BY device_id WINDOW TUMBLING(event_time, 5m) HAVING AVG(temperature_c) > 25"),
        Case(
            schemas: all, prompt: "customers with more than 3 orders per 10 minutes",
            reference: "SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id WINDOW TUMBLING(event_time, 10m) HAVING COUNT(*) > 3"),
        Case(
            schemas: all, prompt: "alert when total volume per symbol exceeds 9000 in a minute",
            reference: "SELECT symbol, SUM(volume) FROM trades GROUP BY symbol WINDOW TUMBLING(event_time, 1m) HAVING SUM(volume) > 9000"),
        // Top N.
        Case(
            schemas: all, prompt: "top 3 customers by total amount",
            reference: "SELECT customer_id, SUM(amount) AS t FROM orders GROUP BY customer_id ORDER BY t DESC LIMIT 3", ordered: true),
        Case(
            schemas: all, prompt: "top 10 trades by price",
            reference: "SELECT * FROM trades ORDER BY price DESC LIMIT 10", ordered: true),
        Case(
            schemas: all, prompt: "bottom 2 pages by average duration",
            reference: "SELECT page, AVG(duration_ms) AS a FROM clicks GROUP BY page ORDER BY a ASC LIMIT 2", ordered: true),
        Case(
            schemas: s, prompt: "top 2 devices by max temperature",
            reference: "SELECT device_id, MAX(temperature_c) AS m FROM sensors GROUP BY device_id ORDER BY m DESC LIMIT 2", ordered: true),
        // Joins on a shared key.
        Case(
            schemas: all, prompt: "join orders with customers",
            reference: """
                SELECT o.order_id, o.customer_id, o.amount, o.quantity, o.status, o.event_time, c.full_name, c.country, c.tier
                FROM orders o JOIN customers c ON o.customer_id = c.customer_id
                """),
        Case(
            schemas: all, prompt: "enrich orders with customer details",
            reference: """
                SELECT o.order_id, o.customer_id, o.amount, o.quantity, o.status, o.event_time, c.full_name, c.country, c.tier
                FROM orders o JOIN customers c ON o.customer_id = c.customer_id
                """)
    ]

    static func draft(_ c: Case) -> AskDraft {
        let session = AskTestData.session(c.schemas)
        let catalog = AskCatalog(session: session)
        let service = AskService(provider: nil, catalog: catalog, validator: DraftValidator(catalog: catalog) { ExecPlan.refusals($0) })
        return (try? service.draft(AskRequest(prompt: c.prompt, session: session))) ?? AskDraft(kind: .sql, provider: "none")
    }

    static func rows(_ result: ExecEngine.Result) -> [String] {
        result.records.map { record in
            (record.objectValue?.values ?? []).map { v in
                var w = JSONWriter()
                w.write(v)
                return String(decoding: w.buffer, as: UTF8.self)
            }.joined(separator: "|")
        }
    }

    @Test(arguments: cases)
    func draftIsValidAndMatchesTheReference(_ c: Case) throws {
        try Self.check(c)
    }

    /// The draft is valid and gives the reference query's records over the same input.
    static func check(_ c: Case) throws {
        let draft = Self.draft(c)
        let sql = try #require(draft.sql, "no SQL: \(draft.explanation)")
        #expect(draft.validation?.valid == true, "\(draft.validation?.diagnostics ?? [])\n\(sql)")
        let source = String(c.reference.split(whereSeparator: \.isWhitespace).drop { $0.uppercased() != "FROM" }.dropFirst().first ?? "")
        let records = AskTestData.records(source)
        let inputs = c.prompt.contains("customer") && sql.contains("JOIN") ? ["customers": AskTestData.records("customers", count: 6)] : [:]
        let got = Self.rows(try ExecEngine.run(sql, records: records, inputs: inputs))
        let want = Self.rows(try ExecEngine.run(c.reference, records: records, inputs: inputs))
        #expect(!want.isEmpty, "the reference gives no records: the case tests nothing")
        if c.ordered {
            #expect(got == want, "\(sql)")
        } else {
            #expect(got.sorted() == want.sorted(), "\(sql)")
        }
    }

    @Test func theTableHasAtLeastFortyRequests() {
        #expect(Self.cases.count >= 40)
        #expect(Set(Self.cases.map(\.prompt)).count == Self.cases.count)
    }
}
