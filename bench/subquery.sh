#!/usr/bin/env bash
# velo-run's subqueries beside DuckDB (one thread): 2,000,000 NDJSON trades (1,000 symbols) against a
# 1,000-row CSV table (half its symbols occur in the trades, two thirds of its rows are active):
#   in          symbol IN (SELECT symbol FROM ref WHERE active = 1)          uncorrelated value set
#   exists      EXISTS (… WHERE r.symbol = t.symbol AND r.active = 1)        hash index, answer kept per key
#   not_exists  NOT EXISTS (… WHERE r.symbol = t.symbol AND r.max_qty < t.quantity)   index + per-row condition
#   scalar      (SELECT max_qty FROM ref r WHERE r.symbol = t.symbol) in the SELECT list
# Results are cross-checked against DuckDB's. Times are CPU seconds (user+sys), best of REPEAT runs; velo-run
# writes to /dev/null, DuckDB to a scratch file in /dev/shm (it locks its COPY target).
# Figures go to docs/BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/common.sh

N=${N:-2000000}
REPEAT=${REPEAT:-3}
DATA=bench/data/trades-$N.ndjson
OUT=bench/data/subquery
TABLE=$OUT/ref.csv
mkdir -p bench/data "$OUT"

trades_file "$N" "$DATA"
python3 - "$TABLE" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("symbol,active,max_qty\n")
    for i in range(1000):
        f.write("SYM%04d,%d,%d\n" % (i * 2, 0 if i % 3 == 0 else 1, i * 37 % 1000))
PY
build_velo_run

with_duckdb

WITH="WITH ('ref.type' = 'file_source', 'ref.path' = 'ref.csv', 'ref.format' = 'csv')"
cat > "$OUT/in.sql" <<SQL
SELECT trade_id, symbol FROM trades WHERE symbol IN (SELECT symbol FROM ref WHERE active = 1) $WITH;
SQL
cat > "$OUT/exists.sql" <<SQL
SELECT trade_id, symbol FROM trades t
WHERE EXISTS (SELECT 1 FROM ref r WHERE r.symbol = t.symbol AND r.active = 1) $WITH;
SQL
cat > "$OUT/not_exists.sql" <<SQL
SELECT trade_id, symbol FROM trades t
WHERE NOT EXISTS (SELECT 1 FROM ref r WHERE r.symbol = t.symbol AND r.max_qty < t.quantity) $WITH;
SQL
cat > "$OUT/scalar.sql" <<SQL
SELECT trade_id, (SELECT max_qty FROM ref r WHERE r.symbol = t.symbol) AS max_qty FROM trades t $WITH;
SQL

velo_cpu() {
    local t
    t=$( { /usr/bin/time -f '%U %S' "$BIN" -q --input "trades=$DATA" "$OUT/$1.sql" >/dev/null; } 2>&1 | tail -1)
    awk -v t="$t" 'BEGIN { split(t, a, " "); print a[1] + a[2] }'
}
best() { sort -g | head -1; }

uptime
printf '%-11s %12s %12s %14s %10s %s\n' query velo_cpu_s duckdb_cpu_s velo_rec_per_s vs_duckdb check
status=0
for q in in exists not_exists scalar; do
    v=$(for _ in $(seq "$REPEAT"); do velo_cpu "$q"; done | best)
    d=NA; ratio=NA; check=skipped
    if [ "$HAVE_DUCKDB" = 1 ]; then
        d=$(for _ in $(seq "$REPEAT"); do "$PY" bench/exec/duckdb_subquery.py "$DATA" "$TABLE" "$q" | sed 's/cpu_seconds=\([0-9.]*\).*/\1/'; done | best)
        ratio=$(awk -v v="$v" -v d="$d" 'BEGIN { printf "%.2fx", v / d }')
        "$BIN" -q --input "trades=$DATA" "$OUT/$q.sql" > "$OUT/$q.velo.ndjson"
        "$PY" bench/exec/duckdb_subquery.py "$DATA" "$TABLE" "$q" "$OUT/$q.duck.ndjson" >/dev/null
        if check=$("$PY" bench/exec/compare.py "$OUT/$q.velo.ndjson" "$OUT/$q.duck.ndjson" trade_id); then :; else status=1; fi
    fi
    rate=$(awk -v n="$N" -v v="$v" 'BEGIN { printf "%.2fM", n / v / 1e6 }')
    printf '%-11s %12s %12s %14s %10s %s\n' "$q" "$v" "$d" "$rate" "$ratio" "$check"
done
uptime
exit $status
