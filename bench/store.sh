#!/usr/bin/env bash
# Local topic store throughput: append and read 1M messages of ~105 bytes (release build of store-stress),
# then two writer processes appending to one topic at once. Run by `make bench` (after `swift build -c release`).
set -euo pipefail
cd "$(dirname "$0")/.."
tool=.build/release/store-stress
[ -x "$tool" ] || swift build -c release --product store-stress >/dev/null
count=${VELO_BENCH_MESSAGES:-1000000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/velo-store-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" -v e="$3" 'BEGIN { t = e - s; printf "%.2f s, %.2fM msg/s", t, n / t / 1e6 }'; }

for partitions in 1 4; do
  start=$(now); "$tool" write --dir "$dir" --topic "p$partitions" --partitions "$partitions" --count "$count" --batch 10000 --pad 70 >/dev/null; end=$(now)
  size=$(cat "$dir/topics/p$partitions"/p*.log | wc -c)
  echo "append $count messages, $partitions partition(s): $(rate "$count" "$start" "$end") ($((size / count)) bytes/line)"
  start=$(now); "$tool" read --dir "$dir" --topic "p$partitions" >/dev/null; end=$(now)
  echo "read   $count messages, $partitions partition(s): $(rate "$count" "$start" "$end")"
done

half=$((count / 2))
start=$(now)
"$tool" write --dir "$dir" --topic two --count "$half" --writer 1 --batch 1000 --pad 70 >/dev/null &
"$tool" write --dir "$dir" --topic two --count "$half" --writer 2 --batch 1000 --pad 70 >/dev/null &
wait
end=$(now)
lines=$(cat "$dir/topics/two"/p*.log | wc -l)
echo "two writers at once, $half messages each (batches of 1000): $(rate "$count" "$start" "$end"), $lines lines"
[ "$lines" -eq "$count" ] || { echo "lost messages: $lines of $count" >&2; exit 1; }
