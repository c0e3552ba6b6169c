import VeloSQL

/// Statements that must parse, print back to the same AST, and analyze without errors against
/// `SQLCorpusSchemas.set`. Real-looking Velostream jobs (trading, IoT, e-commerce) covering every construct.
enum SQLCorpus {
    static let trading: [String] = [
        // Passthrough with event time configuration (app_market_data style).
        """
        -- @name: market_data_ts
        -- @description: Ingests raw market data with event-time watermarks
        CREATE STREAM market_data_ts AS
        SELECT
            symbol PRIMARY KEY,
            exchange,
            timestamp,
            timestamp AS _event_time,
            price, bid_price, ask_price, volume
        FROM market_data
        EMIT CHANGES
        WITH (
            'event.time.field' = 'timestamp',
            'event.time.format' = 'epoch_millis',
            'watermark.strategy' = 'bounded_out_of_orderness',
            'watermark.max_out_of_orderness' = '5s',
            'late.data.strategy' = 'dead_letter',
            'market_data.type' = 'kafka_source',
            'market_data.topic.name' = 'in_market_data',
            'market_data.config_file' = '../configs/kafka_source.yaml',
            'market_data_ts.type' = 'kafka_sink',
            'market_data_ts.topic.name' = 'market_data_ts'
        );
        """,
        // OHLCV candles with TUMBLE_START/END and WINDOW before GROUP BY.
        """
        CREATE STREAM tick_buckets AS
        SELECT
            symbol PRIMARY KEY,
            TUMBLE_START(_event_time, INTERVAL '1' SECOND) AS bucket_start,
            TUMBLE_END(_event_time, INTERVAL '1' SECOND) AS bucket_end,
            AVG(price) AS avg_price,
            MIN(price) AS min_price,
            MAX(price) AS max_price,
            SUM(volume) AS total_volume,
            COUNT(*) AS trade_count,
            FIRST_VALUE(price) AS open_price,
            LAST_VALUE(price) AS close_price
        FROM market_data
        WINDOW TUMBLING(_event_time, INTERVAL '1' SECOND)
        GROUP BY symbol
        EMIT CHANGES
        WITH ('market_data.type' = 'kafka_source', 'tick_buckets.type' = 'kafka_sink');
        """,
        // Stream-table enrichment with a LEFT JOIN to a file table.
        """
        CREATE STREAM enriched_market_data AS
        SELECT
            m.symbol PRIMARY KEY,
            m.exchange,
            m.price,
            m._event_time,
            m.timestamp,
            r.instrument_name,
            r.tick_size,
            FLOOR(m.price / r.tick_size) * r.tick_size AS normalized_price,
            m.volume / r.lot_size AS lot_count,
            COALESCE((NOW() - m._event_time) / 1000.0, 0.0) AS enrichment_latency_seconds
        FROM market_data m
        LEFT JOIN instruments r ON m.symbol = r.symbol
        EMIT CHANGES
        WITH (
            'market_data.type' = 'kafka_source',
            'instruments.type' = 'file_source',
            'instruments.config_file' = '../configs/instrument_reference_table.yaml',
            'join.timeout' = '30s',
            'cache.enabled' = 'true'
        );
        """,
        // Sliding window with rolling OVER buffers (app_trading_signals).
        """
        CREATE STREAM volume_spike_analysis AS
        SELECT
            symbol PRIMARY KEY,
            _window_start AS window_start,
            _window_end AS window_end,
            COUNT(*) AS trade_count,
            AVG(volume) AS avg_volume,
            STDDEV_POP(volume) AS stddev_volume,
            AVG(volume) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY symbol ORDER BY _event_time) AS rolling_avg_20,
            PERCENT_RANK() OVER (ROWS WINDOW BUFFER 1000 ROWS PARTITION BY symbol ORDER BY volume) AS volume_percentile,
            CASE
                WHEN AVG(volume) > 0 AND MAX(volume) > 5 * AVG(volume) THEN 'EXTREME_SPIKE'
                WHEN STDDEV_POP(volume) > 0 AND ABS((MAX(volume) - AVG(volume)) / STDDEV_POP(volume)) > 2.0 THEN 'STATISTICAL_ANOMALY'
                ELSE 'NORMAL'
            END AS spike_classification,
            NOW() AS detection_time
        FROM market_data
        GROUP BY symbol
        WINDOW SLIDING(_event_time, 5m, 1m)
        EMIT CHANGES;
        """,
        // HAVING with CASE inside SUM after WINDOW.
        """
        CREATE STREAM order_flow_imbalance AS
        SELECT
            symbol PRIMARY KEY,
            SUM(CASE WHEN side = 'BUY' THEN quantity ELSE 0 END) AS buy_volume,
            SUM(CASE WHEN side = 'SELL' THEN quantity ELSE 0 END) AS sell_volume,
            SUM(quantity) AS total_volume,
            SUM(CASE WHEN side = 'BUY' THEN quantity ELSE 0 END) / SUM(quantity) AS buy_ratio,
            TUMBLE_END(_event_time, INTERVAL '1' MINUTE) AS analysis_time
        FROM order_book
        GROUP BY symbol
        WINDOW TUMBLING(_event_time, INTERVAL '1' MINUTE)
        HAVING SUM(quantity) > 10000
            AND (SUM(CASE WHEN side = 'BUY' THEN quantity ELSE 0 END) / SUM(quantity) > 0.7
                 OR SUM(CASE WHEN side = 'SELL' THEN quantity ELSE 0 END) / SUM(quantity) > 0.7)
        EMIT CHANGES
        WITH ('watermark.strategy' = 'bounded_out_of_orderness', 'watermark.max_out_of_orderness' = '5s');
        """,
        // Stream-stream interval join on event time.
        """
        CREATE STREAM arbitrage_detection AS
        SELECT
            a.symbol PRIMARY KEY,
            a.exchange AS exchange_a,
            b.exchange AS exchange_b,
            (a.bid_price - b.ask_price) AS spread,
            (a.bid_price - b.ask_price) / b.ask_price * 10000 AS spread_bps,
            LEAST(a.bid_size, b.ask_size) AS available_volume
        FROM market_data_a a
        JOIN market_data_b b ON a.symbol = b.symbol
            AND b._event_time BETWEEN a._event_time - INTERVAL '10' SECOND AND a._event_time + INTERVAL '10' SECOND
        WHERE a.bid_price > b.ask_price
            AND LEAST(a.bid_size, b.ask_size) > 500
        WITH ('market_data_a.type' = 'kafka_source', 'market_data_b.type' = 'kafka_source');
        """,
        // The WITHIN form of a stream-stream join.
        """
        CREATE STREAM cross_venue_quotes AS
        SELECT a.symbol, a.bid_price, b.ask_price
        FROM market_data_a a
        INNER JOIN market_data_b b ON a.symbol = b.symbol WITHIN INTERVAL '5' MINUTES;
        """,
        "SELECT a.symbol, b.ask_price FROM market_data_a a JOIN market_data_b b ON a.symbol = b.symbol WITHIN 30s;",
        // Compound PRIMARY KEY and ROWS WINDOW aggregates.
        """
        CREATE STREAM risk_monitor AS
        SELECT
            p.trader_id PRIMARY KEY,
            p.symbol PRIMARY KEY,
            p.position_size,
            SUM(p.current_pnl) OVER (ROWS WINDOW BUFFER 10000 ROWS PARTITION BY p.trader_id ORDER BY p._event_time) AS cumulative_pnl,
            COUNT(*) OVER (ROWS WINDOW BUFFER 10000 ROWS PARTITION BY p.trader_id ORDER BY p._event_time) AS trades_today,
            STDDEV(p.current_pnl) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY p.trader_id ORDER BY p._event_time) AS pnl_volatility,
            ABS(p.position_size * COALESCE(m.price, 0)) AS position_value,
            EXTRACT(EPOCH FROM (m._event_time - p._event_time)) AS time_lag_seconds
        FROM positions p
        LEFT JOIN market_data m ON p.symbol = m.symbol
            AND m._event_time BETWEEN p._event_time - INTERVAL '30' SECOND AND p._event_time + INTERVAL '30' SECOND
        WHERE ABS(p.position_size * COALESCE(m.price, 0)) > 100000
           OR p.current_pnl < -10000
        EMIT CHANGES;
        """,
        // LEFT JOIN … ON true to a one-row table.
        """
        CREATE STREAM limit_check AS
        SELECT p.trader_id PRIMARY KEY, p.position_size, l.max_position, l.role_name
        FROM positions p
        LEFT JOIN trader_limits l ON true
        WITH ('trader_limits.type' = 'file_source', 'trader_limits.path' = 'data/trader_limits.csv', 'trader_limits.format' = 'csv');
        """,
        // Correlated NOT EXISTS (app_compliance).
        """
        CREATE STREAM compliant_trades AS
        SELECT t.symbol PRIMARY KEY, t.price, t.quantity, 'COMPLIANT' AS compliance_status
        FROM trades t
        WHERE NOT EXISTS (
            SELECT 1 FROM watchlist w
            WHERE (w.symbol = t.symbol OR w.trader_id IS NOT NULL)
              AND w.restriction_type IN ('BLOCKED', 'SUSPENDED')
              AND w.effective_date <= t._event_time
              AND (w.expiry_date IS NULL OR w.expiry_date > t._event_time)
        )
        EMIT CHANGES;
        """,
        // IN and NOT IN subqueries.
        """
        CREATE STREAM active_symbols AS
        SELECT m.symbol PRIMARY KEY, m.price
        FROM market_data m
        WHERE m.symbol IN (SELECT symbol FROM instruments WHERE sector = 'TECH')
          AND m.symbol NOT IN (SELECT w.symbol FROM watchlist w WHERE w.restriction_type = 'HALTED');
        """,
        "SELECT symbol, price FROM trades WHERE EXISTS (SELECT 1 FROM instruments i WHERE i.symbol = trades.symbol);",
        "SELECT symbol, price, (SELECT MAX(tick_size) FROM instruments) AS max_tick FROM trades;",
        "SELECT symbol, price FROM trades WHERE price > ALL (SELECT tick_size FROM instruments);",
        "SELECT symbol, price FROM trades WHERE price = ANY (SELECT tick_size FROM instruments WHERE sector = 'FX');",
        "SELECT symbol, price FROM trades WHERE price > (SELECT AVG(price) FROM market_data);",
        // LAG / LEAD / RANK over row windows (app_price_analytics).
        """
        CREATE STREAM price_movements AS
        SELECT
            symbol PRIMARY KEY,
            price,
            LAG(price, 1) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol ORDER BY _event_time) AS prev_price,
            LEAD(price) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol ORDER BY _event_time) AS next_price,
            RANK() OVER (ROWS WINDOW BUFFER 500 ROWS PARTITION BY symbol ORDER BY price DESC) AS price_rank,
            DENSE_RANK() OVER (ROWS WINDOW BUFFER 500 ROWS PARTITION BY symbol ORDER BY volume DESC) AS volume_rank,
            ROW_NUMBER() OVER (ROWS WINDOW BUFFER 50 ROWS PARTITION BY symbol ORDER BY _event_time) AS seq,
            (price - LAG(price, 1) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol ORDER BY _event_time)) / price * 100 AS pct_change
        FROM market_data
        EMIT CHANGES;
        """,
        "SELECT symbol, AVG(price) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY symbol ORDER BY _event_time ROWS BETWEEN 19 PRECEDING AND CURRENT ROW) AS ma20 FROM market_data;",
        "SELECT symbol, SUM(volume) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol ORDER BY _event_time EMIT CHANGES) AS running_volume FROM market_data;",
        "SELECT symbol, SUM(volume) OVER (PARTITION BY symbol ORDER BY _event_time ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative FROM market_data;",
        "SELECT symbol, AVG(price) OVER (PARTITION BY symbol ORDER BY _event_time RANGE BETWEEN 10 PRECEDING AND 10 FOLLOWING) AS centered FROM market_data;",
        "SELECT symbol, NTILE(4) OVER (ROWS WINDOW BUFFER 100 ROWS ORDER BY price) AS quartile FROM market_data;",
        "SELECT symbol, CUME_DIST() OVER (ROWS WINDOW BUFFER 100 ROWS ORDER BY price) AS dist, NTH_VALUE(price, 2) OVER (ROWS WINDOW BUFFER 10 ROWS ORDER BY _event_time) AS second FROM market_data;",
        // Tables with aggregates and PRIMARY KEY on the group key.
        """
        CREATE TABLE trader_positions AS
        SELECT trader_id PRIMARY KEY, symbol PRIMARY KEY, SUM(quantity) AS net_quantity, COUNT(*) AS trades
        FROM trades
        GROUP BY trader_id, symbol
        EMIT CHANGES;
        """,
        """
        CREATE TABLE desk_exposure AS
        SELECT desk_id, SUM(quantity * price) AS notional, MAX(price) AS max_price, MIN(price) AS min_price
        FROM trades
        GROUP BY desk_id
        HAVING SUM(quantity * price) > 1000000;
        """,
        "SELECT symbol, VARIANCE(price) AS var, VAR_POP(price) AS var_pop, MEDIAN(price) AS med FROM market_data GROUP BY symbol;",
        "SELECT symbol, CORR(price, volume) AS c, COVAR_SAMP(price, volume) AS cov, REGR_SLOPE(price, volume) AS slope FROM market_data GROUP BY symbol;",
        "SELECT symbol, PERCENTILE_CONT(price, 0.95) AS p95, APPROX_COUNT_DISTINCT(exchange) AS venues FROM market_data GROUP BY symbol WINDOW TUMBLING(1h);",
        "SELECT symbol, COUNT(DISTINCT trader_id) AS traders, STRING_AGG(side, ',') AS sides FROM trades GROUP BY symbol WINDOW TUMBLING(5m);",
        "SELECT symbol, COUNT_DISTINCT(trader_id) AS traders FROM trades GROUP BY symbol WINDOW TUMBLING(_event_time, 1m);",
        "SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING(1m, _event_time);",
        "SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING(INTERVAL 5 MINUTES);",
        "SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING(SIZE 1 MINUTE);",
        "SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW SLIDING(SIZE 10 MINUTES, ADVANCE BY 1 MINUTE);",
        "SELECT symbol, AVG(price) AS p FROM market_data GROUP BY symbol WINDOW SLIDING(10m, 30s);",
        "SELECT symbol, AVG(price) AS p FROM market_data GROUP BY symbol WINDOW SLIDING(INTERVAL '1' HOUR, INTERVAL '15' MINUTE);",
        "SELECT symbol, AVG(price) AS p FROM market_data GROUP BY symbol WINDOW SLIDING(_event_time, INTERVAL '1' HOUR, INTERVAL '15' MINUTE);",
        "SELECT trader_id, COUNT(*) AS bursts FROM trades GROUP BY trader_id WINDOW SESSION(30s);",
        "SELECT trader_id, COUNT(*) AS bursts FROM trades GROUP BY trader_id WINDOW SESSION(_event_time, INTERVAL '2' MINUTE);",
        "SELECT symbol, SUM(volume) AS v FROM market_data GROUP BY symbol WINDOW TUMBLING(500ms);",
        "SELECT symbol, SUM(volume) AS v FROM market_data GROUP BY symbol WINDOW TUMBLING(1d);",
        "SELECT symbol, SUM(volume) AS v FROM market_data GROUP BY symbol WINDOW TUMBLING(INTERVAL '1' DAY) EMIT FINAL;",
        "SELECT symbol, SUM(volume) AS v FROM market_data GROUP BY symbol WINDOW TUMBLING(timestamp, 1h) EMIT FINAL;",
        "SELECT symbol, SUM(volume) AS v FROM market_data GROUP BY symbol WINDOW TUMBLING(INTERVAL '250' MILLISECOND);",
        // Filters and projections.
        "SELECT symbol, price FROM market_data WHERE price BETWEEN 100 AND 200;",
        "SELECT symbol, price FROM market_data WHERE price NOT BETWEEN 100 AND 200;",
        "SELECT symbol FROM market_data WHERE symbol LIKE 'AA%';",
        "SELECT symbol FROM market_data WHERE symbol NOT LIKE '%X' AND exchange IN ('NASDAQ', 'NYSE');",
        "SELECT symbol FROM market_data WHERE exchange NOT IN ('OTC', 'PINK');",
        "SELECT symbol, bid_price, ask_price, ask_price - bid_price AS spread FROM market_data WHERE ask_price - bid_price > 0.05;",
        "SELECT symbol, price * volume AS notional, price * volume / 1000000 AS notional_mm, volume % 100 AS odd_lot FROM market_data;",
        "SELECT symbol, -price AS neg, +volume AS pos, -(-price) AS back FROM market_data;",
        "SELECT symbol, price FROM market_data WHERE NOT (price < 10 OR price > 1000);",
        "SELECT symbol, price FROM market_data WHERE price <> 0 AND volume != 0;",
        "SELECT symbol || ':' || exchange AS venue_key FROM market_data;",
        "SELECT symbol, ROUND(price, 2) AS p2, CEIL(price) AS c, CEILING(price) AS c2, FLOOR(price) AS f, SQRT(volume) AS s, POWER(price, 2) AS sq, MOD(volume, 7) AS m FROM market_data;",
        "SELECT symbol, GREATEST(bid_price, ask_price) AS hi, LEAST(bid_price, ask_price) AS lo FROM market_data;",
        "SELECT symbol, CAST(price AS DECIMAL(10, 2)) AS p, CAST(volume AS BIGINT) AS v, CAST(symbol AS VARCHAR(8)) AS s, CAST(price AS DOUBLE) AS d FROM market_data;",
        "SELECT symbol, CAST(timestamp AS TIMESTAMP) AS ts, CAST(volume AS STRING) AS vs FROM market_data;",
        "SELECT DISTINCT symbol, exchange FROM market_data;",
        "SELECT symbol, price FROM market_data ORDER BY price DESC LIMIT 10;",
        "SELECT symbol, price FROM market_data ORDER BY symbol ASC, price DESC;",
        "SELECT * FROM market_data;",
        "SELECT m.* FROM market_data m;",
        "SELECT m.*, i.sector FROM market_data m LEFT JOIN instruments i ON m.symbol = i.symbol;",
        "SELECT _key, _timestamp, _event_time, _partition, _offset, symbol FROM market_data;",
        "SELECT m._key, m._partition, m._offset FROM market_data AS m;",
        "SELECT symbol, NOW() - _event_time AS lag_ms FROM market_data WHERE NOW() - _event_time > 5000;",
        "SELECT symbol, CURRENT_TIMESTAMP AS seen_at FROM market_data;",
        "SELECT symbol, EXTRACT(HOUR FROM _event_time) AS h, EXTRACT(DOW FROM _event_time) AS d, EXTRACT(MILLISECOND FROM _event_time) AS ms FROM market_data;",
        "SELECT symbol, FROM_UNIXTIME(timestamp / 1000) AS ts, DATE_FORMAT(_event_time, '%Y-%m-%d') AS day FROM market_data;",
        "SELECT \"symbol\", `exchange`, \"price\" AS \"Last Price\" FROM market_data;",
        "SELECT symbol AS \"select\" FROM market_data;",
        "SELECT symbol, price FROM market_data /* block comment */ WHERE /* inside */ price > 1 -- trailing\n;",
        """
        SELECT
            symbol, -- the ticker
            price   /* last trade */
        FROM market_data -- source
        WHERE price > 0;
        """,
        "SELECT symbol, CASE exchange WHEN 'NASDAQ' THEN 'N' WHEN 'NYSE' THEN 'Y' ELSE '?' END AS venue FROM market_data;",
        "SELECT symbol, CASE WHEN price > 100 THEN 'HIGH' WHEN price > 10 THEN 'MID' END AS band FROM market_data;",
        "SELECT symbol, NULLIF(volume, 0) AS v, COALESCE(vwap, price, 0) AS ref, ISNULL(vwap, 0) AS v2 FROM market_data;",
        "SELECT symbol, TRUE AS live, FALSE AS stale, NULL AS nothing FROM market_data;",
        "SELECT symbol, 1.5e3 AS big, .5 AS half, 0.001 AS tiny FROM market_data;",
        "SELECT symbol, 'it''s' AS quoted FROM market_data;",
        "SELECT symbol FROM market_data WHERE price > 0 AND (volume > 100 OR bid_size > 10) AND NOT exchange = 'OTC';",
        "SELECT symbol FROM market_data WHERE price IS NOT NULL AND vwap IS NULL;",
        // Unions and inserts.
        """
        CREATE STREAM all_transactions AS
        SELECT order_id, customer_id, 'US' AS region, amount, currency FROM us_transactions
        UNION ALL
        SELECT order_id, customer_id, 'EU' AS region, amount, currency FROM eu_transactions
        EMIT CHANGES;
        """,
        "SELECT symbol FROM market_data_a UNION SELECT symbol FROM market_data_b;",
        "SELECT symbol FROM market_data_a UNION DISTINCT SELECT symbol FROM market_data_b ORDER BY symbol LIMIT 5;",
        // Boolean select items and an indented WINDOW/HAVING/EMIT tail (app_price_analytics).
        """
        -- @name: price_movement_debug
        CREATE STREAM price_movement_debug AS
        SELECT
            symbol PRIMARY KEY,
            COUNT(*) AS record_count,
            COUNT(*) > 1 AS passes_count_filter,
            STDDEV(price) > AVG(price) * 0.0001 AS passes_volatility_filter,
            MAX(volume) > AVG(volume) * 1.1 AS passes_volume_filter,
            _window_start AS window_start,
            NOW() AS debug_timestamp
        FROM market_data
        GROUP BY symbol
          WINDOW TUMBLING(_event_time, INTERVAL '1' MINUTE)
          HAVING COUNT(*) > 0
          EMIT CHANGES;
        """,
        """
        SELECT
            symbol,
            CASE
                WHEN ABS((price - LAG(price, 1) OVER (
                            ROWS WINDOW
                                BUFFER 100 ROWS
                                PARTITION BY symbol
                                ORDER BY _event_time
                         )) / LAG(price, 1) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol ORDER BY _event_time)) * 100 > 5.0
                THEN 'SIGNIFICANT'
                ELSE 'NORMAL'
            END AS movement_severity
        FROM market_data;
        """,
        // A stream-stream join bounded by a business time column.
        "SELECT o.order_id, s.carrier FROM orders o JOIN shipments s ON o.order_id = s.order_id AND s.shipped_at BETWEEN o.order_time AND o.order_time + INTERVAL '24' HOUR EMIT CHANGES;",
        "SELECT symbol FROM trades WHERE price >= 10 AND price <= 20 AND side <> 'SELL' AND quantity % 2 = 0;",
        "INSERT INTO trade_audit SELECT trade_id, symbol, price FROM trades WHERE price > 1000;",
        "INSERT INTO trade_audit (id, sym, px) SELECT trade_id, symbol, price FROM trades;",
        "INSERT INTO big_trades SELECT * FROM trades WHERE quantity > 10000 EMIT CHANGES WITH ('big_trades.type' = 'kafka_sink');"
    ]

