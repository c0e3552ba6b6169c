#!/usr/bin/env bash
# velo-run joins (issue 7), output to /dev/null:
#  (a) stream-table: 2,000,000 trades LEFT JOIN 1,000 reference rows (CSV) on symbol, beside DuckDB (one
#      thread) on the same files and query; target ≤ 1.5x DuckDB's time. Results are cross-checked.
#  (b) stream-stream interval join (±50 ms on symbol) over 1M, 5M and 10M records (half trades, half
#      quotes): peak RSS must stay flat (state is bounded by the interval). Cross-checked with DuckDB at 1M.
# Times are CPU seconds (user+sys), best of REPEAT runs: the machine is shared, and CPU time is the
# one-core figure. Figures go to docs/BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/common.sh

N=${N:-2000000}
REPEAT=${REPEAT:-3}
SIZES=${SIZES:-"1000000 5000000 10000000"}
OUT=bench/data/join
mkdir -p bench/data "$OUT"
TRADES=bench/data/trades-$N.ndjson
INSTRUMENTS=bench/data/instruments-1000.csv
trades_file "$N" "$TRADES"
[ -f "$INSTRUMENTS" ] || python3 bench/exec/gen_join.py instruments "$INSTRUMENTS"

build_velo_run

with_duckdb

cat > "$OUT/table.sql" <<'SQL'
SELECT t.trade_id, t.symbol, t.price * t.quantity AS notional, i.sector, i.lot
FROM trades t LEFT JOIN instruments i ON t.symbol = i.symbol;
SQL
cat > "$OUT/interval.sql" <<'SQL'
SELECT t.trade_id, q.quote_id, t.price - q.bid AS spread
FROM trades t JOIN quotes q ON t.symbol = q.symbol
  AND q._event_time BETWEEN t._event_time - INTERVAL '50' MILLISECONDS AND t._event_time + INTERVAL '50' MILLISECONDS
WITH ('event.time.field' = 'ts');
SQL

cpu() { awk -v t="$1" 'BEGIN { split(t, a, " "); print a[1] + a[2] }'; }
best() { sort -g | head -1; }
status=0
uptime

# (a) stream-table
v=$(for _ in $(seq "$REPEAT"); do
    cpu "$( { /usr/bin/time -f '%U %S' "$BIN" -q --input "trades=$TRADES" --input "instruments=$INSTRUMENTS" "$OUT/table.sql" >/dev/null; } 2>&1 | tail -1)"
done | best)
d=NA; ratio=NA; check=skipped
if [ "$HAVE_DUCKDB" = 1 ]; then
    d=$(for _ in $(seq "$REPEAT"); do "$PY" bench/exec/duckdb_join.py table "$TRADES" "$INSTRUMENTS" | sed 's/cpu_seconds=\([0-9.]*\).*/\1/'; done | best)
    ratio=$(awk -v v="$v" -v d="$d" 'BEGIN { printf "%.2fx", v / d }')
    "$BIN" -q --input "trades=$TRADES" --input "instruments=$INSTRUMENTS" "$OUT/table.sql" > "$OUT/table.velo.ndjson"
    "$PY" bench/exec/duckdb_join.py table "$TRADES" "$INSTRUMENTS" "$OUT/table.duck.ndjson" >/dev/null
    if check=$("$PY" bench/exec/compare.py "$OUT/table.velo.ndjson" "$OUT/table.duck.ndjson" trade_id); then :; else status=1; fi
fi
printf '%-22s %10s %12s %12s %10s %s\n' join velo_cpu_s duckdb_cpu_s velo_rec_per_s vs_duckdb check
printf '%-22s %10s %12s %12s %10s %s\n' "stream-table 2M x 1k" "$v" "$d" \
    "$(awk -v n="$N" -v v="$v" 'BEGIN { printf "%.2fM", n / v / 1e6 }')" "$ratio" "$check"
awk -v r="${ratio%x}" 'BEGIN { exit !(r == "NA" || r <= 1.5) }' || { echo "stream-table join is slower than 1.5x DuckDB" >&2; status=1; }

# (b) stream-stream: half trades, half quotes, 10,000 records/s each, 1,000 symbols.
printf '%-22s %10s %12s %12s %10s\n' interval records_in records_out peak_rss_mib cpu_s
first=""
for size in $SIZES; do
    half=$((size / 2))
    A=bench/data/trades-$half.ndjson
    Q=bench/data/quotes-$half.ndjson
    [ -f "$A" ] || python3 bench/gen_trades.py "$half" 1000 10000 "$A"
    [ -f "$Q" ] || python3 bench/exec/gen_join.py quotes "$half" 1000 10000 "$Q"
    t=$( { /usr/bin/time -f '%U %S %M' "$BIN" -q --input "trades=$A" --input "quotes=$Q" \
            --metrics "$OUT/interval-$size.metrics.json" "$OUT/interval.sql" >/dev/null; } 2>&1 | tail -1)
    rss=$(awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.1f", a[3] / 1024 }')
    out=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["records_in"], m["records_out"])' "$OUT/interval-$size.metrics.json")
    printf '%-22s %10s %12s %12s %10s\n' "interval ±50ms" ${out% *} ${out#* } "$rss" "$(cpu "$t")"
    [ -n "$first" ] || first=$rss
    if [ "$size" = "$(echo $SIZES | awk '{ print $1 }')" ] && [ "$HAVE_DUCKDB" = 1 ]; then
        "$BIN" -q --input "trades=$A" --input "quotes=$Q" "$OUT/interval.sql" > "$OUT/interval.velo.ndjson"
        "$PY" bench/exec/duckdb_join.py interval "$A" "$Q" "$OUT/interval.duck.ndjson" >/dev/null
        if c=$("$PY" bench/exec/compare.py "$OUT/interval.velo.ndjson" "$OUT/interval.duck.ndjson" trade_id,quote_id); then
            echo "interval check at $size: $c"
        else echo "interval check at $size: $c"; status=1; fi
    fi
    # Flat: no more than 1.5x the smallest run's peak.
    awk -v a="$rss" -v b="$first" 'BEGIN { exit !(a <= b * 1.5) }' || { echo "peak RSS grew: $rss MiB vs $first MiB" >&2; status=1; }
done
exit $status
