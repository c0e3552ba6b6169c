import Testing
import VeloAsk
import VeloSession

/// Requests written after the drafter, not in its table: new phrasings, synonyms, typos and abbreviations.
/// The ones it got wrong at first (a dropped "not", a dropped threshold, "biggest 5" read as MAX, an
/// average of nothing counted instead) are here with what it must do now.
@Suite struct OfflineDraftUnseenTests {
    typealias Case = OfflineDraftTableTests.Case
    static let s = ["sensors"]
    static let all = OfflineDraftTableTests.all

    static let cases: [Case] = [
        Case(
            schemas: s, prompt: "mean humidity per site every 15 mins",
            reference: "SELECT site, AVG(humidity_pct) FROM sensors GROUP BY site WINDOW TUMBLING(event_time, 15m)"),
        Case(
            schemas: all, prompt: "what's the highest temperature recorded per device in 1 hour windows",
            reference: "SELECT device_id, MAX(temperature_c) FROM sensors GROUP BY device_id WINDOW TUMBLING(event_time, 1h)"),
        Case(
            schemas: all, prompt: "temperature readings over 40 degrees",
            reference: "SELECT * FROM sensors WHERE temperature_c > 40"),
        Case(
            schemas: all, prompt: "count faults per device every 10 minutes",
            reference: "SELECT device_id, COUNT(*) FROM sensors WHERE status = 'FAULT' GROUP BY device_id WINDOW TUMBLING(event_time, 10m)"),
        Case(
            schemas: all, prompt: "avg temperture by device per 5m",
            reference: "SELECT device_id, AVG(temperature_c) FROM sensors GROUP BY device_id WINDOW TUMBLING(event_time, 5m)"),
        Case(
            schemas: s, prompt: "median humidity per device",
            reference: "SELECT device_id, MEDIAN(humidity_pct) FROM sensors GROUP BY device_id"),
        Case(
            schemas: all, prompt: "readings that are not OK",
            reference: "SELECT * FROM sensors WHERE status <> 'OK'"),
        Case(
            schemas: s, prompt: "non FAULT readings from the south site",
            reference: "SELECT * FROM sensors WHERE status <> 'FAULT' AND site = 'south'"),
        Case(
            schemas: all, prompt: "lowest battery per site in 30-second windows",
            reference: "SELECT site, MIN(battery_v) FROM sensors GROUP BY site WINDOW TUMBLING(event_time, 30s)"),
        Case(
            schemas: all, prompt: "sum of order amounts per status every half hour",
            reference: "SELECT status, SUM(amount) FROM orders GROUP BY status WINDOW TUMBLING(event_time, 30m)"),
        Case(
            schemas: all, prompt: "average quantity per customer over a sliding 10 minute window every 2 minutes",
            reference: "SELECT customer_id, AVG(quantity) FROM orders GROUP BY customer_id WINDOW SLIDING(event_time, 10m, 2m)"),
        Case(
            schemas: all, prompt: "orders per customer per 30 minutes",
            reference: "SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id WINDOW TUMBLING(event_time, 30m)"),
        Case(
            schemas: all, prompt: "shipped orders with quantity of at least 10",
            reference: "SELECT * FROM orders WHERE status = 'SHIPPED' AND quantity >= 10"),
        Case(
            schemas: all, prompt: "biggest 5 orders by amount",
            reference: "SELECT order_id, amount FROM orders ORDER BY amount DESC LIMIT 5", ordered: true),
        Case(
            schemas: all, prompt: "page views per page every 5 minutes",
            reference: "SELECT page, COUNT(*) FROM clicks WHERE action = 'view' GROUP BY page WINDOW TUMBLING(event_time, 5m)"),
        Case(
            schemas: all, prompt: "users with more than 1 click per minute",
            reference: "SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id WINDOW TUMBLING(event_time, 1m) HAVING COUNT(*) > 1"),
        Case(
            schemas: all, prompt: "checkout events",
            reference: "SELECT * FROM clicks WHERE page = 'checkout'"),
        Case(
            schemas: all, prompt: "total duration by user and action",
            reference: "SELECT user_id, action, SUM(duration_ms) FROM clicks GROUP BY user_id, action"),
        Case(
            schemas: all, prompt: "max price of NVDA per minute",
            reference: "SELECT MAX(price) FROM trades WHERE symbol = 'NVDA' WINDOW TUMBLING(event_time, 1m)"),
        Case(
            schemas: all, prompt: "lowest 3 symbols by total volume",
            reference: "SELECT symbol, SUM(volume) AS t FROM trades GROUP BY symbol ORDER BY t ASC LIMIT 3", ordered: true),
        Case(
            schemas: all, prompt: "trade count per side every 10 seconds",
            reference: "SELECT side, COUNT(*) FROM trades GROUP BY side WINDOW TUMBLING(event_time, 10s)"),
        Case(
            schemas: all, prompt: "latest trade per symbol",
            reference: """
                SELECT symbol, LAST_VALUE(price) AS p, LAST_VALUE(volume) AS v, LAST_VALUE(side) AS s, LAST_VALUE(event_time) AS e
                FROM trades GROUP BY symbol
                """),
        // A schema shaped like velo-gen --example payments: "payment method" is the field `method`, not payment_id.
        Case(
            schemas: ["orders", "payments"], prompt: "average risk score per payment method every 10 minutes",
            reference: "SELECT method, AVG(risk_score) FROM payments GROUP BY method WINDOW TUMBLING(event_time, 10m)"),
        Case(
            schemas: ["orders", "payments"], prompt: "card payments with risk score above 0.8",
            reference: "SELECT * FROM payments WHERE method = 'card' AND risk_score > 0.8"),
        Case(
            schemas: all, prompt: "orders joined with customers on customer id",
            reference: """
                SELECT o.order_id, o.customer_id, o.amount, o.quantity, o.status, o.event_time, c.full_name, c.country, c.tier
                FROM orders o JOIN customers c ON o.customer_id = c.customer_id
                """)
    ]

    @Test(arguments: cases)
    func draftIsValidAndMatchesTheReference(_ c: Case) throws {
        try OfflineDraftTableTests.check(c)
    }

    /// Requests it cannot serve honestly: no SQL, and the explanation names what is missing.
    @Test(arguments: [
        ("paid orders over 100", "compares no field"),
        ("buy trades over 500 shares", "compares no field"),
        ("average time on page by page", "page"),
        ("vwap per symbol", "No SQL")
    ])
    func requestsItCannotPlaceAreRefused(_ prompt: String, _ reason: String) {
        let draft = OfflineDraftTableTests.draft(Case(schemas: Self.all, prompt: prompt, reference: ""))
        #expect(draft.sql == nil, "\(draft.sql ?? "")")
        #expect(draft.explanation.contains(reason), "\(draft.explanation)")
    }
}
