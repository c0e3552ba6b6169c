#!/usr/bin/env bash
# Row windows: velo-run beside DuckDB (one thread) on the same NDJSON trades (1,000 symbols), output to
# /dev/null: price − LAG(price), a 10-row moving AVG and MAX, LEAD (rows held back), and RANK within a
# 100-row buffer (velo-run only: DuckDB has no "rank among the last n rows"). Results of the first three
# are cross-checked against DuckDB's by trade_id. Times are CPU seconds (user+sys), best of REPEAT runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/common.sh

N=${N:-1000000}
REPEAT=${REPEAT:-3}
DATA=bench/data/trades-$N.ndjson
OUT=bench/data/rowwin
mkdir -p bench/data "$OUT"

trades_file "$N" "$DATA"
build_velo_run

with_duckdb

W="ROWS WINDOW BUFFER 10 ROWS PARTITION BY symbol ORDER BY ts"
echo "SELECT trade_id, price - LAG(price) OVER ($W) AS change FROM trades;" > "$OUT/lag.sql"
echo "SELECT trade_id, AVG(price) OVER ($W) AS ma10, MAX(price) OVER ($W) AS hi10 FROM trades;" > "$OUT/moving.sql"
echo "SELECT trade_id, LEAD(price) OVER ($W) AS next_price FROM trades;" > "$OUT/lead.sql"
echo "SELECT trade_id, RANK() OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol ORDER BY price DESC) AS r FROM trades;" > "$OUT/rank.sql"
echo "SELECT trade_id, price FROM trades;" > "$OUT/plain.sql"

velo_cpu() {
    local t
    t=$( { /usr/bin/time -f '%U %S' "$BIN" -q --input "trades=$DATA" "$OUT/$1.sql" >/dev/null; } 2>&1 | tail -1)
    awk -v t="$t" 'BEGIN { split(t, a, " "); print a[1] + a[2] }'
}
best() { sort -g | head -1; }

printf '%-8s %12s %12s %14s %10s %s\n' query velo_cpu_s duckdb_cpu_s velo_rec_per_s vs_duckdb check
status=0
for q in plain lag moving lead rank; do
    v=$(for _ in $(seq "$REPEAT"); do velo_cpu "$q"; done | best)
    d=NA; ratio=NA; check=skipped
    if [ "$HAVE_DUCKDB" = 1 ] && [ "$q" != rank ] && [ "$q" != plain ]; then
        d=$(for _ in $(seq "$REPEAT"); do "$PY" bench/rowwin/duckdb_rowwin.py "$DATA" "$q" | sed 's/cpu_seconds=\([0-9.]*\).*/\1/'; done | best)
        ratio=$(awk -v v="$v" -v d="$d" 'BEGIN { printf "%.2fx", v / d }')
        "$BIN" -q --input "trades=$DATA" "$OUT/$q.sql" > "$OUT/$q.velo.ndjson"
        "$PY" bench/rowwin/duckdb_rowwin.py "$DATA" "$q" "$OUT/$q.duck.ndjson" >/dev/null
        if check=$("$PY" bench/exec/compare.py "$OUT/$q.velo.ndjson" "$OUT/$q.duck.ndjson" trade_id); then :; else status=1; fi
    fi
    rate=$(awk -v n="$N" -v v="$v" 'BEGIN { printf "%.2fM", n / v / 1e6 }')
    printf '%-8s %12s %12s %14s %10s %s\n' "$q" "$v" "$d" "$rate" "$ratio" "$check"
done
exit $status
