#!/usr/bin/env bash
# velo-repl on the local store with the offline drafter, in a scratch directory (its own .velo/) holding the
# sensor schema demo.velo loads: interactive on a terminal, else it plays demo.velo (`make run` calls this).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$root/.build/release:$PATH"
work="$(mktemp -d "${TMPDIR:-/tmp}/velo-repl-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"
export VELO_HOME="$work/.velo"
mkdir schemas
velo-gen --example iot > schemas/sensor_readings.schema.yaml
if [[ -t 0 && -t 1 ]]; then
  echo "A scratch session in $work (removed on exit), with the sensor schema loaded. Try:"
  echo "  generate 20000 sensor_readings · average temperature per device every 5 minutes · r · save"
  velo-repl --provider offline --schemas schemas
else
  velo-repl --provider offline < "$root/demo.velo"
fi
