#!/usr/bin/env bash
# NDJSON parse and write of 1,000,000 order records: Velo's codec beside jq, Python's json module and
# DuckDB's read_ndjson (one thread). Prints the machine and a table of records per second; the figures
# go to docs/BENCHMARKS.md by hand. Each measurement is the best of REPEAT runs (default 2; about two
# minutes on an idle machine).
#
# "wall" is records / elapsed time; "cpu" is records / CPU time of the process, which is the one-core
# figure even when other work shares the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
REPEAT=${REPEAT:-2}
DATA=bench/data/orders-1m.ndjson
[ "$N" = 1000000 ] || DATA=bench/data/orders-$N.ndjson
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

mkdir -p bench/data
if [ ! -f "$DATA" ]; then
    echo "generating $DATA ($N records)" >&2
    python3 scripts/gen-orders.py "$N" "$DATA"
fi

echo "building ndjson-bench (release)" >&2
swift build -c release --product ndjson-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)/ndjson-bench

# Each result line: TOOL MODE records=N seconds=S cpu_seconds=C
record() { local tool=$1; shift; while read -r line; do echo "$tool $line" >>"$RESULTS"; done; }

# The round trip must give the input back byte for byte (numbers, escapes, key order).
if "$BIN" roundtrip "$DATA" | cmp -s - "$DATA"; then
    echo "velo round trip: output identical to input" >&2
else
    echo "velo round trip: OUTPUT DIFFERS FROM INPUT" >&2
    exit 1
fi

# Times a shell command: prints `MODE records=N seconds=S cpu_seconds=C`.
time_command() {
    local mode=$1; shift
    local t
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 )
    read -r real user sys <<<"$t"
    echo "$mode records=$N seconds=$real cpu_seconds=$(awk "BEGIN { print $user + $sys }")"
}

for _ in $(seq "$REPEAT"); do
    echo "velo" >&2
    for mode in parse write extract; do "$BIN" "$mode" "$DATA" amount,status | record velo; done
    time_command roundtrip "$BIN" roundtrip "$DATA" | record velo

    if command -v jq >/dev/null; then
        echo "jq" >&2
        time_command parse jq empty "$DATA" | record jq
        time_command roundtrip jq -c . "$DATA" | record jq
    fi

    echo "python json" >&2
    python3 bench/ndjson_python.py "$DATA" | record python-json

    if [ ! -x bench/.venv/bin/python ]; then
        python3 -m venv bench/.venv >/dev/null 2>&1 || true
    fi
    if bench/.venv/bin/python -c 'import duckdb' 2>/dev/null \
        || bench/.venv/bin/pip install -q duckdb >/dev/null 2>&1; then
        echo "duckdb" >&2
        bench/.venv/bin/python bench/ndjson_duckdb.py "$DATA" bench/data/duckdb-out.ndjson \
            | grep -v '^version' | record duckdb-1-thread
    else
        echo "duckdb: not installed (pip install duckdb into bench/.venv failed); skipped" >&2
    fi
done

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "swift: $(swift --version 2>/dev/null | head -1)"
echo "jq: $(jq --version 2>/dev/null || echo none); python: $(python3 --version 2>&1 | cut -d' ' -f2); duckdb: $(bench/.venv/bin/python -c 'import duckdb; print(duckdb.__version__)' 2>/dev/null || echo none)"
echo "data: $DATA, $N records, $(( $(stat -c %s "$DATA") / N )) bytes each on average; best of $REPEAT runs"
echo
python3 - "$RESULTS" <<'PY'
import sys
best = {}
order = []
for line in open(sys.argv[1]):
    tool, mode, *fields = line.split()
    f = dict(x.split("=") for x in fields)
    n, wall, cpu = int(f["records"]), float(f["seconds"]), float(f["cpu_seconds"])
    key = (tool, mode)
    if key not in best:
        order.append(key)
        best[key] = (n / wall, n / cpu if cpu > 0 else 0)
    else:
        best[key] = (max(best[key][0], n / wall), max(best[key][1], n / cpu if cpu > 0 else 0))
labels = {"parse": "parse", "write": "write", "extract": "extract 2 fields", "roundtrip": "parse+write"}
print(f"| {'tool':<16} | {'operation':<16} | {'records/s (wall)':>17} | {'records/s (CPU)':>16} |")
print(f"|{'-' * 18}|{'-' * 18}|{'-' * 18}:|{'-' * 17}:|")
for tool, mode in order:
    wall, cpu = best[(tool, mode)]
    print(f"| {tool:<16} | {labels.get(mode, mode):<16} | {wall / 1e6:>15.2f}M | {cpu / 1e6:>14.2f}M |")
PY