    static let ecommerce: [String] = [
        """
        -- @name: high_value_orders
        -- @description: Orders above 1000 for fraud review
        -- @metric: velo_high_value_orders_total
        -- @metric_type: counter
        -- @metric_labels: region, payment_method
        CREATE STREAM high_value_orders AS
        SELECT order_id PRIMARY KEY, customer_id, amount, payment_method, region
        FROM orders
        WHERE amount > 1000 AND status <> 'CANCELLED'
        EMIT CHANGES
        WITH (
            'orders.type' = 'kafka_source',
            'orders.topic.name' = 'orders',
            'high_value_orders.type' = 'kafka_sink',
            'high_value_orders.topic.name' = 'fraud_review'
        );
        """,
        """
        CREATE TABLE revenue_by_region AS
        SELECT region PRIMARY KEY, SUM(amount) AS revenue, COUNT(*) AS orders, AVG(amount) AS avg_order
        FROM orders
        GROUP BY region
        WINDOW TUMBLING(_event_time, INTERVAL '1' HOUR)
        EMIT FINAL;
        """,
        """
        CREATE STREAM order_customer AS
        SELECT o.order_id, o.amount, c.name, c.tier, c.country
        FROM orders o
        JOIN customers c ON o.customer_id = c.customer_id
        WHERE c.tier IN ('GOLD', 'PLATINUM');
        """,
        """
        CREATE STREAM paid_orders AS
        SELECT o.order_id, o.amount, p.method, p.paid_at - o.order_time AS time_to_pay_ms
        FROM orders o
        INNER JOIN payments p ON o.order_id = p.order_id
            AND p._event_time BETWEEN o._event_time AND o._event_time + INTERVAL '24' HOUR;
        """,
        "SELECT o.order_id, s.carrier FROM orders o RIGHT JOIN shipments s ON o.order_id = s.order_id AND s._event_time BETWEEN o._event_time AND o._event_time + INTERVAL '7' DAY;",
        "SELECT o.order_id, s.carrier FROM orders o RIGHT OUTER JOIN shipments s ON o.order_id = s.order_id WITHIN INTERVAL '7' DAY;",
        "SELECT o.order_id, p.payment_id FROM orders o FULL OUTER JOIN payments p ON o.order_id = p.order_id WITHIN 1h;",
        "SELECT o.order_id, p.payment_id FROM orders o FULL JOIN payments p ON o.order_id = p.order_id WITHIN 1h;",
        "SELECT o.order_id, p.payment_id FROM orders o LEFT OUTER JOIN payments p ON o.order_id = p.order_id WITHIN 2h;",
        """
        SELECT o.order_id, c.name, pr.category, pr.price * o.quantity AS line_total
        FROM orders o
        LEFT JOIN customers c ON o.customer_id = c.customer_id
        LEFT JOIN products pr ON o.product_id = pr.product_id
        WHERE pr.category = 'ELECTRONICS';
        """,
        "SELECT customer_id, COUNT(*) AS orders, SUM(amount) AS spend FROM orders GROUP BY customer_id HAVING COUNT(*) >= 3 AND SUM(amount) > 500;",
        "SELECT customer_id, COUNT(*) AS order_count FROM orders GROUP BY customer_id HAVING order_count > 2;",
        "SELECT region AS r, COUNT(*) AS n FROM orders GROUP BY r;",
        "SELECT payment_method, region, SUM(amount) AS total FROM orders GROUP BY payment_method, region ORDER BY total DESC LIMIT 20;",
        "SELECT customer_id, COUNT(*) AS session_orders, SUM(amount) AS session_value FROM orders GROUP BY customer_id WINDOW SESSION(INTERVAL '45' MINUTE);",
        "SELECT UPPER(region) AS region_code, LOWER(status) AS status_lower, TRIM(coupon) AS coupon_code, LENGTH(order_id) AS id_len FROM orders;",
        "SELECT SUBSTRING(order_id, 1, 8) AS short_id, REPLACE(status, '_', ' ') AS status_text, CONCAT(region, '-', payment_method) AS channel FROM orders;",
        "SELECT LEFT(order_id, 4) AS prefix, RIGHT(order_id, 4) AS suffix, LPAD(region, 6, '*') AS padded FROM orders;",
        "SELECT order_id FROM orders WHERE REGEXP(order_id, '^ORD-[0-9]+$');",
        "SELECT order_id, JSON_VALUE(coupon, '$.code') AS code, JSON_EXTRACT(coupon, '$.meta') AS meta FROM orders;",
        "SELECT order_id, CASE WHEN coupon IS NULL THEN amount ELSE amount * 0.9 END AS charged FROM orders;",
        "SELECT order_id, amount FROM orders WHERE customer_id IN (SELECT customer_id FROM customers WHERE tier = 'GOLD');",
        "SELECT order_id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.order_id);",
        "SELECT s.region, s.total FROM (SELECT region, SUM(amount) AS total FROM orders GROUP BY region) s WHERE s.total > 100;",
        "SELECT t.customer_id FROM (SELECT customer_id, amount FROM orders WHERE amount > 10) AS t;",
        "SELECT DISTINCT customer_id FROM orders WHERE status = 'SHIPPED';",
        "SELECT order_id, amount, amount - LAG(amount) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY customer_id ORDER BY order_time) AS delta FROM orders;",
        "SELECT customer_id, FIRST(amount) AS first_amount, LAST(amount) AS last_amount FROM orders GROUP BY customer_id WINDOW TUMBLING(1h);",
        "SELECT customer_id, MAX(order_time) - MIN(order_time) AS span_ms FROM orders GROUP BY customer_id;",
        "SELECT region, SUM(CASE WHEN status = 'RETURNED' THEN 1 ELSE 0 END) * 100.0 / COUNT(*) AS return_rate FROM orders GROUP BY region;",
        "SELECT region, COUNT(*) AS n FROM orders WHERE order_time > 0 GROUP BY region WINDOW TUMBLING(order_time, 15m) HAVING COUNT(*) > 1 EMIT CHANGES;",
        "SELECT region, COUNT(*) AS n FROM orders GROUP BY region HAVING COUNT(*) > 1 WINDOW TUMBLING(15m);",
        "SELECT region, _window_start AS ws, _window_end AS we, COUNT(*) AS n FROM orders GROUP BY region WINDOW TUMBLING(1m);",
        "SELECT UPPER(region) AS r, COUNT(*) AS n FROM orders GROUP BY UPPER(region);",
        "SELECT order_id, amount FROM orders WHERE amount BETWEEN 10 AND 20 OR amount BETWEEN 100 AND 200;",
        "SELECT order_id FROM orders WHERE (amount > 10 AND region = 'EU') OR (amount > 50 AND region = 'US');",
        "SELECT order_id, amount * (1 + 0.2) AS gross, (amount + 5) * 2 AS doubled, amount - (5 - 2) AS minus FROM orders;",
        "SELECT order_id FROM orders WHERE status = 'NEW' LIMIT 100;",
        """
        -- @name: orders_per_minute
        CREATE TABLE orders_per_minute AS
        SELECT region PRIMARY KEY, COUNT(*) AS orders
        FROM orders
        GROUP BY region
        WINDOW TUMBLING(1m)
        WITH (
            'orders.type' = 'file_source',
            'orders.path' = './data/orders.csv',
            'orders.format' = 'csv',
            'orders_per_minute.type' = 'file_sink',
            'orders_per_minute.path' = './out/orders_per_minute.jsonl',
            'orders_per_minute.format' = 'jsonl'
        );
        """,
        "SELECT order_id, amount FROM orders WITH (event.time.field = 'order_time', 'orders.type' = 'kafka_source');",
        "SELECT order_id FROM orders WITH ('max.memory.mb' = 1024, 'spill.to.disk' = true);"
    ]

