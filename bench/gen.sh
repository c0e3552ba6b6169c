#!/usr/bin/env bash
# velo-gen: records per second to /dev/null for the 7-field orders shape (bench/gen/orders.schema.yaml: pattern
# id, weighted enum, normal float, integer range, epoch-ms event time, nullable string, reference into
# customers), beside Python Faker and Mimesis generating the same shape (bench/gen_python.py).
# Prints the machine and a table; figures go to docs/BENCHMARKS.md by hand. Best of REPEAT runs (default 3).
#
# "wall" is records / elapsed time; "cpu" is records / CPU time of the process: the one-core figure even
# when other work shares the machine. Target: ≥ 1.5M records/s on one core.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-3000000}
PY_N=${PY_N:-100000}
REPEAT=${REPEAT:-3}
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

echo "building velo-gen (release)" >&2
swift build -c release --product velo-gen >/dev/null
BIN=$(swift build -c release --show-bin-path)/velo-gen
SCHEMA=bench/gen/orders.schema.yaml

# Sanity: the output has the records asked for, and the same seed gives the same bytes.
lines=$("$BIN" "$SCHEMA" -n 1000 --seed 1 --now 2026-01-15T09:30:00Z | wc -l)
[ "$lines" = 1000 ] || { echo "velo-gen wrote $lines lines, not 1000" >&2; exit 1; }
a=$("$BIN" "$SCHEMA" -n 1000 --seed 1 --now 2026-01-15T09:30:00Z | cksum)
b=$("$BIN" "$SCHEMA" -n 1000 --seed 1 --now 2026-01-15T09:30:00Z | cksum)
[ "$a" = "$b" ] || { echo "velo-gen output is not deterministic" >&2; exit 1; }

# Times a command: appends `TOOL records=N seconds=S cpu_seconds=C`.
time_command() {
    local tool=$1 n=$2; shift 2
    local t
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 )
    read -r real user sys <<<"$t"
    echo "$tool records=$n seconds=$real cpu_seconds=$(awk "BEGIN { print $user + $sys }")" >>"$RESULTS"
}

VENV=bench/.venv
# The venv is shared with the other bench scripts, so install what this one needs even when it exists.
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" || echo "venv failed; Python peers skipped" >&2
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c "import faker, mimesis" 2>/dev/null; then
    echo "installing faker and mimesis into $VENV (pip)" >&2
    "$VENV/bin/pip" install -q faker mimesis || echo "pip failed; Python peers skipped" >&2
fi

for _ in $(seq "$REPEAT"); do
    echo "velo-gen ($N records)" >&2
    time_command velo-gen "$N" "$BIN" "$SCHEMA" -n "$N" --seed 1
    echo "velo-gen csv ($N records)" >&2
    time_command velo-gen-csv "$N" "$BIN" "$SCHEMA" -n "$N" --seed 1 --format csv
    if [ -x "$VENV/bin/python" ]; then
        for lib in faker mimesis; do
            if "$VENV/bin/python" -c "import $lib" 2>/dev/null; then
                echo "python $lib ($PY_N records)" >&2
                time_command "python-$lib" "$PY_N" "$VENV/bin/python" bench/gen_python.py "$lib" "$PY_N" /dev/null
            fi
        done
    fi
done

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "velo-gen: $SCHEMA to /dev/null, best of $REPEAT"
printf '%-16s %12s %14s %14s\n' tool records "wall rec/s" "cpu rec/s"
awk '
{
    tool = $1; split($2, a, "="); n = a[2]; split($3, b, "="); s = b[2]; split($4, c, "="); cpu = c[2]
    wall = s > 0 ? n / s : 0; one = cpu > 0 ? n / cpu : 0
    if (wall > bestWall[tool]) bestWall[tool] = wall
    if (one > bestCpu[tool]) bestCpu[tool] = one
    records[tool] = n
    if (!(tool in seen)) { seen[tool] = 1; order[++count] = tool }
}
END {
    for (i = 1; i <= count; i++) {
        t = order[i]
        printf "%-16s %12d %14.0f %14.0f\n", t, records[t], bestWall[t], bestCpu[t]
    }
}' "$RESULTS"
