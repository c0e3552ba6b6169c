#!/usr/bin/env bash
# velo-ask: offline draft time and the request path's own time (issue 15 targets: an offline draft in under
# 50 ms; the request path adds under 20 ms beyond the model's time). Whole-process wall times of the release
# binaries, best and median of RUNS. The request path is measured against ai-mock-server on 127.0.0.1 answering
# at once, and compared with curl sending the same body (--print-prompt) to the same server: the difference
# is what velo-ask adds (reading the session, the prompt, JSON, validation, the draft). AskBench then times
# the same work in-process, without the process start.
set -euo pipefail
cd "$(dirname "$0")/.."
ASK=${ASK:-.build/release/velo-ask}
MOCK=${MOCK:-.build/release/ai-mock-server}
BENCH=${BENCH:-.build/release/AskBench}
[[ -x "$ASK" && -x "$MOCK" && -x "$BENCH" ]] || { echo "build first: swift build -c release (or --product velo-ask, ai-mock-server, AskBench)" >&2; exit 1; }
DIR=bench/data/ask
mkdir -p "$DIR"
RUNS=${RUNS:-30}

python3 - "$DIR/session.json" <<'PY'
import json, sys
yaml = """name: sensor_readings
key_field: device_id
fields:
  - {name: device_id, type: string}
  - {name: temperature_c, type: float}
  - {name: humidity_pct, type: float}
  - {name: battery_v, type: float}
  - name: status
    type: string
    constraints: {enum_values: {values: [OK, WARN, FAULT]}}
  - {name: firmware, type: string}
  - name: event_time
    type: integer
    constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}
"""
json.dump({"version": 1, "schemas": [{"name": "sensor_readings", "yaml": yaml}],
           "topics": [{"name": "sensor_readings", "count": 20000, "schema": "sensor_readings"}]}, open(sys.argv[1], "w"))
PY

# time_runs LABEL CMD...: best and median wall ms over RUNS runs (stdout discarded).
time_runs() {
  local label=$1; shift
  python3 - "$RUNS" "$label" "$@" <<'PY'
import subprocess, sys, time, statistics
runs, label, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    times.append((time.perf_counter() - t) * 1000)
print(f"{label:<44} best {min(times):7.1f} ms   median {statistics.median(times):7.1f} ms")
PY
}

export ANTHROPIC_API_KEY=""
echo "process start alone ($RUNS runs): velo-ask stopping at a usage error after parsing its arguments"
time_runs "  velo-ask --provider anthropic (no key: exit 2)" "$ASK" --provider anthropic --prompt "x"
echo "offline drafts ($RUNS runs each):"
time_runs "  windowed average per device" "$ASK" --prompt "average temperature per device every 5 minutes" --context "$DIR/session.json"
time_runs "  filter on an enum value" "$ASK" --prompt "FAULT readings with battery below 3.1" --context "$DIR/session.json"
time_runs "  refusal (unknown field)" "$ASK" --prompt "average pressure per device" --context "$DIR/session.json"
time_runs "  --print-prompt (no drafting)" "$ASK" --print-prompt --prompt "x" --context "$DIR/session.json"

cat > "$DIR/script.json" <<'JSON'
[{"reply": "The 5-minute average.\n```sql\n-- @name: avg_temp\nCREATE TABLE avg_temp AS\nSELECT device_id, AVG(temperature_c) AS avg_t\nFROM sensor_readings\nGROUP BY device_id\nWINDOW TUMBLING(event_time, INTERVAL '5' MINUTE)\nEMIT FINAL\nWITH ('event.time.field' = 'event_time');\n```"}]
JSON
"$MOCK" --script "$DIR/script.json" --delay-ms 0 --max-seconds 300 > "$DIR/port.txt" &
MOCK_PID=$!
trap 'kill $MOCK_PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do [[ -s "$DIR/port.txt" ]] && break; sleep 0.1; done
URL="http://127.0.0.1:$(cat "$DIR/port.txt")"
ANTHROPIC_API_KEY=bench-key "$ASK" --print-prompt --prompt "average temperature per device every 5 minutes" --context "$DIR/session.json" > "$DIR/body.json"
echo "request path against ai-mock-server (answers at once; $RUNS runs each):"
time_runs "  curl, same body (the HTTP exchange alone)" curl -s -o /dev/null -X POST "$URL/v1/messages" -H "x-api-key: bench-key" \
  -H "anthropic-version: 2023-06-01" -H "content-type: application/json" --data-binary "@$DIR/body.json"
export ANTHROPIC_API_KEY=bench-key ANTHROPIC_BASE_URL="$URL"
time_runs "  velo-ask (whole draft, validated)" "$ASK" --prompt "average temperature per device every 5 minutes" --context "$DIR/session.json"
time_runs "  velo-ask --stream" "$ASK" --stream --prompt "average temperature per device every 5 minutes" --context "$DIR/session.json"
unset ANTHROPIC_API_KEY ANTHROPIC_BASE_URL
"$BENCH" "$DIR/session.json" "$URL" "${INPROCESS_RUNS:-200}"
