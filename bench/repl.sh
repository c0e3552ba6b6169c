#!/usr/bin/env bash
# velo-repl's responsiveness in a pseudo-terminal (bench/repl_pty.py): the first prompt after start (target
# under 200 ms) and local commands — topics (in-process, 20 topics), show jobs (a loaded file of 10 jobs),
# status — from Enter to the next prompt (target under 100 ms). Medians of RUNS sessions (default 20).
# Figures go to docs/BENCHMARKS.md by hand. The script fails when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}

echo "building velo-repl, velo-gen, velo-save (release)" >&2
for product in velo-repl velo-gen velo-save velo-run; do swift build -c release --product "$product" >/dev/null; done
BIN=$(swift build -c release --show-bin-path)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VELO_HOME="$work/.velo"
"$BIN/velo-gen" --example iot >"$work/s.schema.yaml"
for i in $(seq 1 20); do "$BIN/velo-gen" "$work/s.schema.yaml" -n 1000 --seed "$i" --topic "topic_$i" >/dev/null; done
for i in $(seq 1 10); do
  printf -- "-- @name: job_%s\nCREATE STREAM job_%s AS SELECT device_id FROM topic_%s WHERE temperature_c > %s;\n\n" "$i" "$i" "$i" "$i"
done >"$work/app.sql"

results=$(python3 bench/repl_pty.py "$BIN/velo-repl" "$work" "$RUNS")
echo "$results"
status=0
check() {
  local name=$1 limit=$2 median
  median=$(echo "$results" | awk -v n="$name" '$1 == n { split($2, a, "="); print a[2] }')
  if awk -v m="$median" -v l="$limit" 'BEGIN { exit !(m < l) }'; then
    echo "$name: ${median} ms (target < $limit ms) ok"
  else
    echo "$name: ${median} ms (target < $limit ms) MISSED" >&2
    status=1
  fi
}
check prompt 200
check topics 100
check show_jobs 100
exit $status