    static let iot: [String] = [
        """
        -- @name: temperature_alerts
        -- @job_mode: simple
        -- @batch_size: 500
        CREATE STREAM temperature_alerts AS
        SELECT
            r.device_id PRIMARY KEY,
            r.temperature,
            d.max_temp,
            d.site,
            CASE WHEN r.temperature > d.max_temp + 10 THEN 'CRITICAL' ELSE 'WARNING' END AS severity
        FROM sensor_readings r
        LEFT JOIN devices d ON r.device_id = d.device_id
        WHERE r.temperature > d.max_temp
        EMIT CHANGES
        WITH ('devices.type' = 'file_source', 'devices.path' = 'data/devices.csv');
        """,
        """
        CREATE TABLE device_stats AS
        SELECT
            device_id PRIMARY KEY,
            AVG(temperature) AS avg_temp,
            MIN(temperature) AS min_temp,
            MAX(temperature) AS max_temp,
            STDDEV(temperature) AS temp_stddev,
            COUNT(*) AS readings
        FROM sensor_readings
        GROUP BY device_id
        WINDOW TUMBLING(reading_time, 5m)
        EMIT FINAL;
        """,
        "SELECT device_id, AVG(humidity) AS h FROM sensor_readings GROUP BY device_id WINDOW SLIDING(reading_time, 10m, 1m);",
        "SELECT device_id, COUNT(*) AS bursts FROM sensor_readings GROUP BY device_id WINDOW SESSION(reading_time, 5m);",
        "SELECT device_id, battery_level FROM sensor_readings WHERE battery_level < 20 AND sensor_type IN ('THERMO', 'HYGRO');",
        "SELECT device_id, temperature * 9 / 5 + 32 AS temp_f FROM sensor_readings;",
        "SELECT device_id, ROUND(AVG(temperature), 1) AS t FROM sensor_readings GROUP BY device_id;",
        "SELECT location, sensor_type, MAX(pressure) - MIN(pressure) AS pressure_swing FROM sensor_readings GROUP BY location, sensor_type WINDOW TUMBLING(1h) HAVING MAX(pressure) - MIN(pressure) > 50;",
        "SELECT device_id, temperature, temperature - AVG(temperature) OVER (ROWS WINDOW BUFFER 60 ROWS PARTITION BY device_id ORDER BY reading_time) AS deviation FROM sensor_readings;",
        "SELECT r.device_id, d.model FROM sensor_readings AS r JOIN devices AS d ON r.device_id = d.device_id;",
        "SELECT device_id FROM sensor_readings WHERE device_id NOT IN (SELECT device_id FROM devices WHERE site = 'DECOMMISSIONED');",
        "SELECT device_id, CAST(temperature AS INTEGER) AS t, CAST(battery_level AS FLOAT) AS b FROM sensor_readings;",
        "SELECT device_id, temperature FROM sensor_readings WHERE temperature > (SELECT AVG(max_temp) FROM devices);",
        "SELECT device_id, COUNT(*) AS readings FROM sensor_readings GROUP BY device_id EMIT CHANGES;",
        // 1brc: EMIT FINAL without WINDOW over a bounded file (a warning, not an error).
        """
        CREATE STREAM results AS
        SELECT station, MIN(temperature) AS min_temp, AVG(temperature) AS avg_temp, MAX(temperature) AS max_temp
        FROM measurements
        GROUP BY station
        EMIT FINAL
        WITH (
            'measurements.type' = 'file_source_mmap',
            'measurements.path' = './measurements.txt',
            'measurements.format' = 'csv',
            'measurements.delimiter' = ';',
            'results.type' = 'file_sink',
            'results.path' = './1brc_results.csv',
            'results.format' = 'csv'
        );
        """,
        "SELECT user_id, page, duration_ms FROM clicks WHERE referrer LIKE 'https://%' AND duration_ms >= 1000;",
        "SELECT user_id, COUNT(*) AS pages, SUM(duration_ms) AS dwell FROM clicks GROUP BY user_id WINDOW SESSION(event_time, 30m);",
        "SELECT user_id, COUNT(DISTINCT page) AS unique_pages FROM clicks GROUP BY user_id WINDOW TUMBLING(event_time, 1h);",
        "SELECT page, COUNT(*) AS views FROM clicks GROUP BY page ORDER BY views DESC LIMIT 10;",
        "SELECT user_id, page, ROW_NUMBER() OVER (ROWS WINDOW BUFFER 1000 ROWS PARTITION BY user_id ORDER BY event_time) AS step FROM clicks;",
        "SELECT HEADER('trace-id') AS trace, HAS_HEADER('tenant') AS has_tenant, user_id FROM clicks;"
    ]

