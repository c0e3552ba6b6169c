#!/usr/bin/env bash
# Kafka throughput: Velo's producer and consumer (VeloKafka, driven by kafka-bench), the tools themselves
# (velo-gen --topic publishing, velo-run consuming a topic through a filter to /dev/null) and kcat, against
# librdkafka's mock cluster on 127.0.0.1. ~100-byte keyed records. Records: KAFKA_BENCH_RECORDS (1,000,000).
# Targets (issue 8): produce >= 500k rec/s, consume >= 300k rec/s.
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
topics=(--topic velo-bench:48 --topic kcat-bench:48)
for run in $(seq 1 "$RUNS"); do topics+=(--topic "gen-bench-$run:48"); done
read -r broker_pid bootstrap < <(scripts/kafka-test-broker.sh "${topics[@]}")
metrics=$(mktemp)
trap 'kill $broker_pid 2>/dev/null || true; rm -f "$metrics"' EXIT
now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%d", n / (b - a) }'; }
field() { sed -E "s/.*\"$1\":([0-9.]+).*/\\1/"; }
best() { tr ' ' '\n' | sort -n | tail -1; }

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
