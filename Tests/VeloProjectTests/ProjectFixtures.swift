import VeloSession

/// Sessions and SQL apps the tests share, written for these tests (shaped like Velostream's demo apps).
enum Fixtures {
    static let orders = """
        name: orders
        fields:
          - name: order_id
            type: string
          - name: customer_id
            type: integer
            constraints:
              range: {min: 1, max: 20}
          - name: region
            type: string
            constraints:
              enum_values:
                values: [EU, US, APAC]
          - name: amount
            type: float
            constraints:
              range: {min: 1, max: 1000}
          - name: event_time
            type: integer
            constraints:
              timestamp_epoch_ms: {start: "-1h", end: "now"}
        """

    static let customers = """
        name: customers
        fields:
          - name: customer_id
            type: integer
            constraints:
              range: {min: 1, max: 20}
          - name: tier
            type: string
            constraints:
              enum_values:
                values: [gold, silver]
        """

    static let filter = SessionJob(
        name: "big_orders",
        sql:
            "-- @description: orders over 100\nCREATE STREAM big_orders AS SELECT order_id, region, amount FROM orders WHERE amount > 100 EMIT CHANGES;"
    )
    static let aggregate = SessionJob(
        name: "region_totals",
        sql:
            "CREATE TABLE region_totals AS SELECT region, COUNT(*) AS orders, MIN(amount) AS low, MAX(amount) AS high FROM orders GROUP BY region EMIT CHANGES;"
    )
    static let window = SessionJob(
        name: "per_minute",
        sql: """
            CREATE STREAM per_minute AS
            SELECT region, _window_start AS window_start, _window_end AS window_end, COUNT(*) AS n, SUM(amount) AS total
            FROM orders
            GROUP BY region
            WINDOW TUMBLING(event_time, INTERVAL '1' MINUTE)
            EMIT FINAL
            WITH ('event.time.field' = 'event_time');
            """)
    static let tiers = SessionJob(
        name: "customer_tiers",
        sql: "CREATE TABLE customer_tiers AS SELECT customer_id, LAST_VALUE(tier) AS tier FROM customers GROUP BY customer_id EMIT CHANGES;")
    static let join = SessionJob(
        name: "orders_with_tier",
        sql: """
            -- @name: orders_with_tier
            CREATE STREAM orders_with_tier AS
            SELECT o.order_id, o.amount, c.tier
            FROM orders o LEFT JOIN customer_tiers c ON o.customer_id = c.customer_id
            EMIT CHANGES
            WITH (
                -- the sink is a topic of its own
                'orders_with_tier.topic.name' = 'orders_enriched'
            );
            """)

    static func session(_ name: String = "shop", jobs: [SessionJob], runs: [String: SessionRun] = [:]) -> Session {
        Session(
            app: SessionApp(name: name, description: "Orders by region"),
            schemas: [SessionSchema(name: "orders", yaml: orders), SessionSchema(name: "customers", yaml: customers)],
            jobs: jobs, runs: runs, backend: "local")
    }

    /// A multi-job app laid out like Velostream's demo apps: a banner header, app annotations, section
    /// comments, metric annotations, WITH blocks with comments, blank lines.
    static let demoApp = """
        -- =============================================================================
        -- SQL Application: market_watch
        -- =============================================================================
        -- @app: market_watch
        -- @version: 2.1.0
        -- @description: Ticks in, candles and alerts out

        --
        -- PIPELINE FLOW: ticks -> ticks_ts -> candles, alerts
        -- =============================================================================

        -- -----------------------------------------------------------------------------
        -- @name: ticks_ts
        -- @description: Ticks with event time
        -- -----------------------------------------------------------------------------
        -- @metric: ticks_total
        -- @metric_type: counter
        CREATE STREAM ticks_ts AS
        SELECT
            symbol PRIMARY KEY,
            price,
            volume
        FROM ticks
        WITH (
            -- Source configuration
            'ticks.type' = 'kafka_source',
            'ticks.topic.name' = 'ticks',

            -- Sink configuration
            'ticks_ts.type' = 'kafka_sink',
            'ticks_ts.topic.name' = 'ticks_ts'
        );

        -- -----------------------------------------------------------------------------
        -- @name: candles
        -- @description: One-minute candles
        -- -----------------------------------------------------------------------------
        CREATE STREAM candles AS
        SELECT symbol PRIMARY KEY, MIN(price) AS low, MAX(price) AS high, SUM(volume) AS volume
        FROM ticks_ts
        GROUP BY symbol
        WINDOW TUMBLING(_event_time, INTERVAL '1' MINUTE)
        EMIT FINAL
        WITH (
            'ticks_ts.type' = 'kafka_source',
            'ticks_ts.topic.name' = 'ticks_ts',
            'candles.type' = 'kafka_sink',
            'candles.topic.name' = 'candles'
        );

        /* alerts: large trades only */
        -- @name: alerts
        CREATE STREAM alerts AS SELECT symbol, price, volume FROM ticks_ts WHERE volume > 10000
        WITH ('ticks_ts.type' = 'kafka_source', 'alerts.type' = 'kafka_sink');

        -- end of app

        """
}
