#!/usr/bin/env bash
# Schema inference over 1,000,000 order records (about 105 bytes each): velo-infer beside genson (Python,
# JSON Schema) and DuckDB's schema detection (one thread). Then velo-infer's peak memory on 1M and on
# 10M records streamed through a pipe, which must stay flat (streaming statistics, capped distinct tracking).
# Each speed is the best of REPEAT runs (default 3); "cpu" is records / CPU seconds of the process.
# Figures go to docs/BENCHMARKS.md by hand. BIG=0 skips the 10M-record memory run.
set -euo pipefail
cd "$(dirname "$0")/.."

N=1000000
BIG=${BIG:-10000000}
REPEAT=${REPEAT:-3}
DATA=bench/data/orders-1m.ndjson
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

mkdir -p bench/data
[ -f "$DATA" ] || { echo "generating $DATA" >&2; python3 scripts/gen-orders.py "$N" "$DATA"; }

echo "building velo-infer (release)" >&2
swift build -c release --product velo-infer >/dev/null
BIN=$(swift build -c release --show-bin-path)/velo-infer

record() { local tool=$1; while read -r line; do echo "$tool $line" >>"$RESULTS"; done; }

# MODE records=N seconds=S cpu_seconds=C for a command, plus its peak RSS in KB as rss_kb=.
time_command() {
    local mode=$1; shift
    local stats
    stats=$(mktemp)
    /usr/bin/time -o "$stats" -f '%e %U %S %M' "$@" >/dev/null 2>/dev/null
    read -r real user sys rss <"$stats"
    rm -f "$stats"
    echo "$mode records=$N seconds=$real cpu_seconds=$(awk "BEGIN { print $user + $sys }") rss_kb=$rss"
}

# The answer must be right before its speed matters.
"$BIN" "$DATA" >bench/data/orders-1m.schema.yaml
grep -q 'key_field: id' bench/data/orders-1m.schema.yaml || { echo "velo-infer: unexpected schema" >&2; exit 1; }

[ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv >/dev/null 2>&1 || true
bench/.venv/bin/python -c 'import genson' 2>/dev/null || bench/.venv/bin/pip install -q genson >/dev/null 2>&1 || true
bench/.venv/bin/python -c 'import duckdb' 2>/dev/null || bench/.venv/bin/pip install -q duckdb >/dev/null 2>&1 || true

for _ in $(seq "$REPEAT"); do
    echo "velo-infer" >&2
    time_command infer "$BIN" "$DATA" | record velo-infer
    time_command infer-explain "$BIN" --explain "$DATA" | record velo-infer
    if bench/.venv/bin/python -c 'import genson' 2>/dev/null; then
        echo "genson" >&2
        bench/.venv/bin/python bench/infer_genson.py "$DATA" | record genson
    else
        echo "genson: not installed (pip install genson into bench/.venv failed); skipped" >&2
    fi
    if bench/.venv/bin/python -c 'import duckdb' 2>/dev/null; then
        echo "duckdb" >&2
        bench/.venv/bin/python bench/infer_duckdb.py "$DATA" "$N" | record duckdb-1-thread
    else
        echo "duckdb: not installed (pip install duckdb into bench/.venv failed); skipped" >&2
    fi
done

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "genson: $(bench/.venv/bin/python -c 'import importlib.metadata as m; print(m.version("genson"))' 2>/dev/null || echo none); duckdb: $(bench/.venv/bin/python -c 'import duckdb; print(duckdb.__version__)' 2>/dev/null || echo none)"
echo "data: $DATA, $N records, $(( $(stat -c %s "$DATA") / N )) bytes each on average; best of $REPEAT runs"
echo
python3 - "$RESULTS" "$(stat -c %s "$DATA")" <<'PY'
import sys
size = int(sys.argv[2])
best, order = {}, []
for line in open(sys.argv[1]):
    tool, mode, *fields = line.split()
    f = dict(x.split("=") for x in fields)
    n, wall, cpu = int(f["records"]), float(f["seconds"]), float(f["cpu_seconds"])
    key = (tool, mode)
    if key not in best:
        order.append(key)
        best[key] = (wall, cpu, f.get("rss_kb"))
    else:
        b = best[key]
        best[key] = (min(b[0], wall), min(b[1], cpu), b[2])
print(f"| {'tool':<16} | {'mode':<16} | {'records/s (wall)':>16} | {'records/s (CPU)':>15} | {'MB/s (wall)':>11} | {'peak RSS':>9} |")
print(f"|{'-'*18}|{'-'*18}|{'-'*17}:|{'-'*16}:|{'-'*12}:|{'-'*10}:|")
for key in order:
    wall, cpu, rss = best[key]
    n = 1_000_000
    rss_text = f"{int(rss) // 1024} MB" if rss else "-"
    print(f"| {key[0]:<16} | {key[1]:<16} | {n / wall / 1e6:>14.2f}M | {n / max(cpu, 1e-9) / 1e6:>13.2f}M | {size / wall / 1e6:>11.0f} | {rss_text:>9} |")
PY

if [ "$BIG" != 0 ]; then
    echo
    echo "memory: velo-infer peak RSS, records streamed from the generator through a pipe" >&2
    for n in 1000000 "$BIG"; do
        stats=$(mktemp)
        python3 scripts/gen-orders.py "$n" - | /usr/bin/time -o "$stats" -f '%M' "$BIN" - >/dev/null
        rss=$(cat "$stats"); rm -f "$stats"
        echo "velo-infer peak RSS on $n records: $(( rss / 1024 )) MB"
    done
fi
