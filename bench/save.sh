#!/usr/bin/env bash
# velo-save (issue 16): saving a 10-job session (SQL bindings, schemas, spec with its calibration run, configs,
# Makefile, README) and `--list` of a 1 MB SQL app. Targets: < 200 ms and < 100 ms in a release build.
# Figures include process start; the project is written with --force into bench/data/save/out.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/velo-save}
[[ -x "$BIN" ]] || { echo "build first: swift build -c release --product velo-save" >&2; exit 1; }
DIR=bench/data/save
mkdir -p "$DIR/out"
RUNS=${RUNS:-7}

# A session of 10 jobs over two schemas, in rotation: filter, aggregate, window, join (to a table job).
python3 - "$DIR/session.json" <<'PY'
import json, sys
orders = """name: orders
fields:
  - name: order_id
    type: string
  - name: customer_id
    type: integer
    constraints:
      range: {min: 1, max: 50}
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
customers = """name: customers
fields:
  - name: customer_id
    type: integer
    constraints:
      range: {min: 1, max: 50}
  - name: tier
    type: string
    constraints:
      enum_values:
        values: [gold, silver, bronze]
"""
jobs = [{"name": "tiers", "sql": "CREATE TABLE tiers AS SELECT customer_id, LAST_VALUE(tier) AS tier FROM customers GROUP BY customer_id EMIT CHANGES;"}]
for i in range(1, 10):
    k = i % 3
    if k == 0:
        sql = f"CREATE STREAM job_{i} AS SELECT order_id, region, amount FROM orders WHERE amount > {i * 50} EMIT CHANGES;"
    elif k == 1:
        sql = (f"CREATE STREAM job_{i} AS SELECT region, _window_start AS ws, _window_end AS we, COUNT(*) AS n, MIN(amount) AS lo, MAX(amount) AS hi "
               f"FROM orders GROUP BY region WINDOW TUMBLING(event_time, INTERVAL '{i}' MINUTE) EMIT FINAL WITH ('event.time.field' = 'event_time');")
    else:
        sql = f"CREATE STREAM job_{i} AS SELECT o.order_id, o.amount, t.tier FROM orders o LEFT JOIN tiers t ON o.customer_id = t.customer_id EMIT CHANGES;"
    jobs.append({"name": f"job_{i}", "sql": sql})
runs = {j["name"]: {"metrics": {"duration_ms": 150, "records_in": 20000, "throughput_records_per_sec": 130000,
                                 "peak_memory_bytes": 40 << 20}, "exit_code": 0} for j in jobs}
session = {"version": 1, "app": {"name": "bench_app", "description": "ten jobs"}, "backend": "local",
           "schemas": [{"name": "orders", "yaml": orders}, {"name": "customers", "yaml": customers}],
           "jobs": jobs, "runs": runs}
json.dump(session, open(sys.argv[1], "w"))
PY

# A 1 MB app: the same five-shape rotation as bench/sql.sh's, repeated until the file passes 1 MB.
awk 'BEGIN {
  print "-- SQL Application: big"
  print "-- @app: big"
  for (i = 1; bytes < 1048576; i++) {
    s = "\n-- @name: job_" i "\n-- @description: job number " i "\n"
    s = s "CREATE STREAM job_" i " AS SELECT trade_id, symbol, price * quantity AS notional FROM trades WHERE price > " i " AND symbol LIKE '\''A%'\'' EMIT CHANGES\n"
    s = s "WITH ('\''trades.type'\'' = '\''kafka_source'\'', '\''trades.topic.name'\'' = '\''trades'\'', '\''job_" i ".type'\'' = '\''kafka_sink'\'');"
    print s
    bytes += length(s) + 1
  }
}' > "$DIR/big.sql"

"$BIN" "$DIR/session.json" --out "$DIR/out" --force > /dev/null
jobs=$("$BIN" --list "$DIR/big.sql" | grep -c '"number"')
TIMEFORMAT='%3R %3U %3S'
measure() {
  local walls=() cpus=()
  for _ in $(seq "$RUNS"); do
    read -r real user sys < <({ time "$@" > /dev/null; } 2>&1)
    walls+=($(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }'))
    cpus+=($(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }'))
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
  best() { printf '%s\n' "$@" | sort -n | head -1; }
  echo "wall best $(best "${walls[@]}") ms median $(median "${walls[@]}") ms; cpu best $(best "${cpus[@]}") ms median $(median "${cpus[@]}") ms"
}
echo "velo-save, 10-job session ($RUNS runs): $(measure "$BIN" "$DIR/session.json" --out "$DIR/out" --force) (target < 200 ms)"
echo "velo-save --list, $(wc -c < "$DIR/big.sql") bytes, $jobs jobs ($RUNS runs): $(measure "$BIN" --list "$DIR/big.sql") (target < 100 ms)"
