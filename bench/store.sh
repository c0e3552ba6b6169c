#!/usr/bin/env bash
# Local topic store throughput: append and read 1M messages of ~105 bytes (release build of store-stress),
# list topics with counts, and two writer processes appending to one topic at once. Run by `make bench`.
# Prints wall time and CPU time (user+sys): on a busy machine the CPU figure is the steadier one.
set -euo pipefail
cd "$(dirname "$0")/.."
tool=.build/release/store-stress
[ -x "$tool" ] || swift build -c release --product store-stress >/dev/null
count=${VELO_BENCH_MESSAGES:-1000000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/velo-store-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# measure LABEL MESSAGES COMMAND...: runs the command once and prints wall and CPU rates.
measure() {
  local label=$1 n=$2; shift 2
  local TIMEFORMAT='%R %U %S' t
  t=$( { time "$@" >/dev/null; } 2>&1 )
  read -r wall user sys <<<"$t"
  awk -v l="$label" -v n="$n" -v w="$wall" -v c="$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" \
    'BEGIN { printf "%-48s wall %.2f s (%.2fM msg/s), cpu %.2f s (%.2fM msg/s)\n", l, w, n / w / 1e6, c, n / c / 1e6 }'
}

for partitions in 1 4; do
  measure "append $count, $partitions partition(s), batches of 10000" "$count" \
    "$tool" write --dir "$dir" --topic "p$partitions" --partitions "$partitions" --count "$count" --batch 10000 --pad 70
  measure "read $count, $partitions partition(s)" "$count" "$tool" read --dir "$dir" --topic "p$partitions"
done
echo "bytes per line: $(( $(cat "$dir/topics/p1/p0.log" | wc -c) / count ))"

TIMEFORMAT='%R'
t=$( { time "$tool" topics --dir "$dir" >/dev/null; } 2>&1 )
echo "list topics with counts ($((2 * count)) messages in 5 partitions): ${t} s (process start included)"

half=$((count / 2))
two() {
  "$tool" write --dir "$dir" --topic two --count "$half" --writer 1 --batch 1000 --pad 70 >/dev/null &
  "$tool" write --dir "$dir" --topic two --count "$half" --writer 2 --batch 1000 --pad 70 >/dev/null &
  wait
}
measure "two writer processes at once, batches of 1000" "$count" two
lines=$(cat "$dir/topics/two"/p*.log | wc -l)
[ "$lines" -eq "$count" ] || { echo "lost messages: $lines of $count" >&2; exit 1; }
