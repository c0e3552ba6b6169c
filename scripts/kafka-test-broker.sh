#!/usr/bin/env bash
# Starts librdkafka's mock Kafka cluster on 127.0.0.1 in the background and prints `PID ADDRESS`.
# Stop it with `kill PID`. Usage: scripts/kafka-test-broker.sh [--brokers N] [--topic NAME:PARTITIONS ...]
# Example: read -r pid addr < <(scripts/kafka-test-broker.sh --topic orders:4); export VELO_KAFKA=$addr
set -euo pipefail
cd "$(dirname "$0")/.."
bin=""
for dir in .build/release .build/debug; do
  [[ -x "$dir/kafka-mock-broker" ]] && { bin="$dir/kafka-mock-broker"; break; }
done
if [[ -z "$bin" ]]; then
  swift build --product kafka-mock-broker >&2
  bin=.build/debug/kafka-mock-broker
fi
out=$(mktemp)
"$bin" --until-signal "$@" > "$out" &
pid=$!
for _ in $(seq 1 100); do
  [[ -s "$out" ]] && break
  kill -0 "$pid" 2>/dev/null || { echo "kafka-mock-broker failed to start" >&2; exit 1; }
  sleep 0.05
done
echo "$pid $(head -1 "$out")"
rm -f "$out"
