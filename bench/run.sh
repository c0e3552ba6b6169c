#!/usr/bin/env bash
# velo-run beside DuckDB (one thread) on the same NDJSON file and queries, output to /dev/null:
#   filter+projection, GROUP BY over 1,000 keys, 1-second TUMBLING GROUP BY — 2,000,000 trade records
# then the state-release check: 10,000,000 records, 1,000 keys, 1-minute tumbling windows, peak RSS.
# Targets (issue 6): velo-run's time ≤ DuckDB's single-thread time and ≥ 1.5M records/s; peak RSS < 150 MB.
# Results are cross-checked against DuckDB's. Times are CPU seconds (user+sys), best of REPEAT runs: the
# machine is shared, and CPU time is the one-core figure; the two alternate run by run. Figures go to docs/BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/common.sh

N=${N:-2000000}
BIG=${BIG:-10000000}
REPEAT=${REPEAT:-5}
DATA=bench/data/trades-$N.ndjson
OUT=bench/data/exec
mkdir -p bench/data "$OUT"

trades_file "$N" "$DATA"
build_velo_run

with_duckdb

cat > "$OUT/filter.sql" <<'SQL'
SELECT trade_id, symbol, price * quantity AS notional FROM trades WHERE price > 900 AND side = 'BUY';
SQL
cat > "$OUT/groupby.sql" <<'SQL'
SELECT symbol, COUNT(*) AS n, SUM(quantity) AS qty, AVG(price) AS avg_price FROM trades GROUP BY symbol EMIT FINAL;
SQL
cat > "$OUT/tumbling.sql" <<'SQL'
SELECT symbol, COUNT(*) AS n, SUM(quantity) AS qty, AVG(price) AS avg_price, _window_start AS ws
FROM trades GROUP BY symbol WINDOW TUMBLING(1s) WITH ('event.time.field' = 'ts');
SQL
cat > "$OUT/minute.sql" <<'SQL'
SELECT symbol, COUNT(*) AS n, SUM(quantity) AS qty, AVG(price) AS avg_price, _window_start AS ws
FROM trades GROUP BY symbol WINDOW TUMBLING(1m) WITH ('event.time.field' = 'ts');
SQL

# CPU seconds of one velo-run.
velo_cpu() {
    local t
    t=$( { /usr/bin/time -f '%U %S' "$BIN" -q --input "trades=$DATA" "$OUT/$1.sql" >/dev/null; } 2>&1 | tail -1)
    awk -v t="$t" 'BEGIN { split(t, a, " "); print a[1] + a[2] }'
}

best() { sort -g | head -1; }

printf '%-10s %12s %12s %14s %10s %s\n' query velo_cpu_s duckdb_cpu_s velo_rec_per_s vs_duckdb check
status=0
echo "load before: $(uptime | sed 's/.*load average: //')" >&2
for q in filter groupby tumbling; do
    # velo-run and DuckDB alternate, so that both see the same share of a busy machine.
    vs=""; ds=""
    for _ in $(seq "$REPEAT"); do
        vs="$vs $(velo_cpu "$q")"
        if [ "$HAVE_DUCKDB" = 1 ]; then
            ds="$ds $("$PY" bench/exec/duckdb_queries.py "$DATA" "$q" | sed 's/cpu_seconds=\([0-9.]*\).*/\1/')"
        fi
    done
    v=$(echo $vs | tr ' ' '\n' | best)
    d=NA; ratio=NA; check=skipped
    if [ "$HAVE_DUCKDB" = 1 ]; then
        d=$(echo $ds | tr ' ' '\n' | best)
        ratio=$(awk -v v="$v" -v d="$d" 'BEGIN { printf "%.2fx", v / d }')
        "$BIN" -q --input "trades=$DATA" "$OUT/$q.sql" > "$OUT/$q.velo.ndjson"
        "$PY" bench/exec/duckdb_queries.py "$DATA" "$q" "$OUT/$q.duck.ndjson" >/dev/null
        case $q in
            filter) keys=trade_id ;;
            groupby) keys=symbol ;;
            tumbling) keys=ws,symbol ;;
        esac
        if check=$("$PY" bench/exec/compare.py "$OUT/$q.velo.ndjson" "$OUT/$q.duck.ndjson" "$keys"); then :; else status=1; fi
    fi
    rate=$(awk -v n="$N" -v v="$v" 'BEGIN { printf "%.2fM", n / v / 1e6 }')
    printf '%-10s %12s %12s %14s %10s %s\n' "$q" "$v" "$d" "$rate" "$ratio" "$check"
done

# Exact decimals beside the float path (issue 18): the same query over the same file, price read as a DOUBLE
# (no schema) and as decimal(2) (--schemas: the decoder makes it a scaled integer, `*` stays exact).
# Target: the decimal run costs at most 15% more CPU than the float run.
mkdir -p "$OUT/schemas"
cat > "$OUT/schemas/trades.schema.yaml" <<'YAML'
name: trades
fields:
  - name: trade_id
    type: integer
  - name: symbol
    type: string
  - name: price
    type:
      decimal:
        precision: 2
  - name: quantity
    type: integer
  - name: side
    type: string
  - name: ts
    type: integer
YAML
cat > "$OUT/decimal.sql" <<'SQL'
SELECT trade_id, price * quantity AS notional, price - 1 AS below FROM trades WHERE quantity > 500;
SQL
decimal_cpu() {
    local t
    t=$( { /usr/bin/time -f '%U %S' "$BIN" -q --input "trades=$DATA" "$@" "$OUT/decimal.sql" >/dev/null; } 2>&1 | tail -1)
    awk -v t="$t" 'BEGIN { split(t, a, " "); print a[1] + a[2] }'
}
fs=""; es=""
for _ in $(seq "$REPEAT"); do
    fs="$fs $(decimal_cpu)"
    es="$es $(decimal_cpu --schemas "$OUT/schemas")"
done
f=$(echo $fs | tr ' ' '\n' | best); e=$(echo $es | tr ' ' '\n' | best)
cost=$(awk -v f="$f" -v e="$e" 'BEGIN { printf "%+.1f%%", (e / f - 1) * 100 }')
printf 'decimal: float path %ss, decimal(2) path %ss CPU (%s; target <= +15%%)\n' "$f" "$e" "$cost"
if awk -v f="$f" -v e="$e" 'BEGIN { exit !(e > f * 1.15) }'; then status=1; fi

echo "load after: $(uptime | sed 's/.*load average: //')" >&2

# State release: 10M records, 1,000 keys, 1-minute windows, generated straight into velo-run.
echo "state release: $BIG records, 1,000 keys, TUMBLING(1m) (generating on the fly)" >&2
BIGDATA=bench/data/trades-$BIG.ndjson
[ -f "$BIGDATA" ] || python3 bench/gen_trades.py "$BIG" 1000 10000 "$BIGDATA"
"$BIN" -q --input "trades=$BIGDATA" --metrics "$OUT/minute.metrics.json" "$OUT/minute.sql" >/dev/null
python3 - "$OUT/minute.metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
peak = m["peak_memory_bytes"] / 2**20
w = m["window_state"]
print(f"10M windowed: {m['records_in']:,} in, {m['records_out']:,} out, peak RSS {peak:.1f} MiB "
      f"(target < 150), peak groups {w['peak_groups']:,}, fired windows {w['fired_windows']:,}, "
      f"{m['throughput_records_per_sec'] / 1e6:.2f}M rec/s wall")
sys.exit(0 if peak < 150 else 1)
PY
exit $status
