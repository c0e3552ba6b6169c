#!/usr/bin/env bash
# SQL front end: parse + analyze a generated 1,000-statement file with `velo-run --check --json`.
# Target (issue 5): under 100 ms in a release build. The figure includes process start and the JSON
# report, so the front end itself is faster than what is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/velo-run}
[[ -x "$BIN" ]] || { echo "build first: swift build -c release" >&2; exit 1; }
DIR=bench/data/sql
mkdir -p "$DIR/schemas"
STATEMENTS=${STATEMENTS:-1000}
RUNS=${RUNS:-7}

cat > "$DIR/schemas/trades.schema.yaml" <<'YAML'
name: trades
fields:
  - {name: trade_id, type: string}
  - {name: symbol, type: string}
  - {name: trader_id, type: string}
  - {name: side, type: string}
  - {name: quantity, type: integer}
  - {name: price, type: float}
  - {name: timestamp, type: integer}
YAML
cat > "$DIR/schemas/instruments.schema.yaml" <<'YAML'
name: instruments
fields:
  - {name: symbol, type: string}
  - {name: sector, type: string}
  - {name: tick_size, type: float}
YAML

# Five statement shapes in rotation: filter, windowed aggregate, stream-table join, subquery, row window.
awk -v n="$STATEMENTS" 'BEGIN {
  print "-- SQL Application: bench"
  print "-- @app: bench"
  for (i = 1; i <= n; i++) {
    k = i % 5
    print ""
    print "-- @name: job_" i
    if (k == 0) {
      print "CREATE STREAM job_" i " AS SELECT trade_id, symbol, price * quantity AS notional, CASE WHEN side = '\''BUY'\'' THEN quantity ELSE -quantity END AS signed_qty"
      print "FROM trades WHERE price BETWEEN " i " AND " i + 100 " AND symbol LIKE '\''A%'\'' AND trader_id IS NOT NULL EMIT CHANGES"
      print "WITH ('\''trades.type'\'' = '\''kafka_source'\'', '\''trades.topic.name'\'' = '\''trades'\'', '\''job_" i ".type'\'' = '\''kafka_sink'\'');"
    } else if (k == 1) {
      print "CREATE TABLE job_" i " AS SELECT symbol PRIMARY KEY, COUNT(*) AS trades, SUM(quantity) AS volume, AVG(price) AS avg_price, MAX(price) - MIN(price) AS range_px"
      print "FROM trades GROUP BY symbol WINDOW TUMBLING(_event_time, INTERVAL '\''1'\'' MINUTE) HAVING COUNT(*) > " i % 10 " EMIT FINAL;"
    } else if (k == 2) {
      print "CREATE STREAM job_" i " AS SELECT t.trade_id, t.price, i.sector, FLOOR(t.price / i.tick_size) * i.tick_size AS px"
      print "FROM trades t LEFT JOIN instruments i ON t.symbol = i.symbol WHERE t.quantity > " i ";"
    } else if (k == 3) {
      print "CREATE STREAM job_" i " AS SELECT symbol, price FROM trades t"
      print "WHERE t.symbol IN (SELECT symbol FROM instruments WHERE sector = '\''TECH'\'') AND NOT EXISTS (SELECT 1 FROM instruments x WHERE x.symbol = t.symbol AND x.tick_size > 1.5);"
    } else {
      print "CREATE STREAM job_" i " AS SELECT symbol, price, LAG(price, 1) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol ORDER BY _event_time) AS prev,"
      print "  AVG(price) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY symbol ORDER BY _event_time) AS ma20 FROM trades /* row window */ WHERE quantity > 0;"
    }
  }
}' > "$DIR/app.sql"

bytes=$(wc -c < "$DIR/app.sql")
# Must be valid: exit 0.
"$BIN" --check --json --schemas "$DIR/schemas" "$DIR/app.sql" > "$DIR/report.json"
# Wall time is what a user waits; CPU time (user + sys) does not depend on what else the machine is doing.
TIMEFORMAT='%3R %3U %3S'
walls=(); cpus=()
for _ in $(seq "$RUNS"); do
  read -r real user sys < <({ time "$BIN" --check --json --schemas "$DIR/schemas" "$DIR/app.sql" > /dev/null; } 2>&1)
  walls+=($(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }'))
  cpus+=($(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }'))
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
best() { printf '%s\n' "$@" | sort -n | head -1; }
echo "sql front end: $STATEMENTS statements ($bytes bytes), velo-run --check --json --schemas, $RUNS runs:" \
     "wall best $(best "${walls[@]}") ms median $(median "${walls[@]}") ms;" \
     "cpu best $(best "${cpus[@]}") ms median $(median "${cpus[@]}") ms (target < 100 ms)"