    /// Multi-statement files: each file is one corpus entry; later statements read earlier outputs.
    static let files: [String] = [
        """
        -- SQL Application: market_data_pipeline
        -- @app: market_data_pipeline
        -- @version: 1.0.0
        -- @description: Core market data processing
        -- @deployment.region: ${AWS_REGION:us-east-1}
        -- @sla.latency.p99: 50ms

        -- @name: clean_ticks
        -- @description: Drops bad ticks
        CREATE STREAM clean_ticks AS
        SELECT symbol PRIMARY KEY, price, volume, _event_time
        FROM market_data
        WHERE price > 0;

        -- @name: candles
        -- @metric: velo_candles_total
        -- @metric_type: counter
        CREATE TABLE candles AS
        SELECT symbol PRIMARY KEY, MIN(price) AS low, MAX(price) AS high, SUM(volume) AS volume
        FROM clean_ticks
        GROUP BY symbol
        WINDOW TUMBLING(_event_time, 1m)
        EMIT FINAL;

        -- @name: big_candles
        CREATE STREAM big_candles AS
        SELECT symbol, high - low AS range_width, volume
        FROM candles
        WHERE high - low > 1.5;
        """,
        """
        -- @app: shop
        CREATE STREAM eu_orders AS SELECT order_id, customer_id, amount FROM orders WHERE region = 'EU';
        CREATE TABLE eu_spend AS SELECT customer_id, SUM(amount) AS spend FROM eu_orders GROUP BY customer_id;
        SELECT e.customer_id, e.spend, c.email FROM eu_spend e JOIN customers c ON e.customer_id = c.customer_id WHERE e.spend > 1000
        """
    ]

    static var all: [String] { trading + ecommerce + iot + files }

    /// How many statements the corpus holds in total (files hold several).
    static var statementCount: Int {
        all.reduce(0) { $0 + SQLParser.parse($1).script.statements.count }
    }
}
