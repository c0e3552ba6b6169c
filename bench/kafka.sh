#!/usr/bin/env bash
# Kafka throughput: Velo's producer and consumer (VeloKafka, driven by kafka-bench), the tools themselves
# (velo-gen --topic publishing, velo-run consuming a topic through a filter to /dev/null) and kcat, against
# librdkafka's mock cluster on 127.0.0.1. ~100-byte keyed records. Records: KAFKA_BENCH_RECORDS (1,000,000).
# Targets (issue 8): produce >= 500k rec/s, consume >= 300k rec/s.
# Then a windowed query (1-second TUMBLING GROUP BY over event time) over the same trades in a 4-partition
# Kafka topic and in a 4-partition topic of the local store: the results must be equal (issue 18's target: at
# the same throughput within noise). Records: KAFKA_WINDOW_RECORDS (150,000: the mock keeps ~5 MB a partition).
# KAFKA_WINDOW_ONLY=1 runs only this comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release
N=${KAFKA_BENCH_RECORDS:-1000000}
command -v kcat >/dev/null || { echo "kcat is missing: make deps" >&2; exit 1; }
for product in kafka-bench kafka-mock-broker velo-gen velo-run; do
  [[ -x $BIN/$product ]] || swift build -c release --product $product >/dev/null
done

mkdir -p bench/data
data=bench/data/kafka-records-9973keys.tsv
if [[ ! -s $data ]] || [[ $(wc -l < "$data") -ne $N ]]; then
  awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) { v = sprintf("{\"order_id\":%d,\"customer\":\"c%d\",\"amount\":%d.25,\"status\":\"paid\"}", 100000 + i % 1024, i % 9973, i % 500); while (length(v) < 100) v = v " "; printf "c%d\t%s\n", i % 9973, v } }' > "$data"
fi

# ~100-byte orders keyed by customer for velo-gen (JSON of 5 fields).
schema=bench/data/kafka-orders.schema.yaml
cat > "$schema" <<'YAML'
name: orders
key_field: customer
fields:
  - {name: order_id, type: integer, constraints: {range: {min: 100000, max: 999999}}}
  - {name: customer, type: string, constraints: {pattern: "c[0-9]{4}"}}
  - {name: amount, type: float, constraints: {range: {min: 0, max: 500}}}
  - {name: status, type: string, constraints: {enum_values: {values: [paid, new, shipped]}}}
  - {name: note, type: string, constraints: {length: {min: 17, max: 17}}}
YAML
query=bench/data/kafka-run.sql
echo "SELECT * FROM orders WHERE amount >= 0;" > "$query"

RUNS=${KAFKA_BENCH_RUNS:-3}
# The mock keeps at most ~5 MB per partition (older batches are dropped, raising the low watermark), so the
# topics get 48 partitions: enough to hold 1M records for the consume runs. velo-gen gets a topic per run.
topics=(--topic velo-bench:48 --topic kcat-bench:48 --topic win-trades:4)
for run in $(seq 1 "$RUNS"); do topics+=(--topic "gen-bench-$run:48"); done
read -r broker_pid bootstrap < <(scripts/kafka-test-broker.sh "${topics[@]}")
metrics=$(mktemp)
store=$(mktemp -d)
trap 'kill $broker_pid 2>/dev/null || true; rm -rf "$metrics" "$store"' EXIT
now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%d", n / (b - a) }'; }
field() { sed -E "s/.*\"$1\":([0-9.]+).*/\\1/"; }
best() { tr ' ' '\n' | sort -n | tail -1; }

if [[ ${KAFKA_WINDOW_ONLY:-0} != 1 ]]; then # KAFKA_WINDOW_ONLY=1: only the windowed comparison below
echo "Kafka bench: $N records of ~100 bytes, 48 partitions, mock broker at $bootstrap, best of $RUNS (the machine is shared)"
vp=""; kp=""; vc=""; kc=""; gp=""; rc=""
for run in $(seq 1 "$RUNS"); do
  vp+="$($BIN/kafka-bench produce -b "$bootstrap" --topic velo-bench --count "$N" | field rate) "
  t0=$(now); kcat -P -b "$bootstrap" -t kcat-bench -K $'\t' < "$data"; t1=$(now)
  kp+="$(rate "$N" "$t0" "$t1") "
  consumed=$($BIN/kafka-bench consume -b "$bootstrap" --topic velo-bench)
  [[ $(echo "$consumed" | field records) -ge $N ]] || { echo "velo consumed too few records: $consumed" >&2; exit 1; }
  vc+="$(echo "$consumed" | field rate) "
  t0=$(now); got=$(kcat -C -b "$bootstrap" -t kcat-bench -e -q -o beginning -f '%s\n' | wc -l); t1=$(now)
  [[ $got -ge $N ]] || { echo "kcat consumed too few records: $got" >&2; exit 1; }
  kc+="$(rate "$got" "$t0" "$t1") "
  # The tools: velo-gen publishes N records, velo-run reads them back through a filter.
  t0=$(now); $BIN/velo-gen "$schema" -n "$N" --seed "$run" --topic "gen-bench-$run" --kafka "$bootstrap" >/dev/null; t1=$(now)
  gp+="$(rate "$N" "$t0" "$t1") "
  t0=$(now); $BIN/velo-run -q "$query" --topic "gen-bench-$run" --kafka "$bootstrap" --metrics "$metrics" > /dev/null; t1=$(now)
  read_in=$(grep -o '"records_in" *: *[0-9]*' "$metrics" | grep -o '[0-9]*$')
  [[ $read_in -ge $N ]] || { echo "velo-run consumed too few records: $read_in" >&2; exit 1; }
  rc+="$(rate "$read_in" "$t0" "$t1") "
