-- SQL Application: trade_alerts
-- @application: trade_alerts
-- @version: 1.0.0
-- @description: Enrich trades with instrument reference data, total them per sector in one-minute windows, and alert on heavy windows.

-- @name: enrich_trades
-- @description: Each trade with its instrument's sector and exchange (LEFT JOIN: unknown symbols keep NULLs).
CREATE STREAM enriched_trades AS
SELECT t.trade_id, t.symbol, t.price, t.quantity, t.price * t.quantity AS notional, t.event_time,
       i.sector, i.exchange
FROM trades t
LEFT JOIN instruments i ON t.symbol = i.symbol
EMIT CHANGES
WITH (
    'trades.type' = 'kafka_source',
    'trades.topic.name' = 'trades',
    'instruments.type' = 'file_source',
    'instruments.path' = 'data/instruments.csv',
    'instruments.format' = 'csv'
);

-- @name: sector_volume
-- @description: Trades and notional per sector in one-minute tumbling windows of event time.
CREATE TABLE sector_volume AS
SELECT sector,
       COUNT(*) AS trade_count,
       SUM(notional) AS total_notional,
       MAX(price) AS max_price,
       _window_start AS window_start,
       _window_end AS window_end
FROM enriched_trades
GROUP BY sector
WINDOW TUMBLING(event_time, INTERVAL '1' MINUTE)
EMIT FINAL;

-- @name: volume_alerts
-- @description: Windows whose notional passes the alert threshold.
-- @metric: trade_alerts_critical_total(sector)
-- @metric_type: counter
-- @metric_help: Windows over the critical threshold
-- @metric_labels: sector
-- @metric_condition: severity = 'CRITICAL'
-- @metric: trade_alerts_last_notional
-- @metric_type: gauge
-- @metric_help: Notional of the latest alert
-- @metric_field: total_notional
CREATE STREAM volume_alerts AS
SELECT sector, window_start, window_end, trade_count, total_notional,
       CASE WHEN total_notional > 2500000 THEN 'CRITICAL' ELSE 'HIGH' END AS severity
FROM sector_volume
WHERE total_notional > 1500000
EMIT CHANGES;
