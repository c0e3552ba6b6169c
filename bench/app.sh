#!/usr/bin/env bash
# velo-run on a multi-job application (issue 7): examples/trade-alerts — an enrichment LEFT JOIN with a CSV
# table, a one-minute TUMBLING aggregate over its output, an alert filter over that — on N generated trades,
# bounded, the intermediate outputs going through the local store. Prints per-job records/s from --metrics,
# the whole run's wall and CPU time beside the first job alone (what the store hops and later jobs cost), and
# the time of `velo-run --spec` on the app's test spec. Figures go to docs/BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
REPEAT=${REPEAT:-3}
APP=examples/trade-alerts
OUT=bench/data/app
mkdir -p "$OUT"

echo "building velo-run and velo-gen (release)" >&2
swift build -c release --product velo-run >/dev/null
swift build -c release --product velo-gen >/dev/null
BIN=$(swift build -c release --show-bin-path)
TRADES=$OUT/trades-$N.ndjson
[ -f "$TRADES" ] || "$BIN/velo-gen" "$APP/schemas/trades.schema.yaml" -n "$N" --seed 1 > "$TRADES"
uptime

best() { sort -n | head -1; }
cpu() { awk '{ printf "%.2f", $1 + $2 }'; }

echo "== whole app: 3 jobs, $N trades"
runs=""
for _ in $(seq "$REPEAT"); do
    rm -rf "$OUT/store"
    t=$( { /usr/bin/time -f '%e %U %S %M' "$BIN/velo-run" -q "$APP/trade_alerts.sql" --input "trades=$TRADES" \
            --store "$OUT/store" --metrics "$OUT/metrics.json" >/dev/null; } 2>&1 | tail -1)
    runs+="$(echo "$t" | awk '{ printf "%.2f %.2f %d\n", $2 + $3, $1, $4 / 1024 }')"$'\n'
done
echo "$runs" | sed '/^$/d' | sort -n | head -1 | awk '{ printf "  best CPU %ss, wall %ss, peak RSS %s MiB\n", $1, $2, $3 }'
python3 - "$OUT/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for j in m["jobs"]:
    print(f'  job {j["job"]:<14} {j["records_in"]:>9} in → {j["records_out"]:>9} out  {j["duration_ms"]:8.0f} ms  {j["throughput_records_per_sec"]:>10.0f} rec/s')
print(f'  totals: {m["totals"]["records_in"]} in, {m["totals"]["records_out"]} out, {m["duration_ms"]:.0f} ms')
PY

echo "== the enrichment job alone (--job enrich_trades: stdout to /dev/null, output kept in the store)"
runs=""
for _ in $(seq "$REPEAT"); do
    runs+="$( { /usr/bin/time -f '%U %S' "$BIN/velo-run" -q "$APP/trade_alerts.sql" --job enrich_trades \
                --input "trades=$TRADES" --store "$OUT/store-alone" >/dev/null; } 2>&1 | tail -1 | cpu)"$'\n'
done
echo "  best CPU $(echo "$runs" | sed '/^$/d' | best)s"

echo "== velo-run --spec (2,000 generated trades, 33 assertions)"
runs=""
for _ in $(seq "$REPEAT"); do
    runs+="$( { /usr/bin/time -f '%e' "$BIN/velo-run" --spec "$APP/trade_alerts.sql" -q >/dev/null; } 2>&1 | tail -1)"$'\n'
done
echo "  best wall $(echo "$runs" | sed '/^$/d' | best)s"