done

printf '%-10s %14s %14s\n' "" "velo rec/s" "kcat rec/s"
printf '%-10s %14s %14s   (target >= 500000; runs: %s| %s)\n' produce "$(echo $vp | best)" "$(echo $kp | best)" "$vp" "$kp"
printf '%-10s %14s %14s   (target >= 300000; runs: %s| %s)\n' consume "$(echo $vc | best)" "$(echo $kc | best)" "$vc" "$kc"
printf '%-10s %14s   (velo-gen --topic, target >= 500000; runs: %s)\n' "velo-gen" "$(echo $gp | best)" "$gp"
printf '%-10s %14s   (velo-run --topic, filter to /dev/null, target >= 300000; runs: %s)\n' "velo-run" "$(echo $rc | best)" "$rc"
fi

# Windowed: the same trades (velo-gen, fixed seed and start: byte-identical runs) in Kafka and in the store.
WN=${KAFKA_WINDOW_RECORDS:-150000}
wschema=bench/data/kafka-trades.schema.yaml
cat > "$wschema" <<'YAML'
name: trades
key_field: symbol
fields:
  - {name: trade_id, type: integer, constraints: {range: {min: 1, max: 999999999}}}
  - {name: symbol, type: string, constraints: {pattern: "SYM0[0-9]{3}"}}
  - {name: price, type: float, constraints: {range: {min: 1, max: 1000}}}
  - {name: quantity, type: integer, constraints: {range: {min: 1, max: 1000}}}
  - {name: side, type: string, constraints: {enum_values: {values: [BUY, SELL]}}}
  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}
YAML
wquery=bench/data/kafka-window.sql
cat > "$wquery" <<'SQL'
SELECT symbol, COUNT(*) AS n, SUM(quantity) AS qty, AVG(price) AS avg_price, _window_start AS ws
FROM trades GROUP BY symbol WINDOW TUMBLING(1s) WITH ('event.time.field' = 'ts');
SQL
gen_args=(-n "$WN" --seed 7 --start 2026-12-01T00:00:00Z --rate 10000 --topic win-trades)
$BIN/velo-gen "$wschema" "${gen_args[@]}" --kafka "$bootstrap" >/dev/null
VELO_HOME=$store $BIN/velo-gen "$wschema" "${gen_args[@]}" --partitions 4 >/dev/null
# CPU seconds (user+sys) and wall seconds of one velo-run over the topic; its output in $2.
wrun() {
  local out=$1; shift
  local TIMEFORMAT='%R %U %S'
  { time "$@" -q "$wquery" --topic win-trades --metrics "$metrics" > "$out"; } 2>&1 | tail -1
}
kw=""; sw=""; kcpu=""; scpu=""
for run in $(seq 1 "$RUNS"); do
  read -r wall user sys < <(wrun "$store/kafka.out" $BIN/velo-run --kafka "$bootstrap")
  kw+="$(awk -v n="$WN" -v w="$wall" 'BEGIN { printf "%d", n / w }') "; kcpu+="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') "
  read -r wall user sys < <(VELO_HOME=$store wrun "$store/store.out" $BIN/velo-run)
  sw+="$(awk -v n="$WN" -v w="$wall" 'BEGIN { printf "%d", n / w }') "; scpu+="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') "
done
sort "$store/kafka.out" > "$store/kafka.sorted"; sort "$store/store.out" > "$store/store.sorted"
rows=$(wc -l < "$store/store.sorted")
if cmp -s "$store/kafka.sorted" "$store/store.sorted"; then same="same $rows rows"; else same="DIFFERENT results (kafka $(wc -l < "$store/kafka.sorted") rows, store $rows)"; fi
least() { tr ' ' '\n' | grep . | sort -g | head -1; }
printf '%-10s %14s %14s   (%s records, 4 partitions, 1 s TUMBLING GROUP BY; %s)\n' "" "kafka" "store" "$WN" "$same"
printf '%-10s %14s %14s   (wall rec/s, best; runs: %s| %s)\n' window "$(echo $kw | best)" "$(echo $sw | best)" "$kw" "$sw"
printf '%-10s %14s %14s   (CPU s, least; runs: %s| %s)\n' "" "$(echo $kcpu | least)" "$(echo $scpu | least)" "$kcpu" "$scpu"
[[ $same == same* ]] || exit 1
